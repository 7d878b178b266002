// Register, sign in, sessions and bad input, through a real server, database and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { hashToken } from './tokens.ts';
import { cookieFrom, registerUser } from './test-users.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ AUTH_RATE_LIMIT: '1000' }); });
afterAll(() => server.stop());

const post = (path: string, json: unknown, headers: Record<string, string> = {}) => server.api(path, { method: 'POST', json, headers });

describe('register, me, logout', () => {
  it('registers, reads me with the cookie, logs out and is then signed out', async () => {
    const res = await post('/api/auth/register', { email: '  Ada@Example.COM ', username: 'Ada.L', password: 'analytical engine' });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), email: 'ada@example.com', username: 'ada.l', createdAt: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|analytical/);
    expect(res.body.token).toMatch(/^s_[\w-]{43}$/);
    const cookie = cookieFrom(res.headers);
    expect(cookie).toBe(`jr_session=${res.body.token}`);

    const me = await server.api('/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(res.body.user);
    // The cookie slides with the session.
    expect(me.headers.getSetCookie()).toEqual([expect.stringMatching(new RegExp(`^${cookie}; Max-Age=${30 * 86400};`))]);

    expect((await server.api('/api/auth/logout', { method: 'POST', headers: { cookie } })).status).toBe(204);
    const after = await server.api('/api/auth/me', { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('unauthorized');
    // What the web client asks on each load: a visitor is a 200 with no user (no failed request in the console).
    const visitor = await server.api('/api/auth/session', { headers: { cookie } });
    expect(visitor.status).toBe(200);
    expect(visitor.body).toEqual({ user: null });
    expect(visitor.headers.getSetCookie()).toEqual([]);
  });

  it('GET /api/auth/session names the signed-in user', async () => {
    const res = await post('/api/auth/register', { email: 'sess@example.com', username: 'sess', password: 'a long password' });
    const session = await server.api('/api/auth/session', { headers: { cookie: cookieFrom(res.headers) } });
    expect(session.status).toBe(200);
    expect(session.body.user).toEqual(res.body.user);
    expect(session.headers.get('cache-control')).toBe('no-store');
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, for 30 days, not Secure over plain HTTP', async () => {
    const res = await post('/api/auth/register', { email: 'flags@example.com', username: 'flags', password: 'password123' });
    const [setCookie] = res.headers.getSetCookie();
    const attrs = setCookie.split(';').map((s) => s.trim());
    expect(attrs).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${30 * 86400}`]));
    expect(attrs).not.toContain('Secure');
  });

  it('accepts the token as a Bearer header', async () => {
    const u = await registerUser(server);
    const me = await server.api('/api/auth/me', { headers: u.bearer });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(u.username);
    expect((await server.api('/api/auth/me', { headers: { authorization: 'Bearer s_forgedforgedforgedforgedforgedforgedforged1' } })).status).toBe(401);
  });

  it('logout ends the session on the server, not just the cookie', async () => {
    const u = await registerUser(server);
    expect((await server.api('/api/auth/logout', { method: 'POST', headers: u.bearer })).status).toBe(204);
    expect(await server.deps.db.session.findUnique({ where: { tokenHash: hashToken(u.token) } })).toBeNull();
    expect((await server.api('/api/auth/me', { headers: u.bearer })).status).toBe(401);
  });
});

describe('duplicates', () => {
  it('refuses a taken email or username in any letter case with 409 naming the field', async () => {
    await post('/api/auth/register', { email: 'grace@example.com', username: 'grace', password: 'password123' });
    const email = await post('/api/auth/register', { email: 'GRACE@example.com', username: 'grace2', password: 'password123' });
    expect(email.status).toBe(409);
    expect(email.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('email') });
    const username = await post('/api/auth/register', { email: 'grace2@example.com', username: 'GrAcE', password: 'password123' });
    expect(username.status).toBe(409);
    expect(username.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('username') });
    expect(await server.deps.db.user.count({ where: { email: { startsWith: 'grace' } } })).toBe(1);
  });
});

describe('login', () => {
  it('signs in by username or email, any case', async () => {
    const u = await registerUser(server, 'linus');
    for (const login of ['linus', 'LINUS', 'Linus@Example.com']) {
      const res = await post('/api/auth/login', { login, password: u.password });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe(u.id);
      expect(res.body.token).not.toBe(u.token);
      expect((await server.api('/api/auth/me', { headers: { authorization: `Bearer ${res.body.token}` } })).status).toBe(200);
    }
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const u = await registerUser(server);
    const wrong = await post('/api/auth/login', { login: u.username, password: 'not the password' });
    const unknown = await post('/api/auth/login', { login: 'nobody_here', password: 'not the password' });
    const unknownEmail = await post('/api/auth/login', { login: 'nobody@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknownEmail.body).toEqual(wrong.body);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('does the same work for an unknown user as for a wrong password (a password hash is verified either way)', async () => {
    const u = await registerUser(server);
    const timed = async (login: string) => {
      const start = performance.now();
      expect((await post('/api/auth/login', { login, password: 'not the password' })).status).toBe(401);
      return performance.now() - start;
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(await timed(u.username));
      unknown.push(await timed(`ghost_${i}`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2];
    // Without the dummy verification an unknown user answers in a few ms against tens of ms.
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('rehashes a password stored with older argon2 parameters on the next login', async () => {
    const argon2 = (await import('argon2')).default;
    const u = await registerUser(server);
    const weak = await argon2.hash(u.password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await server.deps.db.user.update({ where: { id: u.id }, data: { password: weak } });
    expect((await post('/api/auth/login', { login: u.username, password: u.password })).status).toBe(200);
    const { password } = await server.deps.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await post('/api/auth/login', { login: u.username, password: u.password })).status).toBe(200);
  });
});

describe('bad input', () => {
  const valid = { email: 'bad@example.com', username: 'bad_input', password: 'password123' };
  const cases: Array<[string, unknown, number]> = [
    ['no body', undefined, 422],
    ['an array', [valid], 422],
    ['a number for the password', { ...valid, password: 12345678 }, 422],
    ['a short password', { ...valid, password: 'short' }, 422],
    ['a 257-character password', { ...valid, password: 'p'.repeat(257) }, 422],
    ['a 33-character username', { ...valid, username: 'u'.repeat(33) }, 422],
    ['a 2-character username', { ...valid, username: 'ab' }, 422],
    ['a huge username', { ...valid, username: 'u'.repeat(100_000) }, 422],
    ['a username with a space', { ...valid, username: 'bad input' }, 422],
    ['a username with an umlaut', { ...valid, username: 'jöhn' }, 422],
    ['a fullwidth username', { ...valid, username: 'ｊｏｈｎ' }, 422],
    ['a username with the Kelvin sign', { ...valid, username: 'kelvin\u212A' }, 422],
    ['a username in Han characters', { ...valid, username: '用户名用户' }, 422],
    ['a username with a zero-width space', { ...valid, username: 'ze\u200Bro' }, 422],
    ['not an email', { ...valid, email: 'not-an-email' }, 422],
    ['an object for the email', { ...valid, email: { $ne: null } }, 422],
  ];
  it.each(cases)('refuses %s and writes nothing', async (_name, json, status) => {
    const before = await server.deps.db.user.count();
    const res = await server.api('/api/auth/register', { method: 'POST', ...(json === undefined ? {} : { json }) });
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(await server.deps.db.user.count()).toBe(before);
  });

  it('refuses malformed JSON with 400 and a body over the limit with 413', async () => {
    const before = await server.deps.db.user.count();
    const malformed = await server.api('/api/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(malformed.status).toBe(400);
    const login = await server.api('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' });
    expect(login.status).toBe(422);
    const huge = await server.api('/api/auth/register', { method: 'POST', json: { ...valid, password: 'p'.repeat(2_000_000) } });
    expect(huge.status).toBe(413);
    expect(await server.deps.db.user.count()).toBe(before);
    expect((await server.api('/api/health')).status).toBe(200);
  });
});
