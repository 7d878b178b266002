// End to end, issue 13: a room is social. A host (signed in) and a guest (joined from the home page in one
// step) chat, undo their own edits, and the host manages who may do what, against the real server (real
// PostgreSQL, Redis, Hocuspocus) in Debian's Chromium.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, type TestServer } from '../test/helpers.ts';
import { newPerson, registerAndCreateRoom, watchErrors } from './browser.ts';
import { useStack } from './stack.ts';

let server: TestServer;
let browser: Browser;
useStack((stack) => ({ server, browser } = stack));

const upNextTitles = (page: Page) => page.locator('section[aria-labelledby="upnext-title"] .row-title').allTextContents();
const chatTexts = (page: Page) => page.getByRole('list', { name: 'Chat messages' }).locator('li').allTextContents();

async function addFromSearch(page: Page, query: string, title: string) {
  const search = page.getByRole('combobox', { name: /Search songs/ });
  if (!(await search.isVisible())) await page.getByRole('button', { name: 'Add songs' }).click();
  await search.fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: `Add ${title} to the queue` }).click();
}

async function send(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

describe('together: join in one step, chat, undo, host tools', () => {
  let host: BrowserContext;
  let guest: BrowserContext;
  let hostPage: Page;
  let guestPage: Page;
  let code: string;

  it('a guest joins from the home form in one step; a wrong code is told at once', async () => {
    host = await newPerson(browser, server.url);
    hostPage = await host.newPage();
    code = await registerAndCreateRoom(hostPage, { email: 'hana@example.com', username: 'hana' }, 'Social');

    guest = await newPerson(browser, server.url, 390);
    guestPage = await guest.newPage();
    const errors = watchErrors(guestPage);
    await guestPage.goto('/');
    // A well-formed code no room has: told on the home page, at the first click.
    const wrong = code === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ';
    await guestPage.getByLabel('Room code or link').fill(wrong.toLowerCase());
    await guestPage.getByLabel('Your name').fill('Gus');
    await guestPage.getByRole('button', { name: 'Join' }).click();
    await guestPage.getByRole('alert').filter({ hasText: `No room with code ${wrong}` }).waitFor({ timeout: 10_000 });
    expect(new URL(guestPage.url()).pathname).toBe('/');

    // The right code: straight into the room, no second form.
    await guestPage.getByLabel('Room code or link').fill(code);
    await guestPage.getByRole('button', { name: 'Join' }).click();
    await guestPage.waitForURL(new RegExp(`/r/${code}$`));
    await guestPage.getByRole('heading', { name: 'Social' }).waitFor({ timeout: 15_000 });
    expect(await guestPage.getByRole('button', { name: 'Join as a guest' }).count()).toBe(0);
    await eventually(async () => expect(await hostPage.locator('.member').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Gus')])), 10_000);
    expect(errors).toEqual([]);
  }, 90_000);

  it('chat between the guest and the host survives a reload', async () => {
    await send(guestPage, 'hi <b>all</b> https://example.com');
    await eventually(async () => expect((await chatTexts(hostPage)).join('\n')).toContain('hi <b>all</b> https://example.com'), 10_000);
    // Plain text: no markup made it into the page, the link is not clickable.
    expect(await hostPage.getByRole('list', { name: 'Chat messages' }).locator('b, a').count()).toBe(0);
    await send(hostPage, 'welcome Gus');
    await eventually(async () => expect((await chatTexts(guestPage)).join('\n')).toContain('welcome Gus'), 10_000);
    await guestPage.reload();
    await eventually(async () => {
      const texts = (await chatTexts(guestPage)).join('\n');
      expect(texts).toContain('hi <b>all</b> https://example.com');
      expect(texts).toContain('welcome Gus');
      expect(texts.indexOf('hi <b>all</b>')).toBeLessThan(texts.indexOf('welcome Gus'));
    }, 15_000);
  }, 60_000);

  it('a message the host deletes is gone for both', async () => {
    await send(guestPage, 'oops wrong room');
    await eventually(async () => expect((await chatTexts(hostPage)).join('\n')).toContain('oops wrong room'), 10_000);
    const item = hostPage.getByRole('list', { name: 'Chat messages' }).locator('li').filter({ hasText: 'oops wrong room' });
    await item.getByRole('button', { name: 'Delete message from Gus' }).click();
    await eventually(async () => {
      expect((await chatTexts(hostPage)).join('\n')).not.toContain('oops wrong room');
      expect((await chatTexts(guestPage)).join('\n')).not.toContain('oops wrong room');
    }, 10_000);
    // The guest cannot delete anything.
    expect(await guestPage.getByRole('button', { name: /^Delete message from/ }).count()).toBe(0);
  }, 30_000);

  it('undo takes back my own add and leaves the other member\'s later add in place', async () => {
    await addFromSearch(guestPage, 'lanterns', 'Morning Lanterns');
    await eventually(async () => expect(await upNextTitles(hostPage)).toContain('Morning Lanterns'), 10_000);
    await addFromSearch(hostPage, 'harbour', 'Harbour Lights');
    await eventually(async () => expect(await upNextTitles(guestPage)).toEqual(['Morning Lanterns', 'Harbour Lights']), 10_000);
    await guestPage.getByRole('button', { name: 'Undo' }).click();
    await eventually(async () => {
      expect(await upNextTitles(guestPage)).toEqual(['Harbour Lights']);
      expect(await upNextTitles(hostPage)).toEqual(['Harbour Lights']);
    }, 10_000);
    // Ctrl+Z on the host's page undoes the host's own add only.
    await addFromSearch(hostPage, 'neon', 'Neon Drift');
    await eventually(async () => expect(await upNextTitles(guestPage)).toEqual(['Harbour Lights', 'Neon Drift']), 10_000);
    await hostPage.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await hostPage.keyboard.press('Control+z');
    await eventually(async () => expect(await upNextTitles(guestPage)).toEqual(['Harbour Lights']), 10_000);
  }, 60_000);

  it('the host\'s per-member switch takes effect on the open connection; a muted member cannot post', async () => {
    // The guest's search panel is still open from adding: close it, so "Add songs" is the button to watch.
    if (await guestPage.getByRole('button', { name: 'Close search' }).isVisible()) await guestPage.getByRole('button', { name: 'Close search' }).click();
    await guestPage.getByRole('button', { name: 'Add songs' }).waitFor();
    await hostPage.getByRole('checkbox', { name: 'Gus may add songs' }).uncheck();
    await eventually(async () => expect(await guestPage.getByRole('button', { name: 'Add songs' }).count()).toBe(0), 10_000);
    await hostPage.getByRole('checkbox', { name: 'Gus may add songs' }).check();
    await guestPage.getByRole('button', { name: 'Add songs' }).waitFor({ timeout: 10_000 });

    await hostPage.getByRole('checkbox', { name: 'Gus may chat' }).uncheck();
    await guestPage.getByText('The host muted you in this room.').waitFor({ timeout: 10_000 });
    expect(await guestPage.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);
    await hostPage.getByRole('checkbox', { name: 'Gus may chat' }).check();
    await eventually(async () => expect(await guestPage.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(false), 10_000);
    await send(guestPage, 'thanks for unmuting');
    await eventually(async () => expect((await chatTexts(hostPage)).join('\n')).toContain('thanks for unmuting'), 10_000);
  }, 60_000);

  it('a removed member is out of the room and cannot come back with the old pass', async () => {
    const guestAudioPaused = () => guestPage.evaluate(() => document.querySelector<HTMLAudioElement>('audio[data-role="active"]')?.paused ?? true);
    await hostPage.getByRole('button', { name: 'Play', exact: true }).click();
    await eventually(async () => expect(await guestAudioPaused()).toBe(false), 15_000);
    await hostPage.getByRole('button', { name: 'Remove Gus from the room' }).click();
    await hostPage.getByRole('button', { name: 'Yes, remove' }).click();
    await guestPage.getByText('The host removed you from this room.').waitFor({ timeout: 10_000 });
    // Their music stops with it.
    await eventually(async () => expect(await guestAudioPaused()).toBe(true), 10_000);
    await eventually(async () => expect(await hostPage.locator('.member').allTextContents()).not.toEqual(expect.arrayContaining([expect.stringContaining('Gus')])), 10_000);
    // The old guest pass no longer opens the room.
    const pass = await guestPage.evaluate((c) => JSON.parse(localStorage.getItem(`jamroom:guest:${c}`) ?? 'null'), code);
    if (pass?.token) {
      const res = await guest.request.get(`/api/rooms/${code}/messages`, { headers: { authorization: `Bearer ${pass.token}` } });
      expect([401, 403]).toContain(res.status());
    }
    await host.close();
    await guest.close();
  }, 30_000);
});
