// `npm run bench:catalog`: cached search through the full HTTP stack (Koa, cache, JSON) with Redis and
// with the in-process cache, and misses against a local Piped-shaped server. Loopback only, bounded
// (fixed request counts, hard deadline), stops everything it started.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/config.ts';
import { freePort, startEmbeddedPostgres } from '../server/db/embedded.ts';
import { createLogger } from '../server/log.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { startPipedServer } from '../test/piped-server.ts';

const CACHED_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const MISSES = 200;
const DEADLINE_MS = 180_000;

const stops: Array<() => Promise<unknown> | unknown> = [];
const stopAll = async () => { for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => {}); };
const deadline = setTimeout(async () => { console.error('benchmark ran past its deadline; stopping'); await stopAll(); process.exit(1); }, DEADLINE_MS);

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

async function timed(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  return performance.now() - t0;
}

/** `concurrency` workers share `requests` requests for one cached key. */
async function cachedRun(server: RunningServer, requests: number, concurrency: number) {
  const url = `${server.url}/api/search?q=lanterns`;
  await timed(url); // fill the cache
  for (let i = 0; i < 200; i++) await timed(url); // warm up the JIT and keep-alive sockets
  const latencies: number[] = [];
  let left = requests;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (left-- > 0) latencies.push(await timed(url));
  }));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { p50: pct(latencies, 50), p99: pct(latencies, 99), rps: latencies.length / seconds };
}

async function main() {
  const piped = await startPipedServer();
  stops.push(() => piped.close());

  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  stops.push(() => redis.kill('SIGTERM'));
  for (let i = 0; !(await new Promise((r) => net.connect(redisPort, '127.0.0.1', function (this: net.Socket) { this.end(); r(true); }).on('error', () => r(false)))); i++) {
    if (i > 100) throw new Error('redis-server did not start (is it installed?)');
    await new Promise((r) => setTimeout(r, 50));
  }

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-bench-'));
  stops.push(() => rm(dataDir, { recursive: true, force: true }));
  const pg = await startEmbeddedPostgres({ dataDir });
  stops.push(() => pg.stop());

  const base = { NODE_ENV: 'production', PORT: '0', LOG_LEVEL: 'silent', DATABASE_URL: pg.url, PIPED_API_URL: piped.url };
  const log = createLogger('silent');
  const withRedis = await startServer(loadConfig({ ...base, REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_KEY_PREFIX: 'bench:' }), log);
  stops.push(() => withRedis.close());
  const inProcess = await startServer(loadConfig({ ...base, REDIS_URL: '' }), log);
  stops.push(() => inProcess.close());

  console.log(`catalog benchmark: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
  console.log(`cached search (GET /api/search?q=lanterns), HTTP keep-alive on loopback:`);
  for (const [name, server] of [['redis', withRedis], ['in-process', inProcess]] as const) {
    const one = await cachedRun(server, CACHED_REQUESTS / 4, 1);
    const many = await cachedRun(server, CACHED_REQUESTS, CONCURRENCY);
    console.log(`  ${name.padEnd(10)} 1 at a time: p50 ${fmt(one.p50)}  p99 ${fmt(one.p99)}  ${Math.round(one.rps)} req/s | ${CONCURRENCY} concurrent: p50 ${fmt(many.p50)}  p99 ${fmt(many.p99)}  ${Math.round(many.rps)} req/s`);
  }

  const misses: number[] = [];
  for (let i = 0; i < MISSES; i++) misses.push(await timed(`${withRedis.url}/api/search?q=miss ${i}`));
  misses.sort((a, b) => a - b);
  console.log(`miss (Redis, then the local Piped-shaped server over HTTP, then both Redis writes), ${MISSES} one at a time:`);
  console.log(`  p50 ${fmt(pct(misses, 50))}  p99 ${fmt(pct(misses, 99))}  (Piped requests made: ${piped.count('/search')})`);
}

try {
  await main();
} finally {
  clearTimeout(deadline);
  await stopAll();
}
