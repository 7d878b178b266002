// Brings a database up to prisma/migrations. When every migration is already recorded as applied,
// unchanged, a plain query says so (milliseconds); otherwise the WebAssembly schema engine applies them
// (`prisma migrate deploy`) in a child process: it needs a Node flag, takes a second or more to load
// and lingers after use, so it never runs inside the server process.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '../..');
const migrationsDir = path.join(root, 'prisma/migrations');

export type LocalMigration = { name: string; checksum: string };

/** prisma/migrations/<name>/migration.sql, with the checksum Prisma records (sha256 of the file). */
export function localMigrations(dir = migrationsDir): LocalMigration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => ({ name, checksum: createHash('sha256').update(readFileSync(path.join(dir, name, 'migration.sql'))).digest('hex') }));
}

/**
 * A connected client. The connect timeout is a timer, and timers run before socket events: when the event
 * loop is stalled past it (the server loading its modules on a busy machine while this connects), the
 * timeout fires although PostgreSQL has answered. So a timeout is tried again, twice; a refusal is not.
 */
async function connectClient(databaseUrl: string): Promise<pg.Client> {
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (attempt >= 3 || (err as Error).message !== 'timeout expired') throw err;
    }
  }
}

/**
 * True when _prisma_migrations holds exactly these migrations, each finished, not rolled back and with
 * the same checksum, and no failed one: what `migrate deploy` would find nothing to do for. Anything
 * else (no table yet, a new or edited migration, a failed one) is for the engine to apply or report.
 */
export async function migrationsUpToDate(databaseUrl: string, migrations = localMigrations()): Promise<boolean> {
  const client = await connectClient(databaseUrl);
  try {
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished: boolean; rolled_back: boolean }>(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back
         FROM _prisma_migrations`,
    );
    const applied = new Map<string, string>();
    for (const r of rows) {
      if (r.rolled_back) continue;
      if (!r.finished || applied.has(r.migration_name)) return false;
      applied.set(r.migration_name, r.checksum);
    }
    return applied.size === migrations.length && migrations.every((m) => applied.get(m.name) === m.checksum);
  } catch (err) {
    if ((err as { code?: string }).code === '42P01') return false; // no _prisma_migrations: a new database
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The schema engine runner: compiled beside the server bundle (`npm start`), or the TypeScript via tsx. */
function engineCommand(): string[] {
  const flags = ['--experimental-wasm-modules', '--no-warnings'];
  if (import.meta.url.endsWith('.js')) return [...flags, fileURLToPath(new URL('./migrate.js', import.meta.url))];
  return [...flags, '--import', 'tsx', path.join(root, 'scripts/migrate.ts')];
}

export async function migrateDatabase(databaseUrl: string): Promise<string> {
  if (await migrationsUpToDate(databaseUrl)) return 'database is up to date';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, engineCommand(), {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`Database migration failed: ${out.trim()}`))));
  });
}
