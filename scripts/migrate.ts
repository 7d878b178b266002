// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, like `prisma migrate deploy`
// (same _prisma_migrations table), through the WebAssembly schema engine. Idempotent.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { filters, listMigrations, migrationsDir, openEngine } from './schema-engine.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: point it at the PostgreSQL database to migrate.');
  process.exit(2);
}
try {
  const engine = await openEngine(url);
  const migrations = await listMigrations();
  const lock = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8');
  const out = await engine.applyMigrations({
    migrationsList: {
      baseDir: migrationsDir,
      lockfile: { path: 'migration_lock.toml', content: lock },
      shadowDbInitScript: '',
      migrationDirectories: migrations.map((m) => ({
        path: m.name,
        migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
      })),
    },
    filters,
  } as never) as unknown as { appliedMigrationNames: string[] };
  engine.free();
  const applied = out.appliedMigrationNames;
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
  process.exit(0);
} catch (err) {
  console.error(`migration failed: ${(err as Error).message ?? err}`);
  process.exit(1);
}
