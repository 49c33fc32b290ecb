// The assistant, as a workshop user meets it: on the vase level the agent's plan has weaknesses; the
// user reads the largest one, accepts a true critique, and sees the label count grow with a label
// whose provenance is the assistant; the reward model retrains from it.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('accepting a critique of the assistant', () => {
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

  it('turns an accepted true claim into an assistant label', async () => {
    await page.goto(inject('baseURL'));
    await expect.poll(() => page.getByRole('button', { name: 'Left is better', exact: true }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByLabel('Level', { exact: true }).selectOption('vase');
    const accept = page.getByRole('button', { name: 'Accept critique', exact: true });
    await expect.poll(() => accept.isEnabled(), { timeout: 60_000 }).toBe(true);
    // Turn on Reveal truth to check the claim against the hidden score, as the person judging would.
    await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
    // Find a claim that comes with a fix (an accusation, not a question of the reward model).
    const next = page.getByRole('button', { name: 'Show next weakness', exact: true });
    for (let i = 0; i < 10; i++) {
      const text = (await page.locator('rp-assistant article').textContent()) ?? '';
      if (/Fix \(dashed on the grid\)/.test(text)) break;
      if (!(await next.isEnabled())) break;
      await next.click();
    }
    await expect(page.locator('rp-assistant article').textContent()).resolves.toMatch(/Fix \(dashed on the grid\)/);
    await accept.click();
    await expect.poll(() => page.getByText('1 label', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('rp-label-list').getByText('Assistant', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/1 verdict so far/).count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }, 180_000);
});
