// Tracks that cannot play: checked once when added (real catalog: a real local library, then a
// Piped-shaped server), flagged in the room document, and skipped at play time with a note to the room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addTracks, queueMap, readHistory, readPlayback, readQueue, roomDocName } from '../../shared/room-doc.ts';
import { fixtures, startPipedServer, type PipedServer } from '../../test/piped-server.ts';
import { eventually, startTestServer, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { roomSync } from './sync.ts';
import { connect, makeRoom, makeUser, type Client } from './test-kit.ts';

const GHOST = { videoId: 'local-00000000deadbeef', title: 'Ghost', artist: 'Nobody', durationS: 200 };
const command = (c: Client, cmd: object) => c.provider.sendStateless(JSON.stringify({ type: 'playback', command: cmd }));

async function openRoom(server: TestServer, clients: Client[]) {
  const host = await makeUser(server);
  const room = await makeRoom(server, host.token);
  const h = connect(server, room.code, host.token);
  clients.push(h);
  await h.synced;
  return { host, room, h, serverDoc: () => server.deps.hocuspocus.documents.get(roomDocName(room.code))! };
}

describe('with the local library', () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    server = await startTestServerWithMusic();
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('flags an entry whose track does not exist, and skips it with a note when it comes up', async () => {
    const { host, h, serverDoc } = await openRoom(server, clients);
    const real = (await server.api('/api/trending')).body.tracks[0];
    const [ghost, good] = addTracks(h.doc, [GHOST, real], { id: host.user.id, name: 'host' });
    // Every listener sees the flag, so the client can grey the entry out before it comes up.
    await eventually(() => expect(readQueue(h.doc).find((e) => e.id === ghost.id)?.unplayable).toBe(true));
    await eventually(async () => expect(await server.deps.cache.get(`playable:${real.videoId}`)).toBe(true));
    expect(readQueue(serverDoc()).find((e) => e.id === good.id)?.unplayable).toBeUndefined();
    expect(await server.deps.cache.get(`playable:${GHOST.videoId}`)).toBe(false);

    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(serverDoc())).toMatchObject({ entryId: good.id, status: 'playing' }));
    await eventually(() => expect(h.stateless).toContainEqual(expect.objectContaining({ type: 'note', entryId: ghost.id, videoId: GHOST.videoId })));
    expect(h.stateless.find((m) => m.type === 'note').message).toMatch(/Ghost.*could not be played/);
    // It never played: not in the queue and not in the history.
    expect(readQueue(serverDoc()).map((e) => e.id)).toEqual([good.id]);
    expect(readHistory(serverDoc())).toEqual([]);
  });

  it('a track that turns out unplayable after it started is skipped too', async () => {
    const { host, h, serverDoc } = await openRoom(server, clients);
    const real = (await server.api('/api/trending')).body.tracks[1];
    const ghost2 = { ...GHOST, videoId: 'local-00000000deadbee2' };
    const [ghost, good] = addTracks(h.doc, [ghost2, real], { id: host.user.id, name: 'host' });
    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(serverDoc())).toMatchObject({ entryId: good.id, status: 'playing' }));
    expect(readQueue(serverDoc()).some((e) => e.id === ghost.id)).toBe(false);
  });

  it('flags an entry added by REST to a room nobody has open (the room is loaded again for the write)', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const res = await server.api(`/api/rooms/${room.code}/queue`, { method: 'POST', json: { tracks: [GHOST] }, headers: host.auth });
    expect(res.status).toBe(201);
    await roomSync(server.deps).playable.idle();
    await eventually(() => expect(server.deps.hocuspocus.documents.has(roomDocName(room.code))).toBe(false));
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await server.deps.db.room.findUniqueOrThrow({ where: { id: room.id } })).ydocState!);
    expect(readQueue(stored).map((e) => [e.id, e.unplayable])).toEqual([[res.body.entries[0].id, true]]);
  });

  it('a client may not set or clear the flag itself', async () => {
    const { host, room, h, serverDoc } = await openRoom(server, clients);
    const real = (await server.api('/api/trending')).body.tracks[2];
    const [entry] = addTracks(h.doc, [real], { id: host.user.id, name: 'host' });
    await eventually(() => expect(readQueue(serverDoc())).toHaveLength(1));
    queueMap(h.doc).set(entry.id, { ...entry, unplayable: true });
    await eventually(() => expect(h.stateless.find((m) => m.type === 'undone')?.message).toMatch(/a song cannot be edited once added/));
    await eventually(() => expect(readQueue(h.doc).map((e) => e.unplayable)).toEqual([undefined]));
    const c = connect(server, room.code, host.token);
    clients.push(c);
    await c.synced;
    let forged!: ReturnType<typeof addTracks>[number];
    c.doc.transact(() => {
      forged = addTracks(c.doc, [real], { id: host.user.id, name: 'host' })[0];
      queueMap(c.doc).set(forged.id, { ...forged, unplayable: true });
    });
    await eventually(() => expect(c.stateless.find((m) => m.type === 'undone')?.message).toMatch(/only the room marks a song unplayable/));
    await eventually(() => expect(readQueue(c.doc).map((e) => e.id)).toEqual([entry.id]));
    const check = connect(server, room.code, host.token);
    clients.push(check);
    await check.synced;
    expect(readQueue(check.doc).map((e) => [e.id, e.unplayable])).toEqual([[entry.id, undefined]]);
  });
});

describe('with Piped', () => {
  let piped: PipedServer;
  let server: TestServer;
  const clients: Client[] = [];
  beforeAll(async () => {
    piped = await startPipedServer();
    server = await startTestServer({ PIPED_API_URL: piped.url });
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
    await piped?.close();
  });

  it('a video without audio streams is flagged once; a normal one is not', async () => {
    piped.respond('/streams/noaudio0001', 200, { ...fixtures.streams, audioStreams: [] });
    const { host, h, serverDoc } = await openRoom(server, clients);
    const silent = { videoId: 'noaudio0001', title: 'Silent', artist: 'X', durationS: 180 };
    const fine = { videoId: 'Abcccccccc1', title: 'Fine', artist: 'Y', durationS: 180 };
    const [a, b, again] = addTracks(h.doc, [silent, fine, silent], { id: host.user.id, name: 'host' });
    await eventually(() => {
      const q = readQueue(serverDoc());
      expect(q.find((e) => e.id === a.id)?.unplayable).toBe(true);
      expect(q.find((e) => e.id === again.id)?.unplayable).toBe(true);
    });
    await eventually(async () => expect(await server.deps.cache.get('playable:Abcccccccc1')).toBe(true));
    expect(readQueue(serverDoc()).find((e) => e.id === b.id)?.unplayable).toBeUndefined();
    // Checked once: the second entry of the same video was answered from the cache.
    expect(piped.count('/streams/noaudio0001')).toBe(1);
    expect(await server.deps.redis!.ttl('playable:noaudio0001')).toBeGreaterThan(3600);
  });

  it('an upstream failure does not flag anything', async () => {
    piped.setMode('fail', '/streams/Abcccccccc2');
    const { host, h, serverDoc } = await openRoom(server, clients);
    const [e] = addTracks(h.doc, [{ videoId: 'Abcccccccc2', title: 'Later', artist: 'Z', durationS: 180 }], { id: host.user.id, name: 'host' });
    await eventually(() => expect(piped.count('/streams/Abcccccccc2')).toBeGreaterThan(0));
    await roomSync(server.deps).playable.idle();
    expect(await server.deps.cache.get('playable:Abcccccccc2')).toBeNull();
    expect(readQueue(serverDoc()).find((x) => x.id === e.id)?.unplayable).toBeUndefined();
  });
});
