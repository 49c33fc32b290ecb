// The built site loads like a new user would see it: served over HTTP from dist/, no page errors,
// the top-level element upgraded, WebGPU reachable (secure context).
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('built site', () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(inject('baseURL'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('has the product title and the <reward-playground> element, upgraded', async () => {
    expect(await page.title()).toBe('Reward Playground');
    await page.waitForFunction(() => customElements.get('reward-playground') !== undefined);
    expect(await page.locator('main reward-playground').count()).toBe(1);
  });

  it('is a secure context with a WebGPU adapter', async () => {
    const gpu = await page.evaluate(async () => ({
      secure: window.isSecureContext,
      adapter: (await navigator.gpu?.requestAdapter()) != null,
    }));
    expect(gpu).toEqual({ secure: true, adapter: true });
  });

  it('throws no uncaught errors while loading', () => {
    expect(pageErrors).toEqual([]);
  });
});
