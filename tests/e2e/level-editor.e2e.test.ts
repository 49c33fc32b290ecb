// The level editor in the built site: the full check of an edited level (every reachable state
// enumerated) runs in the page worker, its result shows in the editor, and playing the level takes
// the space the worker enumerated (no long task on the page while switching).
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
});
