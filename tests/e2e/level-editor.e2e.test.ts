// The level editor in the built site: the full check of an edited level (every reachable state
// enumerated) runs in the page worker, and its result shows in the editor.
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

  it('checks an edited level in a worker and shows its reachable states', async () => {
    const page = await openPage(browser, `${inject('baseURL')}`, problems);
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.getByText('Edit the level', { exact: true }).click();
    await page.getByLabel('Level file').fill(BIG);
    await page.getByText('Ready to play: 12 × 9 cells, 16,896 reachable states').waitFor({ timeout: 60_000 });
    expect(workers.some((url) => /off-thread/.test(url))).toBe(true);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 120_000);
});
