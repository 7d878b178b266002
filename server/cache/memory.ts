import type { CacheStore } from './cache.ts';

/** The single-node cache: the same interface and key names as Redis, held in this process. */
export class MemoryStore implements CacheStore {
  readonly kind = 'memory' as const;
  readonly ready = true;
  private entries = new Map<string, { value: string; expiresAtMs: number }>();
  private sweeper = setInterval(() => this.sweep(), 60_000).unref();

  private live(key: string) {
    const e = this.entries.get(key);
    if (e && e.expiresAtMs <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep() {
    const now = Date.now();
    for (const [k, e] of this.entries) if (e.expiresAtMs <= now) this.entries.delete(k);
  }

  async get(key: string) { return this.live(key)?.value ?? null; }
  async set(key: string, value: string, ttlS: number) {
    this.entries.set(key, { value, expiresAtMs: Date.now() + ttlS * 1000 });
  }
  async del(key: string) { this.entries.delete(key); }
  async ttl(key: string) {
    const e = this.live(key);
    return e ? Math.ceil((e.expiresAtMs - Date.now()) / 1000) : -2;
  }
  async ping() { return true; }
  async close() { clearInterval(this.sweeper); this.entries.clear(); }
}
