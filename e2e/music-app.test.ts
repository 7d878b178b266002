// End to end, issue 14: a music app around the room. The room keeps playing while its listener browses
// (player bar on every page), every track can be played from anywhere, playlists start rooms, volume is
// remembered; every page passes axe-core at 390 and 1280 px, and screenshots of the main pages are saved.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, type TestServer } from '../test/helpers.ts';
import { axeViolations, newPerson, registerAndCreateRoom, watchErrors } from './browser.ts';
import { useStack } from './stack.ts';

const ARTIFACTS = path.resolve('artifacts');
let server: TestServer;
let browser: Browser;
useStack((stack) => ({ server, browser } = stack));
beforeAll(() => mkdir(ARTIFACTS, { recursive: true }));

const audio = (page: Page) => page.evaluate(() => {
  const el = document.querySelector<HTMLAudioElement>('audio[data-role="active"]');
  return el ? { timeMs: el.currentTime * 1000, paused: el.paused, volume: el.volume, muted: el.muted } : null;
});
const upNextTitles = (page: Page) => page.locator('section[aria-labelledby="upnext-title"] .row-title').allTextContents();

async function addFromSearch(page: Page, query: string, title: string) {
  const search = page.getByRole('combobox', { name: /Search songs/ });
  if (!(await search.isVisible())) await page.getByRole('button', { name: 'Add songs' }).click();
  await search.fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: `Add ${title} to the queue` }).click();
}

/** The audio moves on: two readings a moment apart, the second later. */
async function expectPlaying(page: Page) {
  const a = await audio(page);
  await page.waitForTimeout(600);
  const b = await audio(page);
  expect(a && b && !b.paused && b.timeMs > a.timeMs + 200).toBe(true);
}

describe('a music app around the room', () => {
  let me: BrowserContext;
  let page: Page;
  let code: string;
  let errors: string[];

  it('the room keeps playing while I browse Search and the Library, with the player bar on every page', async () => {
    me = await newPerson(browser, server.url);
    page = await me.newPage();
    errors = watchErrors(page);
    code = await registerAndCreateRoom(page, { email: 'mia@example.com', username: 'mia' }, 'Evening');
    await addFromSearch(page, 'lanterns', 'Morning Lanterns');
    await addFromSearch(page, 'harbour', 'Harbour Lights');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await eventually(() => expectPlaying(page), 15_000, 200);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.waitForURL(/\/search$/);
    const bar = page.getByRole('region', { name: 'Player' });
    await bar.waitFor();
    await expect.poll(() => bar.textContent()).toContain('Morning Lanterns');
    await expectPlaying(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await page.waitForURL(/\/library$/);
    await expectPlaying(page);
    // The bar's pause and play work from here.
    await bar.getByRole('button', { name: 'Pause' }).click();
    await eventually(async () => expect((await audio(page))?.paused).toBe(true), 10_000);
    await bar.getByRole('button', { name: 'Play' }).click();
    await eventually(() => expectPlaying(page), 10_000, 200);
    // And back to the room.
    await bar.getByRole('link', { name: 'Back to Evening' }).click();
    await page.waitForURL(new RegExp(`/r/${code}$`));
    await expectPlaying(page);
    expect(errors).toEqual([]);
  }, 90_000);

  it('volume: the slider and mute apply to the audio and are remembered on this device', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    const bar = page.getByRole('region', { name: 'Player' });
    await bar.getByRole('slider', { name: 'Volume' }).fill('30');
    await eventually(async () => expect((await audio(page))?.volume).toBeCloseTo(0.3, 2));
    const mute = bar.getByRole('button', { name: 'Mute' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    await eventually(async () => expect((await audio(page))?.muted).toBe(true));
    await mute.click();
    await eventually(async () => expect((await audio(page))?.muted).toBe(false));
    // A reload: this tab is back in its room (the bar returns), with the level kept on this device. It was the
    // room's only listener, so the room paused when the old page went (the unattended rule) and says so.
    await page.reload();
    await bar.getByRole('link', { name: 'Back to Evening' }).waitFor({ timeout: 15_000 });
    expect(await bar.getByRole('slider', { name: 'Volume' }).inputValue()).toBe('30');
    await eventually(async () => expect((await audio(page))?.volume).toBeCloseTo(0.3, 2), 10_000);
    await bar.getByRole('link', { name: 'Back to Evening' }).click();
    await page.getByText('The room paused when everyone left.').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await eventually(() => expectPlaying(page), 10_000, 200);
  }, 60_000);

  it('a home-shelf track goes to the room I am in', async () => {
    await page.getByRole('link', { name: /Jamroom/ }).first().click();
    await page.waitForURL(/\/$/);
    await page.getByRole('button', { name: 'Add Neon Drift to Evening' }).first().click();
    await page.getByRole('status').filter({ hasText: 'Neon Drift' }).first().waitFor({ timeout: 10_000 });
    await page.getByRole('region', { name: 'Player' }).getByRole('link', { name: 'Back to Evening' }).click();
    await eventually(async () => expect(await upNextTitles(page)).toContain('Neon Drift'), 10_000);
  }, 60_000);

  it('a played song offers what every track row does: like it, play it next', async () => {
    await page.getByRole('region', { name: 'Now playing' }).getByRole('button', { name: 'Next' }).click();
    const played = page.getByRole('list', { name: 'Played songs' });
    await played.getByText('Morning Lanterns').waitFor({ timeout: 10_000 });
    await played.getByRole('button', { name: 'Like Morning Lanterns' }).click();
    await eventually(async () => expect(await played.getByRole('button', { name: 'Like Morning Lanterns' }).getAttribute('aria-pressed')).toBe('true'), 10_000);
    await played.getByRole('button', { name: 'Play Morning Lanterns next' }).click();
    await eventually(async () => expect((await upNextTitles(page))[0]).toBe('Morning Lanterns'), 10_000);
    // The like is the server's: after a reload the played row still shows it.
    await page.reload();
    await eventually(async () => expect(await page.getByRole('list', { name: 'Played songs' }).getByRole('button', { name: 'Like Morning Lanterns' }).getAttribute('aria-pressed')).toBe('true'), 15_000);
    expect(await page.getByRole('list', { name: 'Played songs' }).getByRole('button', { name: 'Preview Morning Lanterns on your own' }).count()).toBe(1);
  }, 60_000);

  it('"Listen together" from a playlist starts a new room with it queued', async () => {
    const playlistId = await page.evaluate(async () => {
      const { tracks } = await (await fetch('/api/trending')).json();
      const res = await fetch('/api/library/playlists', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ name: 'Road trip', tracks: tracks.slice(0, 3) }) });
      return (await res.json()).playlist.id as string;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
    await page.getByRole('link', { name: /Road trip/ }).first().click();
    await page.waitForURL(new RegExp(`/library/playlists/${playlistId}$`));
    await page.getByRole('button', { name: 'Listen together' }).click();
    const dialog = page.getByRole('dialog', { name: 'Listen together' });
    await dialog.getByRole('button', { name: 'Start a new room' }).click();
    await page.waitForURL(/\/r\/[A-Z0-9]{6}$/, { timeout: 15_000 });
    expect(page.url()).not.toContain(code);
    await page.getByRole('heading', { name: 'Road trip' }).waitFor({ timeout: 15_000 });
    await eventually(async () => expect((await upNextTitles(page)).length + (await page.locator('.np-title').count())).toBeGreaterThanOrEqual(3), 15_000);
  }, 60_000);

  it('screenshots of home, search, room, library and playlist at 390 and 1280 px, and no axe violations on any page', async () => {
    const pages: Array<[string, string]> = [['home', '/'], ['search', '/search?q=a'], ['room', `/r/${code}`], ['library', '/library'], ['account', '/account']];
    const playlistUrl = await page.evaluate(async () => `/library/playlists/${(await (await fetch('/api/library/playlists')).json()).playlists[0].id}`);
    pages.push(['playlist', playlistUrl]);
    const visitor = await newPerson(browser, server.url);
    const anon = await visitor.newPage();
    const anonErrors: string[] = [];
    anon.on('console', (m) => { if (m.type() === 'error') anonErrors.push(m.text()); });
    const found: Record<string, unknown> = {};
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url] of pages) {
        await page.goto(url);
        await page.locator('main h1, main h2').first().waitFor({ timeout: 15_000 });
        await page.waitForTimeout(400);
        if (name !== 'account') await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
        const v = await axeViolations(page);
        if (v.length) found[`${name}@${width}`] = v;
      }
      await anon.setViewportSize({ width, height: 900 });
      for (const url of ['/', '/signin', '/register', '/search']) {
        await anon.goto(url);
        await anon.locator('main h1').first().waitFor();
        await anon.waitForTimeout(300);
        const v = await axeViolations(anon);
        if (v.length) found[`visitor ${url}@${width}`] = v;
      }
    }
    expect(found).toEqual({});
    // A visitor's page load logs nothing in red (the session check is an answer, not a failed request).
    expect(anonErrors).toEqual([]);
    await visitor.close();
    await me.close();
  }, 120_000);
});
