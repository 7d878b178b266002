// With Redis stopped, discovery still answers (straight from the source) and health says degraded.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { startPipedServer } from '../../test/piped-server.ts';
import { eventually, startTestServer } from '../../test/helpers.ts';
import { freePort } from '../db/embedded.ts';

const stops: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => { for (const stop of stops.reverse()) await stop(); });

const canConnect = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
  s.on('error', () => resolve(false));
});

it('answers uncached while Redis is down', async () => {
  const port = await freePort();
  const redis: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  stops.push(() => redis.kill('SIGKILL'));
  await eventually(async () => expect(await canConnect(port)).toBe(true));
  const piped = await startPipedServer();
  stops.push(() => piped.close());
  const server = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${port}`, PIPED_API_URL: piped.url });
  stops.push(() => server.stop());

  expect((await server.api('/api/search?q=lanterns')).headers.get('x-jamroom-cache')).toBe('miss');
  expect((await server.api('/api/search?q=lanterns')).headers.get('x-jamroom-cache')).toBe('hit');
  expect(piped.count('/search')).toBe(1);

  redis.kill('SIGKILL');
  await eventually(async () => expect((await server.api('/api/health')).body.status).toBe('degraded'));

  const again = await server.api('/api/search?q=lanterns');
  expect(again.status).toBe(200);
  expect(again.body.tracks).toHaveLength(4);
  expect(piped.count('/search')).toBe(2);
  expect((await server.api('/api/trending')).status).toBe(200);
  expect((await server.api('/api/tracks/Abcccccccc1/recommendations')).body.tracks.length).toBeGreaterThan(0);
  expect((await server.api('/api/home')).status).toBe(200);
});
