// `npm start`: read config once, start, print the URL, stop cleanly on SIGINT/SIGTERM. What does not
// depend on each other runs side by side: PostgreSQL (start, migrations), the demo music, and loading
// the rest of the server (server.ts, imported lazily for that reason).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoLibrary } from './catalog/local/demo.ts';
import { ConfigError, loadConfig } from './config.ts';
import { prepareDatabase, type PreparedDatabase } from './db/prepare.ts';
import { createLogger } from './log.ts';
import type { RunningServer } from './server.ts';

const version: string = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')).version;

/**
 * On a first run scripts/start.mjs starts this process while it still builds the server bundle ('app')
 * or the web client ('client'): JAMROOM_PENDING_BUILDS names them, and it sends { built } or { failed }
 * over IPC as each ends. Returns the wait for one of them (none pending: resolved).
 */
function pendingBuilds(): (name: string) => Promise<void> {
  const names = process.send ? (process.env.JAMROOM_PENDING_BUILDS ?? '').split(',').filter(Boolean) : [];
  const settles = new Map<string, (err?: Error) => void>();
  const waits = new Map(names.map((name) => {
    const done = new Promise<void>((resolve, reject) => settles.set(name, (err) => (err ? reject(err) : resolve())));
    done.catch(() => undefined); // whoever awaits it reports it
    return [name, done];
  }));
  const settle = (name: string, err?: Error) => {
    settles.get(name)?.(err);
    settles.delete(name);
    if (!settles.size) setImmediate(() => { if (process.connected) process.disconnect?.(); }); // not inside 'message'
  };
  if (names.length) {
    process.on('message', (m: { built?: string; failed?: string; message?: string }) => {
      if (m.built) settle(m.built);
      if (m.failed) settle(m.failed, new Error(m.message ?? `building the ${m.failed} failed`));
    });
    process.once('disconnect', () => { for (const name of [...settles.keys()]) settle(name, new Error('npm start stopped while building')); });
  }
  return (name) => waits.get(name) ?? Promise.resolve();
}

let config;
try {
  config = loadConfig(process.env, version);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(78);
}
const log = createLogger(config.logLevel);
const built = pendingBuilds();
/** Debug-level start-up timeline: when each parallel piece was done, in ms since the process started. */
const timed = <T>(phase: string, work: Promise<T>) => {
  work.then(() => log.debug({ phase, ms: Math.round(performance.now()) }, 'start-up phase done'), () => undefined);
  return work;
};
let database: Promise<PreparedDatabase> | undefined;
let running: RunningServer | undefined;
let stopping = false;
// From the first moment: a signal while starting closes PostgreSQL too (nothing is stored yet then).
const stop = async (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping: storing rooms and closing the database');
  if (running) await running.close();
  else await database?.then((d) => d.close(), () => undefined);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
try {
  database = prepareDatabase(config, log);
  timed('database', database.then((d) => d.ready));
  // A newcomer without Piped gets music to play at once (only when the folder is empty).
  const demo = timed('demo music', config.pipedApiUrls.length ? Promise.resolve([]) : ensureDemoLibrary(config.musicDir));
  const server = timed('server code', built('app').then(() => import('./server.ts')));
  const [written, { startServer }] = await Promise.all([demo, server, timed('web client', built('client'))]);
  if (written.length) log.info({ dir: config.musicDir, files: written.length }, 'MUSIC_DIR was empty: wrote the generated demo library');
  if (!stopping) running = await startServer(config, log, { database });
  if (running && !stopping) {
    log.info({ url: running.url, startupMs: Math.round(performance.now()) }, 'Jamroom is listening');
    console.log(`\n  Jamroom is running: open ${running.url}\n`);
  }
} catch (err) {
  await database?.then((d) => d.close(), () => undefined); // closing twice is harmless
  if (!stopping) { // a signal meanwhile: stop() ends the process
    const message = err instanceof Error ? err.message : String(err);
    log.fatal({ err: message }, 'could not start');
    console.error(`\n  Jamroom could not start: ${message}\n`);
    process.exit(1);
  }
}
