// A restless user on the built site: twenty level switches (built-in levels and random ones) in quick
// succession while the engine trains, a few settings changed, Reveal truth toggled, a lesson started
// and left, and the level editor opened and played while training runs. None of it may raise an
// uncaught page error or a console error (a snapshot of one level drawn on another level's grid did).
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

/** Built-in level ids, in the picker's order; "gen:new" is the picker's Random level. */
const LEVELS = ['vase', 'tomato', 'gen:new', 'lava', 'box', 'supervisor', 'gen:new', 'combined', 'warmup', 'tomato'];

describe('switching levels and settings while training', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('dialog', (d) => void d.accept());
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack ?? e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(inject('baseURL'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const left = () => page.getByRole('button', { name: 'Left is better', exact: true });
  const level = () => page.getByLabel('Level', { exact: true });

  it('raises no uncaught error', async () => {
    await expect.poll(() => left().isEnabled(), { timeout: 60_000 }).toBe(true);
    await left().click(); // a label, so the next switches start new sessions while the engine trains

    for (let i = 0; i < 20; i++) {
      await level().selectOption(LEVELS[i % LEVELS.length]);
      // Alternate between waiting for the new level's first frame and switching straight away.
      await page.waitForTimeout(i % 2 === 0 ? 400 : 50);
      if (i === 6) await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
      if (i === 12) await page.getByRole('checkbox', { name: 'Reveal truth' }).uncheck();
    }

    await page.getByLabel('Ensemble size', { exact: true }).fill('3');
    await page.getByLabel('Ensemble size', { exact: true }).press('Enter');
    await page.getByLabel('Segment length (steps)', { exact: true }).fill('8');
    await page.getByLabel('Segment length (steps)', { exact: true }).press('Enter');
    await page.getByRole('spinbutton', { name: 'Seed', exact: true }).fill('7');
    await page.getByRole('spinbutton', { name: 'Seed', exact: true }).press('Enter');
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    await page.waitForTimeout(1500);

    await page.getByRole('button', { name: /^What a reward model learns/ }).click();
    await page.getByRole('button', { name: 'Exit lesson' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Exit lesson' }).click();

    await page.getByText('Edit the level', { exact: true }).click();
    await page.getByLabel('Level file').waitFor();
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('button', { name: 'Play this level', exact: true }).click();
    await page.waitForTimeout(300);
    await level().selectOption('vase');
    await expect.poll(() => left().isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.waitForTimeout(500);

    expect(problems).toEqual([]);
  }, 150_000);
});
