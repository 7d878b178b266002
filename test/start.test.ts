// `npm start` on a clean data directory: embedded PostgreSQL comes up, health answers, SIGTERM stops
// it cleanly, and a second start reuses the same data. It runs the compiled server (dist/server).
// bench/startup.ts times it, cold and warm.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../server/db/embedded.ts';

const dirs: string[] = [];
afterAll(async () => { for (const d of dirs) await rm(d, { recursive: true, force: true }); });

async function start(dataDir: string, port: number) {
  // What `npm start` runs (package.json), without npm in between so the signal reaches it directly.
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'info', MUSIC_DIR: path.join(dataDir, 'music') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.json(), () => null);
    if (ok) return { child, health: ok, output: () => output, exited };
    if (Date.now() > deadline) throw new Error(`npm start did not answer health:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

it('`npm start` comes up on a clean data directory, stops on SIGTERM, and restarts on the same data', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-start-'));
  dirs.push(dataDir);
  const port = await freePort();
  const first = await start(dataDir, port);
  expect(first.health).toMatchObject({ status: 'ok', db: 'up', cache: 'memory' });
  expect(first.output()).toContain(`open http://127.0.0.1:${port}`);
  expect(first.output()).toMatch(/single-node cache/);
  expect(first.output()).toMatch(/applied \d+ migration/);
  expect(existsSync('dist/server/main.js') && existsSync('dist/server/server.js')).toBe(true);
  const page = await fetch(`http://127.0.0.1:${port}/r/ABCDEF`);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toContain('<div id="root">');
  // No Piped URL and an empty MUSIC_DIR: the generated demo library is there and plays.
  expect(first.output()).toMatch(/wrote the generated demo library/);
  const trending = await (await fetch(`http://127.0.0.1:${port}/api/trending`)).json();
  expect(trending.tracks.length).toBeGreaterThanOrEqual(6);
  const audio = await fetch(`http://127.0.0.1:${port}/api/tracks/${trending.tracks[0].videoId}/stream`, { headers: { range: 'bytes=0-3' } });
  expect(audio.status).toBe(206);
  expect(Buffer.from(await audio.arrayBuffer()).toString('ascii')).toBe('RIFF');
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect(existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);

  const second = await start(dataDir, port);
  expect(second.health.db).toBe('up');
  expect(second.output()).toMatch(/database is up to date/);
  second.child.kill('SIGTERM');
  expect(await second.exited).toBe(0);
}, 180_000);
