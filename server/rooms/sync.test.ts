// The room document over real websockets: convergence, persistence, restarts, permissions, validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/errors.ts';
import {
  addTrack, addTracks, moveEntry, queueMap, readQueue, removeEntry, roomDocName,
} from '../../shared/room-doc.ts';
import { createTestDatabase, eventually, seeded, startTestServer, type TestServer } from '../../test/helpers.ts';
import { roomSync } from './sync.ts';
import { connect, makeRoom, makeUser, track, type Client } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (...args: Parameters<typeof connect>) => { const c = connect(...args); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

const ids = (doc: Y.Doc) => readQueue(doc).map((e) => e.id);
const serverDoc = (s: TestServer, code: string) => s.deps.hocuspocus.documents.get(roomDocName(code))!;
async function dbOrder(s: TestServer, roomId: string) {
  const rows = await s.deps.db.roomQueue.findMany({ where: { roomId, isPlayed: false }, orderBy: { order: 'asc' } });
  return rows.map((r) => r.id);
}

describe('convergence', () => {
  it('two, then twenty providers editing at once converge, and RoomQueue matches after the store', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const a = open(server, room.code, host.token);
    const b = open(server, room.code, host.token);
    await Promise.all([a.synced, b.synced]);
    addTracks(a.doc, [track(1), track(2), track(3)], { id: host.user.id, name: 'host' });
    addTrack(b.doc, track(4), { id: host.user.id, name: 'host' }, 'next');
    await eventually(() => expect(ids(b.doc)).toEqual(ids(a.doc)));
    expect(ids(a.doc)).toHaveLength(4);

    const users = await Promise.all(Array.from({ length: 18 }, () => makeUser(server)));
    const many = [a, b, ...users.map((u) => open(server, room.code, u.token))];
    await Promise.all(many.map((c) => c.synced));
    const who = [host, host, ...users];
    const random = seeded(42);
    for (let round = 0; round < 3; round++) {
      many.forEach((c, i) => {
        const by = { id: who[i].user.id, name: `u${i}` };
        addTrack(c.doc, track(`${round}-${i}`), by, { index: Math.floor(random() * 5) });
        const q = readQueue(c.doc);
        const pick = q[Math.floor(random() * q.length)];
        if (random() < 0.7) moveEntry(c.doc, pick.id, Math.floor(random() * q.length));
        else if (pick.addedBy === by.id) removeEntry(c.doc, pick.id);
      });
    }
    const doc = serverDoc(server, room.code);
    await eventually(() => { for (const c of many) expect(ids(c.doc)).toEqual(ids(doc)); }, 15_000);
    expect(new Set(ids(doc)).size).toBe(ids(doc).length);
    server.deps.hocuspocus.flushPendingStores();
    await eventually(async () => expect(await dbOrder(server, room.id)).toEqual(ids(doc)), 10_000);
  });
});

describe('persistence', () => {
  it('survives unload and reload, never rebuilding from rows when a state exists', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    // A new room's document is stored with its row: the first load builds nothing.
    expect((await server.deps.db.room.findUnique({ where: { id: room.id } }))?.ydocState).toBeTruthy();
    const a = open(server, room.code, host.token);
    await a.synced;
    addTracks(a.doc, [track('x'), track('y')], { id: host.user.id, name: 'host' });
    await eventually(() => expect(ids(serverDoc(server, room.code))).toEqual(ids(a.doc)));
    const before = ids(a.doc);
    a.destroy();
    await eventually(() => expect(server.deps.hocuspocus.documents.has(roomDocName(room.code))).toBe(false));
    expect(await dbOrder(server, room.id)).toEqual(before);
    const c = open(server, room.code, host.token);
    await c.synced;
    expect(ids(c.doc)).toEqual(before);
    const q = await server.api(`/api/rooms/${room.code}/queue`);
    expect(q.body.upNext.map((e: any) => e.title)).toEqual(['Song x', 'Song y']);
  });

  it('a room with rows but no state (stored before rooms kept one from creation) is built from its rows once', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    await server.deps.db.room.update({ where: { id: room.id }, data: { ydocState: null } });
    const t = await server.deps.db.track.create({ data: { pipedId: 'abcdefghijk', title: 'Old', artist: 'Row', duration: 100 } });
    const rowId = crypto.randomUUID();
    await server.deps.db.roomQueue.create({ data: { id: rowId, roomId: room.id, trackId: t.id, order: 0 } });
    const a = open(server, room.code, host.token);
    await a.synced;
    expect(readQueue(a.doc).map((e) => [e.id, e.title])).toEqual([[rowId, 'Old']]);
    expect((await server.deps.db.room.findUnique({ where: { id: room.id } }))?.ydocState).toBeTruthy();
  });

  it('an offline edit merges after a full server restart with nothing lost or duplicated', async () => {
    const db = await createTestDatabase();
    const env = { DATABASE_URL: db.url };
    let s1: TestServer | undefined = await startTestServer(env);
    let s2: TestServer | undefined;
    try {
      const host = await makeUser(s1);
      const room = await makeRoom(s1, host.token);
      const by = { id: host.user.id, name: 'host' };
      const offlineDoc = new Y.Doc();
      const a = connect(s1, room.code, host.token, offlineDoc);
      const b = connect(s1, room.code, host.token);
      await Promise.all([a.synced, b.synced]);
      const [e1, e2, e3] = addTracks(a.doc, [track('a1'), track('a2'), track('a3')], by);
      await eventually(() => expect(ids(b.doc)).toHaveLength(3));
      a.destroy(); // offline: the document stays
      addTrack(offlineDoc, track('off1'), by, 'next');
      moveEntry(offlineDoc, e3.id, 0);
      removeEntry(offlineDoc, e2.id);
      addTrack(b.doc, track('b-online'), by); // someone else keeps editing meanwhile
      await eventually(() => expect(ids(serverDoc(s1!, room.code))).toHaveLength(4));
      b.destroy();
      await s1.close();
      s1 = undefined;
      s2 = await startTestServer({ ...env, PORT: '0' });
      const back = connect(s2, room.code, host.token, offlineDoc);
      const fresh = connect(s2, room.code, host.token);
      await Promise.all([back.synced, fresh.synced]);
      await eventually(() => expect(ids(fresh.doc)).toEqual(ids(back.doc)));
      const titles = readQueue(fresh.doc).map((e) => e.title).sort();
      expect(titles).toEqual(['Song a1', 'Song a3', 'Song b-online', 'Song off1']);
      expect(readQueue(fresh.doc)[0].id).toBe(e3.id);
      expect(ids(fresh.doc)).toContain(e1.id);
      back.destroy(); fresh.destroy();
      await eventually(async () => expect((await dbOrder(s2!, room.id)).sort()).toEqual(ids(offlineDoc).sort()));
    } finally {
      await s1?.close();
      await s2?.stop();
      await db.drop();
    }
  });
});

describe('who may connect and write', () => {
  it('refuses forged and expired tokens (4401), unknown rooms (4404) and guests of other rooms (4403)', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const forged = open(server, room.code, `s_${'A'.repeat(43)}`);
    await eventually(() => expect(forged.closes.map((c) => c.code)).toContain(CloseCode.unauthorized));
    expect(forged.denied[0]).toMatch(/unauthorized/);
    const expired = await makeUser(server);
    await server.deps.db.session.updateMany({ where: { userId: expired.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const ex = open(server, room.code, expired.token);
    await eventually(() => expect(ex.closes.map((c) => c.code)).toContain(CloseCode.unauthorized));
    const none = open(server, room.code, null);
    await eventually(() => expect(none.closes.map((c) => c.code)).toContain(CloseCode.unauthorized));
    const nowhere = open(server, 'ZZZZZZ', host.token);
    await eventually(() => expect(nowhere.closes.map((c) => c.code)).toContain(CloseCode.roomNotFound));
    const other = await makeRoom(server, host.token, 'other');
    const guest = (await server.api(`/api/rooms/${other.code}/join`, { method: 'POST', json: { displayName: 'G' } })).body.guest;
    const wrong = open(server, room.code, guest.token);
    await eventually(() => expect(wrong.closes.map((c) => c.code)).toContain(CloseCode.forbidden));
    const right = open(server, other.code, guest.token);
    await right.synced;
    expect(right.provider.isAuthenticated).toBe(true);
  });

  it('a member who may not edit: the edit is undone for everyone, the member included, and told why', async () => {
    const host = await makeUser(server);
    const reader = await makeUser(server);
    const room = await makeRoom(server, host.token);
    await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings: { whoCanEdit: 'host' } }, headers: host.auth });
    const h = open(server, room.code, host.token);
    const r = open(server, room.code, reader.token);
    await Promise.all([h.synced, r.synced]);
    addTrack(h.doc, track('host'), { id: host.user.id, name: 'host' });
    await eventually(() => expect(ids(r.doc)).toHaveLength(1));
    const hostEntry = readQueue(h.doc)[0];
    addTrack(r.doc, track('sneaky'), { id: reader.user.id, name: 'reader' });
    removeEntry(r.doc, hostEntry.id);
    addTrack(h.doc, track('host2'), { id: host.user.id, name: 'host' });
    for (const doc of [serverDoc(server, room.code), h.doc, r.doc]) {
      await eventually(() => expect(readQueue(doc).map((e) => e.title)).toEqual(['Song host', 'Song host2']));
    }
    expect(readQueue(r.doc)[0].id).toBe(hostEntry.id);
    expect(r.stateless.find((m) => m.type === 'undone')?.message).toMatch(/^Only the host can change the queue now: /);
    expect(r.closes).toEqual([]);
  });

  it('a member without manage rights may add but not remove others\' entries', async () => {
    const host = await makeUser(server);
    const adder = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const h = open(server, room.code, host.token);
    await h.synced;
    addTrack(h.doc, track('keep'), { id: host.user.id, name: 'host' });
    const join = await server.api(`/api/rooms/${room.code}/join`, { method: 'POST', headers: adder.auth });
    await server.api(`/api/rooms/${room.code}/members/${join.body.member.id}`, { method: 'PATCH', json: { manage: false }, headers: host.auth });
    const m = open(server, room.code, adder.token);
    await m.synced;
    await eventually(() => expect(ids(m.doc)).toHaveLength(1));
    addTrack(m.doc, track('mine'), { id: adder.user.id, name: 'adder' });
    await eventually(() => expect(ids(serverDoc(server, room.code))).toHaveLength(2));
    removeEntry(m.doc, readQueue(m.doc).find((e) => e.title === 'Song keep')!.id);
    await eventually(() => expect(m.stateless.find((s) => s.type === 'undone')?.message).toMatch(/only move or remove songs you added/));
    for (const doc of [serverDoc(server, room.code), h.doc, m.doc]) {
      await eventually(() => expect(readQueue(doc).map((e) => e.title)).toEqual(['Song keep', 'Song mine']));
    }
    removeEntry(m.doc, readQueue(m.doc).find((e) => e.title === 'Song mine')!.id); // their own: allowed
    await eventually(() => expect(readQueue(h.doc).map((e) => e.title)).toEqual(['Song keep']));
    expect(m.closes).toEqual([]);
  });
});

describe('malformed updates', () => {
  it('undoes wrong types, oversized strings, foreign roots and server-owned writes; refuses 10 MB frames and garbage; keeps serving others', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const good = open(server, room.code, host.token);
    await good.synced;
    addTrack(good.doc, track('ok'), { id: host.user.id, name: 'host' });
    await eventually(() => expect(ids(serverDoc(server, room.code))).toHaveLength(1));
    // The server's playable check flags this made-up track: let that write land before the snapshot.
    await roomSync(server.deps).playable.idle();
    const content = (doc: Y.Doc) => JSON.stringify([readQueue(doc), doc.getMap('playback').toJSON(), doc.getArray('history').toJSON(), doc.getText('notes').toString()]);
    const stable = content(serverDoc(server, room.code));

    const attempts: Array<[string, (doc: Y.Doc) => void]> = [
      ['durationS', (doc) => { const e = addTrack(doc, track('bad'), { id: host.user.id, name: 'h' }); queueMap(doc).set(e.id, { ...e, durationS: 'forever' }); }],
      ['at most 500 characters', (doc) => { addTrack(doc, { ...track('long'), title: 'x'.repeat(600) }, { id: host.user.id, name: 'h' }); }],
      ['', (doc) => { doc.getText('notes').insert(0, 'hello'); }],
      ['', (doc) => { doc.getMap('playback').set('positionMs', 999_999); }],
      ['own name', (doc) => { addTrack(doc, track('forged'), { id: 'someone-else', name: 'h' }); }],
      // More than 5,000 entries in one go.
      ['at most 5000 songs', (doc) => { addTracks(doc, Array.from({ length: 5001 }, (_, i) => track(i)), { id: host.user.id, name: 'h' }); }],
      // Every string within bounds, but the document would pass 2 MB.
      ['room is full', (doc) => { addTracks(doc, Array.from({ length: 1500 }, (_, i) => ({ ...track(i), title: `${i}`.padEnd(499, 't'), artist: 'a'.repeat(499), album: 'b'.repeat(499) })), { id: host.user.id, name: 'h' }); }],
    ];
    for (const [said, mutate] of attempts) {
      const bad = open(server, room.code, host.token);
      await bad.synced;
      bad.doc.transact(() => mutate(bad.doc));
      await eventually(() => expect(content(bad.doc)).toBe(stable), 10_000);
      expect(content(serverDoc(server, room.code))).toBe(stable);
      expect(bad.closes).toEqual([]);
      if (said) expect(bad.stateless.find((m) => m.type === 'undone')?.message).toContain(said);
      bad.destroy();
    }

    const huge = open(server, room.code, host.token);
    await huge.synced;
    addTrack(huge.doc, { ...track('huge'), title: 'x'.repeat(10 * 1024 * 1024) }, { id: host.user.id, name: 'h' });
    await eventually(() => expect(huge.closes[0]?.code).toBe(1009), 10_000);
    huge.destroy();

    // Garbage inside a well-addressed sync update message.
    const raw = open(server, room.code, host.token);
    await raw.synced;
    const name = new TextEncoder().encode(roomDocName(room.code));
    const garbage = Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) % 256);
    const msg = new Uint8Array([name.length, ...name, 0, 2, garbage.length, ...garbage]);
    (raw.socket as any).webSocket.send(msg);
    await eventually(() => expect(raw.closes[0]?.code).toBe(CloseCode.invalidUpdate));
    expect(content(serverDoc(server, room.code))).toBe(stable);

    addTrack(good.doc, track('still'), { id: host.user.id, name: 'host' });
    await eventually(() => expect(readQueue(serverDoc(server, room.code)).map((e) => e.title)).toEqual(['Song ok', 'Song still']));
    expect((await server.api('/api/health')).status).toBe(200);
  });
});

describe('room deletion', () => {
  it('disconnects every client with the room-deleted code', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const a = open(server, room.code, host.token);
    const b = open(server, room.code, host.token);
    await Promise.all([a.synced, b.synced]);
    expect((await server.api(`/api/rooms/${room.code}`, { method: 'DELETE', headers: host.auth })).status).toBe(204);
    await eventually(() => { for (const c of [a, b]) expect(c.closes.map((x) => x.code)).toContain(CloseCode.roomDeleted); });
    await eventually(() => expect(a.closes.map((x) => x.code)).toContain(CloseCode.roomNotFound));
    expect(await server.deps.db.roomQueue.count({ where: { roomId: room.id } })).toBe(0);
  });
});


describe('presence', () => {
  it('awareness carries the authenticated name, whatever the client claims', async () => {
    const host = await makeUser(server, 'presencehost');
    const room = await makeRoom(server, host.token);
    const a = open(server, room.code, host.token);
    const b = open(server, room.code, host.token);
    await Promise.all([a.synced, b.synced]);
    a.provider.setAwarenessField('user', { name: 'Somebody Else', color: '#f00' });
    await eventually(() => {
      const seen = [...b.provider.awareness!.getStates().values()].map((s) => s.user).filter(Boolean);
      expect(seen).toContainEqual({ id: host.user.id, name: 'presencehost', kind: 'user', color: '#f00' });
    });
    const details = await server.api(`/api/rooms/${room.code}`);
    expect(details.body.online).toEqual([{ id: host.user.id, name: 'presencehost', kind: 'user' }]);
  });
});
