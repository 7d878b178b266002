import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_COOKIE } from '../auth/actor.ts';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { makeRoom, makeUser } from './test-kit.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.stop(); });

describe('rooms over REST', () => {
  it('creates a room with a 6-character code without look-alikes', async () => {
    const host = await makeUser(server);
    const codes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const room = await makeRoom(server, host.token, `Room ${i}`);
      expect(room.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/);
      expect(room.hostId).toBe(host.user.id);
      codes.add(room.code);
    }
    expect(codes.size).toBe(20);
  });

  it('refuses guests and anonymous callers for creation, and bad bodies', async () => {
    expect((await server.api('/api/rooms', { method: 'POST', json: { name: 'x' } })).status).toBe(401);
    const host = await makeUser(server);
    const bad = await server.api('/api/rooms', { method: 'POST', json: { name: 42 }, headers: host.auth });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('validation_failed');
  });

  it('shows a room by code in any case, 404 for unknown codes', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token, 'Friday');
    const res = await server.api(`/api/rooms/${room.code.toLowerCase()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: room.code, name: 'Friday', host: { id: host.user.id }, memberCount: 1, queueLength: 0, nowPlaying: null, online: [] });
    expect((await server.api('/api/rooms/ZZZZZZ')).status).toBe(404);
    expect((await server.api('/api/rooms/not-a-code')).status).toBe(404);
  });

  it('lists my rooms, hosted and joined, most recent first', async () => {
    const a = await makeUser(server);
    const b = await makeUser(server);
    const mine = await makeRoom(server, a.token, 'Mine');
    const theirs = await makeRoom(server, b.token, 'Theirs');
    expect((await server.api(`/api/rooms/${theirs.code}/join`, { method: 'POST', headers: a.auth })).status).toBe(200);
    const list = await server.api('/api/rooms', { headers: a.auth });
    expect(list.body.map((r: any) => [r.code, r.role])).toEqual([[theirs.code, 'member'], [mine.code, 'host']]);
  });

  it('lets only the host rename, change settings and delete', async () => {
    const host = await makeUser(server);
    const other = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const denied = await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { name: 'Mine now' }, headers: other.auth });
    expect(denied.status).toBe(403);
    const ok = await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { name: 'Renamed', settings: { whoCanEdit: 'host', skipVotes: 3 } }, headers: host.auth });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Renamed', settings: { whoCanEdit: 'host', skipVotes: 3, autoplay: false } });
    const bad = await server.api(`/api/rooms/${room.code}`, { method: 'PATCH', json: { settings: { whoCanEdit: 'nobody' } }, headers: host.auth });
    expect(bad.status).toBe(422);
    expect((await server.api(`/api/rooms/${room.code}`, { method: 'DELETE', headers: other.auth })).status).toBe(403);
    expect((await server.api(`/api/rooms/${room.code}`, { method: 'DELETE', headers: host.auth })).status).toBe(204);
    expect((await server.api(`/api/rooms/${room.code}`)).status).toBe(404);
  });

  it('a guest joins with a display name and gets a room-bound token in an HttpOnly cookie', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const res = await server.api(`/api/rooms/${room.code}/join`, { method: 'POST', json: { displayName: 'Sam' } });
    expect(res.status).toBe(201);
    expect(res.body.member).toMatchObject({ userId: null, displayName: 'Sam', role: 'guest' });
    expect(res.body.guest.token).toMatch(/^g_/);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toContain(`${GUEST_COOKIE}=${res.body.guest.token}`);
    expect(cookie.toLowerCase()).toContain('httponly');
    expect(cookie.toLowerCase()).toContain('samesite=lax');
    const row = await server.deps.db.roomMember.findUnique({ where: { id: res.body.member.id } });
    expect(row?.guestTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.guestTokenHash).not.toContain(res.body.guest.token);
    expect((await server.api(`/api/rooms/${room.code}`)).body.memberCount).toBe(2);
    expect((await server.api(`/api/rooms/${room.code}/join`, { method: 'POST', json: {} })).status).toBe(422);
  });

  it('rate-limits join attempts so codes cannot be enumerated', async () => {
    const s = await startTestServer();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 35; i++) statuses.push((await s.api(`/api/rooms/ABCDE${'23456789'[i % 8]}/join`, { method: 'POST', json: { displayName: 'x' } })).status);
      expect(statuses.slice(0, 30).every((st) => st === 404)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await s.stop();
    }
  });

  it('reads Up Next and History from the database; playback requests need permission', async () => {
    const host = await makeUser(server);
    const room = await makeRoom(server, host.token);
    const q = await server.api(`/api/rooms/${room.code}/queue`);
    expect(q.body).toEqual({ current: null, upNext: [], history: [] });
    expect((await server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'play' } })).status).toBe(401);
    const bad = await server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'seek' }, headers: host.auth });
    expect(bad.status).toBe(422);
    const ok = await server.api(`/api/rooms/${room.code}/playback`, { method: 'POST', json: { action: 'play' }, headers: host.auth });
    expect(ok.status).toBe(200);
    expect(ok.body.playback).toMatchObject({ entryId: null, status: 'paused' });
  });
});
