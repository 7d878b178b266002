// Generates the Prisma client when prisma/schema.prisma is newer than it. PRISMA_SCHEMA_ENGINE_BINARY
// stops the CLI from downloading a native engine that `generate` does not need.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const schema = path.join(root, 'prisma/schema.prisma');
const out = path.join(root, 'server/db/generated/client.ts');

export function generatePrismaClient({ force = false } = {}) {
  if (!force && existsSync(out) && statSync(out).mtimeMs >= statSync(schema).mtimeMs) return false;
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  const res = spawnSync(process.execPath, [path.join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schema], { cwd: root, env, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(`prisma generate failed:\n${res.stdout}\n${res.stderr}`);
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  generatePrismaClient({ force: process.argv.includes('--force') });
}
