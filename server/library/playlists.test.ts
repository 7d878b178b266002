// Playlists through a real server and database, including random edits checked against a plain array.
import { generateNKeysBetween } from 'fractional-indexing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PLAYLISTS_PER_USER, MAX_PLAYLIST_TRACKS } from '../../shared/api/library.ts';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { registerUser, type TestUser } from '../auth/test-users.ts';
import { upsertTrack } from '../catalog/track-store.ts';
import { createPlaylistFromTracks } from './playlists.ts';
import { testTrack } from './test-tracks.ts';

let server: TestServer;
let owner: TestUser;
let other: TestUser;
beforeAll(async () => {
  server = await startTestServer({ AUTH_RATE_LIMIT: '1000' });
  [owner, other] = [await registerUser(server), await registerUser(server)];
});
afterAll(() => server.stop());

type Init = { json?: unknown; method?: string };
const call = (u: TestUser, path: string, init: Init = {}) => server.api(`/api/library${path}`, { ...init, headers: u.bearer });
async function create(u: TestUser, json: unknown = { name: 'Road trip' }): Promise<string> {
  const res = await call(u, '/playlists', { method: 'POST', json });
  expect(res.status).toBe(201);
  return res.body.playlist.id;
}
async function entryIds(u: TestUser, id: string): Promise<string[]> {
  const res = await call(u, `/playlists/${id}`);
  expect(res.status).toBe(200);
  return res.body.playlist.tracks.map((e: { entryId: string }) => e.entryId);
}

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seededRandom(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('playlists', () => {
  it('creates, renames, lists with track count and cover, and deletes', async () => {
    const u = await registerUser(server);
    const id = await create(u, { name: ' Mix ', tracks: [testTrack(1), testTrack(2)] });
    const renamed = await call(u, `/playlists/${id}`, { method: 'PATCH', json: { name: 'Summer mix', isPublic: true } });
    expect(renamed.body.playlist).toMatchObject({ id, name: 'Summer mix', isPublic: true, trackCount: 2, coverUrl: testTrack(1).thumbnailUrl });
    await create(u, { name: 'Empty' });
    const list = await call(u, '/playlists');
    expect(list.body.playlists.map((p: { name: string }) => p.name)).toEqual(['Empty', 'Summer mix']);
    expect(list.body.playlists[0]).toMatchObject({ trackCount: 0, coverUrl: null });
    expect((await call(u, `/playlists/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(u, `/playlists/${id}`)).status).toBe(404);
    expect(await server.deps.db.playlistTrack.count({ where: { playlistId: id } })).toBe(0);
  });

  it('adds at the end and at a position, allows duplicates, removes one entry, and never duplicates a Track', async () => {
    const id = await create(owner);
    const [a, b, c] = [testTrack(11), testTrack(12), testTrack(13)];
    const added = await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [a, b, a] } });
    expect(added.status).toBe(201);
    expect(added.body.entries.map((e: { track: { videoId: string } }) => e.track.videoId)).toEqual([a.videoId, b.videoId, a.videoId]);
    await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [c], index: 1 } });
    const detail = (await call(owner, `/playlists/${id}`)).body.playlist;
    expect(detail.tracks.map((e: { track: { videoId: string } }) => e.track.videoId)).toEqual([a.videoId, c.videoId, b.videoId, a.videoId]);
    expect(detail.owner).toEqual({ id: owner.id, username: owner.username });
    expect(await server.deps.db.track.count({ where: { pipedId: a.videoId } })).toBe(1);

    expect((await call(owner, `/playlists/${id}/tracks/${detail.tracks[0].entryId}`, { method: 'DELETE' })).status).toBe(204);
    expect(await entryIds(owner, id)).toEqual(detail.tracks.slice(1).map((e: { entryId: string }) => e.entryId));
    expect((await call(owner, `/playlists/${id}/tracks/${detail.tracks[0].entryId}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('keeps exactly the order a reference array predicts after many random adds, moves and removes', async () => {
    const seed = Number(process.env.PLAYLIST_SEED ?? 20261125);
    const random = seededRandom(seed);
    const pick = (n: number) => Math.floor(random() * n);
    const id = await create(owner, { name: `random ${seed}` });
    const model: string[] = [];
    for (let step = 0; step < 160; step++) {
      const op = model.length < 3 ? 0 : pick(3);
      if (op === 0) {
        const count = 1 + pick(3);
        const index = random() < 0.3 ? undefined : pick(model.length + 2);
        const tracks = Array.from({ length: count }, () => testTrack(pick(20)));
        const res = await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks, index } });
        expect(res.status).toBe(201);
        model.splice(Math.min(index ?? model.length, model.length), 0, ...res.body.entries.map((e: { entryId: string }) => e.entryId));
      } else if (op === 1) {
        const from = pick(model.length);
        const to = pick(model.length + 1);
        const res = await call(owner, `/playlists/${id}/tracks/${model[from]}`, { method: 'PATCH', json: { index: to } });
        expect(res.status).toBe(200);
        const [moved] = model.splice(from, 1);
        model.splice(Math.min(to, model.length), 0, moved);
      } else {
        const [removed] = model.splice(pick(model.length), 1);
        expect((await call(owner, `/playlists/${id}/tracks/${removed}`, { method: 'DELETE' })).status).toBe(204);
      }
      if (step % 20 === 19) expect(await entryIds(owner, id), `seed ${seed}, step ${step}`).toEqual(model);
    }
    expect(await entryIds(owner, id), `seed ${seed}`).toEqual(model);
  });

  it('a move rewrites only the moved entry', async () => {
    const id = await create(owner, { name: 'moves', tracks: [1, 2, 3, 4, 5].map(testTrack) });
    const before = await server.deps.db.playlistTrack.findMany({ where: { playlistId: id }, select: { id: true, position: true } });
    const ids = await entryIds(owner, id);
    await call(owner, `/playlists/${id}/tracks/${ids[4]}`, { method: 'PATCH', json: { index: 1 } });
    const after = await server.deps.db.playlistTrack.findMany({ where: { playlistId: id }, select: { id: true, position: true } });
    const changed = after.filter((r) => before.find((b) => b.id === r.id)?.position !== r.position).map((r) => r.id);
    expect(changed).toEqual([ids[4]]);
    expect(await entryIds(owner, id)).toEqual([ids[0], ids[4], ids[1], ids[2], ids[3]]);
  });

  it('keeps another user\'s private playlist invisible (404) and a public one read-only (403)', async () => {
    const id = await create(owner, { name: 'secret', tracks: [testTrack(1)] });
    const [entry] = await entryIds(owner, id);
    expect((await call(other, `/playlists/${id}`)).status).toBe(404);
    expect((await call(other, '/playlists')).body.playlists).toEqual([]);
    expect((await call(other, `/playlists/${id}`, { method: 'PATCH', json: { name: 'mine' } })).status).toBe(404);
    expect((await call(other, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [testTrack(2)] } })).status).toBe(404);
    expect((await call(other, `/playlists/${id}/tracks/${entry}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(other, `/playlists/${id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await call(owner, `/playlists/${id}`)).body.playlist).toMatchObject({ name: 'secret', trackCount: 1 });

    await call(owner, `/playlists/${id}`, { method: 'PATCH', json: { isPublic: true } });
    expect((await call(other, `/playlists/${id}`)).body.playlist).toMatchObject({ name: 'secret', isPublic: true });
    expect((await call(other, `/playlists/${id}`, { method: 'DELETE' })).status).toBe(403);
    expect((await call(owner, `/playlists/${id}`)).status).toBe(200);
  });

  it('answers 404 for ids that are not ids, and 422 for bad bodies', async () => {
    expect((await call(owner, '/playlists/not-a-uuid')).status).toBe(404);
    expect((await call(owner, '/playlists', { method: 'POST', json: { name: '' } })).status).toBe(422);
    expect((await call(owner, '/playlists', { method: 'POST', json: { name: 'x'.repeat(101) } })).status).toBe(422);
    const id = await create(owner);
    expect((await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [] } })).status).toBe(422);
    expect((await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [testTrack(1)], index: -1 } })).status).toBe(422);
  });

  it(`refuses more than ${MAX_PLAYLIST_TRACKS} tracks in a playlist with 422`, async () => {
    const id = await create(owner, { name: 'huge' });
    const trackId = await upsertTrack(server.deps.db, testTrack(1));
    const keys = generateNKeysBetween(null, null, MAX_PLAYLIST_TRACKS - 1);
    await server.deps.db.playlistTrack.createMany({ data: keys.map((position) => ({ playlistId: id, trackId, position })) });
    const over = await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [testTrack(2), testTrack(3)] } });
    expect(over.status).toBe(422);
    expect(over.body.error.message).toContain(String(MAX_PLAYLIST_TRACKS));
    expect((await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [testTrack(2)] } })).status).toBe(201);
    expect((await call(owner, `/playlists/${id}/tracks`, { method: 'POST', json: { tracks: [testTrack(3)] } })).status).toBe(422);
    expect(await server.deps.db.playlistTrack.count({ where: { playlistId: id } })).toBe(MAX_PLAYLIST_TRACKS);
  });

  it(`refuses more than ${MAX_PLAYLISTS_PER_USER} playlists a user with 422`, async () => {
    const u = await registerUser(server);
    await server.deps.db.playlist.createMany({ data: Array.from({ length: MAX_PLAYLISTS_PER_USER }, (_, i) => ({ userId: u.id, name: `p${i}` })) });
    const res = await call(u, '/playlists', { method: 'POST', json: { name: 'one more' } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain(String(MAX_PLAYLISTS_PER_USER));
  });

  it('createPlaylistFromTracks keeps order and who added each track (for saving a room\'s history)', async () => {
    const saved = await createPlaylistFromTracks(server.deps, owner.id, 'From the room', [
      { track: testTrack(31), addedBy: 'ada' }, { track: testTrack(32), addedBy: null }, { track: testTrack(31), addedBy: 'guest Bob' },
    ]);
    expect(saved).toMatchObject({ name: 'From the room', trackCount: 3, coverUrl: testTrack(31).thumbnailUrl });
    const detail = (await call(owner, `/playlists/${saved.id}`)).body.playlist;
    expect(detail.tracks.map((e: { track: { videoId: string }; addedBy: string | null }) => [e.track.videoId, e.addedBy])).toEqual([
      [testTrack(31).videoId, 'ada'], [testTrack(32).videoId, null], [testTrack(31).videoId, 'guest Bob'],
    ]);
  });
});
