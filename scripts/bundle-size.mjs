// Gzipped size of what each page needs on first load, from the built client (run `npx vite build` first).
// Walks the chunks' static imports from index.html's entry, then each lazy page's own closure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? 'dist/client');
const read = (rel) => readFileSync(path.join(dir, rel));
const gz = (rel) => gzipSync(read(rel), { level: 9 }).length;
const html = read('index.html').toString();
const entry = /<script[^>]+src="\/([^"]+\.js)"/.exec(html)[1];
const css = [...html.matchAll(/<link[^>]+href="\/([^"]+\.css)"/g)].map((m) => m[1]);

function closure(rel, seen = new Set()) {
  if (seen.has(rel)) return seen;
  seen.add(rel);
  const code = read(rel).toString();
  for (const m of code.matchAll(/(?:import|from)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) closure(path.posix.join(path.posix.dirname(rel), m[1]), seen);
  return seen;
}

const shell = new Set([...closure(entry), ...css]);
const shellBytes = [...shell].reduce((n, f) => n + gz(f), gz('index.html'));
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`app shell (index.html, entry JS, CSS): ${kb(shellBytes)} gzipped`);
const lazy = [...read(entry).toString().matchAll(/import\(["'`]\.\/([^"'`]+\.js)["'`]\)/g)].map((m) => path.posix.join('assets', m[1]));
for (const page of lazy) {
  const own = [...closure(page)].filter((f) => !shell.has(f));
  // A page may preload the next chunk it always needs (the room page loads the room view).
  const preloaded = [...read(page).toString().matchAll(/import\(["'`]\.\/([^"'`]+\.js)["'`]\)/g)].map((m) => path.posix.join('assets', m[1]));
  const extra = preloaded.flatMap((p) => [...closure(p)]).filter((f) => !shell.has(f) && !own.includes(f));
  const bytes = [...own, ...extra].reduce((n, f) => n + gz(f), 0);
  console.log(`${path.basename(page).replace(/-[\w-]+\.js$/, '').padEnd(14)} +${kb(bytes)}  (first load ${kb(shellBytes + bytes)})`);
}
