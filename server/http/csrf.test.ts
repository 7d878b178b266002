// Cookie-authenticated writes need JSON and, when the browser names one, our own Origin.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { registerUser, type TestUser } from '../auth/test-users.ts';
import { testTrack } from '../library/test-tracks.ts';

let server: TestServer;
let user: TestUser;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer({ AUTH_RATE_LIMIT: '1000' });
  user = await registerUser(server);
  cookie = `jr_session=${user.token}`;
});
afterAll(() => server.stop());

const createPlaylist = (headers: Record<string, string>, init: RequestInit & { json?: unknown } = { json: { name: 'csrf' } }) =>
  server.api('/api/library/playlists', { method: 'POST', ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
/** A request with no body and no Content-Length or Transfer-Encoding header (fetch always sends one); its status. */
function bodiless(method: string, path: string, headers: Record<string, string>): Promise<number> {
  const { host } = new URL(server.url);
  const head = [`${method} ${path} HTTP/1.1`, `Host: ${host}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1', () => socket.write(`${head.join('\r\n')}\r\n\r\n`));
    socket.on('data', (chunk) => { reply += chunk.toString('latin1'); });
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1])));
    socket.on('error', reject);
  });
}
const playlistCount = () => server.deps.db.playlist.count({ where: { userId: user.id } });

describe('CSRF', () => {
  it('refuses a cookie-signed write from another origin', async () => {
    const res = await createPlaylist({ cookie, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await server.api('/api/auth/logout', { method: 'POST', headers: { cookie, origin: 'null' } })).status).toBe(403);
    expect((await server.api('/api/auth/me', { headers: { cookie } })).status).toBe(200);
    expect(await playlistCount()).toBe(0);
  });

  it('refuses a cookie-signed write that is not JSON (a form post)', async () => {
    const form = await createPlaylist({ cookie }, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(form.status).toBe(403);
    const text = await createPlaylist({ cookie }, { headers: { 'content-type': 'text/plain' }, body: '{"name":"csrf"}' });
    expect([403, 415]).toContain(text.status);
    expect(await playlistCount()).toBe(0);
  });

  it('accepts same-origin JSON with the cookie, with or without an Origin header', async () => {
    expect((await createPlaylist({ cookie, origin: server.url })).status).toBe(201);
    expect((await createPlaylist({ cookie })).status).toBe(201);
    expect(await playlistCount()).toBe(2);
  });

  // curl -X POST and many HTTP clients send neither Content-Length nor Transfer-Encoding without a body.
  it('accepts a bodiless cookie-signed write that names JSON, and still refuses one that names another type', async () => {
    const session = await registerUser(server);
    const own = `jr_session=${session.token}`;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect({ type, status: await bodiless('POST', '/api/auth/logout', { cookie: own, 'content-type': type }) }).toEqual({ type, status: 403 });
    }
    expect((await server.api('/api/auth/me', { headers: { cookie: own } })).status).toBe(200);
    expect(await bodiless('POST', '/api/auth/logout', { cookie: own, 'content-type': 'application/json; charset=utf-8' })).toBe(204);
    expect((await server.api('/api/auth/me', { headers: { cookie: own } })).status).toBe(401);

    const t = testTrack(41);
    await server.api(`/api/library/liked/${t.videoId}`, { method: 'PUT', headers: user.bearer, json: t });
    expect(await bodiless('PUT', `/api/library/liked/${t.videoId}`, { cookie, 'content-type': 'application/json' })).toBe(200);
  });

  it('does not apply to Bearer requests, which carry no ambient authority', async () => {
    expect((await createPlaylist({ ...user.bearer, origin: 'https://tool.example' })).status).toBe(201);
  });

  it('reads stay open cross-origin-wise (the browser keeps the answer from the other page)', async () => {
    expect((await server.api('/api/library/playlists', { headers: { cookie, origin: 'https://evil.example' } })).status).toBe(200);
  });
});
