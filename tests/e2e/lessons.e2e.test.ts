// Guided lessons in the built page. A learner plays the first lesson: the label and heat-map steps
// tick only on labels given after they came on screen (never by looking), Reveal truth ticks its
// step, the score step does not tick on a score the agent already had, a reload resumes at the
// same step, and after Reset the learner labels until the score reaches the target (the other lessons are played in lessons-play.e2e.test.ts). Every lesson's quoted
// phrases and named controls, curves and readouts appear on the plain page (after two labels, so the
// curves are drawn) outside the lesson panel, in the same words.
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LESSONS } from '../../src/app/lessons';
import { CLAIM_STEP_KINDS, lessonTerms, type LessonTerm } from '../lesson-terms';
import { launchBrowser, openPage } from './browser';
import { answerFromClips } from './learner';

/** The page's text outside the lesson panel, through every shadow root (option texts and aria-labels included). */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node instanceof Element && (node.localName === 'rp-lesson' || node.localName === 'style' || node.localName === 'script')) return;
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
      if (node instanceof Element && node.hasAttribute('aria-label')) parts.push(node.getAttribute('aria-label') ?? ''); // a canvas's words
      if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
      for (const child of node.childNodes) walk(child);
    };
    walk(document.body);
    return parts.join(' ').replace(/\s+/g, ' ');
  });
}

describe('guided lessons in the page', () => {
  let browser: Browser;
  const problems: string[] = [];
  const base = inject('baseURL');

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const open = (hash: string) => openPage(browser, `${base}#${hash}`, problems);

  it('lesson 1, played as a learner: the label and heat-map steps need new labels, the score step no score the agent already had', async () => {
    const page = await open('lesson=clicks');
    const lesson = page.locator('rp-lesson');
    const stepShown = (n: number) => lesson.getByText(`Step ${n} of 4`, { exact: false });
    const stepDone = (n: number) => lesson.getByRole('button', { name: new RegExp(`^Step ${n}, done:`) });
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    const count = (n: number) => page.getByText(`${n} ${n === 1 ? 'label' : 'labels'}`, { exact: true }).first();
    const label = async (n: number, from: number) => {
      for (let i = from; i < from + n; i++) {
        await expect.poll(() => left.isEnabled(), { timeout: 90_000 }).toBe(true);
        await left.click();
        await count(i + 1).waitFor({ timeout: 30_000 });
      }
    };

    await stepShown(1).waitFor({ timeout: 90_000 });
    await label(4, 0);
    expect(await stepShown(1).count()).toBe(1);
    await label(1, 4);
    await stepShown(2).waitFor({ timeout: 30_000 });
    // Looking at the heat-map while the model trains on the first five labels does not tick it.
    await page.waitForTimeout(5_000);
    expect(await stepShown(2).count()).toBe(1);
    expect(await stepDone(2).count()).toBe(0);
    await label(1, 5);
    await page.waitForTimeout(2_000);
    expect(await stepDone(2).count()).toBe(0); // one of the two labels the step asks for
    await label(1, 6);
    await stepDone(2).waitFor({ timeout: 90_000 });
    await stepShown(3).waitFor({ timeout: 10_000 });

    await page.getByLabel('Reveal truth').check();
    await stepDone(3).waitFor({ timeout: 10_000 });
    await stepShown(4).waitFor({ timeout: 10_000 });
    // Whatever the score is now, the step began with it: without a label during the step, no tick.
    await page.waitForTimeout(3_000);
    expect(await stepDone(4).count()).toBe(0);

    // A reload resumes at the same step, with its baseline: the seven labels are still not the step's.
    await page.reload();
    await count(7).waitFor({ timeout: 90_000 });
    await stepShown(4).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3_000);
    expect(await stepDone(4).count()).toBe(0);
    expect(await stepDone(1).count()).toBe(1);

    // As the step says: Reset, then label (from what the clips show) until the score reaches the target.
    await page.getByRole('button', { name: 'Reset', exact: true }).click();
    await count(0).waitFor({ timeout: 30_000 });
    const until = Date.now() + 200_000;
    while ((await stepDone(4).count()) === 0 && Date.now() < until) {
      await answerFromClips(page);
      await page.waitForTimeout(300);
    }
    await lesson.getByText(/Lesson complete/).waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('every quoted phrase and named control of every lesson is on the page in the same words', async () => {
    // One plain page (no lesson, so no control is hidden and the level picker names every level),
    // after two labels so the curves are drawn: the lessons' words are the page's own words.
    const page = await open('level=tomato');
    await page.getByLabel('Reveal truth').check(); // truth-only curves and readouts
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    for (let i = 1; i <= 2; i++) {
      await expect.poll(() => left.isEnabled(), { timeout: 90_000 }).toBe(true);
      await left.click();
      await page.getByText(`${i} ${i === 1 ? 'label' : 'labels'}`, { exact: true }).first().waitFor({ timeout: 30_000 });
    }
    // Claim kinds show only while the assistant shows such a claim: the component test checks those.
    const terms = LESSONS.flatMap((l) => lessonTerms(l).map((t) => ({ ...t, stepId: `${l.id}/${t.stepId}` }))).filter(
      (t) => !(t.quoted && t.stepId.split('/')[1] in CLAIM_STEP_KINDS),
    );
    const missing = async () => {
      const text = (await pageText(page)).toLowerCase();
      return terms.filter((t: LessonTerm) => !text.includes(t.term.toLowerCase())).map((t) => `${t.stepId}: ${t.term}`);
    };
    expect(await waitForTerms(missing)).toEqual([]);
    expect(problems).toEqual([]);
    await page.context().close();
  }, 240_000);
});

/** Polls `missing` until it is empty or 60 s pass; returns what is still missing. */
async function waitForTerms(missing: () => Promise<string[]>): Promise<string[]> {
  const until = Date.now() + 60_000;
  for (;;) {
    const left = await missing();
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
