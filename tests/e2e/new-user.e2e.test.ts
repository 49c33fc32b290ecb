// A new user, as in a workshop: open the built site (served from /workshop/rp/), turn on Reveal truth,
// label 20 pairs by clicking the clip whose true score is higher, and watch the agent's normalised
// score rise; reload and find the 20 labels and the same curve. No console errors, and no request
// leaves the local server.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

describe('a new user teaching the agent', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];
  const base = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Violations of the Content-Security-Policy the test server sends (also reported in the console).
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)),
    );
    page.on('request', (r) => {
      if (!r.url().startsWith(new URL(base).origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const readout = async (name: string) => (await page.locator(`rp-agent-view [data-readout="${name}"]`).textContent())?.trim() ?? '';

  it('labels 20 pairs by the revealed true score and the agent gets better', async () => {
    await page.goto(base);
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    await expect.poll(() => left.isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
    const before = Number(await readout('normalized'));
    for (let i = 0; i < 20; i++) {
      await expect.poll(() => left.isEnabled(), { timeout: 60_000 }).toBe(true);
      const scores = page.locator('rp-clip-pair [data-true-score]');
      await expect.poll(() => scores.count(), { timeout: 10_000 }).toBe(2);
      const [l, r] = (await scores.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-true-score')))));
      const name = l > r ? 'Left is better' : r > l ? 'Right is better' : 'Equal';
      await page.getByRole('button', { name, exact: true }).click();
      await expect.poll(() => page.getByText(`${i + 1} ${i === 0 ? 'label' : 'labels'}`, { exact: true }).count(), { timeout: 10_000 }).toBeGreaterThan(0);
    }
    // Training catches up in the background; the curve's last row then counts all 20 labels.
    await page.getByText('The numbers as a table').click();
    const rows = page.locator('rp-curves table[aria-label="Learning curve data"] tbody tr');
    await expect.poll(async () => (await rows.last().locator('th').first().textContent())?.trim(), { timeout: 120_000 }).toBe('20');
    const after = Number(await readout('normalized'));
    expect(after).toBeGreaterThan(before + 0.2);
    expect(after).toBeGreaterThan(0.5);
  }, 300_000);

  it('finds the 20 labels and the same curve after a reload', async () => {
    const curve = await page.locator('rp-curves table[aria-label="Learning curve data"] tbody').textContent();
    await page.reload();
    await expect.poll(() => page.getByText('20 labels', { exact: true }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // Reveal truth is not saved: a reload hides the truth again, and with it the curve's true columns.
    await page.getByRole('checkbox', { name: 'Reveal truth' }).check();
    await page.getByText('The numbers as a table').click();
    await expect.poll(() => page.locator('rp-curves table[aria-label="Learning curve data"] tbody').textContent(), { timeout: 60_000 }).toBe(curve);
  }, 120_000);

  it('had no console errors and made no request beyond the local server', () => {
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
