// Redis restarted under two live nodes: each node keeps its rooms going and discovery answers uncached
// meanwhile; once Redis is back the nodes reconnect and edits made on either side during the outage meet
// within a second.
import { beforeAll, describe, expect, it } from 'vitest';
import { addTrack, readQueue } from '../../shared/room-doc.ts';
import { eventually } from '../../test/helpers.ts';
import { asServer, twoNodes, type Node } from '../../test/nodes.ts';
import type { Db } from '../db/client.ts';
import { connect, makeRoom, makeUser, track, type Client } from '../rooms/test-kit.ts';

const OUTAGE_MS = 5000;
const nodes = twoNodes({ ownRedis: true });
const clients = nodes.clients;
let a: Node;
let b: Node;
let db: Db;
beforeAll(() => { ({ a, b, db } = nodes); });

const ids = (c: Client) => readQueue(c.doc).map((e) => e.id);

describe('Redis restart', () => {
  it('rooms keep syncing on each node, discovery is served uncached, and nodes catch up when Redis is back', async () => {
    const host = await makeUser(asServer(a, db));
    const room = await makeRoom(asServer(a, db), host.token);
    const by = { id: host.user.id, name: 'host' };
    const a1 = connect(a, room.code, host.token);
    const a2 = connect(a, room.code, host.token);
    const b1 = connect(b, room.code, host.token);
    clients.push(a1, a2, b1);
    await Promise.all([a1.synced, a2.synced, b1.synced]);
    addTrack(a1.doc, track('r0'), by);
    await eventually(() => expect(ids(b1)).toEqual(ids(a1)));
    const trending = () => asServer(a, db).api('/api/trending');
    await trending();
    expect((await trending()).headers.get('x-jamroom-cache')).toBe('hit');

    await nodes.stopRedis();
    // Once the node has noticed (its health says so): answers read in the second before may still come from
    // its 1 s hot copy (server/catalog/stale-cache.ts), which is not what this outage check is about.
    await eventually(async () => expect((await asServer(a, db).api('/api/health')).body.status).toBe('degraded'));
    const during = await trending();
    expect(during.status).toBe(200);
    expect(during.headers.get('x-jamroom-cache')).toBe('miss');
    expect(during.body.tracks.length).toBeGreaterThan(0);
    // Within node A the room still syncs; B's edit stays on B for now.
    const fromA = addTrack(a1.doc, track('r1'), by);
    const fromB = addTrack(b1.doc, track('r2'), by);
    await eventually(() => expect(ids(a2)).toContain(fromA.id));
    // The outage's length is the scenario, not a wait for something: long enough that a reconnect backoff
    // would have grown to seconds.
    await new Promise((r) => setTimeout(r, OUTAGE_MS));

    await nodes.startRedis();
    const backAtMs = Date.now();
    await eventually(() => {
      for (const c of [a1, a2, b1]) expect(new Set(ids(c))).toEqual(new Set([...ids(a1), fromA.id, fromB.id]));
    }, 20_000, 10);
    const catchUpMs = Date.now() - backAtMs;
    console.log(`Redis back: edits made during the outage crossed nodes in ${catchUpMs} ms`);
    expect(catchUpMs).toBeLessThanOrEqual(1000);
    const after = addTrack(b1.doc, track('r3'), by);
    await eventually(() => expect(ids(a2)).toContain(after.id));
    expect(ids(a2)).toHaveLength(4);
    // And discovery is cached again.
    await eventually(async () => { await trending(); expect((await trending()).headers.get('x-jamroom-cache')).toBe('hit'); }, 10_000, 200);
  }, 90_000);
});
