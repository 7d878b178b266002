// The HTTP shell through a real server: health, error bodies, body limits, unknown routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/helpers.ts';

let server: TestServer;
beforeAll(async () => { server = await startTestServer({ BODY_LIMIT_BYTES: '2048' }); });
afterAll(() => server.stop());

describe('HTTP shell', () => {
  it('reports health with database, cache and version', async () => {
    const res = await server.api('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', cache: 'redis', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(res.headers.get('x-request-id')).toMatch(/[\w-]+/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await server.api('/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({ code: 'not_found', message: expect.stringContaining('/api/does-not-exist') });
  });

  it('answers a method the public catalog reads lack with 405 and Allow, as any other route', async () => {
    const res = await server.api('/api/search?q=x', { method: 'POST', json: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toMatch(/GET/);
    const options = await server.api('/api/trending', { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toMatch(/GET/);
  });

  it('rejects malformed JSON with 400', async () => {
    const res = await server.api('/api/health', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('rejects a body over the limit with 413, and keeps serving', async () => {
    const res = await server.api('/api/health', { method: 'POST', json: { big: 'x'.repeat(5000) } });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect((await server.api('/api/health')).status).toBe(200);
  });

  it('never sends a stack trace', async () => {
    const res = await server.api('/api/health', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(res.status).toBe(415);
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(|\.ts:\d+/);
  });
});
