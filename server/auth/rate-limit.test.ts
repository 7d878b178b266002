// Login and register rate limits (Redis-backed and in-process), and Secure cookies behind HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { registerUser } from './test-users.ts';

let redisBacked: TestServer;
let inProcess: TestServer;
beforeAll(async () => {
  [redisBacked, inProcess] = await Promise.all([
    startTestServer({ AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_S: '2', SECURE_COOKIES: 'true' }),
    startTestServer({ AUTH_RATE_LIMIT: '2', AUTH_RATE_WINDOW_S: '600', REDIS_URL: '' }),
  ]);
});
afterAll(() => Promise.all([redisBacked?.stop(), inProcess?.stop()]));

const login = (server: TestServer, login: string, password: string) => server.api('/api/auth/login', { method: 'POST', json: { login, password } });

describe('rate limits', () => {
  it('locks an account after too many attempts, even for the right password, and recovers after the window', async () => {
    const u = await registerUser(redisBacked);
    for (let i = 0; i < 3; i++) expect((await login(redisBacked, u.username, 'wrong password')).status).toBe(401);
    const locked = await login(redisBacked, u.email, u.password);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    await eventually(async () => expect((await login(redisBacked, u.username, u.password)).status).toBe(200), 6000, 200);
  });

  it('limits attempts per IP address across accounts (in-process limiter)', async () => {
    // Per IP: five times the per-account limit of 2.
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await login(inProcess, `nobody_${i}`, 'whatever1')).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses[10]).toBe(429);
  });

  it('limits registrations per address being registered', async () => {
    const json = { email: 'spam@example.com', username: 'spam_0', password: 'password123' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await inProcess.api('/api/auth/register', { method: 'POST', json: { ...json, username: `spam_${i}` } })).status);
    expect(statuses).toEqual([201, 409, 429]);
  });
});

describe('behind HTTPS', () => {
  it('marks the session cookie Secure when SECURE_COOKIES is on', async () => {
    const res = await redisBacked.api('/api/auth/register', { method: 'POST', json: { email: 'sec@example.com', username: 'secure', password: 'password123' } });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()[0].split('; ')).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax']));
  });
});
