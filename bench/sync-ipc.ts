// What bench/sync.ts and its server processes (bench/sync-server.ts) say to each other over IPC, the bench's
// handle on one such process, and the in-process CPU profiler both sides use.
import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

export type ServerKind = 'y-websocket' | 'hocuspocus' | 'jamroom';
export type Ready = { ready: { port: number; path: string } };
export type Timings = { count: number; totalMs: number; maxMs: number; ms: number[] };
export type LoopDelay = { p50: number; p99: number; max: number };
export type GcPauses = { count: number; major: number; totalMs: number; maxMs: number };
export type Request =
  | { id: number; op: 'heap' }
  | { id: number; op: 'stats' }
  | { id: number; op: 'cpu' }
  | { id: number; op: 'loop-start' }
  | { id: number; op: 'loop-stop' }
  | { id: number; op: 'profile-start' }
  | { id: number; op: 'profile-stop'; file: string }
  | { id: number; op: 'stop' };
export type Answer = {
  id: number;
  /** V8 heap after two full GCs. */
  heapUsed?: number;
  documents?: number;
  /** No socket open and nothing left to store or unload. */
  idle?: boolean;
  stores?: Timings;
  loads?: Timings;
  loop?: LoopDelay;
  gc?: GcPauses;
  /** The process's CPU time so far (user + system). */
  cpuMs?: number;
  error?: string;
};
type RequestBody = { [Op in Request['op']]: Omit<Extract<Request, { op: Op }>, 'id'> }[Request['op']];

export type ServerProcess = { url: string; ask: (req: RequestBody) => Promise<Answer>; stop: () => Promise<void> };

/** Forks bench/sync-server.ts for one kind of server and waits for its port. */
export async function startServerProcess(kind: ServerKind): Promise<ServerProcess> {
  const child = fork(path.join(import.meta.dirname, 'sync-server.ts'), [kind], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pending = new Map<number, (a: Answer) => void>();
  let nextId = 0;
  const ready = new Promise<Ready['ready']>((resolve, reject) => {
    child.on('message', (m: Ready | Answer) => {
      if ('ready' in m) return resolve(m.ready);
      pending.get(m.id)?.(m);
      pending.delete(m.id);
    });
    void exited.then(() => reject(new Error(`the ${kind} server exited (${child.exitCode})`)));
  });
  const { port, path: wsPath } = await ready;
  const ask = (req: RequestBody) => new Promise<Answer>((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, (a) => (a.error ? reject(new Error(`${kind} server: ${a.error}`)) : resolve(a)));
    child.send({ ...req, id });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // Jamroom stores its rooms and stops its PostgreSQL first; a hung stop is cut short.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await ask({ op: 'stop' }).catch(() => undefined);
    await exited;
    clearTimeout(deadline);
  };
  return { url: `ws://127.0.0.1:${port}${wsPath}`, ask, stop };
}

/** This process's V8 CPU profile over a window (sampled every 200 µs), written as a .cpuprofile file. */
export function cpuProfiler() {
  let session: Session | null = null;
  return {
    async start() {
      session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    },
    async stop(file: string) {
      const { profile } = await session!.post('Profiler.stop');
      session!.disconnect();
      await writeFile(file, JSON.stringify(profile));
    },
  };
}
