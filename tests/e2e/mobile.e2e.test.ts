// Phones and tablets: on a 390×844 phone (and a 768×1024 tablet) the pair of clips, the four answers
// and the agent's grid share the first screen, every answer is a 44 px touch target, nothing scrolls
// sideways, and a lesson started from the bottom of the page is on screen and stays there.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

/** The smallest comfortable touch target, in CSS pixels. */
const TOUCH_PX = 44;

describe.each([
  { device: 'phone', width: 390, height: 844 },
  { device: 'tablet', width: 768, height: 1024 },
])('on a $device ($width×$height)', ({ width, height }) => {
  let browser: Browser;
  let page: Page;
  const base = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width, height }, hasTouch: true, isMobile: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the agent, both clips and the four answers in the first screen', async () => {
    await page.goto(base);
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    await expect.poll(() => left.isEnabled(), { timeout: 60_000 }).toBe(true);
    const boxes = {
      agent: page.locator('rp-agent-view rp-grid canvas'),
      clips: page.locator('rp-clip-pair rp-clip canvas'),
      answers: page.getByRole('group', { name: 'Your answer' }).getByRole('button'),
    };
    await expect.poll(() => boxes.clips.count()).toBe(2);
    expect(await boxes.answers.count()).toBe(4);
    for (const [what, locator] of Object.entries(boxes)) {
      for (const box of await Promise.all((await locator.all()).map((l) => l.boundingBox()))) {
        expect(box, what).not.toBeNull();
        expect(box!.y, what).toBeGreaterThanOrEqual(0);
        expect(box!.y + box!.height, `${what} ends at ${box!.y + box!.height}`).toBeLessThanOrEqual(height);
      }
    }
    // The clips stay side by side.
    const [l, r] = await Promise.all((await boxes.clips.all()).map((c) => c.boundingBox()));
    expect(r!.x).toBeGreaterThanOrEqual(l!.x + l!.width);
    expect(Math.abs(r!.y - l!.y)).toBeLessThan(2);
  }, 120_000);

  it('makes every answer a touch target and nothing scrolls sideways', async () => {
    for (const button of await page.getByRole('group', { name: 'Your answer' }).getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(TOUCH_PX);
      expect(box.width).toBeGreaterThanOrEqual(TOUCH_PX);
    }
    const reveal = await page.getByText('Reveal truth', { exact: true }).boundingBox();
    expect(reveal!.height).toBeGreaterThanOrEqual(TOUCH_PX);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(width);
  });

  it('brings a lesson started from the bottom of the page into view and keeps it there', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: /^What a reward model learns/ }).click();
    await page.getByRole('button', { name: 'Exit lesson' }).waitFor({ timeout: 30_000 });
    const panel = page.locator('rp-lesson');
    const inView = async () => {
      const box = await panel.boundingBox();
      return !!box && box.y < height && box.y + box.height > 0 && box.height > 0;
    };
    await expect.poll(inView, { timeout: 10_000 }).toBe(true);
    // Scrolled down to the cards below, the panel is still on screen beside them.
    await page.evaluate((dy) => scrollBy(0, dy), 2 * height);
    await expect.poll(() => page.evaluate(() => scrollY), { timeout: 5_000 }).toBeGreaterThan(height / 2);
    expect(await inView()).toBe(true);
    await page.getByRole('button', { name: 'Exit lesson' }).click();
  }, 120_000);
});
