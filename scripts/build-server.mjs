// Compiles the server to JavaScript for `npm start` (`npm run dev` and the tests keep running the
// TypeScript through tsx). esbuild bundles our sources into dist/server; npm packages stay external.
// Two bundles, so a first start can begin before the Prisma client is generated:
//   boot: main.js (config, embedded PostgreSQL, migrations, demo music) and migrate.js (the schema engine
//         runner) — no generated Prisma client in them;
//   app:  server.js (everything else), which main.js imports once PostgreSQL is on its way.
import { mkdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
export const serverOutDir = path.join(root, 'dist/server');

const GENERATED = path.join(root, 'server/db/generated');
const BUILDS = {
  boot: { entryPoints: { main: 'server/main.ts', migrate: 'scripts/migrate.ts' }, skip: [GENERATED] },
  app: { entryPoints: { server: 'server/server.ts' }, skip: [] },
};
const SOURCES = ['server', 'shared', 'scripts/migrate.ts', 'scripts/schema-engine.ts', 'scripts/build-server.mjs', 'tsconfig.json'];

function newestMtime(p, skip) {
  const info = statSync(p);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) {
    const child = path.join(p, entry);
    if (!entry.endsWith('.test.ts') && !skip.includes(child)) newest = Math.max(newest, newestMtime(child, skip));
  }
  return newest;
}

const sourcesMtime = (name) => Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s), BUILDS[name].skip)));

function outputMtime(name) {
  try {
    return Math.min(...Object.keys(BUILDS[name].entryPoints).map((e) => statSync(path.join(serverOutDir, `${e}.js`)).mtimeMs));
  } catch {
    return -1;
  }
}

/** The bundles ('boot', 'app') older than a source, or missing. */
export function staleServerBuilds() {
  return Object.keys(BUILDS).filter((name) => outputMtime(name) < sourcesMtime(name));
}

/**
 * In a bundle, import.meta.dirname/filename still name the source file's folder, so paths relative to
 * the sources (../package.json, prisma/migrations) resolve from dist/server as they do under tsx.
 * import.meta.url stays the bundle's own (for files shipped beside it, like migrate.js).
 */
const sourcePaths = {
  name: 'source-paths',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.')) {
        const rel = path.relative(root, args.path).split(path.sep).join('/');
        contents = contents
          .replaceAll('import.meta.dirname', `__jamroomPath.join(__jamroomRoot, ${JSON.stringify(path.posix.dirname(rel))})`)
          .replaceAll('import.meta.filename', `__jamroomPath.join(__jamroomRoot, ${JSON.stringify(rel)})`);
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** main.ts loads server.ts lazily: in the boot bundle that import names the app bundle beside it. */
const appBundleExternal = {
  name: 'app-bundle-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/server\.ts$/ }, (args) => (
      path.resolve(args.resolveDir, args.path) === path.join(root, 'server/server.ts') ? { path: './server.js', external: true } : undefined
    ));
  },
};

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    // Not hoisted to the top of node_modules: use the copy tsx (a dependency) brings.
    const fromTsx = createRequire(import.meta.resolve('tsx'));
    return import(pathToFileURL(fromTsx.resolve('esbuild')).href);
  }
}

/** Builds the named bundles (default: the stale ones); true when something was built. */
export async function buildServer(names = staleServerBuilds()) {
  if (!names.length) return false;
  const esbuild = await loadEsbuild();
  await mkdir(serverOutDir, { recursive: true });
  await Promise.all(names.map(async (name) => {
    // Stamp outputs with the sources' time as read before building (rounded up to the ms a Date holds): a
    // file saved during the build stays newer, so the next start builds again.
    const stamp = new Date(Math.ceil(sourcesMtime(name)));
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: BUILDS[name].entryPoints,
      outdir: serverOutDir,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      write: false,
      logLevel: 'warning',
      banner: { js: "import __jamroomPath from 'node:path';\nconst __jamroomRoot = __jamroomPath.resolve(import.meta.dirname, '../..');" },
      plugins: [sourcePaths, appBundleExternal],
    });
    // Each file appears whole (written aside, then renamed): another `npm start` may be loading it.
    for (const file of result.outputFiles) {
      const tmp = `${file.path}.${process.pid}.tmp`;
      await writeFile(tmp, file.contents);
      await utimes(tmp, stamp, stamp);
      await rename(tmp, file.path);
    }
  }));
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildServer(process.argv.includes('--force') ? Object.keys(BUILDS) : undefined);
  console.log(built ? `built the server into ${path.relative(root, serverOutDir)}` : 'the server build is up to date');
}
