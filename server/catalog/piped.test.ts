// Discovery through Piped: every endpoint's Redis key and TTL, cache hits without upstream requests,
// single-flight, stale serving, track lookup and stream choice — against a Piped-shaped HTTP server.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPipedServer, type PipedServer } from '../../test/piped-server.ts';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { collectionKey, playableKey, recommendationsKey, searchKey, streamKey, trendingKey } from './catalog.ts';

let piped: PipedServer;
let server: TestServer;
const ttl = (key: string) => server.deps.redis!.ttl(key);

beforeAll(async () => {
  piped = await startPipedServer();
  server = await startTestServer({ PIPED_API_URL: piped.url });
});
afterAll(async () => { await server?.stop(); await piped?.close(); });
beforeEach(() => piped.reset());

describe('search', () => {
  it('normalises the query into search:{query} for an hour and answers the second call from Redis', async () => {
    const first = await server.api('/api/search?q=%20%20Lanterns%20%20%20Wren ');
    expect(first.status).toBe(200);
    expect(first.headers.get('x-jamroom-cache')).toBe('miss');
    expect(first.body.tracks.map((t: any) => t.videoId)).toEqual(['Abcccccccc1', 'Abcccccccc2', 'Abcccccccc3', 'Abcccccccc4']);
    expect(first.body.tracks[0].artist).toBe('Wren Hollow');
    expect(piped.requests).toEqual(['/search?q=lanterns%20wren&filter=music_songs']);
    const left = await ttl('search:lanterns wren');
    expect(left).toBeGreaterThan(3590);
    expect(left).toBeLessThanOrEqual(3600);

    const second = await server.api('/api/search?q=lanterns  WREN');
    expect(second.headers.get('x-jamroom-cache')).toBe('hit');
    expect(second.body).toEqual(first.body);
    expect(piped.count('/search')).toBe(1);
  });

  it('sends a hit as the stored JSON text, byte for byte, and wraps it where the answer is an object', async () => {
    const stored = '{"tracks": [],  "collections": [], "nextPage": "é"}';
    await server.deps.redis!.set('search:stored text', stored, 'EX', 60);
    const res = await fetch(`${server.url}/api/search?q=stored%20text`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-jamroom-cache')).toBe('hit');
    expect(await res.text()).toBe(stored);

    await server.deps.redis!.set('suggestions:stored', '["a", "b"]', 'EX', 60);
    const suggestions = await fetch(`${server.url}/api/search/suggestions?q=stored`);
    expect(await suggestions.text()).toBe('{"suggestions":["a", "b"]}');
    expect(piped.total()).toBe(0);
  });

  it('keys another filter under searchx:{filter}:first:{query} and returns collections', async () => {
    const res = await server.api('/api/search?q=lanterns&filter=music_albums');
    expect(res.status).toBe(200);
    expect(res.body.collections).toEqual([expect.objectContaining({ kind: 'album', id: 'OLAK5uy_sample01' })]);
    expect(await ttl('searchx:music_albums:first:lanterns')).toBeGreaterThan(3590);
    expect(piped.requests[0]).toContain('filter=music_albums');
  });

  it('never lets query text name another filter\'s or page\'s entry', async () => {
    const pageHash = createHash('sha1').update('TOKEN1').digest('hex').slice(0, 16);
    const planted = [`harbour|music_albums`, `harbour|page:${pageHash}`, `harbour|music_albums|page:${pageHash}`];
    for (const q of planted) expect((await server.api(`/api/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
    expect(piped.count('/search')).toBe(3);

    const albums = await server.api('/api/search?q=harbour&filter=music_albums');
    expect(albums.headers.get('x-jamroom-cache')).toBe('miss');
    expect(albums.body.collections).toEqual([expect.objectContaining({ kind: 'album' })]);
    for (const path of ['/api/search?q=harbour&page=TOKEN1', '/api/search?q=harbour&filter=music_albums&page=TOKEN1']) {
      expect((await server.api(path)).headers.get('x-jamroom-cache')).toBe('miss');
    }
    expect(piped.count('/search') + piped.count('/nextpage/search')).toBe(6);
    expect(await ttl(`searchx:music_albums:${pageHash}:harbour`)).toBeGreaterThan(3590);
    // A default-filter query shaped like a filtered key stays in its own entry.
    await server.api(`/api/search?q=${encodeURIComponent(`x:music_albums:first:harbour`)}`);
    expect(await ttl('search:x:music_albums:first:harbour')).toBeGreaterThan(3590);
  });

  it('opens an album from the results with its tracks, cached for an hour', async () => {
    const res = await server.api('/api/collections/OLAK5uy_sample01');
    expect(res.body.collection).toMatchObject({ kind: 'album', name: 'Night Songs', artist: 'Wren Hollow', trackCount: 4 });
    expect(res.body.tracks.map((t: any) => t.title)).toEqual(['Lanterns', 'Harbour Song', 'Northbound', 'Ember']);
    expect(res.body.tracks.every((t: any) => t.album === 'Night Songs')).toBe(true);
    expect(piped.requests).toEqual(['/playlists/OLAK5uy_sample01']);
    expect(await ttl('collection:OLAK5uy_sample01')).toBeGreaterThan(3590);
    expect((await server.api('/api/collections/UCnothingnothingnothing1')).status).toBe(404);
    expect((await server.api('/api/collections/bad%20id')).status).toBe(422);
  });

  it('refuses a missing query or unknown filter with 422', async () => {
    expect((await server.api('/api/search?q=%20')).body.error.code).toBe('validation_failed');
    expect((await server.api('/api/search?q=x&filter=everything')).status).toBe(422);
    expect(piped.total()).toBe(0);
  });

  it('makes one upstream call for 50 concurrent misses of one key', async () => {
    piped.delayMs = 150;
    const all = await Promise.all(Array.from({ length: 50 }, () => server.api('/api/search?q=concurrent')));
    expect(all.every((r) => r.status === 200 && r.body.tracks.length === 4)).toBe(true);
    expect(piped.count('/search')).toBe(1);
  });

  it('serves the stale copy, flagged, when the entry expired and the refresh fails', async () => {
    const fresh = await server.api('/api/search?q=stale test');
    expect(await ttl('stale:search:stale test')).toBeGreaterThan(86000);
    await server.deps.redis!.del('search:stale test'); // as if the hour had passed
    piped.setMode('fail');
    const stale = await server.api('/api/search?q=stale test');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-jamroom-stale')).toBe('1');
    expect(stale.body).toEqual(fresh.body);
    expect(piped.count('/search')).toBe(2);

    const none = await server.api('/api/search?q=never cached');
    expect(none.status).toBe(502);
    expect(none.body.error.code).toBe('upstream_unavailable');
  });
});

describe('suggestions, trending, home', () => {
  it('caches suggestions for ten minutes', async () => {
    const res = await server.api('/api/search/suggestions?q=Lan');
    expect(res.body).toEqual({ suggestions: ['lanterns', 'lanterns wren hollow', 'lanterns acoustic', 'lanterns lyrics'] });
    expect(piped.requests).toEqual(['/suggestions?query=lan']);
    const left = await ttl('suggestions:lan');
    expect(left).toBeGreaterThan(590);
    expect(left).toBeLessThanOrEqual(600);
  });

  it('caches trending for two hours under trending, another region under trending:{region}', async () => {
    const res = await server.api('/api/trending');
    expect(res.body.tracks.map((t: any) => t.title)).toEqual(['Satellite Heart', 'Paper Planes Again', 'Undertow']);
    expect(piped.requests).toEqual(['/trending?region=US']);
    const left = await ttl('trending');
    expect(left).toBeGreaterThan(7190);
    expect(left).toBeLessThanOrEqual(7200);
    await server.api('/api/trending');
    expect(piped.count('/trending')).toBe(1);

    piped.respond('/trending', 500, { error: 'ParsingException', message: 'Could not get trending' });
    const gb = await server.api('/api/trending?region=gb');
    expect(gb.status).toBe(200);
    expect(gb.body.tracks.length).toBeGreaterThan(0); // built from chart-like searches instead
    expect(piped.count('/search')).toBe(2);
    expect(await ttl('trending:GB')).toBeGreaterThan(7190);
    expect((await server.api('/api/trending?region=nowhere')).status).toBe(422);
  });

  it('keeps home shelves in home:shelves for an hour, no song on two shelves', async () => {
    const res = await server.api('/api/home');
    expect(res.status).toBe(200);
    // Every fixed search answers the same recorded page here: Chill, Focus and Workout would only repeat
    // New releases, so they are left out.
    expect(res.body.shelves.map((s: any) => s.id)).toEqual(['trending', 'new-releases']);
    expect(res.body.shelves.every((s: any) => s.tracks.length > 0)).toBe(true);
    const ids = res.body.shelves.flatMap((s: any) => s.tracks.map((t: any) => t.videoId));
    expect(new Set(ids).size).toBe(ids.length);
    const left = await ttl('home:shelves');
    expect(left).toBeGreaterThan(3590);
    expect(left).toBeLessThanOrEqual(3600);
    const calls = piped.total();
    expect((await server.api('/api/home')).headers.get('x-jamroom-cache')).toBe('hit');
    expect(piped.total()).toBe(calls);
  });
});

describe('tracks', () => {
  it('looks a track up once, stores it, then answers from the Track table', async () => {
    const res = await server.api('/api/tracks/Abcccccccc1');
    expect(res.body).toEqual({
      videoId: 'Abcccccccc1', title: 'Lanterns', artist: 'Wren Hollow', album: 'Night Songs',
      thumbnailUrl: 'https://proxy.piped.example/vi/Abccccccccc1/maxresdefault.jpg', durationS: 180,
    });
    expect(await server.deps.db.track.findUnique({ where: { pipedId: 'Abcccccccc1' } })).toMatchObject({ title: 'Lanterns', duration: 180 });
    expect((await server.api('/api/tracks/Abcccccccc1')).body.title).toBe('Lanterns');
    expect(piped.count('/streams/Abcccccccc1')).toBe(1);
  });

  it('answers 404 for a video Piped calls unavailable and 422 for a malformed id', async () => {
    const missing = await server.api('/api/tracks/missing0000');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    expect((await server.api('/api/tracks/not..an..id')).status).toBe(422);
  });

  it('caches smart recommendations under recommendations:{id}:v2, never with the seed', async () => {
    const res = await server.api('/api/tracks/Abcccccccc1/recommendations');
    expect(res.body.tracks.map((t: any) => t.title)).toEqual(['Harbour Song', 'Northbound', 'Porch Light', 'Slow Return', 'Field Notes', 'Undertow', 'Little Lanterns']);
    expect(res.body.tracks.some((t: any) => t.videoId === 'Abcccccccc1')).toBe(false);
    const left = await ttl('recommendations:Abcccccccc1:v2');
    expect(left).toBeGreaterThan(3590);
    expect(left).toBeLessThanOrEqual(3600);
    const calls = piped.total();
    const limited = await server.api('/api/tracks/Abcccccccc1/recommendations?limit=3');
    expect(limited.body.tracks).toHaveLength(3);
    expect(piped.total()).toBe(calls);
    expect((await server.api('/api/tracks/missing0001/recommendations')).status).toBe(404);
  });

  it('redirects to the best audio-only stream: opus first, m4a on request', async () => {
    const res = await fetch(`${server.url}/api/tracks/Abcccccccc2/stream`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://proxy.piped.example/videoplayback?itag=251&id=sample');
    const m4a = await fetch(`${server.url}/api/tracks/Abcccccccc2/stream?format=m4a`, { redirect: 'manual' });
    expect(m4a.headers.get('location')).toContain('itag=140');
    expect(await server.deps.catalog.playable('Abcccccccc2')).toBe(true);
    expect(await server.deps.catalog.playable('missing0002')).toBe(false);
    expect(await ttl('playable:missing0002')).toBeGreaterThan(0);
  });
});

describe('cache keys', () => {
  it('keep the seed\'s shapes and give user text no separator to reach another key with', () => {
    expect(searchKey('  Lanterns   WREN ')).toBe('search:lanterns wren');
    expect(searchKey('lanterns', 'music_songs')).toBe('search:lanterns');
    expect(trendingKey()).toBe('trending');
    expect(trendingKey('GB')).toBe('trending:GB');
    expect(recommendationsKey('Abcccccccc1')).toBe('recommendations:Abcccccccc1:v2');
    expect(playableKey('local-00000000deadbeef')).toBe('playable:local-00000000deadbeef');
    expect(searchKey('a:b|c', 'music_albums')).toBe('searchx:music_albums:first:a%3Ab%7Cc');
    expect(searchKey('lanterns', 'music_songs', 'TOKEN1')).toMatch(/^searchx:music_songs:[0-9a-f]{16}:lanterns$/);
    expect(streamKey('Abcccccccc1:m4a', false)).not.toBe(streamKey('Abcccccccc1', true));
    expect(recommendationsKey('a:v2:b')).toBe('recommendations:a%3Av2%3Ab:v2');
    expect(collectionKey('a:b')).toBe('collection:a%3Ab');
  });
});
