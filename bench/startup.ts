// `npm run bench:startup`: how long `npm start` (the real command, its own process group) takes from
// spawn to ready — /api/health answers 200 and / serves the web client — with no config at all.
//   cold: a fresh checkout after `npm install`: this working tree's tracked and unignored files copied to a
//         temp folder (so no dist/ — builds and Node's compile cache —, no generated Prisma client),
//         node_modules linked in, an empty DATA_DIR and MUSIC_DIR, and an empty TMPDIR (tsx keeps its
//         transform cache there);
//   warm: `npm start` again on that checkout and data (PostgreSQL initialised, everything built).
// `-- --baseline <git-ref>` measures the tree at that commit the same way (with today's node_modules),
// taking turns with the working tree in every round, who goes first alternating (drift on a shared
// machine hits both alike). BENCH_RUNS rounds (default 5). Runs on whichever `node`/`npm` is on PATH.
import { execFileSync, spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../server/db/embedded.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const READY_TIMEOUT_MS = 120_000;
const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const baseline = args.includes('--baseline') ? args[args.indexOf('--baseline') + 1] : undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = (s.length - 1) / 2; return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2; };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A checkout without build outputs: the working tree's files (or a commit's), node_modules linked. */
async function makeTemplate(dir: string, ref?: string) {
  await mkdir(dir, { recursive: true });
  if (ref) {
    execFileSync('sh', ['-c', `git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(dir)}`], { cwd: root });
  } else {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await copyFile(path.join(root, f), path.join(dir, f)).catch((err) => { if (err.code !== 'ENOENT') throw err; }); // deleted, not yet staged
    }
  }
}

async function copyTree(from: string, to: string) {
  execFileSync('cp', ['-a', from, to]);
  await symlink(path.join(root, 'node_modules'), path.join(to, 'node_modules'));
}

/** Runs `npm start` in dir until ready, then stops it as Ctrl-C would (SIGINT to the group). */
async function timeStart(dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', REDIS_URL: '', PIPED_API_URL: '', LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  let readyMs = NaN;
  try {
    while (Number.isNaN(readyMs)) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      if (performance.now() - started > READY_TIMEOUT_MS) throw new Error(`npm start was not ready in ${READY_TIMEOUT_MS} ms:\n${output}`);
      const healthy = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      const page = healthy && await fetch(`${base}/`).then(async (r) => r.ok && (await r.text()).includes('<div id="root">'), () => false);
      if (page) readyMs = performance.now() - started;
      else await sleep(10);
    }
  } finally {
    await stopGroup(child.pid!);
  }
  return readyMs;
}

async function stopGroup(pgid: number) {
  const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
  try { process.kill(-pgid, 'SIGINT'); } catch { return; }
  for (let waited = 0; alive(); waited += 50) {
    if (waited === 20_000) process.kill(-pgid, 'SIGKILL');
    await sleep(50);
  }
}

type Target = { name: string; template: string; cold: number[]; warm: number[] };

async function main() {
  const work = await mkdtemp(path.join(os.tmpdir(), 'jamroom-startup-'));
  await chmod(work, 0o755); // as root, PostgreSQL runs as 'postgres' and must reach its data and temp files
  const targets: Target[] = [{ name: 'working tree', template: path.join(work, 'template-current'), cold: [], warm: [] }];
  if (baseline) targets.push({ name: `baseline ${baseline}`, template: path.join(work, 'template-baseline'), cold: [], warm: [] });
  try {
    for (const t of targets) await makeTemplate(t.template, t.name === 'working tree' ? undefined : baseline);
    console.log(`startup bench: ${RUNS} round(s), ${targets.map((t) => t.name).join(' vs ')}; node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (let run = 1; run <= RUNS; run++) {
      // Take turns, and swap who goes first every round.
      for (const t of run % 2 ? targets : [...targets].reverse()) {
        const dir = path.join(work, `run-${run}-${targets.indexOf(t)}`);
        const checkout = path.join(dir, 'checkout');
        await mkdir(dir);
        await copyTree(t.template, checkout);
        const env = { DATA_DIR: path.join(dir, 'data'), MUSIC_DIR: path.join(dir, 'music'), TMPDIR: path.join(dir, 'tmp') };
        await mkdir(env.TMPDIR);
        await chmod(env.TMPDIR, 0o1777);
        const cold = await timeStart(checkout, env);
        const warm = await timeStart(checkout, env);
        t.cold.push(cold);
        t.warm.push(warm);
        console.log(`  round ${run}/${RUNS}  ${t.name.padEnd(24)} cold ${seconds(cold)}  warm ${seconds(warm)}`);
        await rm(dir, { recursive: true, force: true });
      }
    }
    console.log(`\n${'npm start → ready'.padEnd(30)}${'p50'.padStart(9)}${'min'.padStart(9)}${'max'.padStart(9)}`);
    for (const t of targets) {
      for (const kind of ['cold', 'warm'] as const) {
        const xs = t[kind];
        console.log(`${`${t.name}, ${kind}`.padEnd(30)}${seconds(median(xs)).padStart(9)}${seconds(Math.min(...xs)).padStart(9)}${seconds(Math.max(...xs)).padStart(9)}`);
      }
    }
    console.log(`(load at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
