// Limits per connection: a client that floods messages or sends a 10 MB frame is cut off; the others in
// the room go on syncing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../shared/errors.ts';
import { addTrack, readQueue } from '../../shared/room-doc.ts';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { connect, makeRoom, makeUser, track, type Client } from '../rooms/test-kit.ts';
import { MESSAGE_BURST } from './websocket.ts';

let server: TestServer;
const clients: Client[] = [];
const open = (code: string, token: string) => { const c = connect(server, code, token); clients.push(c); return c; };
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { for (const c of clients) c.destroy(); await server?.stop(); });

async function roomWithTwo() {
  const host = await makeUser(server);
  const room = await makeRoom(server, host.token);
  const a = open(room.code, host.token);
  const b = open(room.code, (await makeUser(server)).token);
  await Promise.all([a.synced, b.synced]);
  return { host, room, a, b };
}

async function stillSyncing(a: Client, b: Client, id: string, name: string) {
  const e = addTrack(a.doc, track(name), { id, name: 'host' });
  await eventually(() => expect(readQueue(b.doc).map((x) => x.id)).toContain(e.id));
  expect([...a.closes, ...b.closes]).toEqual([]);
}

describe('limits per connection', () => {
  it('a client flooding awareness updates is closed with 4429; the others are unaffected', async () => {
    const { host, room, a, b } = await roomWithTwo();
    const flooder = open(room.code, (await makeUser(server)).token);
    await flooder.synced;
    for (let i = 0; i < MESSAGE_BURST * 3 && flooder.closes.length === 0; i++) flooder.provider.setAwarenessField('n', i);
    await eventually(() => expect(flooder.closes.map((c) => c.code)).toContain(CloseCode.tooManyMessages));
    await stillSyncing(a, b, host.user.id, 'after-flood');
  });

  it('a 10 MB frame closes that socket with 1009 (message too big); the others are unaffected', async () => {
    const { host, a, b } = await roomWithTwo();
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/yjs`);
    await new Promise((r) => raw.once('open', r));
    const closed = new Promise<number>((r) => raw.once('close', (code) => r(code)));
    raw.send(Buffer.alloc(10 * 1024 * 1024, 7));
    expect(await closed).toBe(1009);
    await stillSyncing(a, b, host.user.id, 'after-big-frame');
  });

  it('a busy but ordinary client (a burst of 200 edits) is not cut off', async () => {
    const { host, a, b } = await roomWithTwo();
    for (let i = 0; i < 200; i++) addTrack(a.doc, track(`burst${i}`), { id: host.user.id, name: 'host' });
    await eventually(() => expect(readQueue(b.doc)).toHaveLength(200), 15_000);
    expect(a.closes).toEqual([]);
  });
});
