// What a client sees of the cache layers in front of the source, on both stores: a miss, a hit from the
// store and a hit kept in this process answer the same bytes and headers, and a newer or expired store
// entry shows within HOT_TTL_MS.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPipedServer, type PipedServer } from '../../test/piped-server.ts';
import { eventually, startTestServer, type TestServer } from '../../test/helpers.ts';
import { searchKey } from './catalog.ts';
import { HOT_TTL_MS } from './stale-cache.ts';

/** Headers that differ from one response to the next by design. */
const PER_RESPONSE = new Set(['date', 'x-request-id', 'x-jamroom-cache', 'keep-alive', 'connection']);

async function get(server: TestServer, path: string) {
  const res = await fetch(server.url + path);
  const body = Buffer.from(await res.arrayBuffer());
  const headers = Object.fromEntries([...res.headers].filter(([k]) => !PER_RESPONSE.has(k)));
  return { status: res.status, cache: res.headers.get('x-jamroom-cache'), requestId: res.headers.get('x-request-id'), headers, body };
}

describe.each([['redis'], ['in-process']])('cached answers on %s', (store) => {
  let piped: PipedServer;
  let server: TestServer;

  beforeAll(async () => {
    piped = await startPipedServer();
    server = await startTestServer({ PIPED_API_URL: piped.url, ...(store === 'in-process' ? { REDIS_URL: '' } : {}) });
    expect(server.deps.cache.kind).toBe(store === 'redis' ? 'redis' : 'memory');
  });
  afterAll(async () => { await server?.stop(); await piped?.close(); });
  beforeEach(() => piped.reset());

  it('sends the same bytes and headers on a miss, a hit from the store and the hits after it', async () => {
    const miss = await get(server, '/api/search?q=same%20bytes');
    expect(miss.cache).toBe('miss');
    const hits = [];
    for (let i = 0; i < 5; i++) hits.push(await get(server, '/api/search?q=same%20bytes'));
    for (const hit of hits) {
      expect(hit.cache).toBe('hit');
      expect(hit.headers).toEqual(miss.headers);
      expect(hit.body.equals(miss.body)).toBe(true);
      expect(hit.requestId).toMatch(/^[\w-]{1,64}$/);
    }
    expect(new Set([miss, ...hits].map((r) => r.requestId)).size).toBe(6);
    expect(miss.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(miss.headers['content-length']).toBe(String(miss.body.length));
    expect(piped.count('/search')).toBe(1);

    const suggestions = await get(server, '/api/search/suggestions?q=same');
    const again = await get(server, '/api/search/suggestions?q=same');
    expect(again.body.equals(suggestions.body)).toBe(true);
    expect(JSON.parse(again.body.toString())).toEqual({ suggestions: expect.any(Array) });
  });

  it('answers a newer store entry, and a fresh one after the entry expired, within HOT_TTL_MS', async () => {
    const key = searchKey('newer entry');
    expect((await get(server, '/api/search?q=newer%20entry')).cache).toBe('miss');
    expect((await get(server, '/api/search?q=newer%20entry')).cache).toBe('hit');

    // Another node refreshed the entry.
    const newer = '{"tracks":[],"collections":[],"nextPage":null}';
    await server.deps.cache.setJson(key, newer, 60);
    let t0 = Date.now();
    await eventually(async () => expect((await get(server, '/api/search?q=newer%20entry')).body.toString()).toBe(newer), 5000, 10);
    expect(Date.now() - t0).toBeLessThan(HOT_TTL_MS + 500);

    // The entry's TTL ran out: the source is asked again.
    await server.deps.cache.store.del(key);
    t0 = Date.now();
    const fresh = await eventually(async () => {
      const res = await get(server, '/api/search?q=newer%20entry');
      expect(res.cache).toBe('miss');
      return res;
    }, 5000, 10);
    expect(Date.now() - t0).toBeLessThan(HOT_TTL_MS + 500);
    expect(JSON.parse(fresh.body.toString()).tracks).toHaveLength(4);
    expect(piped.count('/search')).toBe(2);
  });

  it('refuses a bad query every time it is sent, and answers a good one after it', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await server.api('/api/search?q=%20%20');
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await server.api('/api/search?q=ok&filter=everything')).status).toBe(422);
    expect((await server.api('/api/search?q=ok')).status).toBe(200);
  });
});
