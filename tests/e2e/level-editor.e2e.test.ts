// Large levels in the built site: the level editor's full check (every reachable state enumerated)
// runs in the page worker, its result shows in the editor, and playing the level takes the space the
// worker enumerated (no long task on the page while switching); a link to a large level is
// enumerated in the page worker too, and its session opens without a long task.
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { encodeBase64 } from '../../src/app/url-state';
import { launchBrowser, openPage } from './browser';

/** 16,896 reachable states: over a second to enumerate on these machines. */
const BIG = `name: Big\nmax_steps: 30\n---\n${['############', '#A.V..V..V.#', '#..........#', '#.V..V..V..#', '#..........#', '#.....V...G#', '#..........#', '#.V........#', '############'].join('\n')}\n`;

describe('level editor', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('checks an edited level in a worker, shows its reachable states, and plays it without enumerating it on the page', async () => {
    const page = await openPage(browser, `${inject('baseURL')}`, problems);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.getByText('Edit the level', { exact: true }).click();
    await page.getByLabel('Level file').fill(BIG);
    await page.getByText('Ready to play: 12 × 9 cells, 16,896 reachable states').waitFor({ timeout: 60_000 });
    expect(workers.some((url) => /off-thread/.test(url))).toBe(true);
    // Playing it takes the space the worker enumerated: the page does not enumerate it again.
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    await page.getByRole('button', { name: 'Play this level' }).click();
    await page.getByRole('heading', { name: 'The agent: Big' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2_000);
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    // Enumerating it on the page made one task of about half a second here; without that, none.
    expect(longest).toBeLessThan(250);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('opens a link to a large level without enumerating it on the page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Installed before the page's scripts: every main-thread task over 50 ms from the first one.
    // Also when the page's element is defined: that happens inside the task that runs the page's scripts.
    await context.addInitScript(() => {
      const w = window as unknown as { tasks: number[][]; definedAt: number };
      w.tasks = [];
      w.definedAt = Infinity;
      void customElements.whenDefined('reward-playground').then(() => (w.definedAt = performance.now()));
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.tasks.push([Math.round(e.startTime), Math.round(e.duration)]);
      }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${inject('baseURL')}#text=${encodeBase64(new TextEncoder().encode(BIG), true)}`);
    await page.getByRole('heading', { name: 'The agent: Big' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByRole('button', { name: 'Left is better', exact: true }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.waitForTimeout(2_000);
    expect(workers.some((url) => /off-thread/.test(url))).toBe(true);
    const { tasks, definedAt } = await page.evaluate(() => {
      const w = window as unknown as { tasks: number[][]; definedAt: number };
      return { tasks: w.tasks, definedAt: w.definedAt };
    });
    // The tasks that start before the element is defined (parsing the page, then its scripts, the
    // link's check of up to QUICK_STATES states and the first render: 0.25–0.4 s here for this link,
    // sometimes after a short task of its own) are left out. Opening the session enumerated the level
    // on the page in a later task of half a second or more; now none of those is over the bound.
    expect(definedAt).toBeLessThan(Infinity);
    const later = tasks.filter(([start]) => start > definedAt).map((t) => t[1]);
    expect(Math.max(0, ...later), `long tasks [start, duration]: ${JSON.stringify(tasks)}, element defined at ${Math.round(definedAt)}`).toBeLessThan(250);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
