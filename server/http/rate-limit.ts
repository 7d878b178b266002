// Fixed-window rate limits, shared across nodes through Redis when it is configured, in-process otherwise.
import type { Redis } from 'ioredis';
import { ErrorCode } from '../../shared/errors.ts';
import { AppError } from './errors.ts';

/** DECR only while the key lives and is positive: a refund after the window ended must not create a key without expiry. */
const REFUND_SCRIPT = "local n = tonumber(redis.call('GET', KEYS[1]) or '0') if n > 0 then return redis.call('DECR', KEYS[1]) end return 0";

export type RateLimit = { name: string; limit: number; windowS: number };

export class RateLimiter {
  private local = new Map<string, { count: number; resetAtMs: number }>();
  constructor(private redis?: Redis) {}

  /** Counts one hit for key; throws 429 with Retry-After once the window's limit is passed. */
  async hit(rule: RateLimit, key: string): Promise<void> {
    const k = `ratelimit:${rule.name}:${key}`;
    const { count, retryAfterS } = await this.count(k, rule.windowS);
    if (count > rule.limit) {
      throw new AppError(429, ErrorCode.rateLimited, `Too many attempts; try again in ${retryAfterS} s`, undefined, { 'Retry-After': String(retryAfterS) });
    }
  }

  /**
   * Takes back one hit of key (an attempt that turned out fine, e.g. a login with the right password, so
   * successes do not use up a budget meant for failures). Never below zero, never past the window's end.
   */
  async refund(rule: RateLimit, key: string): Promise<void> {
    const k = `ratelimit:${rule.name}:${key}`;
    const e = this.local.get(k);
    if (e && e.count > 0 && e.resetAtMs > Date.now()) e.count--;
    if (this.redis?.status === 'ready') await this.redis.eval(REFUND_SCRIPT, 1, k).catch(() => {});
  }

  /** Forgets the hits of key (e.g. after a successful login). */
  async reset(rule: RateLimit, key: string): Promise<void> {
    const k = `ratelimit:${rule.name}:${key}`;
    this.local.delete(k);
    if (this.redis?.status === 'ready') await this.redis.del(k).catch(() => {});
  }

  private async count(k: string, windowS: number) {
    if (this.redis?.status === 'ready') {
      try {
        const [[, count], [, ttl]] = (await this.redis.multi().incr(k).ttl(k).exec()) as [[null, number], [null, number]];
        if (ttl < 0) await this.redis.expire(k, windowS);
        return { count, retryAfterS: ttl > 0 ? ttl : windowS };
      } catch {
        // Redis failed mid-request: fall through to the in-process window.
      }
    }
    const now = Date.now();
    let e = this.local.get(k);
    if (!e || e.resetAtMs <= now) {
      e = { count: 0, resetAtMs: now + windowS * 1000 };
      this.local.set(k, e);
      if (this.local.size > 50_000) for (const [key, v] of this.local) if (v.resetAtMs <= now) this.local.delete(key);
    }
    e.count++;
    return { count: e.count, retryAfterS: Math.max(1, Math.ceil((e.resetAtMs - now) / 1000)) };
  }
}
