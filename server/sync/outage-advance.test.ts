// A track that ends while Redis is down, with the room loaded on two nodes: the nodes cannot see each
// other, yet only one advances (the claim is a conditional update in PostgreSQL). When Redis is back every
// client, both nodes, RoomQueue and the stored document hold the ended entry in History exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTracks, readHistory, readPlayback } from '../../shared/room-doc.ts';
import { eventually } from '../../test/helpers.ts';
import { asServer, twoNodes, type Node } from '../../test/nodes.ts';
import type { Db } from '../db/client.ts';
import { connect, makeRoom, makeUser } from '../rooms/test-kit.ts';

const nodes = twoNodes({ ownRedis: true });
const clients = nodes.clients;
let a: Node;
let b: Node;
let db: Db;
beforeAll(() => { ({ a, b, db } = nodes); });

const historyIds = (doc: Y.Doc) => readHistory(doc).map((e) => e.id);

describe('track end during a Redis outage', () => {
  it('advances exactly once across two nodes; history, RoomQueue and the stored document hold the entry once', async () => {
    const host = await makeUser(asServer(a, db));
    const room = await makeRoom(asServer(a, db), host.token);
    const onA = [connect(a, room.code, host.token), connect(a, room.code, host.token)];
    const onB = [connect(b, room.code, host.token), connect(b, room.code, host.token)];
    const all = [...onA, ...onB];
    clients.push(...all);
    await Promise.all(all.map((c) => c.synced));
    // Real tracks of the demo library (made-up ids would be flagged unplayable and skipped).
    const lib = (await asServer(a, db).api('/api/trending')).body.tracks;
    const [first, second] = addTracks(onA[0].doc, [{ ...lib[0], durationS: 3 }, { ...lib[1], durationS: 300 }], { id: host.user.id, name: 'host' });
    onA[0].provider.sendStateless(JSON.stringify({ type: 'playback', command: { action: 'play' } }));
    await eventually(() => { for (const c of all) expect(readPlayback(c.doc)).toMatchObject({ entryId: first.id, status: 'playing' }); }, 10_000);

    await nodes.stopRedis();
    // Both nodes see the track end; one wins the claim and advances, the other says it lost and waits.
    await eventually(() => expect(a.output() + b.output()).toMatch(/advance claimed by another node/), 15_000, 100);
    const advancedOnA = readPlayback(onA[0].doc).entryId === second.id;
    const winner = advancedOnA ? onA : onB;
    const loser = advancedOnA ? onB : onA;
    await eventually(() => { for (const c of winner) expect(historyIds(c.doc)).toEqual([first.id]); });
    for (const c of loser) expect(readPlayback(c.doc).entryId).toBe(first.id);

    await nodes.startRedis();
    await eventually(() => {
      for (const c of all) {
        expect(historyIds(c.doc)).toEqual([first.id]);
        expect(readPlayback(c.doc).entryId).toBe(second.id);
      }
    }, 20_000, 100);
    // Each node's document is what its clients hold; the stored state and RoomQueue follow.
    await eventually(async () => {
      const row = await db.room.findUniqueOrThrow({ where: { code: room.code }, select: { id: true, ydocState: true } });
      const stored = new Y.Doc();
      Y.applyUpdate(stored, row.ydocState!);
      expect(historyIds(stored)).toEqual([first.id]);
      const rows = await db.roomQueue.findMany({ where: { roomId: row.id }, orderBy: { order: 'asc' } });
      expect(rows.filter((r) => r.isPlayed).map((r) => r.id)).toEqual([first.id]);
      expect(rows.filter((r) => !r.isPlayed).map((r) => r.id)).toEqual([second.id]);
    }, 20_000, 200);
  }, 90_000);
});
