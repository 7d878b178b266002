// `npm start`: run the compiled server (dist/server), building what is missing or older than its sources
// — the Prisma client, the server bundles, the web client — side by side with the server's own start
// (PostgreSQL, migrations, demo music), which needs none of them until it loads server.js and listens.
// `--dev` runs the TypeScript through tsx instead, with Vite's dev server (hot reload, proxying /api, /yjs).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rename, rm, utimes } from 'node:fs/promises';
import path from 'node:path';
import { buildServer, serverOutDir, staleServerBuilds } from './build-server.mjs';
import { generatePrismaClient, prismaClientStale } from './prisma-generate.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const clientDir = path.join(root, 'dist/client');
const viteBin = path.join(root, 'node_modules/vite/bin/vite.js');

function newestMtime(p) {
  const info = statSync(p);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  // client/node_modules holds Vite's and Vitest's caches, which every test run rewrites.
  for (const entry of readdirSync(p)) if (entry !== 'node_modules') newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const clientSourcesMtime = () => Math.max(...['client', 'shared', 'vite.config.ts'].map((p) => newestMtime(path.join(root, p))));

function clientStale() {
  const index = path.join(clientDir, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < clientSourcesMtime();
}

const children = [];
let stopSignal;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { stopSignal = sig; children.forEach((c) => c.kill(sig)); });
/** When the server ends, so does `npm start` (and whatever it still runs). */
function follow(server) {
  server.on('exit', (code, signal) => {
    children.filter((c) => c !== server && c.exitCode === null).forEach((c) => c.kill('SIGTERM'));
    process.exit(code ?? (signal ? 1 : 0));
  });
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    children.push(child);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0])} ${args[1] ?? ''} exited with ${code}`))));
  });
}

/** vite build into a folder of its own, swapped in when whole: a running server never serves half a build. */
async function buildClient() {
  const stamp = new Date(Math.ceil(clientSourcesMtime()));
  const tmp = path.join(root, `dist/.client-${process.pid}`);
  const old = `${tmp}-old`;
  try {
    await run([viteBin, 'build', '--logLevel', 'warn', '--outDir', tmp, '--emptyOutDir']);
    await utimes(path.join(tmp, 'index.html'), stamp, stamp);
    await rename(clientDir, old).catch((err) => { if (err.code !== 'ENOENT') throw err; });
    await rename(tmp, clientDir);
  } finally {
    await Promise.all([rm(tmp, { recursive: true, force: true }), rm(old, { recursive: true, force: true })]);
  }
}

if (dev) {
  if (await generatePrismaClient()) console.log('generated the Prisma client');
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  children.push(spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/main.ts')], { cwd: root, env, stdio: 'inherit' }));
  children.push(spawn(process.execPath, [viteBin], { cwd: root, env, stdio: 'inherit' }));
  follow(children[0]);
  console.log('dev mode: open http://localhost:5173 (hot reload; /api and /yjs go to the server)');
} else {
  // The server process starts first (it needs only the small boot bundle): PostgreSQL's first start is
  // the longest chain, while the builds below have time to spare until the server loads and listens.
  const staleServer = staleServerBuilds();
  const appStale = prismaClientStale() || staleServer.includes('app');
  const clientIsStale = clientStale();
  const what = [...(staleServer.length || appStale ? ['the server'] : []), ...(clientIsStale ? ['the web client'] : [])];
  if (what.length) console.log(`building ${what.join(' and ')}…`);
  const bootFailed = staleServer.includes('boot') ? await buildServer(['boot']).then(() => undefined, (err) => err) : undefined;
  if (bootFailed) console.error(`\n  Building the server failed: ${bootFailed.message}\n`);
  if (bootFailed || stopSignal) process.exit(bootFailed ? 1 : 130);

  const pending = [...(appStale ? ['app'] : []), ...(clientIsStale ? ['client'] : [])];
  const server = spawn(process.execPath, ['--enable-source-maps', path.join(serverOutDir, 'main.js')], {
    cwd: root,
    // Node ≥ 22 keeps the compiled bytecode of every module it loads here: later starts skip compiling.
    env: { NODE_COMPILE_CACHE: path.join(root, 'dist/.compile-cache'), ...process.env, JAMROOM_PENDING_BUILDS: pending.join(',') },
    stdio: pending.length ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit',
  });
  children.push(server);
  follow(server);
  const report = (name, work) => work.then(() => undefined, (err) => err).then((err) => {
    const thing = name === 'app' ? 'server' : 'web client';
    if (stopSignal) return; // stopped: the build was cut short, and the server is stopping anyway
    if (err) console.error(`\n  Building the ${thing} failed: ${err.message}\n`);
    if (server.connected) server.send(err ? { failed: name, message: `building the ${thing} failed` } : { built: name });
  });
  if (appStale) {
    report('app', (async () => {
      if (await generatePrismaClient()) console.log('generated the Prisma client');
      await buildServer(['app']);
    })());
  }
  if (clientIsStale) report('client', buildClient());
}
