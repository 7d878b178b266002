// Start-up faults say what happened and what to do; an unreachable Redis degrades instead of failing.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { freePort } from './db/embedded.ts';
import { startTestServer, type TestServer } from '../test/helpers.ts';

const servers: TestServer[] = [];
afterAll(async () => { for (const s of servers) await s.stop(); });

it('runs uncached and reports degraded health when Redis is unreachable', async () => {
  const deadPort = await freePort();
  const server = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${deadPort}` });
  servers.push(server);
  const res = await server.api('/api/health');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'degraded', db: 'up', cache: 'redis (unreachable)' });
  expect(await server.deps.cache.wrap('trending', 60, async () => ['fresh'])).toEqual(['fresh']);
});

it('explains a port that is already in use', async () => {
  const blocker = http.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as AddressInfo).port;
  try {
    await expect(startTestServer({ PORT: String(port) })).rejects.toThrow(new RegExp(`Port ${port} .* is in use.*PORT`));
  } finally {
    blocker.close();
  }
});
