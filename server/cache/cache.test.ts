// One suite, two stores: real Redis and the in-process fallback behave the same.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, redisUrl } from '../../test/helpers.ts';
import { Cache, type CacheStore } from './cache.ts';
import { MemoryStore } from './memory.ts';
import { createRedis, RedisStore, waitForRedis } from './redis.ts';

const stores: Array<[string, () => CacheStore]> = [
  ['redis', () => new RedisStore(createRedis(redisUrl(), `c${randomBytes(4).toString('hex')}:`))],
  ['memory', () => new MemoryStore()],
];

describe.each(stores)('cache on %s', (_name, make) => {
  const store = make();
  const cache = new Cache(store);
  beforeAll(async () => { if (store instanceof RedisStore) expect(await waitForRedis(store.redis)).toBe(true); });
  afterAll(() => store.close());

  it('stores JSON values and reports the TTL', async () => {
    await cache.set('search:daft punk', { items: [1, 2] }, 3600);
    expect(await cache.get('search:daft punk')).toEqual({ items: [1, 2] });
    const ttl = await store.ttl('search:daft punk');
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3600);
    expect(await store.ttl('missing')).toBe(-2);
    expect(await cache.get('missing')).toBeNull();
  });

  it('keeps JSON text as written, and overlapping reads of a key share one store read', async () => {
    await cache.setJson('trending:GB', '[ "x",  "é" ]', 60);
    const get = store.get;
    let reads = 0;
    store.get = (key) => { reads++; return get.call(store, key); };
    try {
      const all = await Promise.all(Array.from({ length: 50 }, () => cache.getJson('trending:GB')));
      expect(all).toEqual(Array(50).fill('[ "x",  "é" ]'));
      expect(reads).toBe(1);
      expect(await cache.getJson('trending:GB')).toBe('[ "x",  "é" ]');
      expect(reads).toBe(2); // a read after the last one finished reads again
    } finally {
      store.get = get;
    }
  });

  it('expires entries after their TTL', async () => {
    await cache.set('trending', ['x'], 1);
    expect(await cache.get('trending')).toEqual(['x']);
    await eventually(async () => expect(await cache.get('trending')).toBeNull(), 3000, 100);
  });

  it('makes one loader call for 50 concurrent misses of one key', async () => {
    let calls = 0;
    const load = async () => { calls++; await new Promise((r) => setTimeout(r, 50)); return { n: 42 }; };
    const results = await Promise.all(Array.from({ length: 50 }, () => cache.wrap('home:shelves', 3600, load)));
    expect(calls).toBe(1);
    expect(results.every((r) => r.n === 42)).toBe(true);
    expect(await cache.wrap('home:shelves', 3600, load)).toEqual({ n: 42 });
    expect(calls).toBe(1);
  });

  it('answers through the loader when a loader fails once, without caching the failure', async () => {
    await expect(cache.wrap('recommendations:x:v2', 60, async () => { throw new Error('upstream down'); })).rejects.toThrow('upstream down');
    expect(await cache.wrap('recommendations:x:v2', 60, async () => 'ok')).toBe('ok');
  });
});
