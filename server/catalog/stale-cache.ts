// Discovery caching: fresh copy for the seed's TTL, a longer-lived stale copy served (and flagged) when a
// refresh fails, one refresh per key at a time, and straight to the source when the cache is down.
// Entries are JSON text; a hit hands that text on untouched, so a cached answer is sent without being
// parsed and encoded again (the value is parsed only if a caller reads `data`). A hit is also kept in this
// process for HOT_TTL_MS: a popular search is read from the store once a second, not once per request.
import type { Cache } from '../cache/cache.ts';
import { HotCache } from '../cache/hot.ts';
import type { Logger } from '../log.ts';

export type CacheState = 'hit' | 'miss' | 'stale';

/** An answer and where it came from: `json` is its encoding as stored, `data` the value (parsed on first read). */
export class Served<T> {
  private parsed: boolean;
  private value: T | undefined;
  private encoded?: { field: string | undefined; body: Buffer };

  /** `data` when the caller already holds the value `json` encodes (a miss), so it is never parsed back. */
  constructor(readonly cache: CacheState, readonly json: string, data?: { value: T }) {
    this.parsed = data !== undefined;
    this.value = data?.value;
  }

  static of<T>(cache: CacheState, value: T): Served<T> {
    return new Served(cache, JSON.stringify(value), { value });
  }

  /** Shared by every request the answer serves: callers read it, never change it. */
  get data(): T {
    if (!this.parsed) {
      this.value = JSON.parse(this.json) as T;
      this.parsed = true;
    }
    return this.value as T;
  }

  /** The response body: `json` as UTF-8, wrapped as `{"<field>":…}` when given; encoded once per answer. */
  body(field?: string): Buffer {
    if (this.encoded === undefined || this.encoded.field !== field) {
      this.encoded = { field, body: Buffer.from(field === undefined ? this.json : `{"${field}":${this.json}}`) };
    }
    return this.encoded.body;
  }
}

/** How long an expired answer may stand in for a failing source. */
export const STALE_TTL_S = 24 * 3600;
export const staleKey = (key: string) => `stale:${key}`;
/**
 * How long a hit is answered from this process without asking the store: an answer may outlive its
 * store entry (or a newer one another node wrote) by this much, nothing more.
 */
export const HOT_TTL_MS = 1000;
const HOT_MAX_ENTRIES = 500;

export class StaleCache {
  private inflight = new Map<string, Promise<Served<unknown>>>();
  private hot = new HotCache<Served<unknown>>(HOT_TTL_MS, HOT_MAX_ENTRIES);

  constructor(private readonly cache: Cache, private readonly log: Logger) {}

  async get<T>(key: string, ttlS: number, load: () => Promise<T>): Promise<Served<T>> {
    // Only while the store is up: with Redis down every request goes to the source, as it did before.
    if (this.cache.store.ready) {
      const hot = this.hot.get(key);
      if (hot !== undefined) return hot as Served<T>;
    }
    const fresh = await this.cache.getJson(key).catch(() => null);
    if (fresh !== null) {
      const served = new Served<T>('hit', fresh);
      this.hot.set(key, served);
      return served;
    }
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
      const old = await this.cache.getJson(staleKey(key)).catch(() => null);
      if (old === null) throw err;
      this.log.warn({ key, err: (err as Error).message }, 'source failed: serving the stale copy');
      return new Served<T>('stale', old);
    }
    const served = Served.of<T>('miss', data);
    await Promise.all([this.cache.setJson(key, served.json, ttlS), this.cache.setJson(staleKey(key), served.json, STALE_TTL_S)]).catch(() => {});
    return served;
  }
}
