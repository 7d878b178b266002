// Configuration is read from the environment once, validated, and passed around frozen.
import path from 'node:path';
import { z } from 'zod';

const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());
const bool = z.preprocess(
  (v) => (v === undefined || v === '' ? undefined : String(v).toLowerCase()),
  z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optionalUrl,
  DATA_DIR: z.string().min(1).default('./data'),
  REDIS_URL: optionalUrl,
  REDIS_KEY_PREFIX: z.string().default(''),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PIPED_API_URL: z.string().default(''),
  PIPED_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  MUSIC_DIR: z.string().min(1).default('./music'),
  CLIENT_DIR: z.string().min(1).default('./dist/client'),
  SESSION_TTL_DAYS: z.coerce.number().int().positive().default(30),
  AUTH_RATE_LIMIT: z.coerce.number().int().positive().default(10),
  AUTH_RATE_WINDOW_S: z.coerce.number().int().positive().default(900),
  VOTE_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'use at least 16 characters').optional()),
  TRUST_PROXY: bool,
  SECURE_COOKIES: bool,
  WS_MAX_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  bodyLimitBytes: number;
  logLevel: string;
  pipedApiUrls: readonly string[];
  pipedTimeoutMs: number;
  musicDir: string;
  clientDir: string;
  sessionTtlDays: number;
  /**
   * Failed sign-ins per account from one network per window; per network (across accounts) five times
   * this, and registrations per network as many. Never per account alone (no lockout anyone can trigger).
   */
  authRateLimit: number;
  authRateWindowS: number;
  /**
   * Keys the hash a guest's skip vote is recorded under (its network, never in clear in the document).
   * Every node must use the same; unset, it is derived from DATABASE_URL (see server/rooms/voters.ts).
   */
  voteSecret?: string;
  trustProxy: boolean;
  secureCookies: boolean;
  /** Websockets one client address may hold open at once (tabs, devices behind one NAT); more are closed with 4430. */
  wsMaxPerAddress: number;
  /** A request's headers, then the whole request, must arrive within these (slow clients are cut off). */
  httpHeadersTimeoutMs: number;
  httpRequestTimeoutMs: number;
  version: string;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`);
    throw new ConfigError(`Invalid configuration — fix these environment variables (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const pipedApiUrls = e.PIPED_API_URL.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean);
  for (const u of pipedApiUrls) {
    if (!z.string().url().safeParse(u).success) {
      throw new ConfigError(`Invalid configuration — PIPED_API_URL: "${u}" is not a URL (comma-separated list of Piped API base URLs)`);
    }
  }
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(`Invalid configuration — HTTP_HEADERS_TIMEOUT_MS (${e.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS})`);
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    logLevel: e.LOG_LEVEL,
    pipedApiUrls: Object.freeze(pipedApiUrls),
    pipedTimeoutMs: e.PIPED_TIMEOUT_MS,
    musicDir: path.resolve(e.MUSIC_DIR),
    clientDir: path.resolve(e.CLIENT_DIR),
    sessionTtlDays: e.SESSION_TTL_DAYS,
    authRateLimit: e.AUTH_RATE_LIMIT,
    authRateWindowS: e.AUTH_RATE_WINDOW_S,
    voteSecret: e.VOTE_SECRET,
    trustProxy: e.TRUST_PROXY,
    secureCookies: e.SECURE_COOKIES,
    wsMaxPerAddress: e.WS_MAX_PER_ADDRESS,
    httpHeadersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    version,
  });
}
