// SIGTERM with rooms loaded and clients still editing: every document is stored before the process exits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTrack, readQueue } from '../shared/room-doc.ts';
import { createTestDatabase, eventually, redisUrl } from '../test/helpers.ts';
import { asServer, keyPrefix, startNode, type Node } from '../test/nodes.ts';
import { createDb, type Db } from './db/client.ts';
import { connect, makeRoom, makeUser, track, type Client } from './rooms/test-kit.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let node: Node;
const clients: Client[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 2);
  node = await startNode({ DATABASE_URL: database.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: keyPrefix() });
}, 90_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await node?.kill();
  await db?.$disconnect();
  await database?.drop();
});

describe('shutdown', () => {
  it('SIGTERM stores every loaded room, including the edit made just before it', async () => {
    const server = asServer(node, db);
    const host = await makeUser(server);
    const rooms = await Promise.all([1, 2, 3].map((i) => makeRoom(server, host.token, `Room ${i}`)));
    const by = { id: host.user.id, name: 'host' };
    const pairs = rooms.map((room) => {
      const [w, r] = [connect(node, room.code, host.token), connect(node, room.code, host.token)];
      clients.push(w, r);
      return { room, w, r };
    });
    await Promise.all(pairs.flatMap((p) => [p.w.synced, p.r.synced]));
    for (const p of pairs) for (let i = 0; i < 5; i++) addTrack(p.w.doc, track(`${p.room.code}-${i}`), by);
    // The server has every edit (the other client got it through the server); the 2 s store debounce has not run.
    await eventually(() => { for (const p of pairs) expect(readQueue(p.r.doc)).toHaveLength(5); });
    node.child.kill('SIGTERM');
    expect(await node.exited, node.output().slice(-3000)).toBe(0);
    for (const p of pairs) {
      const row = await db.room.findUniqueOrThrow({ where: { id: p.room.id } });
      const stored = new Y.Doc();
      Y.applyUpdate(stored, row.ydocState!);
      expect(readQueue(stored).map((e) => e.id)).toEqual(readQueue(p.w.doc).map((e) => e.id));
      const queue = await db.roomQueue.findMany({ where: { roomId: p.room.id }, orderBy: { order: 'asc' } });
      expect(queue.map((q) => q.id)).toEqual(readQueue(p.w.doc).map((e) => e.id));
    }
  }, 60_000);
});
