// Discovery caching: fresh copy for the seed's TTL, a longer-lived stale copy served (and flagged) when a
// refresh fails, one refresh per key at a time, and straight to the source when the cache is down.
import type { Cache } from '../cache/cache.ts';
import type { Logger } from '../log.ts';

export type CacheState = 'hit' | 'miss' | 'stale';
export type Served<T> = { data: T; cache: CacheState };

/** How long an expired answer may stand in for a failing source. */
export const STALE_TTL_S = 24 * 3600;
export const staleKey = (key: string) => `stale:${key}`;

export class StaleCache {
  private inflight = new Map<string, Promise<Served<unknown>>>();

  constructor(private readonly cache: Cache, private readonly log: Logger) {}

  async get<T>(key: string, ttlS: number, load: () => Promise<T>): Promise<Served<T>> {
    const fresh = await this.cache.get<T>(key).catch(() => null);
    if (fresh !== null) return { data: fresh, cache: 'hit' };
    let running = this.inflight.get(key);
    if (!running) {
      running = this.refresh(key, ttlS, load).finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    }
    return running as Promise<Served<T>>;
  }

  private async refresh<T>(key: string, ttlS: number, load: () => Promise<T>): Promise<Served<T>> {
    let data: T;
    try {
      data = await load();
    } catch (err) {
      const old = await this.cache.get<T>(staleKey(key)).catch(() => null);
      if (old === null) throw err;
      this.log.warn({ key, err: (err as Error).message }, 'source failed: serving the stale copy');
      return { data: old, cache: 'stale' };
    }
    await Promise.all([this.cache.set(key, data, ttlS), this.cache.set(staleKey(key), data, STALE_TTL_S)]).catch(() => {});
    return { data, cache: 'miss' };
  }
}
