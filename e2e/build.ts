// The e2e tests serve a production build of the client, each test file its own copy (files run in
// parallel workers; one shared dist/ would be emptied under another file's server).
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'vite';

/** Builds the client into a fresh directory and returns it (for CLIENT_DIR). */
export async function buildClient(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'jamroom-client-'));
  // Vitest sets NODE_ENV=test, which would make Vite build a development bundle (no service worker,
  // Solid's dev build). Build exactly what `npm start` serves.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.resolve('vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}
