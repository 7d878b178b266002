// `npm start`: make sure the generated pieces are fresh (Prisma client, built client, demo music),
// then run the server. `--dev` also runs Vite's dev server with hot reload, proxying /api and /yjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { generatePrismaClient } from './prisma-generate.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (generatePrismaClient()) console.log('generated the Prisma client');

const builtIndex = path.join(root, 'dist/client/index.html');
if (!dev) {
  const sources = Math.max(newestMtime(path.join(root, 'client')), newestMtime(path.join(root, 'shared')), statSync(path.join(root, 'vite.config.ts')).mtimeMs);
  if (!existsSync(builtIndex) || statSync(builtIndex).mtimeMs < sources) {
    console.log('building the web client…');
    const res = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (res.status !== 0) process.exit(res.status ?? 1);
  }
}

const env = { ...process.env, ...(dev ? { NODE_ENV: process.env.NODE_ENV ?? 'development' } : {}) };
const children = [spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: 'inherit' })];
if (dev) {
  children.push(spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js')], { cwd: root, env, stdio: 'inherit' }));
  console.log('dev mode: open http://localhost:5173 (hot reload; /api and /yjs go to the server)');
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => children.forEach((c) => c.kill(sig)));
children[0].on('exit', (code, signal) => {
  children.slice(1).forEach((c) => c.kill('SIGTERM'));
  process.exit(code ?? (signal ? 1 : 0));
});
