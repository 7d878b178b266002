// After a first visit, the app shell (service worker) and the room document (IndexedDB) are on the device:
// with the server gone, a reload still shows the room and its queue, and says it is offline.
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { eventually, type TestServer } from '../test/helpers.ts';
import { watchErrors } from './browser.ts';
import { useStack } from './stack.ts';

let server: TestServer;
let browser: Browser;
useStack((stack) => ({ server, browser } = stack));

it('with the server down, a reload shows the room and its queue', async () => {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const errors = watchErrors(page);
  expect((await page.request.post('/api/auth/register', { data: { email: 'kim@example.com', username: 'kim', password: 'long password' } })).status()).toBe(201);
  const room = await (await page.request.post('/api/rooms', { data: { name: 'Porch' } })).json();
  await page.goto(`/r/${room.code}`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // Now controlled by the service worker: this load caches the shell and every chunk the room needs.
  await page.reload();
  await page.evaluate(() => navigator.serviceWorker.controller !== null).then((controlled) => expect(controlled).toBe(true));
  await page.getByRole('button', { name: 'Add songs' }).click();
  await page.getByRole('combobox', { name: /Search songs/ }).fill('porch');
  await page.getByRole('button', { name: 'Add Porch Light to the queue' }).click();
  const upNext = page.locator('section[aria-labelledby="upnext-title"] .row-title');
  await eventually(async () => expect(await upNext.allTextContents()).toEqual(['Porch Light']), 10_000);

  await server.stop();
  await page.reload();
  await eventually(async () => expect(await upNext.allTextContents()).toEqual(['Porch Light']), 10_000);
  await page.getByText('You are offline').waitFor({ timeout: 15_000 });
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Porch');
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
