// End to end: a user and a guest share a room in two browser contexts against the real server (real
// PostgreSQL, Redis, Hocuspocus) playing the generated demo library.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestServer } from '../test/helpers.ts';
import { newPerson, registerAndCreateRoom, watchErrors } from './browser.ts';
import { useStack } from './stack.ts';

const ARTIFACTS = path.resolve('artifacts');
let server: TestServer;
let browser: Browser;
useStack((stack) => ({ server, browser } = stack));
beforeAll(() => mkdir(ARTIFACTS, { recursive: true }));

const upNextTitles = (page: Page) => page.locator('section[aria-labelledby="upnext-title"] .row-title').allTextContents();

async function addFromSearch(page: Page, query: string, title: string, mode: 'add' | 'next' = 'add') {
  const search = page.getByRole('combobox', { name: /Search songs/ });
  if (!(await search.isVisible())) await page.getByRole('button', { name: 'Add songs' }).click();
  await search.fill(query);
  const label = mode === 'add' ? `Add ${title} to the queue` : `Play ${title} next`;
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: label }).click();
}

/** Both tabs' audio positions at one instant: each sample is carried forward to a common wall-clock time. */
async function audioOffsetMs(a: Page, b: Page): Promise<{ offsetMs: number; aMs: number; bMs: number }> {
  const read = (p: Page) =>
    p.evaluate(() => {
      const el = document.querySelector<HTMLAudioElement>('audio[data-role="active"]')!;
      return { atMs: performance.timeOrigin + performance.now(), posMs: el.currentTime * 1000, rate: el.playbackRate, paused: el.paused };
    });
  const [ra, rb] = await Promise.all([read(a), read(b)]);
  if (ra.paused || rb.paused) throw new Error('not playing yet');
  const t = Math.max(ra.atMs, rb.atMs);
  const aMs = ra.posMs + (t - ra.atMs) * ra.rate;
  const bMs = rb.posMs + (t - rb.atMs) * rb.rate;
  return { offsetMs: Math.abs(aMs - bMs), aMs, bMs };
}

describe('a room shared by a user and a guest', () => {
  let host: BrowserContext;
  let guest: BrowserContext;
  let hostPage: Page;
  let guestPage: Page;
  let code: string;

  it('a user registers and creates a room; a guest joins by code', async () => {
    host = await newPerson(browser, server.url);
    hostPage = await host.newPage();
    const hostErrors = watchErrors(hostPage);
    code = await registerAndCreateRoom(hostPage, { email: 'ana@example.com', username: 'ana' }, 'Friday');
    await hostPage.getByRole('heading', { name: 'Friday' }).waitFor();

    guest = await newPerson(browser, server.url, 390);
    guestPage = await guest.newPage();
    await guestPage.goto('/');
    await guestPage.getByLabel('Room code or link').fill(`${server.url}/r/${code.toLowerCase()}`);
    await guestPage.getByLabel('Your name').fill('Bo');
    await guestPage.getByRole('button', { name: 'Join' }).click();
    await guestPage.getByText('Listening now').waitFor();
    await eventually(async () => expect(await hostPage.locator('.member').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Bo')])), 10_000);
    expect(hostErrors).toEqual([]);
  }, 60_000);

  it('both add, reorder and remove, and see the same queue', async () => {
    await addFromSearch(hostPage, 'lanterns', 'Morning Lanterns');
    await addFromSearch(hostPage, 'paper boats', 'Paper Boats');
    await addFromSearch(guestPage, 'harbour', 'Harbour Lights');
    await addFromSearch(guestPage, 'neon', 'Neon Drift');
    const four = ['Morning Lanterns', 'Paper Boats', 'Harbour Lights', 'Neon Drift'];
    await eventually(async () => {
      expect(await upNextTitles(hostPage)).toEqual(four);
      expect(await upNextTitles(guestPage)).toEqual(four);
    }, 10_000);

    // The host moves Neon Drift to the top with the keyboard; the guest removes Paper Boats.
    const handle = hostPage.getByRole('button', { name: /^Move Neon Drift/ });
    await handle.focus();
    await hostPage.keyboard.press('Space');
    for (let i = 0; i < 3; i++) await hostPage.keyboard.press('ArrowUp');
    await hostPage.keyboard.press('Space');
    await guestPage.getByRole('button', { name: 'Remove Paper Boats' }).click();
    const expected = ['Neon Drift', 'Morning Lanterns', 'Harbour Lights'];
    await eventually(async () => {
      expect(await upNextTitles(hostPage)).toEqual(expected);
      expect(await upNextTitles(guestPage)).toEqual(expected);
    }, 10_000);
  }, 60_000);

  it('the host presses play and both tabs play the same moment (within 50 ms)', async () => {
    await hostPage.getByRole('button', { name: 'Play', exact: true }).click();
    await eventually(async () => expect(await hostPage.locator('.np-title').textContent()).toBe('Neon Drift'), 10_000);
    await eventually(async () => expect(await guestPage.locator('.np-title').textContent()).toBe('Neon Drift'), 10_000);
    // Settle: both elements playing and past the first seconds (start, first seek, first nudges).
    await eventually(async () => expect((await audioOffsetMs(hostPage, guestPage)).aMs).toBeGreaterThan(4000), 15_000, 100);
    const offsets: number[] = [];
    for (let i = 0; i < 5; i++) offsets.push((await audioOffsetMs(hostPage, guestPage)).offsetMs);
    offsets.sort((a, b) => a - b);
    console.log(`e2e sync: offset between the two tabs' audio.currentTime: median ${offsets[2].toFixed(1)} ms, max ${offsets[4].toFixed(1)} ms (5 samples)`);
    expect(offsets[2]).toBeLessThan(50);
    // The lock screen / media keys show the track.
    expect(await guestPage.evaluate(() => navigator.mediaSession.metadata?.title)).toBe('Neon Drift');
  }, 60_000);

  it('screenshots of the room at 390 px and 1280 px', async () => {
    await guestPage.screenshot({ path: path.join(ARTIFACTS, 'room-390.png'), fullPage: true });
    await hostPage.screenshot({ path: path.join(ARTIFACTS, 'room-1280.png'), fullPage: true });
  });

  it('offline: the guest reorders and adds, comes back, and both converge with nothing lost', async () => {
    // Paused (by the space bar, the player shortcut), the queue only changes by what the two of them do.
    await hostPage.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await hostPage.keyboard.press('Space');
    await guestPage.getByRole('button', { name: 'Play', exact: true }).waitFor();
    // Search while online; the results stay on screen.
    await guestPage.getByRole('combobox', { name: /Search songs/ }).fill('orbit');
    await guestPage.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'Add Slow Orbit to the queue' }).waitFor();
    await guest.setOffline(true);
    await guestPage.getByText('You are offline').waitFor({ timeout: 15_000 });
    await guestPage.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'Add Slow Orbit to the queue' }).click();
    const handle = guestPage.getByRole('button', { name: /^Move Harbour Lights/ });
    await handle.focus();
    await guestPage.keyboard.press('Space');
    await guestPage.keyboard.press('ArrowUp');
    await guestPage.keyboard.press('Space');
    await guestPage.getByText('waiting to sync').first().waitFor();
    // Meanwhile the host adds too.
    await addFromSearch(hostPage, 'porch', 'Porch Light');
    // A search made offline says so, and runs again by itself once the device is back.
    await guestPage.getByRole('combobox', { name: /Search songs/ }).fill('paper');
    await guestPage.getByText('Cannot reach the server').waitFor({ timeout: 10_000 });
    await guest.setOffline(false);
    await guestPage.getByText('Back online').waitFor({ timeout: 20_000 });
    await guestPage.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'Add Paper Boats to the queue' }).waitFor({ timeout: 15_000 });
    expect(await guestPage.getByText('Cannot reach the server').count()).toBe(0);
    await eventually(async () => {
      const a = await upNextTitles(hostPage);
      const b = await upNextTitles(guestPage);
      expect(a).toEqual(b);
      expect([...a].sort()).toEqual(['Harbour Lights', 'Morning Lanterns', 'Porch Light', 'Slow Orbit'].sort());
      expect(a.indexOf('Harbour Lights')).toBeLessThan(a.indexOf('Morning Lanterns'));
    }, 20_000);
  }, 90_000);

  it('a reload shows the queue before the socket connects', async () => {
    const before = await upNextTitles(guestPage);
    // Hold the websocket: the queue can only come from IndexedDB.
    await guestPage.routeWebSocket(/\/yjs/, () => {});
    await guestPage.reload();
    await eventually(async () => expect(await upNextTitles(guestPage)).toEqual(before), 10_000);
    await guestPage.unrouteAll();
  }, 30_000);

  it('a read-only guest cannot drag', async () => {
    await hostPage.getByLabel('Who can change the queue').selectOption('host');
    const reader = await guest.newPage();
    await reader.goto(`/r/${code}`);
    await eventually(async () => expect((await upNextTitles(reader)).length).toBeGreaterThan(0), 10_000);
    await eventually(async () => expect(await reader.getByRole('button', { name: /^Move / }).count()).toBe(0), 10_000);
    expect(await reader.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    await reader.close();
  }, 30_000);

  it('when autoplay is blocked, one "Tap to listen" control appears and the tap joins the room in time', async () => {
    await hostPage.getByRole('button', { name: 'Play', exact: true }).click();
    // A guest who comes back by link: the pass is on the device and no gesture has been made yet.
    const context = await newPerson(browser, server.url, 390);
    const joined = await (await context.request.post(`/api/rooms/${code}/join`, { data: { displayName: 'Cy' } })).json();
    await context.addInitScript(([key, guest]) => localStorage.setItem(key, guest), [`jamroom:guest:${code}`, JSON.stringify(joined.guest)]);
    // Chromium's own autoplay heuristics under automation are not deterministic (navigations can count
    // as activation), so this page gets the policy users get: play() is refused until the first tap.
    await context.addInitScript(() => {
      let activated = false;
      addEventListener('pointerdown', () => (activated = true), true);
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
        return activated ? play.call(this) : Promise.reject(new DOMException('play() needs a user gesture', 'NotAllowedError'));
      };
    });
    const page = await context.newPage();
    await page.goto(`/r/${code}`);
    const tap = page.getByRole('button', { name: 'Tap to listen' });
    await tap.waitFor({ timeout: 15_000 });
    expect(await tap.count()).toBe(1);
    expect(await page.evaluate(() => document.querySelector<HTMLAudioElement>('audio[data-role="active"]')!.paused)).toBe(true);
    await tap.click();
    await tap.waitFor({ state: 'detached' });
    await eventually(async () => expect((await audioOffsetMs(hostPage, page)).offsetMs).toBeLessThan(50), 15_000, 200);
    await context.close();
  }, 60_000);
});
