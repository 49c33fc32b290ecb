// A teacher preparing a workshop, on the build served from /workshop/rp/ under the strict CSP: label,
// export the session, start a new one, import the file and find the same labels; a broken file is
// refused with a clear message and the labels stay; a shared link with a `hide` list hides those
// controls and does not touch the visitor's own saved session.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('workshop files and links', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const base = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const count = (n: number) => page.getByText(`${n} ${n === 1 ? 'label' : 'labels'}`, { exact: true }).first();
  const left = () => page.getByRole('button', { name: 'Left is better', exact: true });

  it('exports a session, starts anew, imports it and finds the same labels', async () => {
    await page.goto(base);
    for (let i = 0; i < 3; i++) {
      await expect.poll(() => left().isEnabled(), { timeout: 90_000 }).toBe(true);
      await left().click();
      await count(i + 1).waitFor({ timeout: 10_000 });
    }
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export session', exact: true }).click()]);
    const file = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    expect(file.format).toBe('reward-playground-session');
    expect(file.labels).toHaveLength(3);

    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await count(0).waitFor({ timeout: 30_000 });
    await page.getByLabel('Import session files').setInputFiles({ name: 'session.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
    await count(3).waitFor({ timeout: 30_000 });
    const answers = await page.locator('rp-label-list').getByText(/^(Left|Right|Equal)/).allTextContents();
    expect(answers.length).toBeGreaterThanOrEqual(3);
  }, 240_000);

  it('refuses a broken file with one clear message and keeps the labels', async () => {
    await page.getByLabel('Import session files').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "reward-playground-session", "version": 1, "labels": [') });
    await expect.poll(() => page.getByText(/Nothing was imported — broken\.json:/).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(count(3).isVisible()).resolves.toBe(true);
  }, 60_000);

  it('opens a shared link with hidden controls, leaving the saved session alone', async () => {
    const shared = await context.newPage();
    await shared.goto(`${base}#level=vase&seed=4&hide=seed,ensemble`);
    await expect.poll(() => shared.getByRole('heading', { name: /The agent: Vase room/ }).count(), { timeout: 90_000 }).toBe(1);
    expect(await shared.locator('rp-controls').getByLabel('Seed').count()).toBe(0);
    expect(await shared.locator('rp-controls').getByLabel('Ensemble size').count()).toBe(0);
    expect(await shared.locator('rp-controls').getByLabel('Query mode').count()).toBe(1);
    await shared.close();
    // The visitor's own session (3 labels on the warm-up level) is still there.
    await page.reload();
    await count(3).waitFor({ timeout: 90_000 });
    await expect.poll(() => page.getByRole('heading', { name: /The agent: Warm-up/ }).count()).toBe(1);
  }, 240_000);

  it('a hostile link shows a message and falls back to defaults', async () => {
    const hostile = await context.newPage();
    await hostile.goto(`${base}#level=%3Cscript%3Ealert(1)%3C%2Fscript%3E&seed=-5&members=99`);
    await expect.poll(() => hostile.getByText(/The link was partly ignored/).count(), { timeout: 90_000 }).toBeGreaterThan(0);
    await expect.poll(() => hostile.getByRole('heading', { name: /The agent: Warm-up/ }).count(), { timeout: 90_000 }).toBe(1);
    await hostile.close();
    expect(problems).toEqual([]);
  }, 180_000);
});
