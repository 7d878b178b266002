// The cache discovery uses: JSON values with a TTL, and single-flight for concurrent misses of a key.
export interface CacheStore {
  readonly kind: 'redis' | 'memory';
  /** Whether the store is connected now (the in-process store always is): no round trip, no promise. */
  readonly ready: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlS: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Seconds left, -2 when the key is missing, -1 without expiry (as Redis TTL). */
  ttl(key: string): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export class Cache {
  private inflight = new Map<string, Promise<unknown>>();
  private reading = new Map<string, Promise<string | null>>();
  constructor(readonly store: CacheStore) {}

  get kind() { return this.store.kind; }

  async get<T>(key: string): Promise<T | null> {
    const raw = await this.store.get(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  }

  set<T>(key: string, value: T, ttlS: number): Promise<void> {
    return this.store.set(key, JSON.stringify(value), ttlS);
  }

  /**
   * The stored JSON text, unparsed: what a cached answer sends as its body. Overlapping reads of one key
   * share one store read, so a hot key under load costs one Redis GET per round trip rather than one per
   * request. A caller may thus get what a read begun just before it arrived found (at most one round trip
   * older), never anything a finished read did.
   */
  getJson(key: string): Promise<string | null> {
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.store.get(key).finally(() => this.reading.delete(key));
      this.reading.set(key, reading);
    }
    return reading;
  }

  /** Stores JSON text encoded once by the caller (who also sends it). */
  setJson(key: string, json: string, ttlS: number): Promise<void> {
    return this.store.set(key, json, ttlS);
  }

  /**
   * The cached value, or the loader's result stored for ttlS. Concurrent misses of one key share one
   * loader call. A cache that fails is bypassed: the loader still answers.
   */
  async wrap<T>(key: string, ttlS: number, load: () => Promise<T>): Promise<T> {
    const cached = await this.get<T>(key).catch(() => null);
    if (cached !== null) return cached;
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const p = (async () => {
      try {
        const value = await load();
        await this.set(key, value, ttlS).catch(() => {});
        return value;
      } finally {
        this.inflight.delete(key);
      }
    })();
    this.inflight.set(key, p);
    return p;
  }
}
