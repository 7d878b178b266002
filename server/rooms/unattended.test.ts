// The unattended-room rule: a playing room whose last listener leaves pauses where it is (and is stored so),
// on one node and across two, where it pauses only when the last node's last listener leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTracks, readPlayback, type Playback } from '../../shared/room-doc.ts';
import { UNATTENDED } from '../../shared/room/playback.ts';
import { eventually, startTestServerWithMusic, type TestServer } from '../../test/helpers.ts';
import { asServer, twoNodes } from '../../test/nodes.ts';
import { connect, makeRoom, makeUser, type Client } from './test-kit.ts';

/** Every Jamroom client shows its presence; these do too (presence is how nodes see each other's listeners). */
const present = (c: Client) => { c.provider.setAwarenessField('user', { name: 'listener' }); return c; };
const play = (c: Client) => c.provider.sendStateless(JSON.stringify({ type: 'playback', command: { action: 'play' } }));
const positionNow = (p: Playback) => p.positionMs + (Date.now() - p.atServerMs);

/** A room with one long track, playing, its host connected through `open`. */
async function playingRoom(api: TestServer, open: (code: string, token: string) => Client) {
  const host = await makeUser(api);
  const room = await makeRoom(api, host.token);
  const h = present(open(room.code, host.token));
  await h.synced;
  const [track] = (await api.api('/api/trending')).body.tracks;
  addTracks(h.doc, [{ ...track, durationS: 300 }], { id: host.user.id, name: 'host' });
  play(h);
  await eventually(() => expect(readPlayback(h.doc).status).toBe('playing'), 10_000);
  return { host, room, h };
}

describe('a room nobody listens to, one node', () => {
  let server: TestServer;
  const clients: Client[] = [];
  beforeAll(async () => { server = await startTestServerWithMusic(); });
  afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });
  const open = (code: string, token: string) => { const c = connect(server, code, token); clients.push(c); return c; };

  it('pauses where it was when its last listener leaves, and whoever comes back finds it there', async () => {
    const { host, room, h } = await playingRoom(server, open);
    await new Promise((r) => setTimeout(r, 1200));
    const leftAtMs = positionNow(readPlayback(h.doc));
    h.destroy();
    // Stored paused (the room row says so before anyone loads it again).
    await eventually(async () => expect((await server.deps.db.room.findUniqueOrThrow({ where: { code: room.code } })).isPlaying).toBe(false), 10_000);
    await new Promise((r) => setTimeout(r, 1000)); // time passes; the room must not move on
    const back = open(room.code, host.token);
    await back.synced;
    const p = readPlayback(back.doc);
    expect(p).toMatchObject({ status: 'paused', updatedBy: UNATTENDED });
    expect(p.positionMs).toBeGreaterThanOrEqual(leftAtMs - 50);
    expect(p.positionMs).toBeLessThan(leftAtMs + 500);
  }, 30_000);

  it('keeps playing while one of two listeners stays', async () => {
    const { room, h } = await playingRoom(server, open);
    const other = present(open(room.code, (await makeUser(server)).token));
    await other.synced;
    h.destroy();
    await new Promise((r) => setTimeout(r, 500));
    expect(readPlayback(other.doc).status).toBe('playing');
  }, 30_000);
});

describe('a room nobody listens to, two nodes', () => {
  const nodes = twoNodes();
  const on = (node: { url: string }) => (code: string, token: string) => { const c = connect(node, code, token); nodes.clients.push(c); return c; };

  it('keeps playing while a listener remains on the other node, and pauses when the last one leaves', async () => {
    const api = asServer(nodes.a, nodes.db);
    const { room, h: onA } = await playingRoom(api, on(nodes.a));
    const member = await makeUser(api);
    const onB = present(on(nodes.b)(room.code, member.token));
    await onB.synced;
    // Each node sees the other's listener (presence crosses nodes).
    await eventually(() => expect(onA.provider.awareness!.getStates().size).toBe(2), 10_000);
    onA.destroy();
    // A lets go of the room (it unloads it a second later); B's listener keeps it playing meanwhile.
    await new Promise((r) => setTimeout(r, 2500));
    expect(readPlayback(onB.doc).status).toBe('playing');
    onB.destroy();
    await eventually(async () => expect((await nodes.db.room.findUniqueOrThrow({ where: { code: room.code } })).isPlaying).toBe(false), 10_000);
    const back = on(nodes.a)(room.code, member.token);
    await back.synced;
    expect(readPlayback(back.doc)).toMatchObject({ status: 'paused', updatedBy: UNATTENDED });
  }, 60_000);
});
