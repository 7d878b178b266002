// Changing and deleting an account, and a guest becoming a user, through a real server and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { registerUser, type TestUser } from './test-users.ts';
import { hashToken, newToken } from './tokens.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ AUTH_RATE_LIMIT: '1000' }); });
afterAll(() => server.stop());

const db = () => server.deps.db;
const me = (headers: Record<string, string>) => server.api('/api/auth/me', { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let codes = 0;

async function roomHostedBy(host: TestUser) {
  return db().room.create({ data: { code: `T${String(++codes).padStart(5, '0')}`, name: `${host.username}'s room`, hostId: host.id } });
}
/** A guest membership as POST /api/rooms/:code/join makes it. */
async function guestIn(roomId: string, displayName = 'Guesty') {
  const token = newToken('g');
  const member = await db().roomMember.create({ data: { roomId, displayName, guestTokenHash: hashToken(token) } });
  return { token, member };
}

describe('PATCH /api/auth/me', () => {
  it('changes the password with the current one and ends every other session', async () => {
    const u = await registerUser(server);
    const other = await server.api('/api/auth/login', { method: 'POST', json: { login: u.username, password: u.password } });
    const wrong = await server.api('/api/auth/me', { method: 'PATCH', headers: u.bearer, json: { currentPassword: 'nope nope', newPassword: 'a new password' } });
    expect(wrong.status).toBe(403);
    expect((await me(bearer(other.body.token))).status).toBe(200);

    const res = await server.api('/api/auth/me', { method: 'PATCH', headers: u.bearer, json: { currentPassword: u.password, newPassword: 'a new password' } });
    expect(res.status).toBe(200);
    expect((await me(u.bearer)).status).toBe(200);
    expect((await me(bearer(other.body.token))).status).toBe(401);
    expect((await server.api('/api/auth/login', { method: 'POST', json: { login: u.username, password: u.password } })).status).toBe(401);
    expect((await server.api('/api/auth/login', { method: 'POST', json: { login: u.username, password: 'a new password' } })).status).toBe(200);
  });

  it('refuses a password change without the current password', async () => {
    const u = await registerUser(server);
    const res = await server.api('/api/auth/me', { method: 'PATCH', headers: u.bearer, json: { newPassword: 'a new password' } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('currentPassword');
  });

  it('renames, lower-cased, and refuses a taken username in any case with 409', async () => {
    const a = await registerUser(server);
    const b = await registerUser(server);
    const res = await server.api('/api/auth/me', { method: 'PATCH', headers: a.bearer, json: { username: 'New.Name' } });
    expect(res.status).toBe(200);
    expect(res.body.user.username).toBe('new.name');
    const taken = await server.api('/api/auth/me', { method: 'PATCH', headers: b.bearer, json: { username: 'NEW.NAME' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('username');
    expect((await me(b.bearer)).body.user.username).toBe(b.username);
  });
});

describe('DELETE /api/auth/me', () => {
  it('needs the password', async () => {
    const u = await registerUser(server);
    const res = await server.api('/api/auth/me', { method: 'DELETE', headers: u.bearer, json: { password: 'wrong password' } });
    expect(res.status).toBe(403);
    expect((await me(u.bearer)).status).toBe(200);
  });

  it('removes hosted rooms, library and sessions; memberships elsewhere stay as guests under the old name', async () => {
    const u = await registerUser(server);
    const host = await registerUser(server);
    const own = await roomHostedBy(u);
    await db().roomMember.create({ data: { roomId: own.id, userId: u.id } });
    const others = await roomHostedBy(host);
    const membership = await db().roomMember.create({ data: { roomId: others.id, userId: u.id } });
    const created = await server.api('/api/library/playlists', { method: 'POST', headers: u.bearer, json: { name: 'Mine' } });
    expect(created.status).toBe(201);

    const res = await server.api('/api/auth/me', { method: 'DELETE', headers: u.bearer, json: { password: u.password } });
    expect(res.status).toBe(204);
    expect((await me(u.bearer)).status).toBe(401);
    expect(await db().user.findUnique({ where: { id: u.id } })).toBeNull();
    expect(await db().room.findUnique({ where: { id: own.id } })).toBeNull();
    expect(await db().playlist.count({ where: { userId: u.id } })).toBe(0);
    expect(await db().roomMember.findUnique({ where: { id: membership.id } })).toMatchObject({ userId: null, displayName: u.username, roomId: others.id });
    expect((await server.api('/api/auth/login', { method: 'POST', json: { login: u.username, password: u.password } })).status).toBe(401);
  });
});

describe('guest → user', () => {
  it('register with the guest cookie makes the guest membership the new user\'s and clears the cookie', async () => {
    const host = await registerUser(server);
    const room = await roomHostedBy(host);
    const guest = await guestIn(room.id);
    const res = await server.api('/api/auth/register', {
      method: 'POST', headers: { cookie: `jr_guest=${guest.token}` }, json: { email: 'was_guest@example.com', username: 'was_guest', password: 'password123' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('jr_guest='))).toMatch(/^jr_guest=; Max-Age=0; Path=\/;/);
    const row = await db().roomMember.findUniqueOrThrow({ where: { id: guest.member.id } });
    expect(row).toMatchObject({ userId: res.body.user.id, guestTokenHash: null, roomId: room.id });
    // The old guest token names nobody now.
    expect((await server.api('/api/library/playlists', { headers: bearer(guest.token) })).status).toBe(401);
  });

  it('login with the guest token in the body, already a member of that room: the guest row goes', async () => {
    const host = await registerUser(server);
    const u = await registerUser(server);
    const room = await roomHostedBy(host);
    const mine = await db().roomMember.create({ data: { roomId: room.id, userId: u.id } });
    const guest = await guestIn(room.id);
    const res = await server.api('/api/auth/login', { method: 'POST', json: { login: u.username, password: u.password, guestToken: guest.token } });
    expect(res.status).toBe(200);
    expect(await db().roomMember.findUnique({ where: { id: guest.member.id } })).toBeNull();
    expect(await db().roomMember.findMany({ where: { roomId: room.id, userId: u.id } })).toEqual([expect.objectContaining({ id: mine.id })]);
  });

  it('login with a forged or spent guest token still signs in and changes no membership', async () => {
    const u = await registerUser(server);
    const before = await db().roomMember.count();
    const res = await server.api('/api/auth/login', { method: 'POST', json: { login: u.username, password: u.password, guestToken: newToken('g') } });
    expect(res.status).toBe(200);
    expect(await db().roomMember.count()).toBe(before);
  });

  it('a guest token is refused on library routes with 403, by cookie or bearer', async () => {
    const host = await registerUser(server);
    const room = await roomHostedBy(host);
    const guest = await guestIn(room.id);
    for (const headers of [{ cookie: `jr_guest=${guest.token}` }, bearer(guest.token)]) {
      expect((await server.api('/api/library/playlists', { headers })).status).toBe(403);
      const write = await server.api('/api/library/playlists', { method: 'POST', headers, json: { name: 'nope' } });
      expect(write.status).toBe(403);
      expect(write.body.error.code).toBe('forbidden');
      expect((await me(headers)).status).toBe(401);
    }
    expect(await db().playlist.count({ where: { name: 'nope' } })).toBe(0);
  });
});
