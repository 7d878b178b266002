// The browser enforces our Content-Security-Policy and the app still works under it: sign up, open a
// room, play a track (from the local library, and from a Piped deployment whose proxy is a sibling host)
// with no violation reported, the service worker registered; and another origin cannot frame the app.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../server/catalog/local/demo.ts';
import { renderSong } from '../server/catalog/local/synth.ts';
import { parseRange } from '../server/catalog/stream.ts';
import { eventually, startTestServer, type TestServer } from '../test/helpers.ts';
import { fixtures } from '../test/piped-server.ts';
import { watchErrors } from './browser.ts';
import { type Stack, startStack } from './stack.ts';

let stack: Stack;
const servers: http.Server[] = [];

beforeAll(async () => { stack = await startStack(); }, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await stack?.stop();
});

async function listen(handler: http.RequestListener, host = '127.0.0.1'): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

/** Every CSP violation the page sees: Chromium's console report and the DOM event, both as console errors. */
async function watchCsp(context: BrowserContext, page: Page): Promise<string[]> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation event: ${e.effectiveDirective} blocked ${e.blockedURI}`));
  });
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|CSP violation/i.test(m.text())) violations.push(m.text()); });
  return violations;
}

async function signUpAndOpenRoom(page: Page, name: string) {
  const response = await page.goto('/register');
  expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await page.getByLabel('Email').fill(`${name}@example.com`);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Room name').fill('Lockdown');
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[A-Z0-9]{6}$/);
  await page.getByRole('heading', { name: 'Lockdown' }).waitFor();
}

async function addFirstResultAndPlay(page: Page, query: string) {
  await page.getByRole('button', { name: 'Add songs' }).click();
  await page.getByRole('combobox', { name: /Search songs/ }).fill(query);
  await page.getByRole('list', { name: 'Search results' }).getByRole('button', { name: /^Add .* to the queue$/ }).first().click();
  await page.locator('section[aria-labelledby="upnext-title"] .row-title').first().waitFor();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  // Seconds actually played (currentTime alone would report a seek target on an element that never loaded).
  const playedS = () => page.evaluate(() => {
    const el = document.querySelector<HTMLAudioElement>('audio[data-role="active"]');
    let seconds = 0;
    for (let i = 0; el && !el.error && i < el.played.length; i++) seconds += el.played.end(i) - el.played.start(i);
    return seconds;
  });
  await eventually(async () => expect(await playedS()).toBeGreaterThan(1), 20_000, 100);
}

describe('under the Content-Security-Policy', () => {
  it('a user signs up, opens a room and plays a local track with no violation; the service worker registers', async () => {
    const context = await stack.browser.newContext({ baseURL: stack.server.url });
    const page = await context.newPage();
    const violations = await watchCsp(context, page);
    const errors = watchErrors(page);
    await signUpAndOpenRoom(page, 'ines');
    await addFirstResultAndPlay(page, 'lanterns');
    const worker = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.active?.scriptURL));
    expect(worker).toBe(`${stack.server.url}/sw.js`);
    // Controlled by the worker, the reloaded shell is still under the policy and still works.
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.getByRole('heading', { name: 'Lockdown' }).waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);

    // The watcher is live: an image from a host the policy does not name is refused and reported.
    const elsewhere = await listen((_req, res) => res.writeHead(404).end());
    await page.evaluate((src) => { const img = new Image(); img.src = src; document.body.append(img); }, `http://127.0.0.1:${elsewhere}/pixel.png`);
    await eventually(() => expect(violations.join('\n')).toMatch(/img-src/), 5000);
    await context.close();
  }, 90_000);

  it('thumbnails and audio from a Piped proxy on a sibling host load with no violation', async () => {
    // One server plays both parts: the Piped API (localhost) and its proxy (pipedproxy.localhost, which
    // Chromium resolves to loopback), like pipedapi.example.com and pipedproxy.example.com.
    const wav = encodeWav(renderSong({ seconds: 8, seed: 5, rootMidi: 64, minor: false, bpm: 100, progression: [0, 4, 5, 3], lead: 'pluck', comp: 'pad', beat: true }),
      { title: 'Lanterns', artist: 'Wren Hollow', album: 'Night Songs', genre: 'Folk', trackNo: 1 });
    const proxied: string[] = [];
    let proxyOrigin = '';
    const answer = (body: unknown) => JSON.parse(JSON.stringify(body).replaceAll('https://proxy.piped.example', proxyOrigin));
    const port = await listen((req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://x');
      if (req.headers.host?.startsWith('pipedproxy.')) {
        proxied.push(pathname);
        if (pathname !== '/videoplayback') return void res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
        const range = parseRange(req.headers.range, wav.length);
        if (range === 'unsatisfiable') return void res.writeHead(416).end();
        const { start, end } = range === 'all' ? { start: 0, end: wav.length - 1 } : range;
        res.writeHead(range === 'all' ? 200 : 206, { 'content-type': 'audio/wav', 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${wav.length}` });
        return void res.end(wav.subarray(start, end + 1));
      }
      const body = pathname.endsWith('/search') ? fixtures.search : pathname.startsWith('/streams/') ? fixtures.streams
        // No suggestions: their list would lie over the results.
        : pathname === '/trending' ? fixtures.trending : pathname === '/suggestions' ? [] : undefined;
      if (body === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"NotFound","message":"no such path"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(body)));
    });
    proxyOrigin = `http://pipedproxy.localhost:${port}`;
    const server: TestServer = await startTestServer({ CLIENT_DIR: stack.server.config.clientDir, PIPED_API_URL: `http://localhost:${port}` });
    try {
      const context = await stack.browser.newContext({ baseURL: server.url, serviceWorkers: 'block' });
      const page = await context.newPage();
      const violations = await watchCsp(context, page);
      await signUpAndOpenRoom(page, 'tove');
      await addFirstResultAndPlay(page, 'lanterns');
      expect(proxied).toContain('/videoplayback');
      expect(proxied.some((p) => p.startsWith('/vi/'))).toBe(true);
      expect(violations).toEqual([]);
      await context.close();
    } finally {
      await server.stop();
    }
  }, 90_000);

  it('a page on another origin cannot frame the app', async () => {
    const appUrl = `${stack.server.url}/`;
    const port = await listen((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><iframe id="app" src="${appUrl}"></iframe>`));
    const context = await stack.browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (m) => { if (/frame-ancestors|X-Frame-Options/i.test(m.text())) refusals.push(m.text()); });
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'load' });
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    // A refused frame shows Chromium's error page instead of the app.
    await eventually(() => expect(frame.url()).not.toBe(appUrl), 5000);
    expect(await frame.locator('#root').count().catch(() => 0)).toBe(0);
    expect(refusals.join('\n')).toMatch(/frame-ancestors 'none'/);
    await context.close();
  }, 30_000);
});
