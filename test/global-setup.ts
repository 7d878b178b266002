// Starts the real services the suite needs, once: PostgreSQL (TEST_DATABASE_URL or embedded) with a
// migrated template database, and Redis (TEST_REDIS_URL or a redis-server on a free port).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrateDatabase } from '../server/db/migrate.ts';

const TEMPLATE = 'jamroom_test_template';

export default async function setup(project: TestProject) {
  const stops: Array<() => Promise<unknown>> = [];
  const teardown = async () => { for (const stop of stops.reverse()) await stop(); };
  try {
    await startServices(project, stops);
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}

async function startServices(project: TestProject, stops: Array<() => Promise<unknown>>) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
    adminUrl = embedded.adminUrl;
    stops.push(async () => { await embedded.stop(); await rm(dir, { recursive: true, force: true }); });
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  await admin.end();
  await migrateDatabase(withDatabase(adminUrl, TEMPLATE));

  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    const found = spawnSync('redis-server', ['--version']);
    if (found.error) {
      throw new Error('redis-server is not installed: install it (Debian: apt-get install -y redis-server) or set TEST_REDIS_URL.');
    }
    const port = await freePort();
    const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    stops.push(async () => { child.kill('SIGTERM'); });
    redisUrl = `redis://127.0.0.1:${port}`;
    await waitForPort(port);
  }
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE);
  project.provide('redisUrl', redisUrl);
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function waitForPort(port: number) {
  const net = await import('node:net');
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}
