// The room's authority seen from the browser: the server applies every edit and undoes what the sender may
// not do. A local copy survives leaving and coming back, an offline edit that lost its rights is undone on
// both pages (and the sender told), an offline add comes through at once, and a reload is one listener.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, type TestServer } from '../test/helpers.ts';
import { newPerson, watchErrors } from './browser.ts';
import { useStack } from './stack.ts';

let server: TestServer;
let browser: Browser;
useStack((stack) => ({ server, browser } = stack));

const upNextTitles = (page: Page) => page.locator('section[aria-labelledby="upnext-title"] .row-title').allTextContents();
const serverUpNext = async (code: string) => (await server.api(`/api/rooms/${code}/queue`)).body.upNext.map((e: { title: string }) => e.title) as string[];

async function addFromSearch(page: Page, query: string, title: string) {
  const search = page.getByRole('combobox', { name: /Search songs/ });
  if (!(await search.isVisible())) await page.getByRole('button', { name: 'Add songs' }).click();
  await search.fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: `Add ${title} to the queue` }).click();
}

/** A signed-in host with a room, on its page. */
async function hostWithRoom(username: string, roomName: string): Promise<{ context: BrowserContext; page: Page; code: string }> {
  const context = await newPerson(browser, server.url);
  const page = await context.newPage();
  await page.request.post('/api/auth/register', { data: { email: `${username}@example.com`, username, password: 'long password' } });
  const room = await (await page.request.post('/api/rooms', { data: { name: roomName } })).json();
  await page.goto(`/r/${room.code}`);
  await page.getByRole('heading', { name: roomName }).waitFor();
  return { context, page, code: room.code as string };
}

/** A guest who joined by code, on the room page (the pass stored the way the join page stores it). */
async function guestIn(code: string, displayName: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newPerson(browser, server.url, 390);
  const joined = await (await context.request.post(`/api/rooms/${code}/join`, { data: { displayName } })).json();
  await context.addInitScript(([key, guest]) => localStorage.getItem(key) ?? localStorage.setItem(key, guest), [`jamroom:guest:${code}`, JSON.stringify(joined.guest)]);
  const page = await context.newPage();
  await page.goto(`/r/${code}`);
  await page.locator('.member', { hasText: `${displayName} (you)` }).waitFor({ timeout: 15_000 });
  return { context, page };
}

/** Nothing on the page says the room is offline, refused or reloaded. */
async function expectNoTrouble(page: Page) {
  expect(await page.locator('.banner.offline').count()).toBe(0);
  expect(await page.getByText(/refused|could not use|offline/i).count()).toBe(0);
}

async function setWhoCanEdit(host: Page, code: string, whoCanEdit: 'everyone' | 'host') {
  const res = await host.request.patch(`/api/rooms/${code}`, { data: { settings: { whoCanEdit } } });
  expect(res.status()).toBe(200);
}

describe('the local copy and the server agree', () => {
  it('leaving a room and coming back with the same local copy, directly and through a playlist', async () => {
    const { context, page, code } = await hostWithRoom('dee', 'Loft');
    const errors = watchErrors(page);
    // Leave before anyone edits the queue; come back with the same IndexedDB copy.
    await page.goto('/');
    await page.goto(`/r/${code}`);
    await page.getByRole('heading', { name: 'Loft' }).waitFor();
    await page.locator('.member', { hasText: 'dee (you)' }).waitFor({ timeout: 15_000 });
    await expectNoTrouble(page);
    expect(await upNextTitles(page)).toEqual(await serverUpNext(code));
    await addFromSearch(page, 'lanterns', 'Morning Lanterns');
    await eventually(async () => expect(await serverUpNext(code)).toEqual(['Morning Lanterns']), 15_000, 200);
    await page.reload();
    await eventually(async () => expect(await upNextTitles(page)).toEqual(['Morning Lanterns']), 10_000);

    // Through Library → a playlist → "Play in Loft".
    const found = (await (await page.request.get('/api/search?q=harbour&filter=music_songs')).json()).tracks;
    const playlist = (await (await page.request.post('/api/library/playlists', { data: { name: 'Later', tracks: found.slice(0, 1) } })).json()).playlist;
    await page.goto('/library');
    await page.getByRole('link', { name: 'Later' }).click();
    await page.getByRole('button', { name: 'Play in Loft' }).click();
    await page.waitForURL(new RegExp(`/r/${code}$`));
    const both = ['Morning Lanterns', found[0].title];
    await eventually(async () => expect(await upNextTitles(page)).toEqual(both), 10_000);
    await eventually(async () => expect(await serverUpNext(code)).toEqual(both), 15_000, 200);
    await expectNoTrouble(page);
    await page.reload();
    await eventually(async () => expect(await upNextTitles(page)).toEqual(both), 10_000);
    await page.locator('.member', { hasText: 'dee (you)' }).waitFor();
    await expectNoTrouble(page);
    expect(errors).toEqual([]);
    expect(playlist.id).toBeTruthy();
    await context.close();
  }, 90_000);

  it('an offline guest whose rights change: the add is undone on both pages and the guest is told', async () => {
    const host = await hostWithRoom('eve', 'Attic');
    await addFromSearch(host.page, 'lanterns', 'Morning Lanterns');
    const guest = await guestIn(host.code, 'Fin');
    const errors = watchErrors(guest.page);
    await eventually(async () => expect(await upNextTitles(guest.page)).toEqual(['Morning Lanterns']), 10_000);
    // Every websocket the guest's page opens, and whether it closed.
    const sockets: Array<{ openedAtMs: number; closed: boolean }> = [];
    guest.page.on('websocket', (ws) => {
      const s = { openedAtMs: Date.now(), closed: false };
      sockets.push(s);
      ws.on('close', () => (s.closed = true));
    });

    await guest.page.getByRole('button', { name: 'Add songs' }).click();
    await guest.page.getByRole('combobox', { name: /Search songs/ }).fill('neon');
    const addNeon = guest.page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'Add Neon Drift to the queue' });
    await addNeon.waitFor();
    await guest.context.setOffline(true);
    await guest.page.getByText('You are offline').waitFor({ timeout: 15_000 });
    await addNeon.click();
    await guest.page.getByText('waiting to sync').waitFor();
    await setWhoCanEdit(host.page, host.code, 'host');
    const backAtMs = Date.now();
    await guest.context.setOffline(false);

    // The guest reads which change was undone (not the "Added Neon Drift." of the click).
    await eventually(async () => {
      const said = (await guest.page.locator('.add-bar .np-status').textContent()) ?? '';
      expect(said).toContain('Neon Drift');
      expect(said).not.toMatch(/^Added /);
    }, 15_000, 100);
    await eventually(async () => {
      expect(await upNextTitles(guest.page)).toEqual(['Morning Lanterns']);
      expect(await upNextTitles(host.page)).toEqual(['Morning Lanterns']);
      expect(await serverUpNext(host.code)).toEqual(['Morning Lanterns']);
    }, 15_000, 100);
    // One socket after coming back, closed at most once (a refused copy is reset once, never in a loop).
    const after = sockets.filter((s) => s.openedAtMs >= backAtMs);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.filter((s) => s.closed).length).toBeLessThanOrEqual(1);
    expect(after.length).toBeLessThanOrEqual(2);
    // The guest may no longer add: the page does not offer it.
    await eventually(async () => expect(await guest.page.getByRole('button', { name: 'Add Neon Drift to the queue' }).count()).toBe(0), 10_000);

    await Promise.all([guest.page.reload(), host.page.reload()]);
    await eventually(async () => {
      expect(await upNextTitles(guest.page)).toEqual(['Morning Lanterns']);
      expect(await upNextTitles(host.page)).toEqual(['Morning Lanterns']);
    }, 10_000);
    expect(errors).toEqual([]);
    await Promise.all([host.context.close(), guest.context.close()]);
  }, 90_000);

  it('an offline add by an allowed guest reaches the host within 2 s of coming back (4 tries)', async () => {
    const host = await hostWithRoom('gus', 'Porch');
    const guest = await guestIn(host.code, 'Hal');
    await guest.page.getByRole('button', { name: 'Add songs' }).click();
    await guest.page.getByRole('combobox', { name: /Search songs/ }).fill('orbit');
    const addOrbit = guest.page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: 'Add Slow Orbit to the queue' });
    await addOrbit.waitFor();
    const latenciesMs: number[] = [];
    for (let i = 1; i <= 4; i++) {
      await guest.context.setOffline(true);
      await guest.page.getByText('You are offline').waitFor({ timeout: 15_000 });
      await addOrbit.click();
      await guest.page.getByText('waiting to sync').waitFor();
      const backAtMs = Date.now();
      await guest.context.setOffline(false);
      await eventually(async () => expect((await upNextTitles(host.page)).length).toBe(i), 20_000, 10);
      latenciesMs.push(Date.now() - backAtMs);
      await guest.page.getByText('waiting to sync').waitFor({ state: 'detached', timeout: 10_000 });
    }
    console.log(`e2e offline add: back online → on the host's page: ${latenciesMs.map((ms) => `${ms} ms`).join(', ')}`);
    for (const ms of latenciesMs) expect(ms).toBeLessThan(2000);
    await Promise.all([host.context.close(), guest.context.close()]);
  }, 120_000);

  it('a guest who reloads appears once in "Listening now"', async () => {
    const host = await hostWithRoom('ivy', 'Yard');
    const guest = await guestIn(host.code, 'Jo');
    const rows = (page: Page, name: string) => page.locator('.member', { hasText: name }).count();
    for (let i = 0; i < 5; i++) {
      await guest.page.reload();
      await guest.page.locator('.member', { hasText: 'Jo (you)' }).waitFor({ timeout: 15_000 });
      await guest.page.locator('.member', { hasText: 'ivy' }).waitFor({ timeout: 15_000 });
      // The host has seen the new tab (its activity or state), and shows Jo once; so does Jo.
      await eventually(async () => expect(await rows(host.page, 'Jo')).toBe(1), 10_000);
      expect(await rows(guest.page, 'Jo')).toBe(1);
      expect(await host.page.locator('.member').count()).toBe(2);
      expect(await guest.page.locator('.member').count()).toBe(2);
    }
    await Promise.all([host.context.close(), guest.context.close()]);
  }, 120_000);

  it('a local copy the server cannot use is dropped once and loaded fresh; 4503 only says "reconnecting"', async () => {
    const { context, page, code } = await hostWithRoom('kim', 'Cellar');
    await addFromSearch(page, 'paper boats', 'Paper Boats');
    await eventually(async () => expect(await serverUpNext(code)).toEqual(['Paper Boats']), 15_000, 200);
    // The database is down (4503): retried, never fatal.
    const other = await context.newPage();
    await other.routeWebSocket(/\/yjs/, (ws) => ws.close({ code: 4503, reason: 'unavailable' }));
    await other.goto(`/r/${code}`);
    await other.getByText("The room's server is unavailable; reconnecting…").waitFor({ timeout: 10_000 });
    expect(await other.getByRole('alert').count()).toBe(0);
    await other.close();

    // A corrupted copy: an edit that depends on another this device never had (the server cannot judge it).
    const source = new Y.Doc();
    source.getMap('queue').set('ghost', { title: 'Ghost' });
    const before = Y.encodeStateVector(source);
    source.getMap('queue').set('ghost', { title: 'Ghost', position: 'a0' });
    const orphan = Array.from(Y.encodeStateAsUpdate(source, before));
    await page.evaluate(([name, bytes]) => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(name as string);
      open.onsuccess = () => {
        const tx = open.result.transaction('updates', 'readwrite');
        tx.objectStore('updates').add(new Uint8Array(bytes as number[]));
        tx.oncomplete = () => (open.result.close(), resolve());
        tx.onerror = () => reject(tx.error);
      };
    }), [`room:${code}`, orphan] as const);
    const sockets: Array<{ closed: boolean }> = [];
    page.on('websocket', (ws) => {
      const s = { closed: false };
      sockets.push(s);
      ws.on('close', () => (s.closed = true));
    });
    await page.reload();
    await eventually(async () => expect(await page.locator('.add-bar .np-status').textContent()).toMatch(/reloaded from the room\./), 15_000, 100);
    expect(await upNextTitles(page)).toEqual(['Paper Boats']);
    // The refused socket and the fresh copy's, which stays open: no loop.
    expect(sockets.length).toBeLessThanOrEqual(2);
    expect(sockets.filter((s) => !s.closed).length).toBe(1);
    await addFromSearch(page, 'harbour', 'Harbour Lights');
    await eventually(async () => expect(await serverUpNext(code)).toEqual(['Paper Boats', 'Harbour Lights']), 15_000, 200);
    await page.reload();
    await eventually(async () => expect(await upNextTitles(page)).toEqual(['Paper Boats', 'Harbour Lights']), 10_000);
    await page.locator('.member', { hasText: 'kim (you)' }).waitFor();
    await expectNoTrouble(page);
    await context.close();
  }, 90_000);
});
