import { Redis } from 'ioredis';
import type { CacheStore } from './cache.ts';

export function createRedis(url: string, keyPrefix = ''): Redis {
  return new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: false, // fail fast while Redis is down: callers run uncached
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
}

/** Resolves true once connected, false if Redis is not ready within timeoutMs (we run uncached then). */
export function waitForRedis(redis: Redis, timeoutMs = 2000): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { redis.off('ready', onReady); resolve(false); }, timeoutMs);
    const onReady = () => { clearTimeout(timer); resolve(true); };
    redis.once('ready', onReady);
  });
}

export class RedisStore implements CacheStore {
  readonly kind = 'redis' as const;
  constructor(readonly redis: Redis) {}
  get ready() { return this.redis.status === 'ready'; }
  get(key: string) { return this.redis.get(key); }
  async set(key: string, value: string, ttlS: number) { await this.redis.set(key, value, 'EX', ttlS); }
  async del(key: string) { await this.redis.del(key); }
  ttl(key: string) { return this.redis.ttl(key); }
  async ping() {
    try { return (await this.redis.ping()) === 'PONG'; } catch { return false; }
  }
  async close() { this.redis.disconnect(); }
}
