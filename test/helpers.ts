// Per-file isolation on the real services: a fresh database cloned from the migrated template, a Redis
// key prefix, and a real server on port 0.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { withDatabase } from './global-setup.ts';

export const adminDatabaseUrl = () => inject('adminDatabaseUrl');
export const redisUrl = () => inject('redisUrl');

/** A new database with every migration applied, dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `jamroom_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  await admin.end();
  return {
    name,
    url: withDatabase(inject('adminDatabaseUrl'), name),
    drop: async () => {
      const a = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export type TestServer = RunningServer & {
  config: Config;
  /** fetch against the server, JSON in and out. */
  api: (path: string, init?: RequestInit & { json?: unknown }) => Promise<{ status: number; body: any; headers: Headers }>;
  stop: () => Promise<void>;
};

/**
 * A real Jamroom server (Koa + Hocuspocus) on port 0 with its own database and Redis prefix.
 * env overrides any setting; pass REDIS_URL: '' for the in-process cache.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl(),
    REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}:`,
    CLIENT_DIR: './dist/client',
    ...env,
  });
  const running = await startServer(config, createLogger(config.logLevel)).catch(async (err) => {
    await database.drop();
    throw err;
  });
  const api: TestServer['api'] = async (path, init = {}) => {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(running.url + path, { ...init, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    ...running,
    config,
    api,
    stop: async () => { await running.close(); await database.drop(); },
  };
}

/** Polls until the assertion passes (no fixed sleeps). */
/** A seeded pseudo-random source (same seed, same run) for randomized tests. */
export function seeded(seed: number) {
  return () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
}

export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 5000, stepMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }
}

/** A test server whose catalog is a real local library: the generated demo tracks in a folder of its own. */
export async function startTestServerWithMusic(env: Record<string, string> = {}): Promise<TestServer> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const path = await import('node:path');
  const { writeDemoLibrary } = await import('../server/catalog/local/demo.ts');
  const musicDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-test-music-'));
  await writeDemoLibrary(musicDir);
  const server = await startTestServer({ MUSIC_DIR: musicDir, PIPED_API_URL: '', ...env });
  return { ...server, stop: async () => { await server.stop(); await rm(musicDir, { recursive: true, force: true }); } };
}
