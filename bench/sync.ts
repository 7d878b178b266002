// npm run bench:sync [-- --repeat=N] [-- --cpu-prof[=DIR]] — edit-to-receive latency in one room with 2, 50 and
// 200 clients, for a bare y-websocket server, a bare Hocuspocus server and Jamroom's server (auth, validation,
// persistence, playback extensions). Each server runs in a process of its own (bench/sync-server.ts, over
// IPC: bench/sync-ipc.ts); the clients (bench/sync-targets.ts) run here. Per size, each target has its room
// and clients at once and the targets take turns by blocks of edits, so other work on the machine falls on
// all three alike; with --repeat the round runs N times (default 3) and the medians of the rounds' figures
// are compared. Then, in Jamroom's process, room load time from the database, heap per loaded idle room,
// and the stores its debounce made. Loopback on one machine: the clients' process and the servers share
// its cores, so compare the ratios.
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { addTrack, addTracks, queueMap } from '../shared/room-doc.ts';
import { cpuProfiler, type Timings } from './sync-ipc.ts';
import { bareTarget, jamroomTarget, type Peer, type Room, type Target } from './sync-targets.ts';

const SIZES = [2, 50, 200];
const EDITS: Record<number, number> = { 2: 200, 50: 60, 200: 60 };
/** Edits a target makes before the next one takes its turn. */
const TURN_EDITS = 10;
const arg = (name: string) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split('=')[1];
const REPEAT = Number(arg('repeat') ?? 3);
/** With --cpu-prof[=DIR], CPU profiles of each 200-client run (the server's and this process's) are written there. */
const CPU_PROF = process.argv.some((a) => a.startsWith('--cpu-prof')) ? (arg('cpu-prof') ?? path.join(os.tmpdir(), 'jamroom-sync-prof')) : null;
const LOADED_ROOMS = 40;
const ENTRIES_PER_ROOM = 100;
const TIMEOUT_MS = 20_000;

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };
/** The middle value (the mean of the two middle ones for an even count). */
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = (cond: () => boolean | Promise<boolean>, ms = TIMEOUT_MS) => new Promise<void>((resolve, reject) => {
  const end = Date.now() + ms;
  const tick = async () => ((await cond()) ? resolve() : Date.now() > end ? reject(new Error('timed out')) : setTimeout(tick, 2));
  void tick();
});
/** CPU time (user + system) of this process, in ms. */
const ownCpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };

/** This process's CPU profile (the clients' side of a run). */
const clientProfiler = cpuProfiler();

/** Waits until the server dropped the run's room and this process collected its clients, so the next run starts clean. */
async function settle(target: Target) {
  await until(async () => (await target.server.ask({ op: 'stats' })).idle!);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  await sleep(200);
}

/**
 * One room of one target: a writer (the real client library) adds entries; the others are raw listeners
 * (sync-targets.ts) that time each frame carrying the entry as it arrives, without decoding it, so the
 * receipt times are the server's fan-out rather than the cost of 200 client libraries in this one process.
 */
async function openRoom(target: Target, clients: number) {
  const room = await target.room(String(clients));
  const writer = target.peer(room);
  const listeners = Array.from({ length: clients - 1 }, () => target.listener(room));
  await Promise.all([writer.synced, ...listeners.map((l) => l.ready)]);
  const run = { samples: [] as number[], fanOut: [] as number[], received: 0, lastReceipt: 0, serverCpuMs: 0, clientsCpuMs: 0 };
  /** The edit in flight: its entry id's bytes (found in the frame that carries it) and when it was made. */
  let current = { serial: 0, id: Buffer.alloc(0), t0: 0 };
  for (const l of listeners) {
    let seen = 0;
    l.onFrame((frame) => {
      if (seen === current.serial || !frame.includes(current.id)) return;
      const now = performance.now();
      seen = current.serial;
      run.samples.push(now - current.t0); run.received++; run.lastReceipt = now;
    });
  }
  const by = { id: room.userId, name: 'bench' };
  let n = 0;
  /** One edit, awaited until every listener has it. */
  const edit = async (measured: boolean) => {
    const before = run.received;
    // A valid queue add, so Jamroom's validator accepts it and every server carries the same bytes.
    // Frames arrive on later ticks, so recording the time after the (synchronous) send is safe.
    const t0 = performance.now();
    const e = addTrack(writer.doc, { videoId: target.videoId, title: `Bench ${n++}`, artist: 'Bench', durationS: 200 }, by);
    current = { serial: current.serial + 1, id: Buffer.from(e.id), t0 };
    await until(() => run.received - before >= clients - 1);
    if (measured) run.fanOut.push(run.lastReceipt - t0);
  };
  // Warm-up edits (connection bursts, JIT) are not counted.
  for (let i = 0; i < 5; i++) await edit(false);
  await target.server.ask({ op: 'loop-start' });
  const stores0 = (await target.server.ask({ op: 'stats' })).stores?.count;
  return {
    target, run,
    /** `count` measured edits, with the CPU both processes spent on them (only this room's server and clients are busy meanwhile). */
    async edits(count: number) {
      const server0 = (await target.server.ask({ op: 'cpu' })).cpuMs!;
      const clients0 = ownCpuMs();
      for (let i = 0; i < count; i++) await edit(true);
      run.clientsCpuMs += ownCpuMs() - clients0;
      run.serverCpuMs += (await target.server.ask({ op: 'cpu' })).cpuMs! - server0;
    },
    async close() {
      const { loop, gc } = await target.server.ask({ op: 'loop-stop' });
      const stores1 = (await target.server.ask({ op: 'stats' })).stores?.count;
      // Every client ends with what the writer has: a client library joining now gets the whole queue.
      const check = target.peer(room);
      await check.synced;
      await until(() => queueMap(check.doc).size === queueMap(writer.doc).size).catch(() => {
        throw new Error(`${target.name}: a client joining after the edits has ${queueMap(check.doc).size} entries, the writer ${queueMap(writer.doc).size}`);
      });
      writer.destroy();
      check.destroy();
      for (const l of listeners) l.close();
      await settle(target);
      const edits = run.fanOut.length;
      return {
        p50: pct(run.samples, 50), p99: pct(run.samples, 99), n: run.samples.length, fanOutP50: pct(run.fanOut, 50), fanOutMax: Math.max(...run.fanOut),
        loop: loop!, gc: gc!, cpu: { serverMs: run.serverCpuMs / edits, clientsMs: run.clientsCpuMs / edits },
        /** Stores that ran while the room took its edits (Jamroom only). */
        stores: stores1 === undefined ? undefined : stores1 - stores0!,
      };
    },
  };
}

/**
 * Edit-to-receive latency with `clients` clients in one room on every target at once: the targets take turns
 * by blocks of TURN_EDITS edits (the order rotating), so load from other processes on the machine falls on
 * all of them alike. Besides every receipt's latency: each edit's fan-out time (until its last receipt), the
 * server's event-loop delay and the CPU both processes spent per edit.
 */
async function latency(targets: Target[], clients: number, edits: number, profileName: string | null) {
  const started = Date.now();
  const rooms = [];
  for (const t of targets) rooms.push(await openRoom(t, clients));
  if (profileName) await Promise.all([...targets.map((t) => t.server.ask({ op: 'profile-start' })), clientProfiler.start()]);
  for (let turn = 0; turn * TURN_EDITS < edits; turn++) {
    for (let k = 0; k < rooms.length; k++) await rooms[(k + turn) % rooms.length].edits(Math.min(TURN_EDITS, edits - turn * TURN_EDITS));
  }
  if (profileName) {
    await Promise.all([
      ...targets.map((t) => t.server.ask({ op: 'profile-stop', file: path.join(CPU_PROF!, `${t.kind}-${profileName}`) })),
      clientProfiler.stop(path.join(CPU_PROF!, `clients-${profileName}`)),
    ]);
  }
  // Clients renew their presence every 15 s: past that, renewals fan out in the middle of the measurements.
  const seconds = (Date.now() - started) / 1000;
  if (seconds > 14) console.log(`         (these ${clients}-client runs took ${seconds.toFixed(0)} s from the first connect: presence renewals ran among the edits)`);
  const results = [];
  for (const r of rooms) results.push(await r.close());
  return results;
}

/**
 * Rooms whose stored state has 100 entries, loaded in Jamroom's process and kept loaded by one client each,
 * idle. Each room is filled by a client and stored by Jamroom when that client leaves (the real path), then
 * loaded again by a new client. Heap is read in the server after a full GC: rooms with their first client,
 * minus the cost of a connection (measured by a second client joining each loaded room).
 */
async function loadedRooms(target: Target) {
  const rooms: Room[] = [];
  for (let i = 0; i < LOADED_ROOMS; i++) rooms.push(await target.room(`loaded ${i}`));
  const entries = Array.from({ length: ENTRIES_PER_ROOM }, (_, k) => ({ videoId: target.videoId, title: `Track ${k}`, artist: 'Bench', durationS: 180 }));
  for (const room of rooms) {
    const filler = target.peer(room);
    await filler.synced;
    addTracks(filler.doc, entries, { id: room.userId, name: 'bench' });
    await until(() => !filler.unsynced());
    filler.destroy();
  }
  const stats = () => target.server.ask({ op: 'stats' });
  // The last client gone, Jamroom stores the room and unloads it.
  await until(async () => (await stats()).documents === 0);
  const loadsBefore = (await stats()).loads!.count;
  const heap = async () => (await target.server.ask({ op: 'heap' })).heapUsed!;
  const connect = async () => {
    const out: Array<{ peer: Peer; ms: number }> = [];
    for (const room of rooms) {
      const t = performance.now();
      const peer = target.peer(room);
      await peer.synced;
      if (queueMap(peer.doc).size !== ENTRIES_PER_ROOM) throw new Error(`room ${room.code} loaded with ${queueMap(peer.doc).size} entries`);
      out.push({ peer, ms: performance.now() - t });
    }
    await sleep(500); // presence ticks, auth and store timers of the connects settle
    return out;
  };
  const heap0 = await heap();
  const first = await connect();
  const heap1 = await heap();
  const second = await connect();
  const heap2 = await heap();
  const loads = (await stats()).loads!.ms.slice(loadsBefore);
  for (const { peer } of [...first, ...second]) peer.destroy();
  const perConnection = (heap2 - heap1) / rooms.length;
  return {
    loads, firstMs: first.map((c) => c.ms), secondMs: second.map((c) => c.ms),
    perRoomKiB: ((heap1 - heap0) / rooms.length - perConnection) / 1024, perConnectionKiB: perConnection / 1024,
  };
}

const storesText = (s: Timings) => `${s.count} stores, mean ${(s.totalMs / Math.max(1, s.count)).toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms`;

async function main() {
  process.setMaxListeners(0);
  if (CPU_PROF) await mkdir(CPU_PROF, { recursive: true });
  const cpus = os.cpus();
  console.log(`Node ${process.version}, ${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`each server in its own process, the clients in this one; ${REPEAT} rounds${CPU_PROF ? `; CPU profiles of the 200-client runs go to ${CPU_PROF}` : ''}\n`);
  const targets: Target[] = [];
  type Run = Awaited<ReturnType<typeof latency>>[number];
  const results: Record<string, Record<number, Run[]>> = {};
  try {
    // Jamroom first: the bare servers carry its playable track's id too.
    const jamroom = await jamroomTarget();
    targets.push(jamroom);
    targets.unshift(await bareTarget('y-websocket', jamroom.videoId), await bareTarget('hocuspocus', jamroom.videoId));
    const started = performance.now();
    for (let round = 1; round <= REPEAT; round++) {
      // Each round another target goes first, so none always follows the same one.
      const order = targets.map((_, k) => targets[(k + round - 1) % targets.length]);
      for (const size of SIZES) {
        const runs = await latency(order, size, EDITS[size], CPU_PROF && size === 200 ? `${size}-round${round}.cpuprofile` : null);
        runs.forEach((r, k) => {
          const t = order[k];
          ((results[t.name] ??= {})[size] ??= []).push(r);
          console.log(`round ${round}  ${t.name.padEnd(20)} ${String(size).padStart(3)} clients: p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (${r.n} receipts); `
            + `fan-out p50 ${r.fanOutP50.toFixed(1)} max ${r.fanOutMax.toFixed(1)} ms; server loop delay max ${r.loop.max.toFixed(1)} ms, `
            + `GC ${r.gc.count} pauses (${r.gc.major} major) max ${r.gc.maxMs.toFixed(1)} ms; `
            + `CPU per edit: server ${r.cpu.serverMs.toFixed(2)} ms, clients ${r.cpu.clientsMs.toFixed(1)} ms${r.stores === undefined ? '' : `; ${r.stores} store(s) meanwhile`}`);
        });
        console.log(`         load average ${os.loadavg()[0].toFixed(1)}`);
      }
    }
    const runsS = (performance.now() - started) / 1000;
    const mid = (name: string, size: number) => {
      const runs = results[name][size];
      const p99s = runs.map((r) => r.p99);
      return {
        p50: median(runs.map((r) => r.p50)), p99: median(p99s), p99Min: Math.min(...p99s), p99Max: Math.max(...p99s),
        fanOut: median(runs.map((r) => r.fanOutP50)), loopMax: median(runs.map((r) => r.loop.max)),
        serverMs: median(runs.map((r) => r.cpu.serverMs)), clientsMs: median(runs.map((r) => r.cpu.clientsMs)),
      };
    };
    console.log(`\nmedians over ${REPEAT} rounds (p99 range across rounds; an edit's fan-out: until its last receipt; server event-loop delay max during the edits; CPU per edit):`);
    for (const size of SIZES) {
      for (const t of targets) {
        const m = mid(t.name, size);
        console.log(`  ${t.name.padEnd(20)} ${String(size).padStart(3)} clients: p50 ${m.p50.toFixed(2)} ms, p99 ${m.p99.toFixed(2)} ms (${m.p99Min.toFixed(1)}–${m.p99Max.toFixed(1)}); `
          + `fan-out p50 ${m.fanOut.toFixed(1)} ms; server loop delay max ${m.loopMax.toFixed(1)} ms; CPU per edit server ${m.serverMs.toFixed(2)} ms, clients ${m.clientsMs.toFixed(1)} ms`);
      }
    }
    console.log('\nratio Jamroom / bare (medians):');
    for (const size of SIZES) {
      const j = mid('Jamroom', size);
      const h = mid('Hocuspocus (bare)', size);
      const y = mid('y-websocket (bare)', size);
      const ratios = (b: typeof j) => `p50 ×${(j.p50 / b.p50).toFixed(2)} p99 ×${(j.p99 / b.p99).toFixed(2)} fan-out ×${(j.fanOut / b.fanOut).toFixed(2)}`;
      console.log(`  ${String(size).padStart(3)} clients: vs Hocuspocus ${ratios(h)}; vs y-websocket ${ratios(y)}`);
    }
    const { stores } = await jamroom.server.ask({ op: 'stats' });
    console.log(`\nJamroom stores during its runs: ${storesText(stores!)} over the ${runsS.toFixed(0)} s of runs (debounce 2 s, at most 10 s under continuous edits; each room stored again when its last client leaves)`);
    const loaded = await loadedRooms(jamroom);
    console.log(`\nroom load from the database in Jamroom's process (onLoadDocument, stored state of ${ENTRIES_PER_ROOM} entries, ${loaded.loads.length} rooms): p50 ${pct(loaded.loads, 50).toFixed(1)} ms, p99 ${pct(loaded.loads, 99).toFixed(1)} ms`);
    console.log(`  client connect → synced: first client (loads the room) p50 ${pct(loaded.firstMs, 50).toFixed(1)} ms, p99 ${pct(loaded.firstMs, 99).toFixed(1)} ms; second client (room loaded) p50 ${pct(loaded.secondMs, 50).toFixed(1)} ms, p99 ${pct(loaded.secondMs, 99).toFixed(1)} ms`);
    console.log(`heap per loaded idle room (${ENTRIES_PER_ROOM} entries), Jamroom's own heap after a full GC: ${loaded.perRoomKiB.toFixed(0)} KiB (${LOADED_ROOMS} rooms each held by one idle client, that client's connection subtracted); per further connection ${loaded.perConnectionKiB.toFixed(0)} KiB`);
    console.log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    for (const t of targets) await t.server.stop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
