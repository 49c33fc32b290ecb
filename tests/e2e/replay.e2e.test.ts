// The reward-hacking replay, as a learner meets it on the built page under the strict CSP: on a link to
// the tomato level with the assistant hidden, label a few pairs from the screen alone, turn on Reveal
// truth and open "Replay my labels with the truth" (each label with its clips' screen and true
// returns, one opened to watch), then "Try again with the assistant": a new session on the same level
// with the assistant shown and Reveal truth off, and the comparison card that follows the new labels.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('replaying my labels with the truth, and trying again with the assistant', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('dialog', (d) => void d.accept());
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const left = () => page.getByRole('button', { name: 'Left is better', exact: true });
  const count = (n: number) => page.getByText(`${n} ${n === 1 ? 'label' : 'labels'}`, { exact: true }).first();
  const label = async (from: number, n: number) => {
    for (let i = from; i < from + n; i++) {
      await expect.poll(() => left().isEnabled(), { timeout: 90_000 }).toBe(true);
      await left().click();
      await count(i + 1).waitFor({ timeout: 30_000 });
    }
  };

  it('lists the labels with the truth, then compares a second run with the assistant', async () => {
    await page.goto(`${inject('baseURL')}#level=tomato&hide=assistant`);
    await expect.poll(() => page.getByRole('heading', { name: /The agent: Tomato garden/ }).count(), { timeout: 90_000 }).toBe(1);
    expect(await page.getByRole('heading', { name: 'The assistant', exact: true }).count()).toBe(0);
    await label(0, 3);
    const replaySummary = page.getByText('Replay my labels with the truth', { exact: true });
    expect(await replaySummary.count()).toBe(0); // offered only under Reveal truth

    await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
    await replaySummary.click();
    const replay = page.locator('rp-label-replay');
    await expect.poll(() => replay.locator('tbody tr').count(), { timeout: 10_000 }).toBe(3);
    await expect(replay.getByText(/The screen fooled you on \d+ of your 3 labels/).count()).resolves.toBe(1);
    await expect(replay.getByText(/^screen -?[\d.]+ true -?[\d.]+$/).count()).resolves.toBe(6);
    await replay.getByRole('button', { name: 'Replay label 1' }).click();
    await expect.poll(() => replay.locator('rp-clip-pair').count()).toBe(1);

    await replay.getByRole('button', { name: 'Try again with the assistant' }).click();
    await count(0).waitFor({ timeout: 30_000 });
    const card = page.locator('rp-run-compare');
    await expect.poll(() => page.getByRole('heading', { name: 'Without the assistant / With the assistant' }).count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: 'The assistant', exact: true }).count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByRole('checkbox', { name: 'Reveal truth' }).isChecked()).toBe(false);
    expect(await card.getByRole('columnheader', { name: 'Without the assistant' }).count()).toBe(1);
    expect(await card.getByRole('columnheader', { name: 'With the assistant' }).count()).toBe(1);
    const labelsRow = card.locator('tr[data-key="labels"] td');
    await expect.poll(() => labelsRow.allTextContents()).toEqual(['3', '0']);
    expect(await card.locator('tr[data-key="normalizedReturn"]').count()).toBe(0); // the truth stays hidden

    await label(0, 1);
    await expect.poll(() => labelsRow.allTextContents(), { timeout: 10_000 }).toEqual(['3', '1']);
    await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
    await expect.poll(() => card.locator('tr[data-key="normalizedReturn"] td').count()).toBe(2);
    await expect.poll(() => card.locator('tr[data-key="fooled"] td').count()).toBe(2);
    expect(problems).toEqual([]);
  }, 300_000);
});
