// Debian's Chromium driven by playwright-core (never `playwright install`: no downloads).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** allowAutoplay: false gives the policy real users have (audio waits for a tap). */
export function launchChromium({ allowAutoplay = true } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-quic', '--disable-sync', '--mute-audio',
      // Tests only: real users get the autoplay block (and the "tap to listen" control).
      allowAutoplay ? '--autoplay-policy=no-user-gesture-required' : '--autoplay-policy=user-gesture-required',
    ],
  });
}

/** A context per person (own cookies and IndexedDB). Service workers are blocked so offline is the network's doing. */
export function newPerson(browser: Browser, baseURL: string, width = 1280): Promise<BrowserContext> {
  return browser.newContext({ baseURL, viewport: { width, height: 900 }, serviceWorkers: 'block' });
}

/** Collects page errors so a test can assert the app threw none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** A new account (through the register page) that creates a room; returns the room's code. */
export async function registerAndCreateRoom(page: Page, who: { email: string; username: string }, roomName: string): Promise<string> {
  await page.goto('/register');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Username').fill(who.username);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByLabel('Room name').fill(roomName);
  await page.getByRole('button', { name: 'Create room' }).click();
  await page.waitForURL(/\/r\/[A-Z0-9]{6}$/);
  return page.url().split('/r/')[1];
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's violations on the page as it is now (run through the DevTools protocol, which the page's CSP does not govern). */
export async function axeViolations(page: Page): Promise<Array<{ id: string; impact: string | null; help: string; targets: string[] }>> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
}
