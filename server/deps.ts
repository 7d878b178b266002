import type { Hocuspocus } from '@hocuspocus/server';
import type { Redis } from 'ioredis';
import type { Cache } from './cache/cache.ts';
import type { Catalog } from './catalog/catalog.ts';
import type { Config } from './config.ts';
import type { Db } from './db/client.ts';
import type { RateLimiter } from './http/rate-limit.ts';
import type { Logger } from './log.ts';

/** What every feature gets: built once in main.ts, passed in, never imported as globals. */
export type Deps = {
  config: Config;
  db: Db;
  cache: Cache;
  /** Present when REDIS_URL is set: shared rate limits, locks, pub/sub. */
  redis?: Redis;
  log: Logger;
  hocuspocus: Hocuspocus;
  rateLimiter: RateLimiter;
  /** Search, trending, recommendations, track lookup and audio (Piped or the local folder). */
  catalog: Catalog;
};
