// What every browser test runs against: a production build of the client served by a real server
// (own database, Redis prefix and generated music folder) and Debian's Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureDemoLibrary } from '../server/catalog/local/demo.ts';
import { startTestServer, type TestServer } from '../test/helpers.ts';
import { launchChromium } from './browser.ts';
import { buildClient } from './build.ts';

export type Stack = { server: TestServer; browser: Browser; stop: () => Promise<void> };

export async function startStack(): Promise<Stack> {
  const clientDir = await buildClient();
  const musicDir = await mkdtemp(path.join(tmpdir(), 'jamroom-e2e-music-'));
  await ensureDemoLibrary(musicDir);
  const server = await startTestServer({ MUSIC_DIR: musicDir, PIPED_API_URL: '', CLIENT_DIR: clientDir });
  const browser = await launchChromium();
  return {
    server,
    browser,
    stop: async () => {
      await browser.close();
      await server.stop().catch(() => {}); // a test may have stopped it already
      for (const dir of [clientDir, musicDir]) await rm(dir, { recursive: true, force: true });
    },
  };
}
