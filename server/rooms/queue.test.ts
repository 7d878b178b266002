// The seams between rooms, the library and accounts, over a real server, real database and real websockets
// (the catalog on a real local library): adding by REST and from playlists, saving History / Up Next as
// playlists, the stored current entry and play times, and guests (room-bound tokens, signing up).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQueue, removeEntry, roomDocName } from '../../shared/room-doc.ts';
import { eventually, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { createPlaylistFromTracks } from '../library/playlists.ts';
import { connect, makeRoom, makeUser, type Client } from './test-kit.ts';

let server: TestServer;
let library: any[];
const clients: Client[] = [];
beforeAll(async () => {
  server = await startTestServerWithMusic();
  library = (await server.api('/api/trending')).body.tracks;
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

const post = (p: string, json: unknown, headers: Record<string, string> = {}) => server.api(p, { method: 'POST', json, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const isLoaded = (code: string) => server.deps.hocuspocus.documents.has(roomDocName(code));
async function joinAsGuest(code: string, displayName = 'Sam') {
  const res = await post(`/api/rooms/${code}/join`, { displayName });
  return res.body.guest as { id: string; token: string };
}

describe('adding to the queue by REST', () => {
  it('adds tracks at the end or next, as the caller, and refuses those who may not add', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const first = await post(`/api/rooms/${room.code}/queue`, { tracks: [library[0], library[1]] }, host.auth);
    expect(first.status).toBe(201);
    expect(first.body.entries.map((e: any) => [e.videoId, e.addedBy, e.addedByName])).toEqual([[library[0].videoId, host.user.id, host.user.username], [library[1].videoId, host.user.id, host.user.username]]);
    await post(`/api/rooms/${room.code}/playback`, { action: 'play' }, host.auth);
    const next = await post(`/api/rooms/${room.code}/queue`, { tracks: [library[2]], position: 'next' }, host.auth);
    expect(next.status).toBe(201);
    const q = (await server.api(`/api/rooms/${room.code}/queue`)).body;
    expect([q.current.videoId, ...q.upNext.map((e: any) => e.videoId)]).toEqual([library[0].videoId, library[2].videoId, library[1].videoId]);

    expect((await post(`/api/rooms/${room.code}/queue`, { tracks: [library[0]] })).status).toBe(401);
    expect((await post(`/api/rooms/${room.code}/queue`, { tracks: [] }, host.auth)).status).toBe(422);
    expect((await post(`/api/rooms/${room.code}/queue`, { tracks: [{ ...library[0], videoId: 'x' }] }, host.auth)).status).toBe(422);
    expect((await post(`/api/rooms/${room.code}/queue`, { tracks: [library[0]], position: 'middle' }, host.auth)).status).toBe(422);
    expect((await post('/api/rooms/ZZZZZZ/queue', { tracks: [library[0]] }, host.auth)).status).toBe(404);
    await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings: { whoCanEdit: 'host' } }, headers: host.auth });
    const listener = await makeUser(server);
    const refused = await post(`/api/rooms/${room.code}/queue`, { tracks: [library[3]] }, listener.auth);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/may not add/);
    expect((await server.api(`/api/rooms/${room.code}/queue`)).body.upNext).toHaveLength(2);
  });

  it('adds a whole playlist, mine or a public one, never someone else\'s private one', async () => {
    const host = await makeUser(server);
    const other = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const mine = (await post('/api/library/playlists', { name: 'Mine', tracks: [library[3], library[4]] }, host.auth)).body.playlist;
    const theirs = (await post('/api/library/playlists', { name: 'Theirs', tracks: [library[5]] }, other.auth)).body.playlist;

    const added = await post(`/api/rooms/${room.code}/queue/playlist`, { playlistId: mine.id }, host.auth);
    expect(added.status).toBe(201);
    expect(added.body.entries.map((e: any) => e.videoId)).toEqual([library[3].videoId, library[4].videoId]);
    expect((await post(`/api/rooms/${room.code}/queue/playlist`, { playlistId: theirs.id }, host.auth)).status).toBe(404);
    await server.api(`/api/library/playlists/${theirs.id}`, { method: 'PATCH', json: { isPublic: true }, headers: other.auth });
    const next = await post(`/api/rooms/${room.code}/queue/playlist`, { playlistId: theirs.id, position: 'next' }, host.auth);
    expect(next.status).toBe(201);
    // A guest may add a public playlist too, as themselves.
    const guest = await joinAsGuest(room.code);
    const byGuest = await post(`/api/rooms/${room.code}/queue/playlist`, { playlistId: theirs.id }, bearer(guest.token));
    expect(byGuest.status).toBe(201);
    expect(byGuest.body.entries[0].addedBy).toBe(guest.id);
    const q = (await server.api(`/api/rooms/${room.code}/queue`)).body;
    expect(q.upNext.map((e: any) => e.videoId)).toEqual([library[5].videoId, library[3].videoId, library[4].videoId, library[5].videoId]);
    expect((await post(`/api/rooms/${room.code}/queue/playlist`, { playlistId: 'nope' }, host.auth)).status).toBe(422);
  });

  it('refuses a playlist that would take the queue past 5,000 entries (422), adding nothing', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    await post(`/api/rooms/${room.code}/queue`, { tracks: [library[0]] }, host.auth);
    const big = await createPlaylistFromTracks(server.deps, host.user.id, 'Big', Array.from({ length: 5000 }, (_, i) => ({ track: library[i % library.length] })));
    const res = await post(`/api/rooms/${room.code}/queue/playlist`, { playlistId: big.id }, host.auth);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/at most 5000 entries/);
    expect((await server.api(`/api/rooms/${room.code}/queue`)).body.upNext).toHaveLength(1);
  });
});

describe('saving a room\'s History or Up Next as a playlist', () => {
  it('keeps the order and who added each track; needs an account', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const guest = await joinAsGuest(room.code, 'Gil');
    const [e0, e1] = (await post(`/api/rooms/${room.code}/queue`, { tracks: [library[0], library[1]] }, host.auth)).body.entries;
    const [g] = (await post(`/api/rooms/${room.code}/queue`, { tracks: [library[2]] }, bearer(guest.token))).body.entries;
    await post(`/api/rooms/${room.code}/playback`, { action: 'play' }, host.auth);
    await post(`/api/rooms/${room.code}/playback`, { action: 'next', entryId: e0.id }, host.auth);

    const listener = await makeUser(server);
    const saved = await post(`/api/rooms/${room.code}/playlists`, { name: 'What we heard', from: 'history' }, listener.auth);
    expect(saved.status).toBe(201);
    const history = (await server.api(`/api/library/playlists/${saved.body.playlist.id}`, { headers: listener.auth })).body.playlist;
    expect(history.tracks.map((t: any) => [t.track.videoId, t.addedBy])).toEqual([[e0.videoId, host.user.id]]);

    const upNext = await post(`/api/rooms/${room.code}/playlists`, { name: 'Coming up', from: 'upNext' }, listener.auth);
    const coming = (await server.api(`/api/library/playlists/${upNext.body.playlist.id}`, { headers: listener.auth })).body.playlist;
    // Up Next is what follows the playing entry (e1), in order.
    expect(coming.tracks.map((t: any) => [t.track.videoId, t.addedBy])).toEqual([[g.videoId, guest.id]]);
    expect(e1.id).not.toBe(g.id);

    expect((await post(`/api/rooms/${room.code}/playlists`, { name: 'x', from: 'history' }, bearer(guest.token))).status).toBe(403);
    expect((await post(`/api/rooms/${room.code}/playlists`, { name: 'x', from: 'history' })).status).toBe(401);
    expect((await post(`/api/rooms/${room.code}/playlists`, { name: '', from: 'history' }, host.auth)).status).toBe(422);
    expect((await post(`/api/rooms/${room.code}/playlists`, { name: 'x', from: 'everything' }, host.auth)).status).toBe(422);
    const empty = await makeRoom(server, host.token);
    expect((await post(`/api/rooms/${empty.code}/playlists`, { name: 'x', from: 'history' }, host.auth)).status).toBe(422);
  });
});

describe('stored playback columns', () => {
  it('records the current entry and when each entry was played; REST reads them while the room is unloaded', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    // The same track twice: only the stored entry id tells which copy is playing.
    const [a, b, c] = (await post(`/api/rooms/${room.code}/queue`, { tracks: [library[0], library[0], library[1]] }, host.auth)).body.entries;
    await post(`/api/rooms/${room.code}/playback`, { action: 'play' }, host.auth);
    const before = Date.now();
    await post(`/api/rooms/${room.code}/playback`, { action: 'next', entryId: a.id }, host.auth);
    await eventually(() => expect(isLoaded(room.code)).toBe(false));

    const row = await server.deps.db.room.findUniqueOrThrow({ where: { id: room.id } });
    expect(row.currentEntryId).toBe(b.id);
    const rows = await server.deps.db.roomQueue.findMany({ where: { roomId: room.id } });
    const played = rows.find((r) => r.id === a.id)!;
    expect(played.isPlayed).toBe(true);
    expect(played.playedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(played.playedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(rows.filter((r) => r.id !== a.id).map((r) => r.playedAt)).toEqual([null, null]);

    const q = (await server.api(`/api/rooms/${room.code}/queue`)).body;
    expect(q.current.id).toBe(b.id);
    expect(q.upNext.map((e: any) => e.id)).toEqual([c.id]);
    expect(q.history).toEqual([expect.objectContaining({ id: a.id, playedAt: played.playedAt!.toISOString() })]);
    expect((await server.api(`/api/rooms/${room.code}`)).body.nowPlaying).toMatchObject({ entryId: b.id, videoId: library[0].videoId });

    // Loaded again from the stored state, History keeps the same play time, and a store leaves it alone.
    const h = connect(server, room.code, host.token);
    clients.push(h);
    await h.synced;
    h.destroy();
    await eventually(() => expect(isLoaded(room.code)).toBe(false));
    expect((await server.deps.db.roomQueue.findUniqueOrThrow({ where: { id: a.id } })).playedAt).toEqual(played.playedAt);
  });
});

describe('guests', () => {
  it('a guest token for room A is refused on room B\'s REST routes', async () => {
    const host = await makeUser(server);
    const roomA = await makeRoom(server, host.token, 'A');
    const roomB = await makeRoom(server, host.token, 'B');
    const guest = await joinAsGuest(roomA.code);
    const auth = bearer(guest.token);
    const playlist = (await post('/api/library/playlists', { name: 'Pub', isPublic: true, tracks: [library[0]] }, host.auth)).body.playlist;
    const attempts = [
      await post(`/api/rooms/${roomB.code}/queue`, { tracks: [library[0]] }, auth),
      await post(`/api/rooms/${roomB.code}/queue/playlist`, { playlistId: playlist.id }, auth),
      await post(`/api/rooms/${roomB.code}/playback`, { action: 'play' }, auth),
      await post(`/api/rooms/${roomB.code}/playlists`, { name: 'x', from: 'history' }, auth),
      await server.api(`/api/rooms/${roomB.code}`, { method: 'PATCH', json: { name: 'mine' }, headers: auth }),
      await server.api(`/api/rooms/${roomB.code}`, { method: 'DELETE', headers: auth }),
    ];
    expect(attempts.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(attempts.every((r) => typeof r.body.error.message === 'string')).toBe(true);
    expect((await server.api(`/api/rooms/${roomB.code}/queue`)).body.upNext).toEqual([]);
    expect((await server.api(`/api/rooms/${roomB.code}`)).body.name).toBe('B');
    // The same token works in its own room.
    expect((await post(`/api/rooms/${roomA.code}/queue`, { tracks: [library[0]] }, auth)).status).toBe(201);
  });

  it('a guest who signs up keeps their membership, and the entries they added are still theirs', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const guest = await joinAsGuest(room.code, 'Robin');
    const [mine] = (await post(`/api/rooms/${room.code}/queue`, { tracks: [library[1]] }, bearer(guest.token))).body.entries;
    const [hosts] = (await post(`/api/rooms/${room.code}/queue`, { tracks: [library[2]] }, host.auth)).body.entries;
    // Only their own entries may they move or remove.
    await server.api(`/api/rooms/${room.code}/members/${guest.id}`, { method: 'PATCH', json: { manage: false }, headers: host.auth });

    const reg = await post('/api/auth/register', { email: 'robin@example.test', username: 'robin', password: 'password123', guestToken: guest.token });
    expect(reg.status).toBe(201);
    const member = await server.deps.db.roomMember.findUniqueOrThrow({ where: { id: guest.id } });
    expect(member.userId).toBe(reg.body.user.id);
    const q = (await server.api(`/api/rooms/${room.code}/queue`)).body;
    const entry = q.upNext.find((e: any) => e.id === mine.id);
    expect(entry).toMatchObject({ addedBy: guest.id, addedByName: 'Robin' });
    expect((await server.deps.db.roomMember.findUniqueOrThrow({ where: { id: entry.addedBy } })).userId).toBe(reg.body.user.id);
    expect((await server.api('/api/rooms', { headers: bearer(reg.body.token) })).body.map((r: any) => r.code)).toEqual([room.code]);

    const c = connect(server, room.code, reg.body.token);
    clients.push(c);
    await c.synced;
    removeEntry(c.doc, mine.id);
    const serverDoc = () => server.deps.hocuspocus.documents.get(roomDocName(room.code))!;
    await eventually(() => expect(readQueue(serverDoc()).map((e) => e.id)).toEqual([hosts.id]));
    removeEntry(c.doc, hosts.id);
    await eventually(() => expect(c.stateless.find((m) => m.type === 'undone')?.message).toMatch(/only move or remove songs you added/));
    expect(readQueue(serverDoc()).map((e) => e.id)).toEqual([hosts.id]);
    await eventually(() => expect(readQueue(c.doc).map((e) => e.id)).toEqual([hosts.id]));
  });
});
