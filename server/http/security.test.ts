// Security headers on every kind of response, HSTS and Secure cookies only for HTTPS requests (seen
// directly or through a trusted proxy), and the media sources a Piped configuration allows.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers.ts';
import { contentSecurityPolicy, pipedMediaSources } from './security.ts';
import { makeRoom, makeUser } from '../rooms/test-kit.ts';

let clientDir: string;
let trusting: TestServer;
let direct: TestServer;
let alwaysSecure: TestServer;

beforeAll(async () => {
  clientDir = await mkdtemp(path.join(tmpdir(), 'jamroom-security-'));
  await mkdir(path.join(clientDir, 'assets'));
  await writeFile(path.join(clientDir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  await writeFile(path.join(clientDir, 'assets/app.js'), 'export {};');
  [trusting, direct, alwaysSecure] = await Promise.all([
    startTestServer({ CLIENT_DIR: clientDir, TRUST_PROXY: 'true', PIPED_API_URL: 'https://pipedapi.example.com' }),
    startTestServer({ CLIENT_DIR: clientDir, TRUST_PROXY: 'false' }),
    startTestServer({ CLIENT_DIR: clientDir, SECURE_COOKIES: 'true' }),
  ]);
});

afterAll(async () => {
  await Promise.all([trusting?.stop(), direct?.stop(), alwaysSecure?.stop()]);
  await rm(clientDir, { recursive: true, force: true });
});

/** The CSP as directive → sources. */
function csp(headers: Headers): Record<string, string[]> {
  const value = headers.get('content-security-policy') ?? '';
  return Object.fromEntries(value.split(';').map((d) => d.trim().split(/\s+/)).filter(([name]) => name).map(([name, ...sources]) => [name!, sources]));
}

describe('security headers', () => {
  it.each([
    ['the app shell', '/', 200, 'text/html'],
    ['a client route', '/r/ABCDEF', 200, 'text/html'],
    ['a static asset', '/assets/app.js', 200, 'text/javascript'],
    ['the API', '/api/health', 200, 'application/json'],
    ['an API error', '/api/does-not-exist', 404, 'application/json'],
    ['a missing asset', '/assets/missing.js', 404, 'application/json'],
  ])('are on %s', async (_what, url, status, type) => {
    const res = await direct.api(url);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain(type);
    const policy = csp(res.headers);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toEqual(["'self'"]);
    expect(policy['connect-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cross-origin-embedder-policy')).toBeNull();
  });

  it('are on a HEAD of the page too, which answers like its GET (200, same type and length, no body)', async () => {
    const [head, get] = await Promise.all([fetch(`${direct.url}/`, { method: 'HEAD' }), fetch(`${direct.url}/`)]);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('content-length')).toBe(String((await get.text()).length));
    expect(csp(head.headers)['frame-ancestors']).toEqual(["'none'"]);
  });

  it('allow images and audio only from us and the configured Piped deployment', async () => {
    expect(csp((await direct.api('/')).headers)['media-src']).toEqual(["'self'"]);
    const policy = csp((await trusting.api('/')).headers);
    expect(policy['media-src']).toEqual(["'self'", 'https://pipedapi.example.com', 'https://*.example.com']);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'https://pipedapi.example.com', 'https://*.example.com']);
  });

  it('send HSTS only for a request that came over HTTPS through a trusted proxy', async () => {
    const https = { headers: { 'x-forwarded-proto': 'https' } };
    expect((await trusting.api('/api/health', https)).headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect((await trusting.api('/api/health')).headers.get('strict-transport-security')).toBeNull();
    expect((await direct.api('/api/health', https)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('session cookie', () => {
  const register = (server: TestServer, name: string, headers: Record<string, string> = {}) =>
    server.api('/api/auth/register', { method: 'POST', headers, json: { email: `${name}@example.com`, username: name, password: 'password123' } });
  const attributes = (res: { headers: Headers }) => res.headers.getSetCookie()[0]!.split('; ');

  it('is Secure when a trusted proxy says the request came over HTTPS', async () => {
    const res = await register(trusting, 'proxied', { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(201);
    expect(attributes(res)).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax', 'Path=/']));
  });

  it('is not Secure over plain HTTP', async () => {
    const res = await register(trusting, 'plain');
    expect(res.status).toBe(201);
    expect(attributes(res)).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax']));
    expect(attributes(res)).not.toContain('Secure');
  });

  it('a guest\'s cookie follows the same rule, and SECURE_COOKIES over a plain hop still lets a guest join', async () => {
    const guestJoin = async (server: TestServer, headers: Record<string, string> = {}) => {
      const host = await makeUser(server);
      const room = await makeRoom(server, host.token);
      return server.api(`/api/rooms/${room.code}/join`, { method: 'POST', headers, json: { displayName: 'Guest' } });
    };
    const overHttps = await guestJoin(trusting, { 'x-forwarded-proto': 'https' });
    expect(overHttps.status).toBe(201);
    expect(attributes(overHttps)).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax']));
    const forced = await guestJoin(alwaysSecure);
    expect(forced.status).toBe(201);
    expect(attributes(forced)).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'SameSite=Lax']));
  });

  it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
    const res = await register(direct, 'spoofed', { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(201);
    expect(attributes(res)).not.toContain('Secure');
  });
});

describe('Piped media sources', () => {
  it('are the configured origins and their sibling hosts, same scheme and port', () => {
    expect(pipedMediaSources(['https://pipedapi.kavin.rocks'])).toEqual(['https://pipedapi.kavin.rocks', 'https://*.kavin.rocks']);
    expect(pipedMediaSources(['https://user:secret@api.piped.example.org/api'])).toEqual(['https://api.piped.example.org', 'https://*.piped.example.org']);
    expect(pipedMediaSources(['http://piped.lan:8080'])).toEqual(['http://piped.lan:8080', 'http://*.piped.lan:8080']);
    expect(pipedMediaSources(['http://localhost:9000'])).toEqual(['http://localhost:9000', 'http://*.localhost:9000']);
  });

  it('never widen an IP address or reach a bare top-level domain', () => {
    expect(pipedMediaSources(['http://127.0.0.1:9000', 'http://[::1]:9000'])).toEqual(['http://127.0.0.1:9000', 'http://[::1]:9000']);
    expect(pipedMediaSources(['https://piped.video'])).toEqual(['https://piped.video', 'https://*.piped.video']);
  });

  it('are the only other hosts in the policy', () => {
    const policy = contentSecurityPolicy({ pipedApiUrls: [] });
    const foreign = Object.values(policy).flat().filter((s) => !["'self'", "'none'", 'data:'].includes(s));
    expect(foreign).toEqual([]);
  });
});
