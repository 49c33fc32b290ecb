// Offline use in a workshop room: after one visit the service worker has precached the site (tfjs,
// the learning worker and its WASM included), so with the network off a reload still loads the
// sandbox and trains. The worker serves only the app's own pages: another page in the same folder,
// and a missing one, still come from the network; and a new version takes over on the next load.
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { OTHER_PAGE } from './static-server';

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

describe('the service worker leaves other pages alone', () => {
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

  it('takes control at once, then lets another page in its folder and a missing page through to the server', async () => {
    const base = inject('baseURL');
    await page.goto(base);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // clientsClaim: the page that installed the worker is controlled without a reload.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 30_000 }).toBe(true);
    // skipWaiting: a new version activates as soon as it is installed, not after every tab closes.
    const sw = await (await page.request.get(`${base}sw.js`)).text();
    expect(sw).toMatch(/self\.skipWaiting\(\)/);
    expect(sw).toMatch(/clientsClaim\(\)/);

    if (!process.env.E2E_BASE_URL) {
      const other = await page.goto(`${base}${OTHER_PAGE.name}`);
      expect(other?.status()).toBe(200);
      await expect.poll(() => page.getByText('Not the playground: a page of its own.').count()).toBe(1);
      expect(await page.locator('reward-playground').count()).toBe(0);
    }

    const missing = await page.goto(`${base}missing-page.html`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('reward-playground').count()).toBe(0);

    // The app's own page, with a query, is still the app (served by the worker).
    const own = await page.goto(`${base}index.html?from=test`);
    expect(own?.status()).toBe(200);
    await expect.poll(() => page.locator('reward-playground').count(), { timeout: 30_000 }).toBe(1);
  }, 120_000);
});
