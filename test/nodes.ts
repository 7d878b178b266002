// Real Jamroom server processes (`node --import tsx server/main.ts`) for tests that kill, stop or restart
// them, and a redis-server of a test's own. Everything listens on 127.0.0.1 and is stopped by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDb, type Db } from '../server/db/client.ts';
import { freePort } from '../server/db/embedded.ts';
import type { Client } from '../server/rooms/test-kit.ts';
import { createTestDatabase, redisUrl } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '..');

export type Node = {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  kill: (signal?: NodeJS.Signals) => Promise<number | null>;
};

export async function startNode(env: Record<string, string>, port?: number, nodeArgs: string[] = []): Promise<Node> {
  port ??= await freePort();
  const musicDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-node-music-'));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', PIPED_API_URL: '', MUSIC_DIR: musicDir, CLIENT_DIR: './dist/client', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    .finally(() => rm(musicDir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node on ${port} did not start in 60 s:\n${out}`)), 60_000);
    const check = () => { if (out.includes('Jamroom is running')) { clearTimeout(timer); resolve(); } };
    child.stdout!.on('data', check);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`node on ${port} exited (${code}):\n${out}`)); });
  });
  return {
    url, port, child, exited, output: () => out,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const keyPrefix = () => `t${randomBytes(4).toString('hex')}:`;

/** A redis-server of the test's own (so it can be stopped and started again on the same port). */
export async function startRedis(port?: number) {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const net = await import('node:net');
  for (let i = 0; ; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    if (i > 100) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop: async () => { child.kill('SIGKILL'); await exited; } };
}

/** A spawned node seen through the shape the rooms test kit expects (its db is the test's own client). */
export function asServer(node: { url: string }, db: unknown) {
  const api = async (p: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    let body = init.body;
    if (init.json !== undefined) { headers.set('content-type', 'application/json'); body = JSON.stringify(init.json); }
    const res = await fetch(node.url + p, { ...init, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try { parsed = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return { url: node.url, deps: { db }, api } as any;
}

/**
 * Two nodes on one fresh database and one Redis, torn down after the test file (with the clients pushed to
 * `clients`). With ownRedis the Redis is a redis-server of the file's own, which a test may stop and start.
 */
export function twoNodes(opts: { ownRedis?: boolean } = {}) {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  const t = {
    a: undefined as unknown as Node,
    b: undefined as unknown as Node,
    db: undefined as unknown as Db,
    clients: [] as Client[],
    redis: undefined as Awaited<ReturnType<typeof startRedis>> | undefined,
    stopRedis: async () => { await t.redis?.stop(); },
    startRedis: async () => { t.redis = await startRedis(t.redis?.port); },
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    t.db = createDb(database.url, 2);
    if (opts.ownRedis) t.redis = await startRedis();
    const env = { DATABASE_URL: database.url, REDIS_URL: t.redis?.url ?? redisUrl(), REDIS_KEY_PREFIX: keyPrefix() };
    [t.a, t.b] = await Promise.all([startNode(env), startNode(env)]);
  }, 90_000);
  afterAll(async () => {
    for (const c of t.clients) c.destroy();
    await Promise.all([t.a?.kill(), t.b?.kill()]);
    await t.redis?.stop();
    await t.db?.$disconnect();
    await database?.drop();
  });
  return t;
}
