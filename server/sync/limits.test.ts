// Limits per connection: a client that floods messages or sends a 10 MB frame is cut off; the others in
// the room go on syncing. Limits per address: one address cannot hold more than WS_MAX_PER_ADDRESS sockets.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../shared/errors.ts';
import { addTrack, readQueue } from '../../shared/room-doc.ts';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { connect, makeRoom, makeUser, track, type Client } from '../rooms/test-kit.ts';
import { MESSAGE_BURST, TOO_MANY_CONNECTIONS_REASON } from './websocket.ts';

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

  it('an upgrade whose Host or target is no URL is answered, not a crash; the others are unaffected', async () => {
    const { host, a, b } = await roomWithTwo();
    const upgrade = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
    for (const head of ['GET /yjs HTTP/1.1\r\nHost: a b\r\n', 'GET http://[/yjs HTTP/1.1\r\nHost: x\r\n']) {
      const socket = net.connect(server.port, '127.0.0.1');
      socket.on('error', () => {});
      let answer = '';
      socket.on('data', (d) => { answer += d; });
      socket.write(head + upgrade);
      await eventually(() => expect(answer).toMatch(/^HTTP\/1\.1 (101|400)/));
      socket.destroy();
    }
    await stillSyncing(a, b, host.user.id, 'after-bad-upgrade');
  });

  it('a busy but ordinary client (a burst of 200 edits) is not cut off', async () => {
    const { host, a, b } = await roomWithTwo();
    for (let i = 0; i < 200; i++) addTrack(a.doc, track(`burst${i}`), { id: host.user.id, name: 'host' });
    await eventually(() => expect(readQueue(b.doc)).toHaveLength(200), 15_000);
    expect(a.closes).toEqual([]);
  });
});

describe('limits per address', () => {
  let capped: TestServer;
  const sockets: WebSocket[] = [];
  beforeAll(async () => { capped = await startTestServer({ WS_MAX_PER_ADDRESS: '3', TRUST_PROXY: 'true' }); });
  afterAll(async () => { for (const s of sockets) s.terminate(); await capped?.stop(); });

  /** A raw socket and how it ends up: 'open', or the code it was closed with before opening. */
  function rawSocket(headers: Record<string, string> = {}) {
    const ws = new WebSocket(`${capped.url.replace(/^http/, 'ws')}/yjs`, { headers });
    ws.on('error', () => {});
    sockets.push(ws);
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
    // A refused socket opens, then is closed at once: 'open' only once it was still open a moment later.
    const outcome = new Promise<'open' | number>((r) => {
      ws.once('open', () => setTimeout(() => r(ws.readyState === WebSocket.OPEN ? 'open' : 0), 200));
      void closed.then((c) => r(c.code));
    });
    return { ws, closed, outcome };
  }
  /** Sockets that opened and stayed open (retried while the server still counts sockets just closed). */
  const holdOpen = (n: number, headers: Record<string, string> = {}) => Promise.all(Array.from({ length: n }, () => eventually(async () => {
    const s = rawSocket(headers);
    expect(await s.outcome).toBe('open');
    return s;
  })));

  it('past WS_MAX_PER_ADDRESS open sockets, one more is closed at once with 4430 and a reason saying what to do', async () => {
    const three = await holdOpen(3);
    const fourth = rawSocket();
    expect(await fourth.outcome).toBe(CloseCode.tooManyConnections);
    expect((await fourth.closed).reason).toBe(TOO_MANY_CONNECTIONS_REASON);
    expect(three.map((s) => s.ws.readyState)).toEqual([WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN]);

    // Another client behind the trusted proxy has its own count; a freed slot is usable again.
    await holdOpen(1, { 'X-Forwarded-For': '203.0.113.5' });
    three[0].ws.close();
    await three[0].closed;
    await holdOpen(1);
    expect(await rawSocket().outcome).toBe(CloseCode.tooManyConnections);
  });

  it('a real client over the cap is told 4430 and gets in once a slot is free', async () => {
    const host = await makeUser(capped);
    const room = await makeRoom(capped, host.token);
    for (const s of sockets) s.terminate();
    const held = await holdOpen(3);
    const c = connect(capped, room.code, host.token);
    clients.push(c);
    await eventually(() => expect(c.closes.map((x) => x.code)).toContain(CloseCode.tooManyConnections));
    held[0].ws.close();
    await c.synced;
  });
});
