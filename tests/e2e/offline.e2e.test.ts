// Offline use in a workshop room: after one visit the service worker has precached the site (tfjs,
// the learning worker and its WASM included), so with the network off a reload still loads the
// sandbox and trains.
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('offline after one visit', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reloads and works with the network off', async () => {
    await page.goto(inject('baseURL'));
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // The first visit is not yet controlled by the new worker; a reload is.
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
    await context.setOffline(true);
    await page.reload();
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    await expect.poll(() => left.isEnabled(), { timeout: 90_000 }).toBe(true);
    await left.click();
    await expect.poll(() => page.getByText('1 label', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await context.setOffline(false);
  }, 180_000);
});
