// Accessibility of the main views, as a screen-reader or keyboard user meets them: an axe-core scan
// finds no serious or critical violation, and the whole label flow works with the keyboard alone.
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('accessibility', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(inject('baseURL'));
    await page.getByRole('button', { name: 'Left is better', exact: true }).and(page.locator(':enabled')).waitFor({ timeout: 90_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function seriousViolations(): Promise<string[]> {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
  }

  it('the main view has no serious or critical axe violation', async () => {
    expect(await seriousViolations()).toEqual([]);
  }, 120_000);

  it('the teacher view (Reveal truth) has none either', async () => {
    await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
    expect(await seriousViolations()).toEqual([]);
    await page.getByRole('checkbox', { name: 'Reveal truth' }).uncheck();
  }, 120_000);

  it('the level editor has none', async () => {
    await page.getByText('Edit the level', { exact: true }).click();
    await page.getByLabel('Level file').waitFor();
    expect(await seriousViolations()).toEqual([]);
    await page.getByText('Edit the level', { exact: true }).click();
  }, 120_000);

  it('a guided lesson has none', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /^What a reward model learns/ }).click();
    await page.getByRole('button', { name: 'Exit lesson' }).waitFor({ timeout: 30_000 });
    expect(await seriousViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Exit lesson' }).click();
  }, 120_000);

  it('labels with the keyboard alone', async () => {
    // Tab to the first answer button and press it with Enter; then answer with the shortcut keys.
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    for (let i = 0; i < 80 && !(await left.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
    expect(await left.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('1 label', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => left.isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('2');
    await expect.poll(() => page.getByText('2 labels', { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
  }, 120_000);
});
