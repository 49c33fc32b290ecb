// The embeddable element: the example page loads dist/reward-playground.js with one <script
// type="module"> and shows two <reward-playground> instances, each with its own level, its own hidden
// controls and its own saved session.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('embed example page', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('runs two instances with separate sessions and their own hidden controls', async () => {
    await page.goto(`${inject('baseURL')}embed-example.html`);
    const vase = page.locator('#vase-demo');
    const tomato = page.locator('#tomato-demo');
    await expect.poll(() => vase.getByRole('button', { name: 'Left is better', exact: true }).isEnabled(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => tomato.getByRole('button', { name: 'Left is better', exact: true }).isEnabled(), { timeout: 90_000 }).toBe(true);
    await expect.poll(() => vase.getByRole('heading', { name: /The agent: Vase room/ }).count()).toBe(1);
    await expect.poll(() => tomato.getByRole('heading', { name: /The agent: Tomato garden/ }).count()).toBe(1);
    // The first hides the seed and ensemble controls; the second shows them.
    expect(await vase.locator('rp-controls').getByLabel('Seed').count()).toBe(0);
    expect(await tomato.locator('rp-controls').getByLabel('Seed').count()).toBe(1);
    await vase.getByRole('button', { name: 'Left is better', exact: true }).click();
    await expect.poll(() => vase.getByText('1 label', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await tomato.getByText('0 labels', { exact: true }).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 240_000);
});
