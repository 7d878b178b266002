// npm run bench:sync [-- --repeat=N] — edit-to-receive latency in one room with 2, 50 and 200 clients, for a
// bare y-websocket server, a bare Hocuspocus server and Jamroom's server (auth, validation, persistence,
// playback extensions), all in this run, the three taking turns; with --repeat the whole round runs N times
// (default 3) and the medians of each round's p50 and p99 are compared. Then room load time from the
// database and heap per idle room. Loopback only; servers and clients share this process (2-core machine),
// so compare the ratios.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hocuspocus } from '@hocuspocus/server';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { setupWSConnection } from '@y/websocket-server/utils';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { addTrack, addTracks, queueMap, roomDocName } from '../shared/room-doc.ts';
import { hashToken, newToken } from '../server/auth/tokens.ts';
import { loadConfig } from '../server/config.ts';
import { createLogger } from '../server/log.ts';
import { createRoom } from '../server/rooms/service.ts';
import { roomSync } from '../server/rooms/sync.ts';
import { writeDemoLibrary } from '../server/catalog/local/demo.ts';
import { startServer, type RunningServer } from '../server/server.ts';
import { attachSync } from '../server/sync/websocket.ts';

const SIZES = [2, 50, 200];
const EDITS: Record<number, number> = { 2: 200, 50: 60, 200: 60 };
const REPEAT = Number(process.argv.find((a) => a.startsWith('--repeat='))?.split('=')[1] ?? 3);
const median = (xs: number[]) => pct(xs, 50);
const TIMEOUT_MS = 10_000;

type Peer = { doc: Y.Doc; synced: Promise<void>; destroy: () => void };
type Target = { name: string; url: string; room: (i: number) => Promise<{ name: string; token: string | null; userId: string }>; peer: (url: string, room: string, token: string | null) => Peer; stop: () => Promise<void> };

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };
const until = (cond: () => boolean, ms = TIMEOUT_MS) => new Promise<void>((resolve, reject) => {
  const end = Date.now() + ms;
  const tick = () => (cond() ? resolve() : Date.now() > end ? reject(new Error('timed out')) : setTimeout(tick, 2));
  tick();
});

function hocuspocusPeer(url: string, name: string, token: string | null): Peer {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, token, document: doc });
  const synced = new Promise<void>((r) => provider.on('synced', () => r()));
  provider.attach();
  return { doc, synced, destroy: () => { provider.destroy(); socket.destroy(); } };
}

function yWebsocketPeer(url: string, name: string): Peer {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, name, doc, { WebSocketPolyfill: WebSocket as never, disableBc: true });
  const synced = new Promise<void>((r) => provider.once('sync', () => r()));
  return { doc, synced, destroy: () => provider.destroy() };
}

/** A fresh room per measurement on every server (a room of an earlier round would carry its entries). */
let roomSerial = 0;

async function listen(server: http.Server) {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function bareYWebsocket(): Promise<Target> {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => setupWSConnection(ws, req));
  const port = await listen(server);
  return {
    name: 'y-websocket (bare)', url: `ws://127.0.0.1:${port}`,
    room: async (i) => ({ name: `bench-${i}-${++roomSerial}`, token: null, userId: 'u' }),
    peer: (url, room) => yWebsocketPeer(url, room),
    stop: async () => { for (const c of wss.clients) c.terminate(); wss.close(); await new Promise((r) => server.close(r)); },
  };
}

async function bareHocuspocus(): Promise<Target> {
  const hocuspocus = new Hocuspocus({ quiet: true });
  const server = http.createServer();
  const wss = attachSync(server, hocuspocus);
  const port = await listen(server);
  return {
    name: 'Hocuspocus (bare)', url: `ws://127.0.0.1:${port}/yjs`,
    room: async (i) => ({ name: `bench-${i}-${++roomSerial}`, token: null, userId: 'u' }),
    peer: hocuspocusPeer,
    stop: async () => { for (const c of wss.clients) c.terminate(); wss.close(); await new Promise((r) => server.close(r)); },
  };
}

async function jamroom(running: RunningServer): Promise<Target> {
  const { db } = running.deps;
  const token = newToken('s');
  const user = await db.user.create({ data: { email: `bench${Date.now()}@example.test`, username: `bench${Date.now()}`, password: 'x' } });
  await db.session.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 86400_000) } });
  const actor = { kind: 'user' as const, id: user.id, username: user.username, sessionId: '' };
  return {
    name: 'Jamroom', url: `${running.url.replace(/^http/, 'ws')}/yjs`,
    room: async (i) => ({ name: roomDocName((await createRoom(running.deps, actor, `bench ${i}`)).code), token, userId: user.id }),
    peer: hocuspocusPeer,
    stop: async () => {},
  };
}

/** One writer adds entries; every other client records when each entry arrives. */
async function latency(target: Target, clients: number, edits: number) {
  const room = await target.room(clients);
  const peers = Array.from({ length: clients }, () => target.peer(target.url, room.name, room.token));
  await Promise.all(peers.map((p) => p.synced));
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  let received = 0;
  for (const p of peers.slice(1)) {
    queueMap(p.doc).observe((ev) => {
      const now = performance.now();
      for (const [key, change] of ev.changes.keys) {
        if (change.action === 'add' && sentAt.has(key)) { samples.push(now - sentAt.get(key)!); received++; }
      }
    });
  }
  const writer = peers[0];
  // Warm-up edits (connection bursts, JIT) are not counted.
  const WARMUP = 5;
  for (let i = -WARMUP; i < edits; i++) {
    const before = received;
    // A valid queue add, so Jamroom's validator accepts it and every server carries the same bytes.
    // Receipts arrive on later ticks, so recording the time after the (synchronous) send is safe.
    const t0 = performance.now();
    const e = addTrack(writer.doc, { videoId: benchVideoId, title: `Bench ${i}`, artist: 'Bench', durationS: 200 }, { id: room.userId, name: 'bench' });
    if (i >= 0) sentAt.set(e.id, t0);
    else { await until(() => peers.every((p) => queueMap(p.doc).has(e.id))); continue; }
    await until(() => received - before >= clients - 1);
  }
  for (const p of peers) p.destroy();
  return { p50: pct(samples, 50), p99: pct(samples, 99), n: samples.length };
}

async function roomLoadAndHeap(running: RunningServer, target: Target) {
  const { hocuspocus, db } = running.deps;
  const codes: string[] = [];
  // Rooms with a stored document of 100 queue entries each, not loaded.
  for (let i = 0; i < 40; i++) {
    const r = await target.room(1000 + i);
    const doc = new Y.Doc();
    addTracks(doc, Array.from({ length: 100 }, (_, k) => ({ videoId: benchVideoId, title: `Track ${k}`, artist: 'Bench', durationS: 180 })), { id: r.userId, name: 'bench' });
    const code = r.name.slice(5);
    await db.room.update({ where: { code }, data: { ydocState: new Uint8Array(Y.encodeStateAsUpdate(doc)) } });
    codes.push(code);
  }
  const loadMs: number[] = [];
  const conns = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.(); gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  for (const code of codes) {
    const t = performance.now();
    conns.push(await hocuspocus.openDirectConnection(roomDocName(code), { server: true }));
    loadMs.push(performance.now() - t);
  }
  gc?.(); gc?.();
  const heapPerRoomKb = (process.memoryUsage().heapUsed - heapBefore) / codes.length / 1024;
  for (const c of conns) await c.disconnect();
  return { loadP50: pct(loadMs, 50), loadP99: pct(loadMs, 99), heapPerRoomKb, measuredGc: !!gc };
}

/** Times Jamroom's store hook: a slow store under continuous edits must not become a store per update. */
function timeStores(running: RunningServer) {
  const persistence = roomSync(running.deps).persistence;
  const original = persistence.onStoreDocument.bind(persistence);
  const stats = { count: 0, totalMs: 0, maxMs: 0 };
  persistence.onStoreDocument = async (payload) => {
    const t = performance.now();
    try { return await original(payload); } finally {
      const ms = performance.now() - t;
      stats.count++; stats.totalMs += ms; stats.maxMs = Math.max(stats.maxMs, ms);
    }
  };
  return stats;
}

/** A track the server's catalog can play (from the generated demo library), so no entry is flagged unplayable. */
let benchVideoId = '';

async function main() {
  process.setMaxListeners(0);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-bench-'));
  const musicDir = path.join(dataDir, 'music');
  await writeDemoLibrary(musicDir);
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDIS_URL: '', PIPED_API_URL: '', MUSIC_DIR: musicDir, CLIENT_DIR: path.join(dataDir, 'none'), WS_MAX_PER_ADDRESS: '100000' });
  const running = await startServer(config, createLogger('silent'));
  benchVideoId = (await running.deps.catalog.trending()).data[0].videoId;
  const targets = [await bareYWebsocket(), await bareHocuspocus(), await jamroom(running)];
  type Run = { p50: number; p99: number; n: number };
  const results: Record<string, Record<number, Run[]>> = {};
  try {
    console.log(`Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}); servers and clients in one process; ${REPEAT} rounds\n`);
    const stores = timeStores(running);
    let jamroomMs = 0;
    for (let round = 1; round <= REPEAT; round++) {
      for (const size of SIZES) {
        for (const t of targets) {
          const started = performance.now();
          const r = await latency(t, size, EDITS[size]);
          ((results[t.name] ??= {})[size] ??= []).push(r);
          if (t.name === 'Jamroom') jamroomMs += performance.now() - started;
          console.log(`round ${round}  ${t.name.padEnd(20)} ${String(size).padStart(3)} clients: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (${r.n} receipts)`);
        }
      }
    }
    const mid = (name: string, size: number) => {
      const runs = results[name][size];
      const p99s = runs.map((r) => r.p99);
      return { p50: median(runs.map((r) => r.p50)), p99: median(p99s), p99Min: Math.min(...p99s), p99Max: Math.max(...p99s) };
    };
    console.log(`\nmedians over ${REPEAT} rounds (p99 range across rounds):`);
    for (const size of SIZES) {
      for (const t of targets) {
        const m = mid(t.name, size);
        console.log(`  ${t.name.padEnd(20)} ${String(size).padStart(3)} clients: p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms (${m.p99Min.toFixed(1)}–${m.p99Max.toFixed(1)})`);
      }
    }
    console.log('\nratio Jamroom / bare (medians):');
    for (const size of SIZES) {
      const j = mid('Jamroom', size);
      const h = mid('Hocuspocus (bare)', size);
      const y = mid('y-websocket (bare)', size);
      console.log(`  ${String(size).padStart(3)} clients: vs Hocuspocus p50 ×${(j.p50 / h.p50).toFixed(2)} p99 ×${(j.p99 / h.p99).toFixed(2)}; vs y-websocket p50 ×${(j.p50 / y.p50).toFixed(2)} p99 ×${(j.p99 / y.p99).toFixed(2)}`);
    }
    console.log(`\nJamroom stores during its runs: ${stores.count} in ${(jamroomMs / 1000).toFixed(1)} s of continuous edits (debounce 2 s, max 10 s), mean ${(stores.totalMs / Math.max(1, stores.count)).toFixed(1)} ms, max ${stores.maxMs.toFixed(1)} ms`);
    const load = await roomLoadAndHeap(running, targets[2]);
    console.log(`\nroom load from the database (stored state, 100 entries): p50 ${load.loadP50.toFixed(1)} ms, p99 ${load.loadP99.toFixed(1)} ms`);
    console.log(`heap per loaded idle room (100 entries): ${load.heapPerRoomKb.toFixed(0)} KiB${load.measuredGc ? '' : ' (run with --expose-gc for a stable figure)'}`);
  } finally {
    for (const t of targets) await t.stop();
    await running.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
