// A signed-in listener's library in the browser: like a song from search, make a playlist, fill and
// reorder it by keyboard, then play it in a room — checked against what the API then holds.
import type { Browser } from 'playwright-core';
import { expect, it } from 'vitest';
import { eventually, type TestServer } from '../test/helpers.ts';
import { newPerson, watchErrors } from './browser.ts';
import { useStack } from './stack.ts';

let server: TestServer;
let browser: Browser;
useStack((stack) => ({ server, browser } = stack));

it('like, make a playlist, reorder it by keyboard, play it in a room', async () => {
  const context = await newPerson(browser, server.url, 1280);
  const page = await context.newPage();
  const errors = watchErrors(page);
  const reg = await page.request.post('/api/auth/register', { data: { email: 'lee@example.com', username: 'lee', password: 'long password' } });
  const token = (await reg.json()).token as string;
  const asLee = { authorization: `Bearer ${token}` };

  await page.goto('/library');
  await page.getByLabel('New playlist').fill('Evening');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('link', { name: 'Evening' }).waitFor();

  await page.goto('/search');
  const search = page.getByRole('combobox', { name: /Search songs/ });
  for (const [q, title] of [['lanterns', 'Morning Lanterns'], ['harbour', 'Harbour Lights'], ['orbit', 'Slow Orbit']]) {
    await search.fill(q);
    await page.getByLabel(`Add ${title} to a playlist`).selectOption({ label: 'Evening' });
    await page.getByRole('status').filter({ hasText: `Added ${title}` }).waitFor();
  }
  await page.getByRole('button', { name: 'Like Slow Orbit' }).click();
  await eventually(async () => expect(await page.getByRole('button', { name: 'Like Slow Orbit' }).getAttribute('aria-pressed')).toBe('true'));
  const liked = await server.api('/api/library/liked', { headers: asLee });
  expect(liked.body.items.map((i: any) => i.track.title)).toEqual(['Slow Orbit']);

  await page.goto('/library');
  await page.getByRole('link', { name: 'Evening' }).click();
  const titles = () => page.locator('ol[aria-label="Playlist tracks"] .row-title').allTextContents();
  await eventually(async () => expect(await titles()).toEqual(['Morning Lanterns', 'Harbour Lights', 'Slow Orbit']));
  const handle = page.getByRole('button', { name: /^Move Slow Orbit/ });
  await handle.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Space');
  await eventually(async () => expect(await titles()).toEqual(['Slow Orbit', 'Morning Lanterns', 'Harbour Lights']));
  const playlists = await server.api('/api/library/playlists', { headers: asLee });
  const stored = await server.api(`/api/library/playlists/${playlists.body.playlists[0].id}`, { headers: asLee });
  expect(stored.body.playlist.tracks.map((e: any) => e.track.title)).toEqual(['Slow Orbit', 'Morning Lanterns', 'Harbour Lights']);

  // Play it in a room: the room opened last receives the whole playlist, in order.
  const room = await (await page.request.post('/api/rooms', { data: { name: 'Den' } })).json();
  await page.goto(`/r/${room.code}`);
  await page.getByRole('heading', { name: 'Den' }).waitFor();
  await page.goto(`/library/playlists/${playlists.body.playlists[0].id}`);
  await page.getByRole('button', { name: 'Play in Den' }).click();
  const upNext = page.locator('section[aria-labelledby="upnext-title"] .row-title');
  await eventually(async () => expect(await upNext.allTextContents()).toEqual(['Slow Orbit', 'Morning Lanterns', 'Harbour Lights']), 10_000);
  await eventually(async () => {
    const queue = await server.api(`/api/rooms/${room.code}/queue`);
    expect(queue.body.upNext.map((e: any) => e.title)).toEqual(['Slow Orbit', 'Morning Lanterns', 'Harbour Lights']);
  }, 15_000, 200);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
