// Generates the Prisma client when prisma/schema.prisma is newer than it. PRISMA_SCHEMA_ENGINE_BINARY
// stops the CLI from downloading a native engine that `generate` does not need; CHECKPOINT_DISABLE
// skips its update check (a network call that holds the exit back, and fails offline anyway).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const schema = path.join(root, 'prisma/schema.prisma');
const out = path.join(root, 'server/db/generated/client.ts');

export function prismaClientStale() {
  return !existsSync(out) || statSync(out).mtimeMs < statSync(schema).mtimeMs;
}

/** Resolves true when it generated the client, false when it was fresh already. */
export function generatePrismaClient({ force = false } = {}) {
  if (!force && !prismaClientStale()) return Promise.resolve(false);
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1',
  };
  const child = spawn(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schema], { cwd: root, env });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(true) : reject(new Error(`prisma generate failed:\n${output}`))));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await generatePrismaClient({ force: process.argv.includes('--force') });
}
