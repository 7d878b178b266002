// What every browser test runs against: a production build of the client served by a real server
// (own database, Redis prefix and generated music folder) and Debian's Chromium.
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startTestServerWithMusic, type TestServer } from '../test/helpers.ts';
import { launchChromium } from './browser.ts';
import { buildClient } from './build.ts';

export type Stack = { server: TestServer; browser: Browser; stop: () => Promise<void> };

export async function startStack(): Promise<Stack> {
  const clientDir = await buildClient();
  const server = await startTestServerWithMusic({ CLIENT_DIR: clientDir });
  const browser = await launchChromium();
  return {
    server,
    browser,
    stop: async () => {
      await browser.close();
      await server.stop().catch(() => {}); // a test may have stopped it already
      await rm(clientDir, { recursive: true, force: true });
    },
  };
}

/** A stack for one test file: started before its tests (handed to `use`), stopped after them. */
export function useStack(use: (stack: Stack) => void) {
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack();
    use(stack);
  }, 120_000);
  afterAll(() => stack?.stop());
}
