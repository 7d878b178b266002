// `npm run bench:catalog`: the cached REST path under a real load generator. Jamroom runs as its own
// process (`node --import tsx server/main.ts`, production settings, logs to a file) once with Redis and
// once with the in-process cache, in front of a Piped-shaped server; a bare Koa app in a process of its
// own replays the exact response (headers and body) Jamroom gave for the same URL. autocannon drives each
// from this process at 1 and 16 connections, the targets taking turns within every round (so drift on a
// shared machine hits them alike); medians over the rounds, and Jamroom ÷ bare Koa per round.
// A signed-in user's search (session cookie) runs too. Server CPU per request is read from /proc: on a
// shared machine it moves far less than req/s. Bounded (BENCH_SECONDS per run, BENCH_ROUNDS rounds, a
// hard deadline); stops everything it started. BENCH_NODE_ARGS adds flags to the server processes, bare Koa's
// too (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`); BENCH_CONNECTIONS=16 runs one level only;
// BENCH_COMPARE=<dir> runs another checkout alongside.
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import pgLib from 'pg';
import { CACHE_HEADER } from '../shared/api/catalog.ts';
import { freePort, startEmbeddedPostgres } from '../server/db/embedded.ts';
import { startRedis } from '../test/nodes.ts';
import { startPipedServer } from '../test/piped-server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_S = 2;
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16').split(',').map(Number);
const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const MISSES = 100;
const SEARCH = '/api/search?q=lanterns';
const DEADLINE_MS = 90_000 + (7 * CONNECTIONS.length * ROUNDS * SECONDS + 4 * WARMUP_S) * 1000 * 1.5;
const root = path.resolve(import.meta.dirname, '..');

type Autocannon = (opts: { url: string; connections: number; duration: number; headers?: Record<string, string> },
  done: (err: Error | null, result: { requests: { total: number }; duration: number; non2xx: number; errors: number; timeouts: number }) => void,
) => { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const pct = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const ms = (x: number) => `${x.toFixed(2)} ms`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
/** CPU seconds (user + system) of a process, from /proc. */
const cpuS = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };

/** `--bare <file>`: a bare Koa app answering GET /api/search with the recorded headers and body, nothing else. */
async function bare(file: string) {
  const recorded = JSON.parse(await readFile(file, 'utf8')) as { headers: Record<string, string>; body: string };
  const body = Buffer.from(recorded.body, 'base64');
  const app = new Koa();
  app.use((ctx) => {
    if (ctx.path !== '/api/search') return;
    ctx.set(recorded.headers);
    ctx.body = body;
  });
  const server = http.createServer(app.callback()).listen(0, '127.0.0.1', () => console.log(`listening on ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

type Target = { name: string; pid: number; url: string; headers?: Record<string, string> };
type Proc = { child: ChildProcess; log: string; stop: () => Promise<void> };

function startProcess(cwd: string, args: string[], env: Record<string, string>, log: string): Proc {
  const fd = openSync(log, 'a');
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child, log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

async function waitFor(proc: Proc, ready: () => Promise<boolean>, what: string) {
  for (const t0 = Date.now(); Date.now() - t0 < 60_000; await sleep(100)) {
    if (proc.child.exitCode !== null) break;
    if (await ready().catch(() => false)) return;
  }
  throw new Error(`${what} did not start:\n${(await readFile(proc.log, 'utf8').catch(() => '')).slice(-3000)}`);
}

/** Server CPU per request (µs) is the steadiest figure on a busy machine; clientCpu (% of one core) shows when autocannon itself is the limit. */
type Run = { rps: number; p50: number; p975: number; p99: number; cpuUsPerReq: number; clientCpu: number };

function load(target: Target, connections: number, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  const cpu0 = cpuS(target.pid);
  const client0 = cpuS(process.pid);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const tracker = autocannon({ url: target.url + SEARCH, connections, duration: seconds, headers: target.headers }, (err, r) => {
      if (err) return reject(err);
      if (r.non2xx || r.errors || r.timeouts) return reject(new Error(`${target.name}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`));
      const sorted = Float64Array.from(latencies).sort();
      const cpuUs = (cpuS(target.pid) - cpu0) * 1e6;
      const clientCpu = ((cpuS(process.pid) - client0) * 1e5) / (performance.now() - t0);
      resolve({ rps: r.requests.total / r.duration, p50: pct(sorted, 50), p975: pct(sorted, 97.5), p99: pct(sorted, 99), cpuUsPerReq: cpuUs / r.requests.total, clientCpu });
    });
    tracker.on('response', (_client, _status, _bytes, responseMs) => { latencies.push(responseMs); });
  });
}

async function main(dir: string, stops: Array<() => Promise<unknown>>) {
  console.log(`catalog benchmark: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(1)}`);
  const piped = await startPipedServer();
  stops.push(() => piped.close());
  const redis = await startRedis();
  stops.push(() => redis.stop());
  const postgres = await startEmbeddedPostgres({ dataDir: dir });
  stops.push(() => postgres.stop());

  const jamroom = async (name: string, cwd: string, env: Record<string, string>): Promise<Target> => {
    const port = await freePort();
    const proc = startProcess(cwd, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
      NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), PIPED_API_URL: piped.url, ...env,
    }, path.join(dir, `${name.replace(/\W+/g, '-')}.log`));
    stops.push(proc.stop);
    const url = `http://127.0.0.1:${port}`;
    await waitFor(proc, async () => (await fetch(`${url}/api/health`)).ok, `Jamroom (${name})`);
    return { name, pid: proc.child.pid!, url };
  };
  /** A Redis-backed and an in-process server of one checkout, and a signed-in user's search (its session cookie). */
  const build = async (label: string, cwd: string, database: string) => {
    const databaseUrl = postgres.url.replace(/\/[^/]*$/, `/${database}`);
    // One after the other: both migrate the same database at start.
    const withRedis = await jamroom(`${label}redis`, cwd, { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_KEY_PREFIX: `${database}:` });
    const inProcess = await jamroom(`${label}in-process`, cwd, { DATABASE_URL: databaseUrl, REDIS_URL: '' });
    const reg = await fetch(`${withRedis.url}/api/auth/register`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.test', username: 'bench', password: 'bench password' }),
    });
    if (!reg.ok) throw new Error(`register: ${reg.status} ${await reg.text()}`);
    const { token } = await reg.json() as { token: string };
    return [withRedis, inProcess, { ...withRedis, name: `${label}redis, signed in`, headers: { cookie: `jr_session=${token}` } }];
  };
  const ours = await build('', root, 'jamroom');
  // BENCH_COMPARE: another checkout (e.g. `git archive main | tar -x -C /tmp/base`, node_modules linked) in
  // the same rounds, on a database of its own.
  const compare = process.env.BENCH_COMPARE ? path.resolve(process.env.BENCH_COMPARE) : '';
  let theirs: Target[] = [];
  if (compare) {
    const admin = new pgLib.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE jamroom_compare');
    await admin.end();
    theirs = await build(`${process.env.BENCH_COMPARE_LABEL ?? path.basename(compare)}: `, compare, 'jamroom_compare');
  }
  console.log(`  servers up; LOG_LEVEL ${process.env.LOG_LEVEL ?? 'info (default)'}`);

  // The bytes Jamroom sends for a cached search, replayed by the bare app (Node adds Date and the framing).
  const withRedis = ours[0];
  await fetch(withRedis.url + SEARCH).then((r) => r.arrayBuffer());
  const reference = await fetch(withRedis.url + SEARCH);
  const body = Buffer.from(await reference.arrayBuffer());
  const headers = Object.fromEntries([...reference.headers].filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(k)));
  if (headers[CACHE_HEADER] !== 'hit') throw new Error(`the reference answer was not a cache hit: ${JSON.stringify(headers)}`);
  await writeFile(path.join(dir, 'reference.json'), JSON.stringify({ headers, body: body.toString('base64') }));
  const bareProc = startProcess(root, [...nodeArgs, '--import', 'tsx', 'bench/catalog.ts', '--bare', path.join(dir, 'reference.json')], {}, path.join(dir, 'bare.log'));
  stops.push(bareProc.stop);
  let bareUrl = '';
  await waitFor(bareProc, async () => {
    const port = /listening on (\d+)/.exec(await readFile(bareProc.log, 'utf8'))?.[1];
    if (port) bareUrl = `http://127.0.0.1:${port}`;
    return !!port && (await fetch(bareUrl + SEARCH)).ok;
  }, 'the bare Koa app');
  const bareTarget: Target = { name: 'bare Koa', pid: bareProc.child.pid!, url: bareUrl };

  const targets: Target[] = [bareTarget, ...ours, ...theirs];
  console.log(`  response: ${body.length} bytes of JSON, ${Object.keys(headers).length} headers; ${SECONDS} s per run, ${ROUNDS} rounds, warm-up ${WARMUP_S} s each`);
  for (const t of targets) await load(t, 16, WARMUP_S);
  console.log('  warmed up');

  const runs = new Map<string, Run[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const connections of CONNECTIONS) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length]);
      for (const t of order) {
        const run = await load(t, connections, SECONDS);
        runs.set(`${t.name}@${connections}`, [...(runs.get(`${t.name}@${connections}`) ?? []), run]);
        console.log(`  round ${round + 1}/${ROUNDS} ${String(connections).padStart(2)} conn  ${t.name.padEnd(24)} ${String(Math.round(run.rps)).padStart(6)} req/s  p50 ${ms(run.p50)}  p99 ${ms(run.p99)}  server CPU ${run.cpuUsPerReq.toFixed(0)} µs/req  autocannon ${run.clientCpu.toFixed(0)}% CPU`);
      }
    }
  }

  console.log(`\ncached GET ${SEARCH}: medians of ${ROUNDS} rounds. ratio: Jamroom ÷ bare Koa req/s per round, median [min–max];`);
  console.log('CPU ratio: bare Koa ÷ Jamroom server CPU per request (the req/s ratio were the server the only limit)');
  console.log(`  ${'conn'.padEnd(5)}${'target'.padEnd(26)}${'req/s'.padStart(7)}${'p50'.padStart(10)}${'p97.5'.padStart(10)}${'p99'.padStart(10)}${'CPU/req'.padStart(10)}   ${'ratio'.padEnd(20)}CPU ratio`);
  for (const connections of CONNECTIONS) {
    const bareRuns = runs.get(`${bareTarget.name}@${connections}`)!;
    const bareCpu = median(bareRuns.map((r) => r.cpuUsPerReq));
    for (const t of targets) {
      const rs = runs.get(`${t.name}@${connections}`)!;
      const m = (f: (r: Run) => number) => median(rs.map(f));
      const ratios = rs.map((r, i) => r.rps / bareRuns[i].rps);
      const ratio = t === bareTarget ? '' : `×${median(ratios).toFixed(2)} [${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`;
      const cpuRatio = t === bareTarget ? '' : `×${(bareCpu / m((r) => r.cpuUsPerReq)).toFixed(2)}`;
      console.log(`  ${String(connections).padEnd(5)}${t.name.padEnd(26)}${String(Math.round(m((r) => r.rps))).padStart(7)}${ms(m((r) => r.p50)).padStart(10)}${ms(m((r) => r.p975)).padStart(10)}${ms(m((r) => r.p99)).padStart(10)}${`${m((r) => r.cpuUsPerReq).toFixed(0)} µs`.padStart(10)}   ${ratio.padEnd(20)}${cpuRatio}`);
    }
  }

  const misses: number[] = [];
  for (let i = 0; i < MISSES; i++) {
    const t0 = performance.now();
    const res = await fetch(`${withRedis.url}/api/search?q=${encodeURIComponent(`miss ${i}`)}`);
    await res.arrayBuffer();
    if (res.headers.get(CACHE_HEADER) !== 'miss') throw new Error(`miss ${i} answered ${res.status} ${res.headers.get(CACHE_HEADER)}`);
    misses.push(performance.now() - t0);
  }
  const sorted = Float64Array.from(misses).sort();
  console.log(`\nmiss (Redis, the Piped-shaped server over HTTP, both Redis writes), ${MISSES} one at a time: p50 ${ms(pct(sorted, 50))}  p99 ${ms(pct(sorted, 99))}`);
  console.log(`load average at the end ${os.loadavg()[0].toFixed(1)}`);
}

if (process.argv[2] === '--bare') {
  await bare(process.argv[3]);
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-bench-catalog-'));
  const stops: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const stopAll = async () => { for (const stop of stops.reverse()) await stop().catch(() => undefined); };
  const deadline = setTimeout(() => { console.error('bench:catalog: deadline reached, stopping'); void stopAll().then(() => process.exit(1)); }, DEADLINE_MS);
  let failed = false;
  try {
    await main(dir, stops);
  } catch (err) {
    console.error(err);
    failed = true;
  } finally {
    clearTimeout(deadline);
    await stopAll();
  }
  process.exit(failed ? 1 : 0);
}
