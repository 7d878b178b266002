// npm run bench:listen [-- --seconds=90 --rounds=2] — how closely two listeners in one room hear the same
// moment, in Debian's Chromium against `npm start` (its own process: embedded PostgreSQL, demo music).
// Two guests (two browser contexts) open a fresh room; the host (REST) queues the demo tracks and presses
// play. Every 250 ms both pages' <audio> positions are read and carried to one instant; the offset between
// them is split into steady play and the 3 s after a start or a track change. Then pause → play: how far
// before the paused position each player resumed (audio heard twice). Rounds use fresh rooms.
// `-- --tree=DIR` runs another checkout's server and client (a worktree of an earlier commit) for a before/after.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from '../server/db/embedded.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SECONDS = Number(arg('seconds') ?? 90);
const ROUNDS = Number(arg('rounds') ?? 2);
const SAMPLE_MS = 250;
/** Samples this long after a start or a track change count as "around changes". */
const CHANGE_WINDOW_MS = 3000;
/** --tree=DIR measures another checkout's `npm start` (e.g. a git worktree of main, for a before/after). */
const root = path.resolve(arg('tree') ?? path.join(import.meta.dirname, '..'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN; };
const fmt = (xs: number[]) => xs.length ? `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (${xs.length} samples)` : 'no samples';

async function startServer() {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'jamroom-listen-'));
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, MUSIC_DIR: path.join(dataDir, 'music'), DATABASE_URL: '', REDIS_URL: '', PIPED_API_URL: '', LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const end = Date.now() + 180_000;
  process.stdout.write('starting the server (npm start; builds what is stale)…');
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${output}`);
    if (Date.now() > end) throw new Error(`the server did not become healthy in 180 s:\n${output}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(250);
  }
  console.log(' ready');
  return {
    url,
    stop: async () => {
      try { process.kill(-child.pid!, 'SIGINT'); } catch { /* gone */ }
      await new Promise((r) => child.once('exit', r));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function restClient(url: string) {
  let token = '';
  const api = async <T>(p: string, body?: object, method = body ? 'POST' : 'GET'): Promise<T> => {
    const res = await fetch(url + p, {
      method, body: body && JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return { api, setToken: (t: string) => (token = t) };
}

type Reading = { atMs: number; posMs: number; rate: number; paused: boolean; entryId: string };
const read = (p: Page): Promise<Reading> =>
  p.evaluate(() => {
    const el = document.querySelector<HTMLAudioElement>('audio[data-role="active"]');
    return { atMs: performance.timeOrigin + performance.now(), posMs: (el?.currentTime ?? 0) * 1000, rate: el?.playbackRate ?? 1, paused: el?.paused ?? true, entryId: el?.dataset.entryId ?? '' };
  });

/** One listener: a guest of the room in a browser context of its own. */
async function listener(browser: Browser, url: string, code: string, name: string) {
  const context = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const joined = await (await context.request.post(`/api/rooms/${code}/join`, { data: { displayName: name } })).json();
  await context.addInitScript(([key, guest]) => localStorage.setItem(key, guest), [`jamroom:guest:${code}`, JSON.stringify(joined.guest)]);
  const page = await context.newPage();
  await page.goto(`/r/${code}`);
  await page.locator('audio[data-role="active"]').waitFor({ state: 'attached', timeout: 30_000 });
  return { page, close: () => context.close() };
}

async function round(browser: Browser, url: string, n: number) {
  const { api, setToken } = restClient(url);
  const { token } = await api<{ token: string }>('/api/auth/register', { email: `listen${n}-${Date.now()}@example.test`, username: `listen${n}${Date.now() % 100000}`, password: 'bench password long' });
  setToken(token);
  const { code } = await api<{ code: string }>('/api/rooms', { name: `listen ${n}` });
  const { tracks } = await api<{ tracks: object[] }>('/api/trending');
  const a = await listener(browser, url, code, 'Ada');
  const b = await listener(browser, url, code, 'Bea');
  await api(`/api/rooms/${code}/queue`, { tracks: [...tracks, ...tracks].slice(0, 8) });
  // Let both pages settle on the queue before the start.
  await sleep(1500);
  await api(`/api/rooms/${code}/playback`, { action: 'play' });
  let changeAt = Date.now();
  let lastEntry = '';
  // With --trace, each page's error against the room clock (the server's playback, read over REST) is printed around changes.
  const trace = process.argv.includes('--trace');
  let clock = null as { entryId: string | null; positionMs: number; atServerMs: number; status: string } | null;
  const steady: number[] = [];
  const around: number[] = [];
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    const tick = Date.now();
    const [ra, rb] = await Promise.all([read(a.page), read(b.page)]);
    if (ra.entryId !== lastEntry) { lastEntry = ra.entryId; changeAt = ra.atMs; }
    if (trace) {
      if (clock?.entryId !== ra.entryId) clock = (await api<{ nowPlaying: typeof clock }>(`/api/rooms/${code}`)).nowPlaying;
      const err = (r: Reading) => clock && clock.entryId === r.entryId ? (r.posMs - (clock.positionMs + (r.atMs - clock.atServerMs))).toFixed(0) : '?';
      if (ra.atMs - changeAt < CHANGE_WINDOW_MS + 1000) console.log(`  t+${(ra.atMs - changeAt).toFixed(0)} ms ${ra.entryId.slice(0, 4)} A ${err(ra)} (rate ${ra.rate}${ra.paused ? ', paused' : ''}) B ${err(rb)} (rate ${rb.rate}${rb.paused ? ', paused' : ''})`);
    }
    if (!ra.paused && !rb.paused && ra.entryId === rb.entryId) {
      const t = Math.max(ra.atMs, rb.atMs);
      const offset = Math.abs(ra.posMs + (t - ra.atMs) * ra.rate - (rb.posMs + (t - rb.atMs) * rb.rate));
      (t - changeAt < CHANGE_WINDOW_MS ? around : steady).push(offset);
      if (trace && offset > 10 && t - changeAt >= CHANGE_WINDOW_MS) console.log(`  steady t+${(t - changeAt).toFixed(0)} offset ${offset.toFixed(1)} A rate ${ra.rate} B rate ${rb.rate}`);
    }
    await sleep(Math.max(0, SAMPLE_MS - (Date.now() - tick)));
  }
  // Pause, wait, play: where does each player pick up again?
  const paused = await api<{ playback: { positionMs: number } }>(`/api/rooms/${code}/playback`, { action: 'pause' });
  await sleep(2000);
  const pausedMs = paused.playback.positionMs;
  const lowest = [Infinity, Infinity];
  const watchUntil = Date.now() + 1500;
  const watching = (async () => {
    while (Date.now() < watchUntil) {
      const rs = await Promise.all([read(a.page), read(b.page)]);
      rs.forEach((r, i) => { if (!r.paused) lowest[i] = Math.min(lowest[i], r.posMs); });
      await sleep(10);
    }
  })();
  await api(`/api/rooms/${code}/playback`, { action: 'play' });
  await watching;
  await a.close();
  await b.close();
  return { steady, around, resumeFromMs: lowest.map((l) => l - pausedMs) };
}

async function main() {
  console.log(`Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds of ${SECONDS} s, a sample every ${SAMPLE_MS} ms`);
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--mute-audio', '--autoplay-policy=no-user-gesture-required', '--disable-background-timer-throttling'],
  });
  const all = { steady: [] as number[], around: [] as number[] };
  try {
    for (let n = 1; n <= ROUNDS; n++) {
      const r = await round(browser, server.url, n);
      all.steady.push(...r.steady);
      all.around.push(...r.around);
      console.log(`round ${n}: steady ${fmt(r.steady)}`);
      console.log(`         ${CHANGE_WINDOW_MS / 1000} s after a start or a track change: ${fmt(r.around)}`);
      console.log(`         all: ${fmt([...r.steady, ...r.around])}`);
      console.log(`         pause → play: the two players resumed ${r.resumeFromMs.map((ms) => `${ms >= 0 ? '+' : ''}${ms.toFixed(0)} ms`).join(' and ')} from the paused position (negative: heard again)`);
    }
    console.log(`\nall rounds: |offset| between the two listeners — steady ${fmt(all.steady)}; around changes ${fmt(all.around)}; all ${fmt([...all.steady, ...all.around])}`);
    console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
