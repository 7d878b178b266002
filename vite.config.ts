import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

const rootDir = fileURLToPath(new URL('.', import.meta.url));
const serverPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [solid()],
  build: { outDir: '../dist/client', emptyOutDir: true, target: 'es2022' },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/yjs': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
  test: {
    // Two projects: Node code runs with Node's module conditions (the Solid plugin would add 'browser'),
    // client components run in jsdom with the Solid plugin.
    projects: [
      {
        root: rootDir,
        test: {
          name: 'server',
          include: ['{server,shared,test,scripts,e2e}/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        root: rootDir,
        plugins: [solid()],
        test: {
          name: 'client',
          include: ['client/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
    ],
    maxWorkers: 2,
  },
});
