// Skip votes across two real nodes: a vote is kept in the room document, so it counts once per voter
// room-wide whichever node it reached, and still counts after that node is killed. A voter is an account,
// or for guests a network: guests joined from one address (sock puppets) are one vote together.
import { beforeAll, describe, expect, it } from 'vitest';
import { addTracks, readHistory, readPlayback, readVotes, votesMap } from '../../shared/room-doc.ts';
import { eventually } from '../../test/helpers.ts';
import { asServer, twoNodes, type Node } from '../../test/nodes.ts';
import type { Db } from '../db/client.ts';
import { connect, makeGuest, makeRoom, makeUser, type Client } from '../rooms/test-kit.ts';

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
  it('guests count once per network on either node; a guest from another network, or a member, adds a vote', async () => {
    const api = asServer(a, db);
    const host = await makeUser(api);
    const member = await makeUser(api);
    const room = await makeRoom(api, host.token);
    // Playback is the host's alone: a skip can only come from the votes.
    const settings = { skipVotes: 2, whoCanControl: 'host' };
    expect((await api.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings }, headers: host.auth })).status).toBe(200);
    const guests = await Promise.all(['g1', 'g2', 'g3', 'g4'].map((name) => makeGuest(api, room.id, name)));
    // Three guests from 127.0.0.1, on both nodes; the fourth from 127.0.0.2 (another address on loopback).
    const [g1, g2, g3] = guests.slice(0, 3).map((g, i) => connect(i === 1 ? b : a, room.code, g.token));
    const g4 = connect(b, room.code, guests[3].token, undefined, '127.0.0.2');
    const hostOnA = connect(a, room.code, host.token);
    const memberOnB = connect(b, room.code, member.token);
    const all = [g1, g2, g3, g4, hostOnA, memberOnB];
    clients.push(...all);
    await Promise.all(all.map((c) => c.synced));
    const lib = (await api.api('/api/trending')).body.tracks;
    const entries = addTracks(hostOnA.doc, [0, 1, 2].map((i) => ({ ...lib[i % lib.length], durationS: 300 })), { id: host.user.id, name: 'host' });
    hostOnA.provider.sendStateless(JSON.stringify({ type: 'playback', command: { action: 'play' } }));
    await eventually(() => { for (const c of all) expect(readPlayback(c.doc).entryId).toBe(entries[0].id); }, 10_000);

    // Three sock puppets, threshold 2: one vote, no skip.
    for (const g of [g1, g2, g3]) vote(g, entries[0].id);
    await Promise.all([g1, g2, g3].map(drained));
    await eventually(() => {
      for (const c of all) expect(c.stateless.some((m) => m.type === 'skip-votes' && m.entryId === entries[0].id && m.votes === 1 && m.needed === 2)).toBe(true);
    }, 10_000);
    await Promise.all(all.map(drained));
    for (const c of all) {
      expect(readVotes(c.doc, entries[0].id)).toBe(1);
      expect(readPlayback(c.doc).entryId).toBe(entries[0].id);
    }
    // The document names the network by a keyed hash only: every member reads it.
    const keys = [...votesMap(g4.doc).keys()];
    expect(keys).toEqual([expect.stringMatching(/^net:[\w-]{22}$/)]);
    expect(JSON.stringify(votesMap(g4.doc).toJSON())).not.toMatch(/127\.0\.0|::1/);
    expect([g2, g3].some((g) => g.stateless.some((m) => m.type === 'note' && /one network/.test(m.message)))).toBe(true);

    // A guest from another network: the second vote, the skip.
    vote(g4, entries[0].id);
    await eventually(() => {
      for (const c of all) {
        expect(readPlayback(c.doc).entryId).toBe(entries[1].id);
        expect(readHistory(c.doc).map((e) => e.id)).toEqual([entries[0].id]);
      }
    }, 10_000);

    // A guest and a signed-in member on the guest's address: two voters.
    vote(g1, entries[1].id);
    vote(memberOnB, entries[1].id);
    await eventually(() => { for (const c of all) expect(readPlayback(c.doc).entryId).toBe(entries[2].id); }, 10_000);
  }, 90_000);

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
