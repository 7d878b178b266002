// Sign-in and registration limits (Redis-backed and in-process): a guesser is slowed down per account and
// network and per network, and cannot lock the owner out; Secure cookies behind HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { registerUser } from './test-users.ts';

// Every server trusts X-Forwarded-For, so a test can sign in "from" any address.
let redisBacked: TestServer;
let proxied: TestServer;
let inProcess: TestServer;
beforeAll(async () => {
  [redisBacked, proxied, inProcess] = await Promise.all([
    startTestServer({ AUTH_RATE_LIMIT: '3', AUTH_RATE_WINDOW_S: '2', SECURE_COOKIES: 'true', TRUST_PROXY: 'true' }),
    startTestServer({ AUTH_RATE_LIMIT: '2', AUTH_RATE_WINDOW_S: '600', TRUST_PROXY: 'true' }),
    startTestServer({ AUTH_RATE_LIMIT: '2', AUTH_RATE_WINDOW_S: '600', REDIS_URL: '', TRUST_PROXY: 'true' }),
  ]);
});
afterAll(() => Promise.all([redisBacked?.stop(), proxied?.stop(), inProcess?.stop()]));

let addresses = 0;
/** A client address of its own for each call (documentation range 198.51.100.0/24, then 203.0.113.0/24). */
const newAddress = () => (++addresses < 255 ? `198.51.100.${addresses}` : `203.0.113.${addresses - 254}`);
const login = (server: TestServer, login: string, password: string, from: string) =>
  server.api('/api/auth/login', { method: 'POST', json: { login, password }, headers: { 'x-forwarded-for': from } });
const register = (server: TestServer, username: string, from: string) =>
  server.api('/api/auth/register', { method: 'POST', json: { email: `${username}@example.com`, username, password: 'password123' }, headers: { 'x-forwarded-for': from } });
const statuses = async (n: number, attempt: (i: number) => Promise<{ status: number }>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await attempt(i)).status);
  return out;
};

describe.each([
  ['Redis', () => proxied],
  ['in-process', () => inProcess],
])('sign-in limits (%s limiter, AUTH_RATE_LIMIT=2)', (_, server) => {
  it('stops a guesser at one account on their network, while the owner signs in from another', async () => {
    const owner = await registerUser(server());
    const guesser = newAddress();
    // Per account and network: 2 failures, then 429 there, the right password included.
    expect(await statuses(2, () => login(server(), owner.username, 'wrong password', guesser))).toEqual([401, 401]);
    for (const password of ['wrong password', owner.password, 'another guess']) {
      const res = await login(server(), owner.username, password, guesser);
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    }
    // The owner, elsewhere, is not locked out (by email or username), and signing in clears nothing for the guesser.
    expect((await login(server(), owner.email, owner.password, newAddress())).status).toBe(200);
    expect((await login(server(), owner.username, owner.password, newAddress())).status).toBe(200);
    expect((await login(server(), owner.username, 'wrong password', guesser)).status).toBe(429);
  });

  it('counts a guesser by the address the proxy appended, not by addresses they wrote into X-Forwarded-For', async () => {
    const owner = await registerUser(server());
    const guesser = newAddress();
    // Each try claims another origin in front of the real one; the trusted proxy's last entry is the real one.
    expect(await statuses(4, (i) => login(server(), owner.username, 'wrong password', `192.0.2.${i + 1}, ${guesser}`))).toEqual([401, 401, 429, 429]);
  });

  it('counts failures only: the right password, again and again, uses up no budget', async () => {
    const owner = await registerUser(server());
    const from = newAddress();
    // More than the per-network limit (5 × 2) of sign-ins from one network, all fine.
    expect(await statuses(12, () => login(server(), owner.username, owner.password, from))).toEqual(Array(12).fill(200));
    // A success also clears that network's failures at that account.
    expect(await statuses(2, () => login(server(), owner.username, 'typo typo', from))).toEqual([401, 401]);
    expect((await login(server(), owner.username, 'typo typo', from)).status).toBe(429);
  });

  it('stops a guesser spraying many accounts from one network (5 × 2 failures), not the accounts', async () => {
    const owner = await registerUser(server());
    const sprayer = newAddress();
    const sprayed = await statuses(11, (i) => login(server(), i === 0 ? owner.username : `nobody_${i}`, 'whatever1', sprayer));
    expect(sprayed.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(sprayed[10]).toBe(429);
    expect((await login(server(), owner.username, owner.password, sprayer)).status).toBe(429);
    expect((await login(server(), owner.username, owner.password, newAddress())).status).toBe(200);
  });

  it('counts an IPv6 client by its /64: its other addresses are the same network', async () => {
    const owner = await registerUser(server());
    const prefix = `2001:db8:${addresses.toString(16)}:${++addresses}`;
    expect(await statuses(2, (i) => login(server(), owner.username, 'wrong password', `${prefix}::${i + 1}`))).toEqual([401, 401]);
    expect((await login(server(), owner.username, 'wrong password', `${prefix}:ffff:1:2:3`)).status).toBe(429);
    expect((await login(server(), owner.username, owner.password, `2001:db8:ffff:${addresses}::1`)).status).toBe(200);
  });
});

describe('registration limits', () => {
  it('limits registrations per network (5 × 2), not per address being registered', async () => {
    const from = newAddress();
    const made = await statuses(11, (i) => register(inProcess, `spam_${i}`, from));
    expect(made.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(made[10]).toBe(429);
    expect((await register(inProcess, 'spam_10', newAddress())).status).toBe(201);
    // The same address again and again from elsewhere is a conflict each time, never a lockout.
    expect(await statuses(3, () => register(inProcess, 'spam_10', newAddress()))).toEqual([409, 409, 409]);
  });
});

describe('limit windows', () => {
  it('lets the guesser try again once the window is over (Redis limiter, 2 s window)', async () => {
    const owner = await registerUser(redisBacked);
    const guesser = newAddress();
    expect(await statuses(3, () => login(redisBacked, owner.username, 'wrong password', guesser))).toEqual([401, 401, 401]);
    const locked = await login(redisBacked, owner.email, owner.password, guesser);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect((await login(redisBacked, owner.email, owner.password, newAddress())).status).toBe(200);
    await eventually(async () => expect((await login(redisBacked, owner.username, owner.password, guesser)).status).toBe(200), 6000, 200);
  });
});

describe('behind HTTPS', () => {
  it('marks the session cookie Secure when SECURE_COOKIES is on', async () => {
    const res = await redisBacked.api('/api/auth/register', { method: 'POST', json: { email: 'sec@example.com', username: 'secure', password: 'password123' } });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()[0].split('; ')).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax']));
  });
});
