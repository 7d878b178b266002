// Playback authority over real websockets: requests, the track-end timer, skip votes, autoplay, clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerClock } from '../../shared/clock.ts';
import { addTracks, readHistory, readPlayback, readQueue, removeEntry, roomDocName } from '../../shared/room-doc.ts';
import { eventually, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { connect, makeRoom, makeUser, type Client } from './test-kit.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (code: string, token: string) => { const c = connect(server, code, token); clients.push(c); return c; };
beforeAll(async () => {
  server = await startTestServerWithMusic();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

const command = (c: Client, cmd: object) => c.provider.sendStateless(JSON.stringify({ type: 'playback', command: cmd }));
const serverDoc = (code: string) => server.deps.hocuspocus.documents.get(roomDocName(code))!;

async function roomWith(durationsS: number[], settings: object = {}) {
  const host = await makeUser(server);
  const room = await makeRoom(server, host.token);
  if (Object.keys(settings).length) await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings }, headers: host.auth });
  const h = open(room.code, host.token);
  await h.synced;
  // Real tracks of the library: made-up ids would be flagged unplayable and skipped.
  const library = (await server.api('/api/trending')).body.tracks;
  const entries = addTracks(h.doc, durationsS.map((d, i) => ({ ...library[i % library.length], durationS: d })), { id: host.user.id, name: 'host' });
  await eventually(() => expect(readQueue(serverDoc(room.code))).toHaveLength(durationsS.length));
  return { host, room, h, entries };
}

describe('playback requests', () => {
  it('"next" pressed by ten clients at once advances once', async () => {
    const { room, h, entries } = await roomWith([300, 300, 300]);
    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(h.doc)).toMatchObject({ entryId: entries[0].id, status: 'playing' }));
    const others = await Promise.all(Array.from({ length: 9 }, async () => open(room.code, (await makeUser(server)).token)));
    await Promise.all(others.map((c) => c.synced));
    for (const c of [h, ...others]) command(c, { action: 'next', entryId: entries[0].id });
    await eventually(() => expect(readPlayback(serverDoc(room.code)).entryId).toBe(entries[1].id));
    // Every press has been handled once each client has seen the one transition.
    await eventually(() => { for (const c of others) expect(readPlayback(c.doc).entryId).toBe(entries[1].id); });
    expect(readHistory(serverDoc(room.code)).map((e) => e.id)).toEqual([entries[0].id]);
    expect(readQueue(serverDoc(room.code)).map((e) => e.id)).toEqual([entries[1].id, entries[2].id]);
    server.deps.hocuspocus.flushPendingStores();
    await eventually(async () => {
      const q = (await server.api(`/api/rooms/${room.code}/queue`)).body;
      expect([q.current?.id, q.upNext.map((e: any) => e.id), q.history.map((e: any) => e.id)]).toEqual([entries[1].id, [entries[2].id], [entries[0].id]]);
    });
  });

  it('REST requests race the same way: ten "next" for one entry skip it once', async () => {
    const { host, room, entries } = await roomWith([300, 300, 300]);
    await server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'play' }, headers: host.auth });
    const res = await Promise.all(Array.from({ length: 10 }, () => server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'next', entryId: entries[0].id }, headers: host.auth })));
    expect(res.every((r) => r.status === 200)).toBe(true);
    expect(readPlayback(serverDoc(room.code)).entryId).toBe(entries[1].id);
    expect(readHistory(serverDoc(room.code))).toHaveLength(1);
  });

  it('pause, seek and play use the server clock; positions are never taken from clients', async () => {
    const { room, h, entries } = await roomWith([300]);
    const t0 = Date.now();
    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(h.doc).status).toBe('playing'));
    command(h, { action: 'seek', positionMs: 120_000 });
    await eventually(() => expect(readPlayback(h.doc).positionMs).toBe(120_000));
    command(h, { action: 'pause' });
    await eventually(() => expect(readPlayback(h.doc).status).toBe('paused'));
    const p = readPlayback(serverDoc(room.code));
    expect(p.entryId).toBe(entries[0].id);
    expect(p.positionMs).toBeGreaterThanOrEqual(120_000);
    expect(p.positionMs).toBeLessThan(125_000);
    expect(p.atServerMs).toBeGreaterThanOrEqual(t0);
  });

  it('those who may not control playback are refused', async () => {
    const { host, room, entries } = await roomWith([300], { whoCanControl: 'host' });
    const listener = await makeUser(server);
    const l = open(room.code, listener.token);
    await l.synced;
    command(l, { action: 'play' });
    await eventually(() => expect(l.stateless.some((m) => m.type === 'refused')).toBe(true));
    expect(readPlayback(serverDoc(room.code)).status).toBe('paused');
    expect((await server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'play' }, headers: listener.auth })).status).toBe(403);
    expect((await server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'jump', entryId: entries[0].id }, headers: host.auth })).status).toBe(200);
  });
});

describe('the room clock', () => {
  it('a track ending advances exactly once, even with ten clients, and the room stops at the end', async () => {
    const { room, h, entries } = await roomWith([1, 1]);
    const others = await Promise.all(Array.from({ length: 9 }, async () => open(room.code, (await makeUser(server)).token)));
    await Promise.all(others.map((c) => c.synced));
    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(serverDoc(room.code)).status).toBe('playing'));
    const first = readPlayback(serverDoc(room.code));
    await eventually(() => expect(readHistory(serverDoc(room.code)).map((e) => e.id)).toEqual([entries[0].id]), 5000);
    // Gapless: the next entry starts exactly when the first one ends on the room clock (players that started
    // it on their own at the end are right), not a start lead after the server's timer fired.
    expect(readPlayback(serverDoc(room.code))).toMatchObject({ entryId: entries[1].id, status: 'playing', positionMs: 0, atServerMs: first.atServerMs + 1000 });
    await eventually(() => expect(readHistory(serverDoc(room.code)).map((e) => e.id)).toEqual([entries[0].id, entries[1].id]), 5000);
    expect(readPlayback(serverDoc(room.code))).toMatchObject({ entryId: null, status: 'paused' });
    for (const c of others) await eventually(() => expect(readHistory(c.doc)).toHaveLength(2));
    server.deps.hocuspocus.flushPendingStores();
    await eventually(async () => {
      const rows = await server.deps.db.roomQueue.findMany({ where: { roomId: (await server.deps.db.room.findUniqueOrThrow({ where: { code: room.code } })).id } });
      expect(rows.filter((r) => r.isPlayed)).toHaveLength(2);
    });
  });

  it('removing the playing entry moves playback to the next one', async () => {
    const { room, h, entries } = await roomWith([300, 300]);
    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(h.doc).entryId).toBe(entries[0].id));
    removeEntry(h.doc, entries[0].id);
    await eventually(() => expect(readPlayback(serverDoc(room.code)).entryId).toBe(entries[1].id));
  });

  it('skips once enough listeners vote', async () => {
    const { room, h, entries } = await roomWith([300, 300], { skipVotes: 2 });
    command(h, { action: 'play' });
    await eventually(() => expect(readPlayback(h.doc).entryId).toBe(entries[0].id));
    const v = open(room.code, (await makeUser(server)).token);
    await v.synced;
    h.provider.sendStateless(JSON.stringify({ type: 'vote-skip', entryId: entries[0].id }));
    h.provider.sendStateless(JSON.stringify({ type: 'vote-skip', entryId: entries[0].id }));
    await eventually(() => expect(v.stateless.some((m) => m.type === 'skip-votes' && m.votes === 1)).toBe(true));
    expect(readPlayback(serverDoc(room.code)).entryId).toBe(entries[0].id);
    v.provider.sendStateless(JSON.stringify({ type: 'vote-skip', entryId: entries[0].id }));
    await eventually(() => expect(readPlayback(serverDoc(room.code)).entryId).toBe(entries[1].id));
  });

  it('autoplay appends the radio\'s recommendations when fewer than two entries remain', async () => {
    // The real catalog over a real local library: the radio recommends from the generated demo tracks.
    const { room, h, host } = await roomWith([], { autoplay: true });
    const seed = (await server.api('/api/trending')).body.tracks[0];
    const [entry] = addTracks(h.doc, [{ ...seed, durationS: 1 }], { id: host.user.id, name: 'host' });
    command(h, { action: 'play' });
    await eventually(() => expect(readHistory(serverDoc(room.code)).map((e) => e.id)).toEqual([entry.id]), 5000);
    await eventually(() => expect(readQueue(serverDoc(room.code)).length).toBeGreaterThanOrEqual(2));
    const q = readQueue(serverDoc(room.code));
    expect(q.every((e) => e.addedBy === 'radio')).toBe(true);
    expect(q.map((e) => e.videoId)).not.toContain(seed.videoId);
    expect(q.every((e) => e.videoId.startsWith('local-'))).toBe(true);
    expect(readPlayback(serverDoc(room.code))).toMatchObject({ entryId: q[0].id, status: 'playing' });
  });

  it('answers pings so a client can estimate the server clock offset', async () => {
    const { h } = await roomWith([300]);
    const clock = new ServerClock();
    for (let id = 0; id < 8; id++) {
      const sent = Date.now();
      h.provider.sendStateless(JSON.stringify({ type: 'ping', id, clientMs: sent }));
      const pong = await eventually(() => { const m = h.stateless.find((s) => s.type === 'pong' && s.id === id); expect(m).toBeTruthy(); return m; }, 2000, 1);
      clock.add(pong.clientMs, pong.serverMs, Date.now());
    }
    expect(clock.sampleCount).toBe(8);
    // Same machine: the true offset is 0.
    expect(Math.abs(clock.offsetMs)).toBeLessThan(clock.uncertaintyMs + 5);
  });
});
