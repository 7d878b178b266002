// One line per request: routine reads at debug, everything an operator should see at info, and the
// request's own logger (with its id) for what a handler logs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../log.ts';
import { requestLog } from './request-log.ts';

type Line = { level: number; msg: string; reqId?: string; method?: string; path?: string; status?: number };
const lines: Line[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  const app = new Koa();
  app.use(requestLog(pino({ level: 'debug' }, { write: (line: string) => { lines.push(JSON.parse(line)); } })));
  app.use(async (ctx) => {
    if (ctx.path === '/ok') ctx.body = { ok: true };
    else if (ctx.path === '/says') {
      (ctx.state.log as Logger).warn('handler speaking');
      ctx.body = { ok: true };
    } else if (ctx.path === '/slow') {
      await new Promise((r) => setTimeout(r, 1100));
      ctx.body = { ok: true };
    } else ctx.status = 404;
  });
  server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => { lines.length = 0; });

const requestLine = (path: string) => lines.find((l) => l.msg === 'request' && l.path === path);

describe('request log', () => {
  it('logs a successful read at debug, with the request id it answered with', async () => {
    const res = await fetch(`${url}/ok`);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[\w-]{36}$/);
    expect(requestLine('/ok')).toMatchObject({ level: 20, method: 'GET', status: 200, reqId: id });
  });

  it('keeps a client-chosen id of the right shape', async () => {
    await fetch(`${url}/ok`, { headers: { 'x-request-id': 'trace-42' } });
    expect(requestLine('/ok')).toMatchObject({ reqId: 'trace-42' });
    const res = await fetch(`${url}/ok`, { headers: { 'x-request-id': 'no spaces allowed' } });
    expect(res.headers.get('x-request-id')).not.toBe('no spaces allowed');
  });

  it('logs writes, refusals and slow reads at info', async () => {
    await fetch(`${url}/ok`, { method: 'POST' });
    await fetch(`${url}/missing`);
    await fetch(`${url}/slow`);
    expect(lines.filter((l) => l.msg === 'request').map((l) => [l.method, l.path, l.level])).toEqual([
      ['POST', '/ok', 30], ['GET', '/missing', 30], ['GET', '/slow', 30],
    ]);
  });

  it('gives a handler a logger that carries the request id', async () => {
    const res = await fetch(`${url}/says`);
    expect(lines.find((l) => l.msg === 'handler speaking')).toMatchObject({ level: 40, reqId: res.headers.get('x-request-id') });
  });
});
