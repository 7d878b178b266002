// The local library: the generated demo decodes back with its tags, search/recommendations/trending on
// it, re-scan on change, and audio served with HTTP Range support.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseFile } from 'music-metadata';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../../test/helpers.ts';
import { hashToken, newToken } from '../../auth/tokens.ts';
import { upsertTrack } from '../track-store.ts';
import { DEMO_TRACKS, encodeWav, ensureDemoLibrary } from './demo.ts';
import { localId } from './library.ts';
import { renderSong } from './synth.ts';

let dir: string;
let server: TestServer;
const first = DEMO_TRACKS[0]!;
const firstId = localId(first.file);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-music-'));
  await ensureDemoLibrary(dir);
  server = await startTestServer({ MUSIC_DIR: dir, PIPED_API_URL: '' });
});
afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

function expectNoSongTwice(shelves: Array<{ title: string; tracks: Array<{ videoId: string; title: string }> }>) {
  const seen = new Map<string, string>();
  for (const shelf of shelves) {
    for (const t of shelf.tracks) {
      expect(seen.get(t.videoId), `${t.title} on "${shelf.title}" and "${seen.get(t.videoId)}"`).toBeUndefined();
      seen.set(t.videoId, shelf.title);
    }
  }
}

/** The PCM samples of a 16-bit WAV, found by walking its chunks. */
function pcmOf(wav: Buffer): Int16Array {
  for (let at = 12; at + 8 <= wav.length;) {
    const size = wav.readUInt32LE(at + 4);
    if (wav.toString('ascii', at, at + 4) === 'data') return new Int16Array(wav.buffer.slice(wav.byteOffset + at + 8, wav.byteOffset + at + 8 + size));
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

describe('demo library', () => {
  it('decodes back with its tags, as sound', async () => {
    for (const t of DEMO_TRACKS) {
      const file = path.join(dir, t.file);
      const { common, format } = await parseFile(file);
      expect(common).toMatchObject({ title: t.title, artist: t.artist, album: t.album, genre: [t.genre] });
      expect(format.container).toBe('WAVE');
      expect(format.duration).toBeGreaterThan(20);
      expect(format.duration).toBeLessThan(40);
      const pcm = pcmOf(await readFile(file));
      const middle = pcm.subarray(pcm.length / 2, pcm.length / 2 + 22050);
      const rms = Math.sqrt(middle.reduce((s, v) => s + v * v, 0) / middle.length);
      expect(rms).toBeGreaterThan(1000); // audible, not silence
      expect(Math.max(...middle.map(Math.abs))).toBeLessThan(32767); // not clipped
      expect(Math.abs(pcm[0]!)).toBeLessThan(200); // fades in
    }
    expect(new Set(DEMO_TRACKS.map((t) => `${t.plan.rootMidi}/${t.plan.bpm}/${t.plan.lead}`)).size).toBe(DEMO_TRACKS.length);
  });

  it('is not written into a folder that already has files', async () => {
    expect(await ensureDemoLibrary(dir)).toEqual([]);
  });
});

describe('catalog on the local folder', () => {
  it('gives tracks without embedded art a cover drawn from their album: one per album, different albums differ', async () => {
    const { tracks } = (await server.api('/api/search?q=a')).body as { tracks: Array<{ videoId: string; album: string; thumbnailUrl: string }> };
    const covers = new Map<string, Set<string>>();
    for (const t of tracks) {
      const res = await fetch(server.url + t.thumbnailUrl);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('image/svg+xml');
      const svg = await res.text();
      expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(svg).not.toMatch(/<script|on\w+=/i);
      covers.set(t.album, (covers.get(t.album) ?? new Set()).add(svg));
    }
    expect(covers.size).toBeGreaterThanOrEqual(3);
    for (const set of covers.values()) expect(set.size).toBe(1);
    expect(new Set([...covers.values()].map((s) => [...s][0])).size).toBe(covers.size);
    expect((await fetch(`${server.url}/api/tracks/local-0000000000000000/cover`)).status).toBe(404);
  });

  it('finds tracks by artist with their tags and stable ids', async () => {
    const res = await server.api('/api/search?q=WREN  hollow');
    expect(res.status).toBe(200);
    expect(res.body.tracks.map((t: any) => t.title).sort()).toEqual(['Morning Lanterns', 'Paper Boats']);
    const t = res.body.tracks.find((x: any) => x.title === 'Morning Lanterns');
    expect(t).toMatchObject({ videoId: firstId, artist: 'Wren Hollow', album: 'Paper Lanterns', thumbnailUrl: `/api/tracks/${firstId}/cover` });
    expect(t.videoId).toMatch(/^local-[a-f0-9]{16}$/);
    expect(t.durationS).toBeGreaterThanOrEqual(20);
    expect(await server.deps.redis!.ttl('search:wren hollow')).toBeGreaterThan(3590);
    const albums = await server.api('/api/search?q=paper&filter=music_albums');
    expect(albums.body.collections).toEqual([expect.objectContaining({ kind: 'album', name: 'Paper Lanterns', trackCount: 2 })]);
    const album = await server.api(`/api/collections/${albums.body.collections[0].id}`);
    expect(album.body.tracks.map((x: any) => x.title)).toEqual(['Morning Lanterns', 'Paper Boats']);
    expect((await server.api('/api/search/suggestions?q=ne')).body.suggestions).toContain('Neon Drift');
  });

  it('looks a track up and stores it in the Track table; unknown ids are 404', async () => {
    expect((await server.api(`/api/tracks/${firstId}`)).body).toMatchObject({ title: 'Morning Lanterns', artist: 'Wren Hollow' });
    expect(await server.deps.db.track.findUnique({ where: { pipedId: firstId } })).toMatchObject({ title: 'Morning Lanterns' });
    expect((await server.api('/api/tracks/local-0000000000000000')).status).toBe(404);
    expect((await server.api('/api/tracks/local-0000000000000000/stream')).status).toBe(404);
  });

  it('recommends same artist first, then the rest, never the seed', async () => {
    const res = await server.api(`/api/tracks/${firstId}/recommendations`);
    const titles = res.body.tracks.map((t: any) => t.title);
    expect(titles[0]).toBe('Paper Boats');
    expect(titles).toHaveLength(DEMO_TRACKS.length - 1);
    expect(res.body.tracks.some((t: any) => t.videoId === firstId)).toBe(false);
    expect(await server.deps.redis!.ttl(`recommendations:${firstId}:v2`)).toBeGreaterThan(3590);
  });

  it('always has trending, and home shelves that never show a song twice', async () => {
    const trending = await server.api('/api/trending');
    expect(trending.body.tracks).toHaveLength(DEMO_TRACKS.length);
    expect(await server.deps.redis!.ttl('trending')).toBeGreaterThan(7190);
    const home = await server.api('/api/home');
    // Six songs: trending shows them all, so the genre shelves and "New in your library" would only repeat it.
    expect(home.body.shelves.map((s: any) => s.id)).toEqual(['trending']);
    expect(home.body.shelves[0].tracks).toHaveLength(DEMO_TRACKS.length);
    expectNoSongTwice(home.body.shelves);
    expect(await server.deps.redis!.ttl('home:shelves')).toBeGreaterThan(3590);
  });

  it('puts what was played lately first in trending, and personal shelves only in a user\'s own answer', async () => {
    const { db } = server.deps;
    const user = await db.user.create({ data: { email: 'ana@example.org', username: 'ana', password: 'x' } });
    const token = newToken('s');
    await db.session.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 86400_000) } });
    const room = await db.room.create({ data: { code: 'TREND1', name: 'r', hostId: user.id, members: { create: { userId: user.id } } } });
    const slowOrbit = (await server.api('/api/search?q=slow orbit')).body.tracks[0];
    const trackId = await upsertTrack(db, slowOrbit);
    // "Lately" is when a track was played, not when it was queued: Slow Orbit was queued long ago and played
    // just now; Porch Light, queued more often and recently, was played three weeks ago.
    const daysAgo = (d: number) => new Date(Date.now() - d * 86400_000);
    await db.roomQueue.createMany({ data: [0, 1].map((order) => ({ id: randomUUID(), roomId: room.id, trackId, order, isPlayed: true, addedAt: daysAgo(30), playedAt: daysAgo(0) })) });
    const porchLight = await upsertTrack(db, (await server.api('/api/search?q=porch light')).body.tracks[0]);
    await db.roomQueue.createMany({ data: [2, 3, 4].map((order) => ({ id: randomUUID(), roomId: room.id, trackId: porchLight, order, isPlayed: true, addedAt: daysAgo(0), playedAt: daysAgo(21) })) });
    await db.likedTrack.create({ data: { userId: user.id, trackId } });

    expect((await server.api('/api/trending?region=DE')).body.tracks[0].title).toBe('Slow Orbit');
    const own = await server.api('/api/home', { headers: { authorization: `Bearer ${token}` } });
    expect(own.body.shelves[0]).toMatchObject({ id: 'recently-played', tracks: [expect.objectContaining({ title: 'Slow Orbit' }), expect.objectContaining({ title: 'Porch Light' })] });
    expect(own.body.shelves[1]).toMatchObject({ id: 'because-you-liked', title: 'Because you liked Slow Orbit' });
    // What was just played is not recommended again, nor shown again under trending.
    expectNoSongTwice(own.body.shelves);
    expect(own.body.shelves[1].tracks.map((t: any) => t.title)).not.toContain('Porch Light');
    expect(own.headers.get('cache-control')).toBe('private, no-store');
    const shared = await server.deps.redis!.get('home:shelves');
    expect(shared).not.toContain('recently-played');
    expect(shared).not.toContain('because-you-liked');
    expect((await server.api('/api/home')).body.shelves[0].id).toBe('trending');
  });

  it('picks up a file added later', async () => {
    await mkdir(path.join(dir, 'new'), { recursive: true });
    const tags = { title: 'Glasshouse', artist: 'Fern Avenue', album: 'Windows', genre: 'Pop', trackNo: 1 };
    await writeFile(path.join(dir, 'new', 'glasshouse.wav'), encodeWav(renderSong({ ...DEMO_TRACKS[1]!.plan, seconds: 8 }), tags));
    const id = localId(path.join('new', 'glasshouse.wav'));
    await eventually(async () => expect((await server.api(`/api/tracks/${id}`)).status).toBe(200), 15_000, 100);
    expect((await server.api('/api/search?q=glasshouse')).body.tracks[0]).toMatchObject({ videoId: id, artist: 'Fern Avenue' });
  });
});

describe('audio with Range requests', () => {
  let file: Buffer;
  let size: number;
  const stream = (range?: string) => fetch(`${server.url}/api/tracks/${firstId}/stream`, { headers: range ? { range } : {} });
  beforeAll(async () => {
    file = await readFile(path.join(dir, first.file));
    size = (await stat(path.join(dir, first.file))).size;
  });

  it('serves the whole file with its type and length', async () => {
    const res = await stream();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('content-length')).toBe(String(size));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(file)).toBe(true);
    const head = await fetch(`${server.url}/api/tracks/${firstId}/stream`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(size));
  });

  it.each([
    ['bytes=0-0', 0, 0],
    ['bytes=1000-1999', 1000, 1999],
    ['bytes=-500', -500, -1],
    ['bytes=200000-', 200000, -1],
  ])('answers %s with 206 and exactly those bytes', async (range, from, to) => {
    const start = from < 0 ? size + from : from;
    const end = to < 0 ? size - 1 : to;
    const res = await stream(range);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
    expect(res.headers.get('content-length')).toBe(String(end - start + 1));
    expect(Buffer.from(await res.arrayBuffer()).equals(file.subarray(start, end + 1))).toBe(true);
  });

  it.each([`bytes=${10 ** 9}-`, 'bytes=500-100', 'bytes=abc'])('answers %s with 416 and the size', async (range) => {
    const res = await stream(range);
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
  });
});

describe('first scan', () => {
  it('answers every request that arrives during the first scan from the full folder, not an empty index', async () => {
    const { LocalLibrary } = await import('./library.ts');
    const { createLogger } = await import('../../log.ts');
    const fresh = await mkdtemp(path.join(os.tmpdir(), 'jamroom-first-scan-'));
    await ensureDemoLibrary(fresh);
    const library = new LocalLibrary(fresh, createLogger('silent'));
    try {
      const answers = await Promise.all([library.all(), library.all(), library.get(firstId)]);
      expect(answers[0]).toHaveLength(DEMO_TRACKS.length);
      expect(answers[1]).toHaveLength(DEMO_TRACKS.length);
      expect(answers[2]?.track.title).toBe(first.title);
    } finally {
      await library.close();
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
