// Two real server processes on one PostgreSQL and one Redis: edits cross nodes, a cold room loads from the
// database, the track-end timer runs on one node, and killing a node (kill -9) loses nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTrack, addTracks, readHistory, readPlayback, readQueue } from '../../shared/room-doc.ts';
import { eventually } from '../../test/helpers.ts';
import { asServer, twoNodes, type Node } from '../../test/nodes.ts';
import type { Db } from '../db/client.ts';
import { connect, makeRoom, makeUser, track } from '../rooms/test-kit.ts';

const nodes = twoNodes();
const clients = nodes.clients;
let a: Node;
let b: Node;
let db: Db;
beforeAll(() => { ({ a, b, db } = nodes); });
const open = (node: { url: string }, code: string, token: string, doc?: Y.Doc) => { const c = connect(node, code, token, doc); clients.push(c); return c; };

const ids = (doc: Y.Doc) => readQueue(doc).map((e) => e.id);
/** Real tracks of the nodes' (identical) demo library: made-up ids would be flagged unplayable and skipped. */
async function library(): Promise<Array<ReturnType<typeof track>>> {
  return (await asServer(a, db).api('/api/trending')).body.tracks;
}
const playable = (lib: Array<ReturnType<typeof track>>, durationsS: number[]) => durationsS.map((d, i) => ({ ...lib[i % lib.length], durationS: d }));
async function rows(roomId: string) {
  return db.roomQueue.findMany({ where: { roomId }, orderBy: [{ isPlayed: 'asc' }, { order: 'asc' }] });
}

describe('two nodes', () => {
  it('a cold room on B loads from PostgreSQL; clients on A and B see each other\'s edits; RoomQueue follows', async () => {
    const host = await makeUser(asServer(a, db));
    const room = await makeRoom(asServer(a, db), host.token);
    const first = open(a, room.code, host.token);
    await first.synced;
    addTracks(first.doc, [track('a1'), track('a2')], { id: host.user.id, name: 'host' });
    first.destroy();
    // The last client left A: A stores and unloads.
    await eventually(async () => expect((await rows(room.id)).map((r) => r.id)).toEqual(ids(first.doc)), 15_000);

    const onB = open(b, room.code, host.token);
    await onB.synced;
    expect(ids(onB.doc)).toEqual(ids(first.doc));
    const onA = open(a, room.code, host.token);
    await onA.synced;
    addTrack(onA.doc, track('a3'), { id: host.user.id, name: 'host' });
    await eventually(() => expect(ids(onB.doc)).toEqual(ids(onA.doc)));
    addTrack(onB.doc, track('b1'), { id: host.user.id, name: 'host' }, 'next');
    await eventually(() => expect(ids(onA.doc)).toEqual(ids(onB.doc)));
    expect(ids(onA.doc)).toHaveLength(4);
    await eventually(async () => expect((await rows(room.id)).map((r) => r.id)).toEqual(ids(onA.doc)), 15_000);
  }, 60_000);

  it('presence crosses nodes, named by the node the client is on, and leaves with the client', async () => {
    const host = await makeUser(asServer(a, db));
    const room = await makeRoom(asServer(a, db), host.token);
    const onA = open(a, room.code, host.token);
    const onB = open(b, room.code, host.token);
    await Promise.all([onA.synced, onB.synced]);
    const idA = onA.provider.awareness!.clientID;
    for (let i = 0; i < 20; i++) onA.provider.setAwarenessField('cursor', { entry: i, user: 'claimed' });
    onA.provider.setAwarenessField('user', { name: 'Somebody Else' });
    await eventually(() => {
      const state = onB.provider.awareness!.getStates().get(idA);
      expect(state?.cursor).toEqual({ entry: 19, user: 'claimed' });
      expect(state?.user).toMatchObject({ id: host.user.id, kind: 'user' });
    });
    onB.provider.setAwarenessField('cursor', { entry: 7 });
    await eventually(() => expect(onA.provider.awareness!.getStates().get(onB.provider.awareness!.clientID)?.cursor).toEqual({ entry: 7 }));
    onA.destroy();
    await eventually(() => expect(onB.provider.awareness!.getStates().has(idA)).toBe(false));
  }, 30_000);

  it('the end-of-track timer advances once across nodes', async () => {
    const host = await makeUser(asServer(a, db));
    const room = await makeRoom(asServer(a, db), host.token);
    const onA = open(a, room.code, host.token);
    const onB = open(b, room.code, host.token);
    await Promise.all([onA.synced, onB.synced]);
    const entries = addTracks(onA.doc, playable(await library(), [1, 1, 1, 300]), { id: host.user.id, name: 'host' });
    await eventually(() => expect(ids(onB.doc)).toHaveLength(4));
    const res = await asServer(b, db).api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'play' }, headers: { authorization: `Bearer ${host.token}` } });
    expect(res.status).toBe(200);
    await eventually(() => expect(readPlayback(onA.doc).entryId).toBe(entries[3].id), 15_000);
    await eventually(() => { for (const c of [onA, onB]) expect(readHistory(c.doc).map((e) => e.id)).toEqual(entries.slice(0, 3).map((e) => e.id)); });
    await eventually(async () => expect((await rows(room.id)).filter((r) => r.isPlayed).map((r) => r.id).sort()).toEqual(entries.slice(0, 3).map((e) => e.id).sort()), 15_000);
  }, 60_000);

  it('kill -9 of a node with clients editing through it and running the room\'s timer: clients move to the other node, nothing lost or duplicated, playback goes on', async () => {
    const host = await makeUser(asServer(a, db));
    const room = await makeRoom(asServer(a, db), host.token);
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser(asServer(a, db))));
    // Each client knows both nodes and moves to the next one when its socket closes.
    const nodes = [a.url, b.url].map((u) => `${u.replace(/^http/, 'ws')}/yjs`);
    const editors = users.map((u, i) => {
      const c = open(i < 4 ? a : b, room.code, u.token);
      let at = i < 4 ? 0 : 1;
      c.socket.on('close', () => { at = (at + 1) % nodes.length; (c.socket.configuration as { url: string }).url = nodes[at]; });
      return { c, by: { id: u.user.id, name: `u${i}` }, made: [] as string[] };
    });
    const hostOnA = open(a, room.code, host.token);
    await Promise.all([...editors.map((e) => e.c.synced), hostOnA.synced]);
    // Room timer on A: A takes the lease when the first (1 s) track ends.
    const entries = addTracks(hostOnA.doc, playable(await library(), [1, 3, 3, 300]), { id: host.user.id, name: 'host' });
    hostOnA.provider.sendStateless(JSON.stringify({ type: 'playback', command: { action: 'play' } }));
    await eventually(() => expect(readPlayback(hostOnA.doc).entryId).toBe(entries[1].id), 10_000);

    let n = 0;
    const edit = () => { for (const e of editors) e.made.push(addTrack(e.c.doc, track(`e${n++}`), e.by).id); };
    for (let i = 0; i < 5; i++) edit();
    const sent = editors.flatMap((e) => e.made);
    await eventually(() => { for (const id of sent) expect(ids(editors[5].c.doc)).toContain(id); });
    const killed = a.kill('SIGKILL');
    for (let i = 0; i < 5; i++) edit(); // some of these go out while A dies, the rest offline
    await killed;
    await eventually(() => { for (const e of editors.slice(0, 4)) expect(e.c.provider.isSynced && e.c.socket.url.includes(String(b.port))).toBe(true); }, 15_000);
    for (let i = 0; i < 5; i++) edit();

    const made = editors.flatMap((e) => e.made);
    expect(new Set(made).size).toBe(90);
    await eventually(() => { for (const e of editors) expect(new Set(ids(e.c.doc))).toEqual(new Set(ids(editors[0].c.doc))); }, 15_000);
    const final = ids(editors[0].c.doc);
    for (const id of made) expect(final).toContain(id);
    expect(new Set(final).size).toBe(final.length);
    // B took over the timer: the 3 s tracks end and it advances them once each.
    await eventually(() => expect(readPlayback(editors[5].c.doc).entryId).toBe(entries[3].id), 20_000);
    expect(readHistory(editors[5].c.doc).map((e) => e.id)).toEqual(entries.slice(0, 3).map((e) => e.id));
    await eventually(async () => {
      const stored = await rows(room.id);
      expect(stored.filter((r) => !r.isPlayed).map((r) => r.id)).toEqual(ids(editors[5].c.doc));
      expect(stored.filter((r) => r.isPlayed).map((r) => r.id).sort()).toEqual(entries.slice(0, 3).map((e) => e.id).sort());
    }, 20_000);
  }, 90_000);
});
