// npm run bench:load [-- --soak] [-- --only=one,two,presence,soak] [-- --cpu-prof=DIR] — many websocket clients against real server processes on loopback:
// 1,000 clients in 100 rooms on one node, then split over two nodes (one PostgreSQL, one Redis); connect
// time, edit-to-receive latency, server CPU and RSS (from /proc), heap per connection and per room (the
// server's own heap after a GC, read through its inspector); 200 clients in one room with presence; a soak
// at a steady edit rate with memory sampled (60 s; 10 minutes with --soak). Starts and stops its own
// PostgreSQL, redis-server and server processes, and stops itself after a deadline.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Redis as IORedis } from 'ioredis';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { addTrack, removeEntry, roomDocName } from '../shared/room-doc.ts';
import { hashToken, newToken } from '../server/auth/tokens.ts';
import { createDb } from '../server/db/client.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrateDatabase } from '../server/db/migrate.ts';
import { startNode, startRedis, type Node } from '../test/nodes.ts';
import { hocuspocusListener, type Listener } from './listeners.ts';

const arg = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1];
const SOAK_S = process.argv.includes('--soak') ? 600 : 60;
/** Scenarios to run (default all): one, two, presence, soak. */
const ONLY = new Set((arg('only') ?? 'one,two,presence,soak').split(','));
/** With --cpu-prof[=DIR], each server's V8 CPU profile of each scenario's measured window is written there. */
const CPU_PROF = process.argv.some((a) => a.startsWith('--cpu-prof')) ? (arg('cpu-prof') ?? path.join(os.tmpdir(), 'jamroom-load-prof')) : null;
const ROOMS = 100;
const PER_ROOM = 10;
const EDIT_WINDOW_MS = 10_000;
const CONNECT_CONCURRENCY = 50;
const WARMUP_ROOMS = 50;
const DEADLINE_MS = (SOAK_S + 9 * 60) * 1000;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** CPU seconds (user + system) and RSS of a process, from /proc. */
function proc(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const cpuS = (Number(stat[11]) + Number(stat[12])) / 100; // utime, stime in clock ticks (100 Hz)
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;
  return { cpuS, rss };
}

/** CPU over a window: each server process's share of one core (and its CPU seconds), and this process's. */
function cpuWindow(pids: number[]) {
  const at = performance.now();
  const before = pids.map((pid) => proc(pid).cpuS);
  const own0 = proc(process.pid).cpuS;
  return () => {
    const wallS = (performance.now() - at) / 1000;
    const usedS = pids.map((pid, i) => proc(pid).cpuS - before[i]);
    return { wallS, usedS, pct: usedS.map((s) => (s / wallS) * 100), ownPct: ((proc(process.pid).cpuS - own0) / wallS) * 100 };
  };
}

/** The server's V8 heap after a full GC, through its inspector (started with --inspect on loopback). */
class Inspector {
  private ws!: WebSocket;
  private id = 0;
  private pending = new Map<number, (v: any) => void>();
  static async open(node: Node) {
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(node.output());
    if (!m) throw new Error('no inspector URL in the node output');
    const i = new Inspector();
    i.ws = new WebSocket(m[1]);
    await new Promise((r, j) => { i.ws.once('open', r); i.ws.once('error', j); });
    i.ws.on('message', (d) => { const msg = JSON.parse(String(d)); i.pending.get(msg.id)?.(msg.result); i.pending.delete(msg.id); });
    return i;
  }
  private call(method: string, params: object = {}) {
    const id = ++this.id;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise<any>((r) => this.pending.set(id, r));
  }
  async heapUsed(): Promise<number> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const r = await this.call('Runtime.evaluate', { expression: 'process.memoryUsage().heapUsed', returnByValue: true });
    return r.result.value;
  }
  /** Starts the event-loop delay histogram (and, with --cpu-prof, the CPU profiler) for a measured window. */
  async startWindow() {
    if (CPU_PROF) { await this.call('Profiler.enable'); await this.call('Profiler.setSamplingInterval', { interval: 500 }); await this.call('Profiler.start'); }
    await this.startLoopDelay();
  }
  /** Ends the window: the event-loop delay, and the CPU profile written as DIR/<name>.cpuprofile. */
  async endWindow(name: string) {
    if (CPU_PROF) {
      const { profile } = await this.call('Profiler.stop');
      await writeFile(path.join(CPU_PROF, `${name}.cpuprofile`), JSON.stringify(profile));
    }
    return this.loopDelay();
  }
  /** Starts (or restarts) an event-loop delay histogram in the server. */
  async startLoopDelay() {
    await this.call('Runtime.evaluate', { expression: `(globalThis.__benchLoop ??= process.getBuiltinModule('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }), globalThis.__benchLoop.reset(), globalThis.__benchLoop.enable(), 1)`, returnByValue: true });
  }
  /** The server's event-loop delay since startLoopDelay: p50, p99 and max in ms. */
  async loopDelay(): Promise<{ p50: number; p99: number; max: number }> {
    const r = await this.call('Runtime.evaluate', { expression: `(() => { const h = globalThis.__benchLoop; h.disable(); return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6 }; })()`, returnByValue: true });
    return r.result.value;
  }
  close() { this.ws.close(); }
}
const loopText = (xs: Array<{ p50: number; p99: number; max: number }>) => xs.map((d) => `p50 ${ms(d.p50)} p99 ${ms(d.p99)} max ${ms(d.max)}`).join(' | ');

type Client = { doc: Y.Doc; provider: HocuspocusProvider; destroy: () => void };
function connectClient(url: string, code: string, token: string): Promise<{ client: Client; ms: number }> {
  const t0 = performance.now();
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url: `${url.replace(/^http/, 'ws')}/yjs`, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: roomDocName(code), token, document: doc });
  const client = { doc, provider, destroy: () => { provider.destroy(); socket.destroy(); } };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client for ${code} did not sync in 60 s`)), 60_000);
    provider.on('synced', () => { clearTimeout(timer); resolve({ client, ms: performance.now() - t0 }); });
    provider.attach();
  });
}

/**
 * A receiving member as the server sees one (it authenticates, syncs, and sends its presence like a provider)
 * without a client library: bench/listeners.ts. Timed from open to the server's sync step 2, as a provider's
 * 'synced'. Raw, because 900 client libraries in this one process took half a core during the connect burst
 * (what users' own devices do), on the two cores the servers, PostgreSQL and Redis need.
 */
async function connectListener(url: string, code: string, token: string): Promise<{ listener: Listener; ms: number }> {
  const t0 = performance.now();
  const listener = hocuspocusListener(`${url.replace(/^http/, 'ws')}/yjs`, roomDocName(code), token);
  await listener.ready;
  const ms = performance.now() - t0;
  listener.setPresence({});
  return { listener, ms };
}

async function connectAll<T>(jobs: Array<() => Promise<T>>) {
  const out: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, async () => {
    while (next < jobs.length) out.push(await jobs[next++]());
  }));
  return out;
}

type RedisStats = { commands: number; inBytes: number; outBytes: number };
type Ctx = { token: string; userId: string; api: (node: Node, p: string, body: object) => Promise<any>; redisStats: () => Promise<RedisStats> };
const by = (ctx: Ctx) => ({ id: ctx.userId, name: 'bench' });
const track = (i: number) => ({ videoId: 'dQw4w9WgXcQ', title: `Load ${i}`, artist: 'Bench', durationS: 200 });

type Room = { writer: Client; listeners: Listener[] };

/** Every room's writer edits once per interval (staggered); its listeners time the frame that carries each edit. */
async function editLatency(ctx: Ctx, rooms: Room[], windowMs: number, intervalMs: number) {
  const samples: number[] = [];
  /** Per room, the edits in flight: the entry id's bytes, when it was made, and which listeners have it. */
  const inFlight = rooms.map(() => [] as Array<{ id: Buffer; t0: number; got: Set<number> }>);
  rooms.forEach((room, r) => room.listeners.forEach((l, i) => l.onFrame((frame) => {
    const now = performance.now();
    for (const e of inFlight[r]) if (!e.got.has(i) && frame.includes(e.id)) { e.got.add(i); samples.push(now - e.t0); }
  })));
  let edits = 0;
  let expected = 0;
  const timers = rooms.map((room, r) => setTimeout(function edit() {
    const e = addTrack(room.writer.doc, track(edits++), by(ctx));
    const pending = inFlight[r];
    pending.push({ id: Buffer.from(e.id), t0: performance.now(), got: new Set() });
    expected += room.listeners.length;
    // Frames come in order: an edit every listener has had is done.
    while (pending.length && pending[0].got.size === room.listeners.length) pending.shift();
    timers[r] = setTimeout(edit, intervalMs);
  }, (r * intervalMs) / rooms.length));
  await sleep(windowMs);
  for (const t of timers) clearTimeout(t);
  await sleep(1000); // let the last edits arrive
  return { p50: pct(samples, 50), p99: pct(samples, 99), receipts: samples.length, expected, edits };
}

async function roomsScenario(ctx: Ctx, nodes: Node[], inspectors: Inspector[], label: string) {
  const codes: string[] = [];
  for (let r = 0; r < ROOMS; r++) codes.push((await ctx.api(nodes[0], '/api/rooms', { name: `load ${r}` })).code);
  // Warm-up, not measured: a freshly started process compiles its connect and load paths on first use (the
  // first 100 loads of a cold node took twice as long as those of the same node a minute later).
  const warmCodes: string[] = [];
  for (let r = 0; r < WARMUP_ROOMS; r++) warmCodes.push((await ctx.api(nodes[0], '/api/rooms', { name: `warm-up ${r}` })).code);
  const warm = await connectAll(warmCodes.flatMap((code) => nodes.map((n) => () => connectClient(n.url, code, ctx.token))));
  for (const c of warm) c.client.destroy();
  await sleep(1000);
  const heap = async () => (await Promise.all(inspectors.map((i) => i.heapUsed()))).reduce((a, b) => a + b, 0);
  const rss = () => nodes.reduce((a, n) => a + proc(n.child.pid!).rss, 0);
  // One at a time (nothing queued behind anything): what a connect itself costs, loading a room and joining one.
  const alone: number[] = [];
  const aloneJoin: number[] = [];
  for (let r = 0; r < 20; r++) {
    const quietCode = (await ctx.api(nodes[0], '/api/rooms', { name: `alone ${r}` })).code;
    const first = await connectClient(nodes[0].url, quietCode, ctx.token);
    const second = await connectClient(nodes[nodes.length - 1].url, quietCode, ctx.token);
    alone.push(first.ms); aloneJoin.push(second.ms);
    first.client.destroy(); second.client.destroy();
  }
  await sleep(500);
  const heap0 = await heap();
  const rss0 = rss();
  // Client k of every room goes to node k % nodes: with two nodes every room spans both.
  await Promise.all(inspectors.map((i) => i.startWindow()));
  const first = await connectAll(codes.map((code) => () => connectClient(nodes[0].url, code, ctx.token)));
  const loadLoop = await Promise.all(inspectors.map((i, k) => i.endWindow(`${nodes.length}-node-first-${k}`)));
  const heap1 = await heap();
  await Promise.all(inspectors.map((i) => i.startWindow()));
  const pids = nodes.map((n) => n.child.pid!);
  const restWindow = cpuWindow(pids);
  const rest = await connectAll(codes.flatMap((code) => Array.from({ length: PER_ROOM - 1 }, (_, k) => async () => ({ code, ...(await connectListener(nodes[(k + 1) % nodes.length].url, code, ctx.token)) }))));
  const connectLoop = await Promise.all(inspectors.map((i, k) => i.endWindow(`${nodes.length}-node-connect-${k}`)));
  const restCpu = restWindow();
  const heap2 = await heap();
  const rss2 = rss();
  const connectMs = [...first, ...rest].map((c) => c.ms);
  const byRoom = new Map<string, Room>();
  for (const { client } of first) byRoom.set(client.provider.configuration.name, { writer: client, listeners: [] });
  for (const { code, listener } of rest) byRoom.get(roomDocName(code))!.listeners.push(listener);
  await Promise.all(inspectors.map((i) => i.startWindow()));
  const redis0 = await ctx.redisStats();
  const editWindow = cpuWindow(pids);
  const lat = await editLatency(ctx, [...byRoom.values()], EDIT_WINDOW_MS, 1000);
  const redis1 = await ctx.redisStats();
  const loop = await Promise.all(inspectors.map((i, k) => i.endWindow(`${nodes.length}-node-edits-${k}`)));
  const { pct: cpu, ownPct: own } = editWindow();
  console.log(`\n${label}: ${ROOMS * PER_ROOM} clients in ${ROOMS} rooms on ${nodes.length} node(s)`);
  console.log(`  connect one at a time: loading the room p50 ${ms(pct(alone, 50))}, max ${ms(Math.max(...alone))}; joining it${nodes.length > 1 ? ' on the other node' : ''} p50 ${ms(pct(aloneJoin, 50))}, max ${ms(Math.max(...aloneJoin))}`);
  console.log(`  connect (open → synced, ${CONNECT_CONCURRENCY} at a time; each room's first client is a client library, its writer, the others raw listeners): p50 ${ms(pct(connectMs, 50))}, p99 ${ms(pct(connectMs, 99))}`);
  const restMs = rest.map((c) => c.ms);
  console.log(`    CPU while the further ${ROOMS * (PER_ROOM - 1)} connect: server ${restCpu.pct.map((c) => `${c.toFixed(0)}%`).join(' + ')} of one core, the clients' process ${restCpu.ownPct.toFixed(0)}%; server CPU per connect ${((restCpu.usedS.reduce((a, b) => a + b, 0) * 1000) / (ROOMS * (PER_ROOM - 1))).toFixed(1)} ms`);
  console.log(`    first client of each room (loads it): p50 ${ms(pct(first.map((c) => c.ms), 50))}, p99 ${ms(pct(first.map((c) => c.ms), 99))}; the other ${restMs.length}: p50 ${ms(pct(restMs, 50))}, p99 ${ms(pct(restMs, 99))}`);
  console.log(`  edit → receive (${ROOMS} writers, 1 edit/s each, ${PER_ROOM - 1} receivers per room): p50 ${ms(lat.p50)}, p99 ${ms(lat.p99)} (${lat.receipts}/${lat.expected} receipts)`);
  console.log(`  server CPU during edits: ${cpu.map((c) => `${c.toFixed(0)}%`).join(' + ')} of one core (the clients' process: ${own.toFixed(0)}%); RSS ${mib(rss0)} idle → ${mib(rss2)} with clients`);
  console.log(`  Redis per edit (every command of the window: relay, locks, leases, cache): ${((redis1.commands - redis0.commands) / lat.edits).toFixed(2)} commands, ${((redis1.inBytes - redis0.inBytes) / lat.edits).toFixed(0)} bytes in, ${((redis1.outBytes - redis0.outBytes) / lat.edits).toFixed(0)} bytes out`);
  console.log(`  server event-loop delay while the first client of each room connects (loading it): ${loopText(loadLoop)}`);
  console.log(`  server event-loop delay while the further ${ROOMS * (PER_ROOM - 1)} connect: ${loopText(connectLoop)}; during edits: ${loopText(loop)}`);
  console.log(`  heap per room (loaded, 1 client): ${kib((heap1 - heap0) / ROOMS)}; per further connection: ${kib((heap2 - heap1) / (ROOMS * (PER_ROOM - 1)))}`);
  for (const c of first) c.client.destroy();
  for (const c of rest) c.listener.close();
}

/**
 * 200 clients in one room: one writer (a client library) at 5 edits/s, 199 raw listeners (bench/listeners.ts)
 * each sending a cursor once a second and timing the frame that carries each edit. Raw, because 199 client
 * libraries in this one process would spend the window applying each other's presence (40,000 states a
 * second), and the figure would be this process's queue rather than the server's.
 */
async function presenceScenario(ctx: Ctx, node: Node, inspector: Inspector) {
  const code = (await ctx.api(node, '/api/rooms', { name: 'presence' })).code;
  const [{ client: writer }] = await connectAll([() => connectClient(node.url, code, ctx.token)]);
  const listeners = (await connectAll(Array.from({ length: 199 }, () => () => connectListener(node.url, code, ctx.token)))).map((c) => c.listener);
  const received = { frames: 0, bytes: 0 };
  for (const l of listeners) l.onFrame((frame) => { received.frames++; received.bytes += frame.length; });
  // Presence on: everyone publishes a cursor once a second (a throttled client), jittered.
  let k = 0;
  const presence = listeners.map((l, i) => setInterval(() => l.setPresence({ cursor: { entry: k++ % 50, at: Date.now() } }), 1000 + (i % 50)));
  await sleep(2000);
  await inspector.startWindow();
  const presenceWindow = cpuWindow([node.child.pid!]);
  Object.assign(received, { frames: 0, bytes: 0 });
  const lat = await editLatency(ctx, [{ writer, listeners }], EDIT_WINDOW_MS, 200);
  const loop = await inspector.endWindow('presence');
  const { wallS, pct: [cpu], ownPct: own } = presenceWindow();
  for (const t of presence) clearInterval(t);
  console.log('\n200 clients in one room (a writer and 199 raw listeners), presence on (cursor once a second each), the writer at 5 edits/s:');
  console.log(`  edit → receive: p50 ${ms(lat.p50)}, p99 ${ms(lat.p99)} (${lat.receipts}/${lat.expected} receipts); server CPU ${cpu.toFixed(0)}% of one core (the clients' process: ${own.toFixed(0)}%)`);
  console.log(`  each listener received ${(received.frames / listeners.length / wallS).toFixed(1)} frames/s, ${(received.bytes / listeners.length / wallS / 1024).toFixed(1)} KiB/s (edits and everyone's presence)`);
  console.log(`  server event-loop delay: ${loopText([loop])}`);
  writer.destroy();
  for (const l of listeners) l.close();
}

async function soak(ctx: Ctx, node: Node, inspector: Inspector) {
  const rooms = 50;
  const codes: string[] = [];
  for (let r = 0; r < rooms; r++) codes.push((await ctx.api(node, '/api/rooms', { name: `soak ${r}` })).code);
  const conns = await connectAll(codes.flatMap((code) => Array.from({ length: PER_ROOM }, () => () => connectClient(node.url, code, ctx.token))));
  const byRoom = codes.map((_, r) => conns.slice(r * PER_ROOM, (r + 1) * PER_ROOM).map((c) => c.client));
  // Steady state: each room's writer adds an entry and removes its previous one, once a second.
  let n = 0;
  const last: Array<string | undefined> = [];
  const writer = setInterval(() => byRoom.forEach((members, r) => {
    const doc = members[0].doc;
    if (last[r]) removeEntry(doc, last[r]!);
    last[r] = addTrack(doc, track(n++), by(ctx)).id;
  }), 1000);
  const samples: Array<{ s: number; heap: number; rss: number }> = [];
  const every = SOAK_S >= 300 ? 60 : 10;
  const t0 = Date.now();
  for (let s = 0; s <= SOAK_S; s += every) {
    if (s > 0) await sleep(t0 + s * 1000 - Date.now());
    samples.push({ s, heap: await inspector.heapUsed(), rss: proc(node.child.pid!).rss });
  }
  clearInterval(writer);
  console.log(`\nsoak: ${rooms * PER_ROOM} clients in ${rooms} rooms, ${rooms} edits/s (add one, remove one) for ${SOAK_S} s on one node:`);
  console.log(`  ${samples.map((x) => `${x.s}s heap ${mib(x.heap)} rss ${mib(x.rss)}`).join('\n  ')}`);
  const warm = samples[Math.min(samples.length - 1, Math.ceil(samples.length / 5))];
  const end = samples[samples.length - 1];
  console.log(`  after warm-up (${warm.s} s → ${end.s} s): heap ${mib(end.heap - warm.heap)}, rss ${mib(end.rss - warm.rss)}; ${n} edits`);
  // What grows with edits should be the documents themselves (Yjs keeps a small struct per deleted item):
  // once the rooms unload it must be gone.
  for (const c of conns) c.client.destroy();
  await sleep(5000);
  console.log(`  clients gone, rooms stored and unloaded: heap ${mib(await inspector.heapUsed())} (soak start: ${mib(samples[0].heap)})`);
}

async function main() {
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => { for (const s of stops.reverse()) await s().catch(() => undefined); };
  const deadline = setTimeout(() => { console.error('bench:load: deadline reached, stopping'); void stopAll().then(() => process.exit(1)); }, DEADLINE_MS);
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-load-'));
    stops.push(() => rm(dir, { recursive: true, force: true }));
    const pg = await startEmbeddedPostgres({ dataDir: dir });
    stops.push(() => pg.stop());
    await migrateDatabase(pg.url);
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const redisInfo = new IORedis(redis.url);
    stops.push(async () => redisInfo.disconnect());
    const db = createDb(pg.url, 2);
    stops.push(() => db.$disconnect());
    const token = newToken('s');
    const user = await db.user.create({ data: { email: 'load@example.test', username: 'load', password: 'x' } });
    await db.session.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 86400_000) } });
    const ctx: Ctx = {
      token, userId: user.id,
      redisStats: async () => {
        const info = await redisInfo.info('stats');
        const field = (k: string) => Number(new RegExp(`${k}:(\\d+)`).exec(info)?.[1] ?? NaN);
        return { commands: field('total_commands_processed'), inBytes: field('total_net_input_bytes'), outBytes: field('total_net_output_bytes') };
      },
      api: async (node, p, body) => {
        const res = await fetch(node.url + p, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
        return res.json();
      },
    };
    const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'load:', LOG_LEVEL: 'warn', WS_MAX_PER_ADDRESS: '100000' };
    const start = async () => {
      const node = await startNode(env, undefined, ['--inspect=127.0.0.1:0']);
      stops.push(() => node.kill('SIGTERM'));
      return { node, inspector: await Inspector.open(node) };
    };
    console.log(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0].toFixed(1)}; clients in this process, servers in their own`);
    if (CPU_PROF) { await mkdir(CPU_PROF, { recursive: true }); console.log(`CPU profiles of the servers' measured windows go to ${CPU_PROF}`); }
    const a = await start();
    if (ONLY.has('one')) await roomsScenario(ctx, [a.node], [a.inspector], 'one node');
    if (ONLY.has('two')) {
      const b = await start();
      await roomsScenario(ctx, [a.node, b.node], [a.inspector, b.inspector], 'two nodes');
      b.inspector.close();
    }
    if (ONLY.has('presence')) await presenceScenario(ctx, a.node, a.inspector);
    if (ONLY.has('soak')) await soak(ctx, a.node, a.inspector);
    a.inspector.close();
  } finally {
    clearTimeout(deadline);
    await stopAll();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
