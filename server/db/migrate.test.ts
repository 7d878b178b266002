// The fast path that skips the schema engine: it answers "up to date" only for exactly the applied,
// unchanged migrations; anything else goes to the engine, as before.
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers.ts';
import { localMigrations, migrateDatabase, migrationsUpToDate } from './migrate.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase(); // a copy of the migrated template
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

it('checksums each migration.sql as Prisma records it', async () => {
  const { rows } = await client.query('SELECT migration_name AS name, checksum FROM _prisma_migrations ORDER BY migration_name');
  expect(localMigrations()).toEqual(rows);
});

it('is up to date only with every migration applied, finished and unchanged', async () => {
  expect(await migrationsUpToDate(database.url)).toBe(true);
  expect(await migrateDatabase(database.url)).toBe('database is up to date');

  const [first] = localMigrations();
  expect(await migrationsUpToDate(database.url, [...localMigrations(), { name: '29990101000000_new', checksum: 'x' }])).toBe(false);
  expect(await migrationsUpToDate(database.url, localMigrations().slice(1))).toBe(false);

  await client.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', ['0'.repeat(64), first!.name]);
  expect(await migrationsUpToDate(database.url)).toBe(false);
  await client.query('UPDATE _prisma_migrations SET checksum = $1 WHERE migration_name = $2', [first!.checksum, first!.name]);

  // A failed attempt (not finished, not rolled back) is for the engine to report.
  await client.query(`INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
    VALUES (gen_random_uuid(), $1, $2, now(), 0)`, [first!.checksum, first!.name]);
  expect(await migrationsUpToDate(database.url)).toBe(false);
  await client.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE finished_at IS NULL');
  expect(await migrationsUpToDate(database.url)).toBe(true);
});

it('is not up to date on a database without _prisma_migrations', async () => {
  await client.query('ALTER TABLE _prisma_migrations RENAME TO _prisma_migrations_aside');
  try {
    expect(await migrationsUpToDate(database.url)).toBe(false);
  } finally {
    await client.query('ALTER TABLE _prisma_migrations_aside RENAME TO _prisma_migrations');
  }
});

it('answers although the event loop stalls past the connect timeout while connecting (a busy start)', async () => {
  const answer = migrationsUpToDate(database.url);
  const until = Date.now() + 5500; // longer than the 5 s connect timeout, blocking every callback
  while (Date.now() < until) { /* the server loading its modules on a busy machine */ }
  expect(await answer).toBe(true);
}, 30_000);
