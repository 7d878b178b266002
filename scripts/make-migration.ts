// `npm run db:diff -- <name>`: writes prisma/migrations/<stamp>_<name>/migration.sql, the SQL that takes
// the schema as the existing migrations leave it to prisma/schema.prisma. Needs no database: it diffs
// the previous schema snapshot (prisma/migrations/schema.snapshot.prisma) against the current file.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { filters, migrationsDir, openEngine, schemaPath } from './schema-engine.ts';

const name = (process.argv[2] ?? '').replace(/[^a-z0-9_]/gi, '_');
if (!name) {
  console.error('usage: npm run db:diff -- <migration_name>');
  process.exit(2);
}
const snapshotPath = path.join(migrationsDir, 'schema.snapshot.prisma');
const current = await readFile(schemaPath, 'utf8');
// The engine wants a connection even to diff two files; any reachable PostgreSQL will do.
const dbUrl = process.env.DATABASE_URL;
if (!dbUrl) {
  console.error('Set DATABASE_URL to any reachable PostgreSQL (npm start prints the embedded one), then rerun.');
  process.exit(2);
}
const engine = await openEngine(dbUrl);
const from = existsSync(snapshotPath)
  ? { tag: 'schemaDatamodel' as const, files: [{ path: snapshotPath, content: await readFile(snapshotPath, 'utf8') }] }
  : { tag: 'empty' as const };
const result = await engine.diff({
  from,
  to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: current }] },
  script: true,
  exitCode: null,
  filters,
} as never) as unknown as { stdout: string };
engine.free();
const sql = result.stdout;
if (!sql.trim() || /empty migration/i.test(sql)) {
  console.log('schema unchanged: no migration written');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, 'migration.sql'), sql);
await writeFile(snapshotPath, current);
if (!existsSync(path.join(migrationsDir, 'migration_lock.toml'))) {
  await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
}
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
process.exit(0);
