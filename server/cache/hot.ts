// A few entries kept in this process for a short time, in front of the shared cache: a popular answer read
// thousands of times a second costs one store read per `ttlMs`, not one per request.

/**
 * Values by key for `ttlMs` after they were put, at most `maxEntries` of them. Every entry lives equally
 * long, so insertion order is expiry order: the oldest entry goes first when the cache is full, and expired
 * ones are dropped from the front as new ones come in.
 */
export class HotCache<T> {
  private entries = new Map<string, { value: T; expiresAtMs: number }>();

  constructor(private readonly ttlMs: number, private readonly maxEntries: number) {}

  get(key: string, nowMs = Date.now()): T | undefined {
    const e = this.entries.get(key);
    if (e === undefined) return undefined;
    if (e.expiresAtMs > nowMs) return e.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T, nowMs = Date.now()): void {
    this.entries.delete(key); // re-inserted at the back: the order stays the expiry order
    for (const [k, e] of this.entries) {
      if (e.expiresAtMs > nowMs && this.entries.size < this.maxEntries) break;
      this.entries.delete(k);
    }
    this.entries.set(key, { value, expiresAtMs: nowMs + this.ttlMs });
  }

  get size() { return this.entries.size; }
}
