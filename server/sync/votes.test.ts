// Skip votes across two real nodes: a vote is kept in the room document, so it counts once per listener
// room-wide whichever node it reached, and still counts after that node is killed.
import { beforeAll, describe, expect, it } from 'vitest';
import { addTracks, readHistory, readPlayback, readVotes } from '../../shared/room-doc.ts';
import { eventually } from '../../test/helpers.ts';
import { asServer, twoNodes, type Node } from '../../test/nodes.ts';
import type { Db } from '../db/client.ts';
import { connect, makeRoom, makeUser, type Client } from '../rooms/test-kit.ts';

const nodes = twoNodes();
const clients = nodes.clients;
let a: Node;
let b: Node;
let db: Db;
beforeAll(() => { ({ a, b, db } = nodes); });

const vote = (c: Client, entryId: string) => c.provider.sendStateless(JSON.stringify({ type: 'vote-skip', entryId }));
let pings = 0;
/** Resolves once the node answered a ping sent after everything this client sent before. */
async function drained(c: Client) {
  const id = ++pings;
  c.provider.sendStateless(JSON.stringify({ type: 'ping', id, clientMs: Date.now() }));
  await eventually(() => expect(c.stateless.some((m) => m.type === 'pong' && m.id === id)).toBe(true));
}

describe('skip votes on two nodes', () => {
  it('four voters spread over both nodes, threshold 3: one skip; a vote on a node that is then killed still counts', async () => {
    const api = asServer(a, db);
    const host = await makeUser(api);
    const room = await makeRoom(api, host.token);
    expect((await api.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings: { skipVotes: 3 } }, headers: host.auth })).status).toBe(200);
    const voters = await Promise.all(Array.from({ length: 4 }, () => makeUser(api)));
    const [v1, v2, v3, v4] = voters.map((u, i) => connect(i < 2 ? a : b, room.code, u.token));
    const hostOnA = connect(a, room.code, host.token);
    const all = [v1, v2, v3, v4, hostOnA];
    clients.push(...all);
    await Promise.all(all.map((c) => c.synced));
    const lib = (await api.api('/api/trending')).body.tracks;
    const entries = addTracks(hostOnA.doc, [0, 1, 2, 3].map((i) => ({ ...lib[i % lib.length], durationS: 300 })), { id: host.user.id, name: 'host' });
    hostOnA.provider.sendStateless(JSON.stringify({ type: 'playback', command: { action: 'play' } }));
    await eventually(() => { for (const c of all) expect(readPlayback(c.doc).entryId).toBe(entries[0].id); }, 10_000);

    // One vote on each node: both nodes count 2 and tell their own clients.
    vote(v1, entries[0].id);
    vote(v3, entries[0].id);
    await eventually(() => {
      for (const c of [v1, v2, v3, v4]) expect(c.stateless.some((m) => m.type === 'skip-votes' && m.entryId === entries[0].id && m.votes === 2 && m.needed === 3)).toBe(true);
    }, 10_000);
    expect(readPlayback(hostOnA.doc).entryId).toBe(entries[0].id);
    // The third and fourth votes at once, one per node: both nodes reach the threshold, one skip happens.
    vote(v2, entries[0].id);
    vote(v4, entries[0].id);
    await Promise.all([v1, v2, v3, v4].map(drained));
    await eventually(() => {
      for (const c of all) {
        expect(readPlayback(c.doc).entryId).toBe(entries[1].id);
        expect(readHistory(c.doc).map((e) => e.id)).toEqual([entries[0].id]);
        expect(readVotes(c.doc, entries[0].id)).toBe(0);
      }
    }, 10_000);

    // A vote reaches A, then A dies: the vote is in B's copy of the document and still counts.
    vote(v1, entries[1].id);
    await eventually(() => expect(readVotes(v3.doc, entries[1].id)).toBe(1), 10_000);
    await a.kill('SIGKILL');
    vote(v3, entries[1].id);
    await eventually(() => expect(v4.stateless.some((m) => m.type === 'skip-votes' && m.entryId === entries[1].id && m.votes === 2)).toBe(true), 10_000);
    expect(readPlayback(v4.doc).entryId).toBe(entries[1].id);
    vote(v4, entries[1].id);
    await eventually(() => {
      for (const c of [v3, v4]) {
        expect(readPlayback(c.doc).entryId).toBe(entries[2].id);
        expect(readHistory(c.doc).map((e) => e.id)).toEqual([entries[0].id, entries[1].id]);
      }
    }, 10_000);
  }, 90_000);
});
