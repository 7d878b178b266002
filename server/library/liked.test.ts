// Liked Songs through a real server and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { registerUser, type TestUser } from '../auth/test-users.ts';
import { testTrack } from './test-tracks.ts';

let server: TestServer;
let user: TestUser;
beforeAll(async () => {
  server = await startTestServer({ AUTH_RATE_LIMIT: '1000' });
  user = await registerUser(server);
});
afterAll(() => server.stop());

const like = (u: TestUser, videoId: string, json?: unknown) =>
  server.api(`/api/library/liked/${videoId}`, { method: 'PUT', headers: u.bearer, ...(json === undefined ? {} : { json }) });
const unlike = (u: TestUser, videoId: string) => server.api(`/api/library/liked/${videoId}`, { method: 'DELETE', headers: u.bearer });
const get = (u: TestUser, path: string) => server.api(path, { headers: u.bearer });

describe('Liked Songs', () => {
  it('likes idempotently: a second like keeps the first time and adds no row or Track', async () => {
    const t = testTrack(1);
    const first = await like(user, t.videoId, t);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ track: t, likedAt: expect.any(String) });
    const again = await like(user, t.videoId, t);
    const withoutBody = await like(user, t.videoId);
    expect(again.body.likedAt).toBe(first.body.likedAt);
    expect(withoutBody.body).toEqual(first.body);
    expect(await server.deps.db.likedTrack.count({ where: { userId: user.id } })).toBe(1);
    expect(await server.deps.db.track.count({ where: { pipedId: t.videoId } })).toBe(1);
  });

  it('unlikes idempotently', async () => {
    const t = testTrack(2);
    await like(user, t.videoId, t);
    expect((await unlike(user, t.videoId)).status).toBe(204);
    expect((await unlike(user, t.videoId)).status).toBe(204);
    expect((await get(user, `/api/library/liked/ids?videoIds=${t.videoId}`)).body).toEqual({ likedIds: [] });
  });

  it('asks for metadata (422) when the track is unknown, and refuses a body naming another track', async () => {
    const before = await server.deps.db.track.count();
    const unknown = await like(user, 'unknownvid1');
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.message).toMatch(/metadata/);
    const mismatch = await like(user, 'unknownvid1', testTrack(3));
    expect(mismatch.status).toBe(422);
    expect(await server.deps.db.track.count()).toBe(before);
  });

  it('takes the id from the path: a metadata body need not repeat it', async () => {
    const { videoId, ...metadata } = testTrack(4);
    const res = await like(user, videoId, metadata);
    expect(res.status).toBe(200);
    expect(res.body.track).toEqual({ videoId, ...metadata });
    expect(await server.deps.db.track.findUnique({ where: { pipedId: videoId } })).toMatchObject({ title: metadata.title, duration: metadata.durationS });
    expect((await like(user, videoId, { ...metadata, title: '' })).status).toBe(422);
  });

  it('refuses bad ids and bad metadata with 422, writing nothing', async () => {
    const before = await server.deps.db.likedTrack.count();
    expect((await like(user, 'not-a-valid-id-at-all')).status).toBe(422);
    expect((await like(user, 'vid00000009', { ...testTrack(9), durationS: 'long' })).status).toBe(422);
    expect((await like(user, 'vid00000009', { ...testTrack(9), title: 'x'.repeat(501) })).status).toBe(422);
    expect((await get(user, '/api/library/liked/ids?videoIds=../../etc')).status).toBe(422);
    expect(await server.deps.db.likedTrack.count()).toBe(before);
  });

  it('lists newest first, page by page with a cursor, and answers "is it liked" for a set of ids', async () => {
    const u = await registerUser(server);
    const tracks = Array.from({ length: 7 }, (_, i) => testTrack(100 + i));
    for (const t of tracks) expect((await like(u, t.videoId, t)).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(u, `/api/library/liked?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i: { track: { videoId: string } }) => i.track.videoId));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(tracks.map((t) => t.videoId).reverse());

    const ids = await get(u, `/api/library/liked/ids?videoIds=${tracks[0].videoId},${testTrack(999).videoId},${tracks[6].videoId}`);
    expect(ids.body.likedIds.sort()).toEqual([tracks[0].videoId, tracks[6].videoId].sort());
    expect((await get(user, `/api/library/liked/ids?videoIds=${tracks[0].videoId}`)).body.likedIds).toEqual([]);
  });

  it('refuses a forged cursor with 400', async () => {
    const res = await get(user, '/api/library/liked?cursor=bm90LWEtY3Vyc29y');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('needs an account: 401 signed out', async () => {
    expect((await server.api('/api/library/liked')).status).toBe(401);
    expect((await server.api('/api/library/liked/vid00000001', { method: 'PUT' })).status).toBe(401);
  });
});

describe('Liked Songs from the catalog', () => {
  it('likes a local track by its id alone, with the metadata read from the file', async () => {
    const local = await startTestServerWithMusic();
    try {
      const owner = await registerUser(local);
      const first = (await local.api('/api/trending')).body.tracks[0];
      expect(await local.deps.db.track.count({ where: { pipedId: first.videoId } })).toBe(0);
      const res = await local.api(`/api/library/liked/${first.videoId}`, { method: 'PUT', headers: owner.bearer });
      expect(res.status).toBe(200);
      expect(res.body.track).toMatchObject({ videoId: first.videoId, title: first.title, artist: first.artist });
      const list = await local.api('/api/library/liked', { headers: owner.bearer });
      expect(list.body.items.map((i: { track: { title: string } }) => i.track.title)).toEqual([first.title]);
    } finally {
      await local.stop();
    }
  });
});
