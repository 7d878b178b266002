// Malformed input from the wire (bad %-encoding in a cookie, a path or a route param; a bodiless JSON
// write) is the client's mistake: a 4xx in the usual error shape, and nothing logged at error level.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, redisUrl, type TestServer } from '../../test/helpers.ts';
import { registerUser, type TestUser } from '../auth/test-users.ts';
import { loadConfig } from '../config.ts';
import { startServer, type RunningServer } from '../server.ts';

const BAD = '%E0%A4%A'; // a truncated UTF-8 sequence: decodeURIComponent throws on it
const logs: string[] = [];
let running: RunningServer;
let drop: () => Promise<void>;
let user: TestUser;

const api: TestServer['api'] = async (path, { json, ...init } = {}) => {
  const headers = new Headers(init.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(running.url + path, { ...init, headers, body: json === undefined ? init.body : JSON.stringify(json) });
  const text = await res.text();
  let body: any = text;
  try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
  return { status: res.status, body, headers: res.headers };
};
const errorLines = () => logs.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  const config = loadConfig({
    NODE_ENV: 'test', PORT: '0', DATABASE_URL: database.url, REDIS_URL: redisUrl(), LOG_LEVEL: 'warn',
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`, PIPED_API_URL: '', AUTH_RATE_LIMIT: '1000', CLIENT_DIR: './dist/client',
  });
  running = await startServer(config, pino({ level: 'warn' }, { write: (line: string) => { logs.push(line); } }));
  user = await registerUser({ ...running, config, api, stop: async () => {} });
});
afterAll(async () => { await running?.close(); await drop?.(); });
beforeEach(() => { logs.length = 0; });

const expectClientError = (res: { status: number; body: any }, statuses: number[]) => {
  expect(statuses).toContain(res.status);
  expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
};

describe('bad %-encoding', () => {
  it('treats an undecodable session cookie as an unusable token: 401', async () => {
    const me = await api('/api/auth/me', { headers: { cookie: `jr_session=${BAD}` } });
    expectClientError(me, [401]);
    expect(me.body.error.code).toBe('unauthorized');
    const guest = await api('/api/auth/me', { headers: { cookie: `jr_guest=${BAD}; theme=dark` } });
    expectClientError(guest, [401]);
    // The cookie does not hide a valid bearer, and a write with it is judged like any other cookie write.
    expect((await api('/api/auth/me', { headers: { cookie: `jr_session=${BAD}`, ...user.bearer } })).status).toBe(200);
    const logout = await api('/api/auth/logout', { method: 'POST', headers: { cookie: `jr_session=${BAD}` } });
    expect(logout.status).toBeLessThan(500);
    expect(errorLines()).toEqual([]);
  });

  it('answers a path it cannot decode with 400, not 500', async () => {
    for (const path of [`/${BAD}`, `/assets/${BAD}.js`, `/room/${BAD}`]) {
      const res = await api(path);
      expectClientError(res, [400]);
      expect(res.body.error.code).toBe('bad_request');
    }
    expect(errorLines()).toEqual([]);
  });

  it('answers API route params it cannot decode with a 4xx', async () => {
    const auth = { ...user.bearer, 'content-type': 'application/json' };
    const cases: Array<[string, RequestInit]> = [
      [`/api/library/liked/${BAD}`, { method: 'PUT', headers: user.bearer }],
      [`/api/library/liked/${BAD}`, { method: 'DELETE', headers: user.bearer }],
      [`/api/library/playlists/${BAD}`, { headers: user.bearer }],
      [`/api/collections/${BAD}`, {}],
      [`/api/tracks/${BAD}`, {}],
      [`/api/tracks/${BAD}/stream`, {}],
      [`/api/rooms/${BAD}`, { headers: user.bearer }],
      [`/api/rooms/${BAD}/join`, { method: 'POST', headers: auth, body: '{}' }],
      [`/api/does-not-exist/${BAD}`, {}],
    ];
    for (const [path, init] of cases) {
      const res = await api(path, init);
      expect({ path, status: res.status }).toEqual({ path, status: expect.toSatisfy((s: number) => s >= 400 && s < 500) });
      expect(res.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    }
    expect(errorLines()).toEqual([]);
  });
});
