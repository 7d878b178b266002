// One client cannot hold sockets open by sending slowly: slow headers are cut after HTTP_HEADERS_TIMEOUT_MS,
// a slow body after HTTP_REQUEST_TIMEOUT_MS (small here so the test is quick). A client abandoning its own
// upload is its doing: an info line, not an error. Websockets are not requests and stay open.
import net from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, eventually, redisUrl } from '../../test/helpers.ts';
import { keyPrefix } from '../../test/nodes.ts';
import { loadConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;

let running: RunningServer;
let dropDatabase: () => Promise<void>;
const logs: Array<{ level: number; msg: string; path?: string; status?: number; clientGone?: boolean }> = [];
beforeAll(async () => {
  const database = await createTestDatabase();
  dropDatabase = database.drop;
  const config = loadConfig({
    NODE_ENV: 'test', PORT: '0', DATABASE_URL: database.url, REDIS_URL: redisUrl(), REDIS_KEY_PREFIX: keyPrefix(), PIPED_API_URL: '',
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
  running = await startServer(config, pino({ level: 'info' }, { write: (line: string) => { logs.push(JSON.parse(line)); } }));
});
afterAll(async () => { await running?.close(); await dropDatabase?.(); });

/** A raw TCP client: what it has received, and how long after connecting the server ended it. */
async function rawClient() {
  const socket = net.connect(running.port, '127.0.0.1');
  await new Promise((r) => socket.once('connect', r));
  const started = performance.now();
  let received = '';
  socket.on('data', (d) => { received += d; });
  socket.on('error', () => {});
  const ended = new Promise<number>((r) => socket.once('close', () => r(performance.now() - started)));
  return { socket, ended, received: () => received };
}

/** Sends `line` every 200 ms until the server hangs up (or `giveUpMs` passes); resolves with when it did. */
async function trickle(client: Awaited<ReturnType<typeof rawClient>>, line: string, giveUpMs = 8000) {
  const timer = setInterval(() => { if (!client.socket.destroyed) client.socket.write(line); }, 200);
  const gaveUp = new Promise<number>((r) => setTimeout(() => r(Infinity), giveUpMs));
  try {
    return await Promise.race([client.ended, gaveUp]);
  } finally {
    clearInterval(timer);
    client.socket.destroy();
  }
}

describe('slow clients', () => {
  it('headers sent a line at a time are cut off (408) once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const c = await rawClient();
    c.socket.write('GET /api/health HTTP/1.1\r\nHost: jam.example\r\n');
    const endedMs = await trickle(c, 'X-Slow: 1\r\n');
    expect(endedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(endedMs).toBeLessThan(HEADERS_TIMEOUT_MS + 1500);
    expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a body sent a byte at a time is cut off once HTTP_REQUEST_TIMEOUT_MS has passed, and logs no error', async () => {
    const c = await rawClient();
    c.socket.write('POST /api/rooms HTTP/1.1\r\nHost: jam.example\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const endedMs = await trickle(c, ' ');
    expect(endedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(endedMs).toBeLessThan(REQUEST_TIMEOUT_MS + 1500);
    await eventually(() => expect(logs.find((l) => l.msg === 'request' && l.path === '/api/rooms')).toMatchObject({ level: 30, clientGone: true }));
    expect(logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
  });

  it('a client that abandons its own upload is an info line, not an error, and the server goes on serving', async () => {
    logs.length = 0;
    const c = await rawClient();
    const head = 'POST /api/auth/login HTTP/1.1\r\nHost: jam.example\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"user';
    await new Promise((r) => c.socket.write(head, r));
    c.socket.destroy();
    const line = () => logs.find((l) => l.msg === 'request' && l.path === '/api/auth/login');
    await eventually(() => expect(line()).toBeDefined());
    expect(logs.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    expect(line()).toMatchObject({ level: 30, status: 400, clientGone: true });
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
  });

  it('a websocket is not a slow request: it stays open past HTTP_REQUEST_TIMEOUT_MS', async () => {
    const ws = new WebSocket(`${running.url.replace(/^http/, 'ws')}/yjs`);
    await new Promise((r) => ws.once('open', r));
    // Waiting out the timeout is the point here: nothing to poll for.
    await new Promise((r) => setTimeout(r, REQUEST_TIMEOUT_MS + 1500));
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.terminate();
  });
});
