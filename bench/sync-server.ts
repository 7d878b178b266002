// One server of `npm run bench:sync`, in a process of its own (bench/sync.ts forks it with --expose-gc):
// `y-websocket` (bare @y/websocket-server), `hocuspocus` (bare Hocuspocus behind Jamroom's websocket
// front, server/sync/websocket.ts) or `jamroom` (startServer: auth, validation, persistence, playback; its
// own embedded PostgreSQL, no Redis, like a single node). It tells the bench its port over IPC, then answers
// requests about itself: heap after a full GC, loaded documents, Jamroom's store and load timings, its
// event-loop delay and garbage collections during a window, CPU profiles. Everything the bench does to a room goes through the real
// REST API and websockets.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';

import { cpuProfiler, type Answer, type Ready, type Request, type ServerKind, type Timings } from './sync-ipc.ts';

const timings = (): Timings => ({ count: 0, totalMs: 0, maxMs: 0, ms: [] });
/** Wraps a hook so each call's duration is recorded (the hook is looked up per call, so this applies at once). */
function timed<P, R>(stats: Timings, hook: (payload: P) => Promise<R>) {
  return async (payload: P): Promise<R> => {
    const t = performance.now();
    try { return await hook(payload); } finally {
      const ms = performance.now() - t;
      stats.count++; stats.totalMs += ms; stats.maxMs = Math.max(stats.maxMs, ms); stats.ms.push(ms);
    }
  };
}

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

type Started = {
  port: number;
  path: string;
  documents: () => number;
  /** No socket open and nothing left to store or unload (a bare y-websocket server keeps its documents). */
  idle: () => boolean;
  stores?: Timings;
  loads?: Timings;
  close: () => Promise<void>;
};

async function bareYWebsocket(): Promise<Started> {
  const { WebSocketServer } = await import('ws');
  const { setupWSConnection, docs } = await import('@y/websocket-server/utils');
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => setupWSConnection(ws, req));
  return { port: await listen(server), path: '', documents: () => docs.size, idle: () => wss.clients.size === 0, close: async () => { wss.close(); server.close(); } };
}

async function bareHocuspocus(): Promise<Started> {
  const { Hocuspocus } = await import('@hocuspocus/server');
  const { attachSync } = await import('../server/sync/websocket.ts');
  const hocuspocus = new Hocuspocus({ quiet: true });
  const server = http.createServer();
  const wss = attachSync(server, hocuspocus, { maxPerAddress: 100_000 });
  return {
    port: await listen(server), path: '/yjs', documents: () => hocuspocus.documents.size, idle: () => wss.clients.size === 0 && hocuspocus.documents.size === 0,
    close: async () => { wss.close(); server.close(); },
  };
}

async function jamroom(): Promise<Started> {
  const { loadConfig } = await import('../server/config.ts');
  const { createLogger } = await import('../server/log.ts');
  const { writeDemoLibrary } = await import('../server/catalog/local/demo.ts');
  const { startServer } = await import('../server/server.ts');
  const { roomSync } = await import('../server/rooms/sync.ts');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-bench-'));
  const musicDir = path.join(dataDir, 'music');
  // A local library, so the bench's entries are playable (none flagged, no Piped lookups).
  await writeDemoLibrary(musicDir);
  const config = loadConfig({
    NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDIS_URL: '', PIPED_API_URL: '',
    MUSIC_DIR: musicDir, CLIENT_DIR: path.join(dataDir, 'none'), WS_MAX_PER_ADDRESS: '100000',
  });
  const running = await startServer(config, createLogger('silent'));
  const { persistence } = roomSync(running.deps);
  const stores = timings();
  const loads = timings();
  persistence.onStoreDocument = timed(stores, persistence.onStoreDocument.bind(persistence));
  persistence.onLoadDocument = timed(loads, persistence.onLoadDocument.bind(persistence));
  return {
    port: running.port, path: '/yjs', stores, loads,
    documents: () => running.deps.hocuspocus.documents.size,
    idle: () => running.deps.hocuspocus.getConnectionsCount() === 0 && running.deps.hocuspocus.documents.size === 0,
    close: async () => { await running.close(); await rm(dataDir, { recursive: true, force: true }); },
  };
}

const kind = process.argv[2] as ServerKind;
const starts: Record<ServerKind, () => Promise<Started>> = { 'y-websocket': bareYWebsocket, hocuspocus: bareHocuspocus, jamroom };
if (!process.send || !starts[kind]) {
  console.error(`usage (forked by bench/sync.ts): node --expose-gc --import tsx bench/sync-server.ts ${Object.keys(starts).join('|')}`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('start with --expose-gc: heap figures are read after a full GC');
const started = await starts[kind]();
const profiler = cpuProfiler();
const loop = monitorEventLoopDelay({ resolution: 1 });
/** Garbage collections during the window: pauses of this process's main thread. */
const gcs = { count: 0, major: 0, totalMs: 0, maxMs: 0 };
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcs.count++;
    gcs.totalMs += e.duration;
    gcs.maxMs = Math.max(gcs.maxMs, e.duration);
    if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gcs.major++;
  }
});

async function answer(req: Request): Promise<Omit<Answer, 'id'>> {
  switch (req.op) {
    case 'heap':
      gc!(); gc!();
      return { heapUsed: process.memoryUsage().heapUsed };
    case 'stats':
      return { documents: started.documents(), idle: started.idle(), stores: started.stores, loads: started.loads };
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return { cpuMs: (user + system) / 1000 };
    }
    case 'loop-start':
      loop.reset();
      loop.enable();
      Object.assign(gcs, { count: 0, major: 0, totalMs: 0, maxMs: 0 });
      gcObserver.observe({ entryTypes: ['gc'] });
      return {};
    case 'loop-stop':
      loop.disable();
      gcObserver.disconnect();
      return { loop: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }, gc: { ...gcs } };
    case 'profile-start':
      await profiler.start();
      return {};
    case 'profile-stop':
      await profiler.stop(req.file);
      return {};
    case 'stop':
      await started.close();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.on('message', (req: Request) => {
  answer(req).then(
    (a) => process.send!({ id: req.id, ...a } satisfies Answer),
    (err: unknown) => process.send!({ id: req.id, error: String((err as Error)?.stack ?? err) } satisfies Answer),
  );
});
// The bench gone (crashed, killed): so is this server.
process.on('disconnect', () => void started.close().finally(() => process.exit(0)));
process.send({ ready: { port: started.port, path: started.path } } satisfies Ready);
