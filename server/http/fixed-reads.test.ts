// The fixed-path reads answered ahead of the router look exactly like the router's answers: a trailing
// slash still goes through the router, so the two can be compared on one server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipedServer, type PipedServer } from '../../test/piped-server.ts';
import { startTestServer, type TestServer } from '../../test/helpers.ts';

let piped: PipedServer;
let server: TestServer;
beforeAll(async () => {
  piped = await startPipedServer();
  server = await startTestServer({ PIPED_API_URL: piped.url });
});
afterAll(async () => { await server?.stop(); await piped?.close(); });

const PER_RESPONSE = new Set(['date', 'x-request-id', 'keep-alive', 'connection']);

async function answer(path: string, init: RequestInit = {}) {
  const res = await fetch(server.url + path, init);
  return {
    status: res.status,
    headers: Object.fromEntries([...res.headers].filter(([k]) => !PER_RESPONSE.has(k))),
    requestId: res.headers.get('x-request-id'),
    body: await res.text(),
  };
}

describe('fixed-path reads', () => {
  it.each([
    ['a search', '/api/search', '?q=lanterns', 200],
    ['suggestions', '/api/search/suggestions', '?q=lan', 200],
    ['trending', '/api/trending', '', 200],
    ['a refused query', '/api/search', '?q=%20', 422],
    ['another refused query', '/api/trending', '?region=USA', 422],
  ])('answer %s as the router does: status, headers, body', async (_what, path, query, status) => {
    await answer(path + query); // both answers below are hits
    const fast = await answer(path + query);
    const routed = await answer(`${path}/${query}`);
    expect(fast.status).toBe(status);
    expect(fast).toEqual({ ...routed, requestId: expect.any(String) });
    expect(fast.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answer HEAD like GET without a body, and keep the request id a client sent', async () => {
    const get = await answer('/api/search?q=lanterns');
    const head = await answer('/api/search?q=lanterns', { method: 'HEAD', headers: { 'x-request-id': 'trace-42' } });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers).toEqual(get.headers);
    expect(head.requestId).toBe('trace-42');
  });
});
