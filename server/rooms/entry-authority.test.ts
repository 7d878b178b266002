// A queue entry is one plain value under its id: a move sets it again with a new `position`, a remove sets
// a mark. Over real websockets, the room still tells a move from an edit, keeps rights per entry, and lets
// a remove win over a concurrent move or flag in either order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTrack, addTracks, markUnplayable, moveEntry, queueMap, readQueue, removeEntry, roomDocName } from '../../shared/room-doc.ts';
import { eventually, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { SERVER_ORIGIN } from './persistence.ts';
import { connect, makeGuest, makeRoom, makeUser, type Client } from './test-kit.ts';

let server: TestServer;
/** Tracks of the demo library: made-up ids would be flagged unplayable by the room at moments of its own. */
let library: Array<{ videoId: string; title: string; artist: string; durationS: number }>;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => {
  server = await startTestServerWithMusic();
  library = (await server.api('/api/trending')).body.tracks;
});
let n = 0;
const track = (name: string) => ({ ...library[n++ % library.length], title: `Song ${name}` });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

const serverDoc = (code: string) => server.deps.hocuspocus.documents.get(roomDocName(code))!;
const titles = (doc: Y.Doc) => readQueue(doc).map((e) => e.title);
const undoneSaid = (c: Client) => c.stateless.filter((m) => m.type === 'undone').map((m) => m.message as string);

/** Concurrent sets of one key are ordered by client id: a copy with the highest wins the tie, the lowest loses it. */
const TIES = [['wins', 0xffffffff], ['loses', 1]] as const;

/**
 * A host online and a guest (optionally without `manage`) whose copy outlives its connection, with the
 * client id given (see TIES).
 */
async function roomWithGuest(manage: boolean | null = null, guestClientId?: number) {
  const host = await makeUser(server);
  const room = await makeRoom(server, host.token);
  const guest = await makeGuest(server, room.id, 'Gil');
  if (manage !== null) {
    const res = await server.api(`/api/rooms/${room.code}/members/${guest.id}`, { method: 'PATCH', json: { manage }, headers: host.auth });
    expect(res.status).toBe(200);
  }
  const h = open(server, room.code, host.token);
  const local = new Y.Doc();
  if (guestClientId !== undefined) local.clientID = guestClientId;
  const g = open(server, room.code, guest.token, local);
  await Promise.all([h.synced, g.synced]);
  const hostAdds = (...names: string[]) => addTracks(h.doc, names.map(track), { id: host.user.id, name: 'host' });
  const back = async () => { const c = open(server, room.code, guest.token, local); await c.synced; return c; };
  return { host, room, guest, h, g, local, hostAdds, back };
}

/** Every client and the server hold the same queue, and the store writes it to RoomQueue. */
async function allEqual(code: string, roomId: string, docs: Y.Doc[]) {
  const queue = (doc: Y.Doc) => JSON.stringify(readQueue(doc));
  await eventually(() => { for (const d of docs) expect(queue(d)).toBe(queue(serverDoc(code))); }, 10_000);
  server.deps.hocuspocus.flushPendingStores();
  await eventually(async () => {
    const rows = await server.deps.db.roomQueue.findMany({ where: { roomId, isPlayed: false }, orderBy: { order: 'asc' } });
    expect(rows.map((r) => r.id)).toEqual(readQueue(serverDoc(code)).map((e) => e.id));
  }, 10_000);
}

describe('moves and edits of a plain entry', () => {
  it('a member without manage moving someone else\'s entry is moved back; moving their own stands', async () => {
    const { room, guest, h, g, hostAdds } = await roomWithGuest(false);
    const [, , c] = hostAdds('a', 'b', 'c');
    await eventually(() => expect(titles(g.doc)).toHaveLength(3));
    const mine = addTrack(g.doc, track('g'), { id: guest.id, name: 'Gil' });
    await eventually(() => expect(titles(h.doc)).toEqual(['Song a', 'Song b', 'Song c', 'Song g']));
    moveEntry(g.doc, c.id, 0);
    await eventually(() => expect(undoneSaid(g)).toEqual(["You can only move or remove songs you added: your 'Song c' was moved back."]));
    await eventually(() => expect(titles(g.doc)).toEqual(['Song a', 'Song b', 'Song c', 'Song g']));
    moveEntry(g.doc, mine.id, 0);
    await eventually(() => expect(titles(h.doc)).toEqual(['Song g', 'Song a', 'Song b', 'Song c']));
    expect(undoneSaid(g)).toHaveLength(1);
    await allEqual(room.code, room.id, [h.doc, g.doc]);
  });

  it('a whole-value set that changes the title (alone or with a move) is changed back; so is a Y.Map in its place', async () => {
    const { room, h, hostAdds } = await roomWithGuest();
    const [a, b] = hostAdds('a', 'b');
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song a', 'Song b']));
    queueMap(h.doc).set(a.id, { ...a, title: 'Renamed' });
    await eventually(() => expect(undoneSaid(h)).toEqual(["a song cannot be edited once added: your 'Song a' was changed back."]));
    await eventually(() => expect(titles(h.doc)).toEqual(['Song a', 'Song b']));
    const [, bAfter] = readQueue(h.doc);
    queueMap(h.doc).set(b.id, { ...bAfter, title: 'Sneaky', position: 'Zz' });
    await eventually(() => expect(undoneSaid(h)).toHaveLength(2));
    await eventually(() => expect(readQueue(h.doc)).toEqual(readQueue(serverDoc(room.code))));
    expect(readQueue(h.doc)[1]).toEqual(bAfter);
    // An old client's shape: a Y.Map instead of the plain value, on an entry and as a new one.
    h.doc.transact(() => {
      const m = new Y.Map<unknown>();
      queueMap(h.doc).set(a.id, m);
      for (const [k, v] of Object.entries(a)) m.set(k, v);
      queueMap(h.doc).set('5a1c1d3e-0000-4000-8000-000000000001', new Y.Map());
    });
    await eventually(() => expect(undoneSaid(h).slice(2).join(' ')).toMatch(/is not a plain object/));
    await eventually(() => expect(titles(h.doc)).toEqual(['Song a', 'Song b']));
    expect([...queueMap(serverDoc(room.code)).values()].every((v) => !(v instanceof Y.Map))).toBe(true);
    await allEqual(room.code, room.id, [h.doc]);
  });
});

describe('a move racing a remove: the remove wins', () => {
  it.each(TIES)('removed first: a move made on a copy that had not seen the remove does not bring the entry back, even the mover\'s own (the mover\'s copy %s the tie)', async (_, clientId) => {
    const { room, guest, h, g, local, hostAdds, back } = await roomWithGuest(null, clientId);
    const [x, y] = hostAdds('x', 'keep');
    await eventually(() => expect(titles(g.doc)).toHaveLength(2));
    const own = addTrack(g.doc, track('own'), { id: guest.id, name: 'Gil' });
    await eventually(() => expect(titles(h.doc)).toEqual(['Song x', 'Song keep', 'Song own']));
    g.destroy();
    moveEntry(local, x.id, 2);
    moveEntry(local, own.id, 0);
    expect(titles(local)).toEqual(['Song own', 'Song keep', 'Song x']);
    removeEntry(h.doc, x.id);
    removeEntry(h.doc, own.id);
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song keep']));
    const again = await back();
    await eventually(() => expect(titles(local)).toEqual(['Song keep']));
    expect(titles(h.doc)).toEqual(['Song keep']);
    await eventually(() => expect(undoneSaid(again)).toHaveLength(1));
    expect(undoneSaid(again)[0]).toMatch(/^that song was removed from the queue meanwhile: your '.+', '.+' stay removed\.$/);
    expect(undoneSaid(again)[0]).toContain("'Song x'");
    expect(undoneSaid(again)[0]).toContain("'Song own'");
    expect(again.closes).toEqual([]);
    expect(readQueue(local)[0].id).toBe(y.id);
    await allEqual(room.code, room.id, [h.doc, local]);
  });

  it.each(TIES)('moved first: a remove made on a copy that had not seen the move still removes (the remover\'s copy %s the tie)', async (_, clientId) => {
    const { room, host, g, hostAdds } = await roomWithGuest();
    const hostCopy = new Y.Doc();
    hostCopy.clientID = clientId;
    const h2 = open(server, room.code, host.token, hostCopy);
    await h2.synced;
    const [, , z] = hostAdds('a', 'b', 'z');
    await eventually(() => expect(titles(hostCopy)).toEqual(['Song a', 'Song b', 'Song z']));
    await eventually(() => expect(titles(g.doc)).toEqual(['Song a', 'Song b', 'Song z']));
    h2.destroy();
    removeEntry(hostCopy, z.id);
    moveEntry(g.doc, z.id, 0);
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song z', 'Song a', 'Song b']));
    const again = open(server, room.code, host.token, hostCopy);
    await again.synced;
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song a', 'Song b']));
    expect(queueMap(serverDoc(room.code)).has(z.id)).toBe(false);
    expect(undoneSaid(again)).toEqual([]);
    await allEqual(room.code, room.id, [hostCopy, g.doc]);
  });
});

describe.each(TIES)('racing another write of the entry (the offline copy %s the tie)', (_, clientId) => {
  it('a move made before the unplayable flag arrived keeps its place, and the flag stays', async () => {
    const { room, h, g, local, hostAdds, back } = await roomWithGuest(null, clientId);
    const [x] = hostAdds('x', 'y', 'z');
    await eventually(() => expect(titles(local)).toEqual(['Song x', 'Song y', 'Song z']));
    g.destroy();
    moveEntry(local, x.id, 2);
    const doc = serverDoc(room.code);
    doc.transact(() => markUnplayable(doc, [x.id]), SERVER_ORIGIN);
    await back();
    await eventually(() => {
      expect(titles(serverDoc(room.code))).toEqual(['Song y', 'Song z', 'Song x']);
      expect(readQueue(serverDoc(room.code))[2].unplayable).toBe(true);
    });
    await allEqual(room.code, room.id, [h.doc, local]);
    expect(readQueue(local)[2]).toMatchObject({ id: x.id, unplayable: true });
  });

  it('a remove made before the unplayable flag arrived still removes', async () => {
    const { room, h, g, local, hostAdds, back } = await roomWithGuest(null, clientId);
    const [x] = hostAdds('x', 'y');
    await eventually(() => expect(titles(local)).toEqual(['Song x', 'Song y']));
    g.destroy();
    removeEntry(local, x.id);
    const doc = serverDoc(room.code);
    doc.transact(() => markUnplayable(doc, [x.id]), SERVER_ORIGIN);
    await back();
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song y']));
    await allEqual(room.code, room.id, [h.doc, local]);
  });

  it('two moves of one entry: the last to reach the room wins', async () => {
    const { room, h, g, local, hostAdds, back } = await roomWithGuest(null, clientId);
    const [x] = hostAdds('x', 'y', 'z');
    await eventually(() => expect(titles(local)).toEqual(['Song x', 'Song y', 'Song z']));
    g.destroy();
    moveEntry(local, x.id, 1);
    moveEntry(h.doc, x.id, 2);
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song y', 'Song z', 'Song x']));
    await back();
    await eventually(() => expect(titles(serverDoc(room.code))).toEqual(['Song y', 'Song x', 'Song z']));
    await allEqual(room.code, room.id, [h.doc, local]);
  });
});
