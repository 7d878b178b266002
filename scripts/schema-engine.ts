// The Prisma schema engine as WebAssembly: migrations without the CLI's native binary, which cannot be
// downloaded on every machine. Run under `node --experimental-wasm-modules`.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { SchemaEngine } from '@prisma/schema-engine-wasm';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaPg } from '@prisma/adapter-pg';

export const root = path.resolve(import.meta.dirname, '..');
export const schemaPath = path.join(root, 'prisma/schema.prisma');
export const migrationsDir = path.join(root, 'prisma/migrations');
export const filters = { externalTables: [], externalEnums: [] };

export async function openEngine(connectionString: string): Promise<SchemaEngine> {
  const schema = await readFile(schemaPath, 'utf8');
  const log = (msg: string) => { if (process.env.PRISMA_ENGINE_DEBUG) console.error(msg); };
  return SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString })),
  );
}

export async function listMigrations() {
  const names = (await readdir(migrationsDir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return Promise.all(names.map(async (name) => ({
    name,
    sql: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8'),
  })));
}
