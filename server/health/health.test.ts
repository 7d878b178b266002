// Health turns 503 when PostgreSQL stops, and the in-process cache stands in when no Redis is set.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { startTestServer } from '../../test/helpers.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

it('answers 503 with db down when the database is stopped', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-health-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({ dataDir: dir });
  const server = await startTestServer({ DATABASE_URL: pg.url, REDIS_URL: '' });
  cleanups.push(() => server.close());
  expect((await server.api('/api/health')).body).toMatchObject({ status: 'ok', db: 'up', cache: 'memory' });
  await pg.stop();
  const down = await server.api('/api/health');
  expect(down.status).toBe(503);
  expect(down.body).toMatchObject({ status: 'down', db: 'down' });
});
