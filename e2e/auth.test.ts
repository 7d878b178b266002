// A new visitor registers, sees themselves signed in, signs out and back in, in a real browser against
// the real server; a wrong password shows the server's message in words.
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/helpers.ts';
import { launchChromium, newPerson, watchErrors } from './browser.ts';
import { buildClient } from './build.ts';

let server: TestServer;
let browser: Browser;
let clientDir: string;

beforeAll(async () => {
  clientDir = await buildClient();
  server = await startTestServer({ CLIENT_DIR: clientDir });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (clientDir) await rm(clientDir, { recursive: true, force: true });
  await server?.stop();
});

describe('accounts in the browser', () => {
  it('register, sign out, wrong password, sign in', async () => {
    const context = await newPerson(browser, server.url, 390);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto('/register');
    await page.getByLabel('Email').fill('Mia@Example.com');
    await page.getByLabel('Username').fill('mia_r');
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('link', { name: 'Account: mia_r' }).click();
    await page.getByText('Signed in as').waitFor();
    expect(await page.locator('main').textContent()).toContain('mia@example.com');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email or username').fill('mia_r');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/\w+/);

    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Account: mia_r' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
