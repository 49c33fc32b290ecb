// Guided lessons 2 to 5 played through in the built page as a learner would, to the last step: the
// learners of "Side effects" and "How the assistant helps" answer from what the clips show (a broken
// vase, the goal, bumps, watered tomatoes), accept the assistant's claim when it names the flaw (and
// from then on count a step on the tamper tile as a step lost), and judge the agent's plans; "When the labeller is fooled" and "Will it let you switch it off?" run
// Auto-label with the labeller who judges the screen and wait, level after level, for what the step
// says will happen. On the way, a step that asks for a claim does not tick on answers alone, one plan
// approved three times is not three plans, and a step that asks to reveal the truth waits for it.
import type { Browser, Locator, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage } from './browser';
import { answerFromClips as answer } from './learner';

describe('guided lessons played to the end in the page', () => {
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

  /** The lesson panel's view of step `n` (1-based): on screen, and done. */
  function steps(page: Page, total: number) {
    const panel = page.locator('rp-lesson');
    return {
      shown: (n: number) => panel.getByText(`Step ${n} of ${total}`, { exact: false }),
      done: (n: number) => panel.getByRole('button', { name: new RegExp(`^Step ${n}, done:`) }),
      complete: () => panel.getByText(/lesson complete/i),
      action: (name: string) => panel.getByRole('button', { name, exact: true }),
    };
  }

  /**
   * Accepts the claim of kind `kindName` once the assistant shows it (stepping through its claims),
   * until `ticked` shows the step done. The kind is checked and Accept critique pressed in one task
   * of the page, so a snapshot cannot swap the claim between the two; if the step does not tick (the
   * plan moved on under Auto-label and the accepted claim no longer held), it looks again. A learner
   * who `answersMeanwhile` labels a pair whenever no such claim is shown (the side-effects step asks
   * for one more label when the agent already walks round the vase), and stops once the step ticks.
   */
  async function acceptClaim(page: Page, kindName: string, ticked: Locator, answersMeanwhile = false): Promise<void> {
    const assistant = page.locator('rp-assistant');
    const next = assistant.getByRole('button', { name: 'Show next weakness' });
    const until = Date.now() + 150_000;
    let looked = 0; // claims stepped through since the last answer
    while (Date.now() < until) {
      if (answersMeanwhile && (await ticked.count()) > 0) return;
      const accepted = await assistant.evaluate((el, kind) => {
        const root = el.shadowRoot;
        if (!root?.querySelector('.kind')?.textContent?.includes(kind)) return false;
        const button = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Accept critique');
        if (!button || button.disabled) return false;
        button.click();
        return true;
      }, kindName);
      if (accepted) {
        if (await ticked.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
      } else if (answersMeanwhile && looked >= 8) {
        await answer(page);
        looked = 0;
      } else if (await next.isEnabled().catch(() => false)) {
        await next.click();
        looked++;
      } else if (answersMeanwhile) looked = 8;
      else await page.waitForTimeout(1_000);
    }
    throw new Error(`the assistant never showed a "${kindName}" claim that, accepted, ticked the step`);
  }

  it('lesson 2, side effects: answered from what the clips show, the vase claim accepted, to Reveal truth', async () => {
    const page = await open('lesson=side-effects');
    const s = steps(page, 4);
    await s.shown(1).waitFor({ timeout: 90_000 });
    for (let i = 0; i < 3; i++) await answer(page);
    await s.shown(2).waitFor({ timeout: 30_000 });
    // The claim while the agent breaks the vase; if its first labels already taught it to walk round
    // the vase (1 run in 5 under load), there is no claim, and the step asks for one more label.
    await acceptClaim(page, 'Cannot be undone', s.done(2), true);
    // Keep answering until the agent's plan reaches the goal without the vase and without waste.
    const until = Date.now() + 200_000;
    while ((await s.done(3).count()) === 0 && Date.now() < until) await answer(page);
    await s.done(3).waitFor({ timeout: 5_000 });
    await page.waitForTimeout(1_000);
    expect(await s.done(4).count()).toBe(0); // the truth is still hidden
    await page.getByLabel('Reveal truth').check();
    await s.complete().waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 420_000);

  it('lesson 3, the fooled labeller: Auto-label on the tamper tile, the absent supervisor and the boat race', async () => {
    const page = await open('lesson=fooled');
    const s = steps(page, 7);
    const autoLabel = page.getByRole('button', { name: 'Auto-label', exact: true });
    await s.shown(1).waitFor({ timeout: 90_000 });
    await autoLabel.click();
    await s.done(1).waitFor({ timeout: 60_000 });
    await s.done(2).waitFor({ timeout: 150_000 }); // the apparent return pulls away from the true one
    await page.waitForTimeout(1_000);
    expect(await s.done(3).count()).toBe(0); // waits for Reveal truth
    await page.getByLabel('Reveal truth').check();
    await s.done(3).waitFor({ timeout: 10_000 });
    await s.action('Open "Absent supervisor"').click();
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    await s.done(4).waitFor({ timeout: 60_000 });
    await s.done(5).waitFor({ timeout: 150_000 });
    await s.action('Open "Boat race"').click();
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    await s.done(6).waitFor({ timeout: 60_000 });
    await s.complete().waitFor({ timeout: 150_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('lesson 4, how the assistant helps: a claim accepted, more labels and a verdict; one plan approved three times is not three plans, three different ones are', async () => {
    const page = await open('lesson=assistant');
    const s = steps(page, 5);
    const approve = page.getByRole('button', { name: 'Approve plan', exact: true });
    await s.shown(1).waitFor({ timeout: 90_000 });
    for (let i = 0; i < 3; i++) await answer(page);
    await s.done(1).waitFor({ timeout: 30_000 });
    // Answers alone do not tick a step that asks for a claim to be accepted (fooled answers keep the
    // agent on the tamper tile, so the claim is still there to accept after them).
    await answer(page);
    expect(await s.done(2).count()).toBe(0);
    await acceptClaim(page, 'The screen hides the truth', s.done(2));
    for (let i = 0; i < 5; i++) await answer(page, true); // the claim taught the learner the tamper tile
    const judge = page.locator('rp-assistant').getByRole('button', { name: 'Reject critique', exact: true });
    await expect.poll(() => judge.isEnabled(), { timeout: 90_000 }).toBe(true);
    await judge.click();
    await s.done(3).waitFor({ timeout: 30_000 });
    // One plan approved three times is one plan, not the three different plans the step asks for.
    for (let i = 1; i <= 3; i++) {
      await expect.poll(() => approve.isEnabled(), { timeout: 90_000 }).toBe(true);
      await approve.click();
      await page.getByText(`${i} of ${i} plans approved`).waitFor({ timeout: 30_000 });
    }
    await page.waitForTimeout(2_000);
    expect(await s.done(4).count()).toBe(0);
    // A learner who now knows the tamper tile labels by it, and approves the plan after each label,
    // until three different plans have been judged. Before members of the ensemble that the fooled
    // answers drove to large margins were started again, the plan could stay on the tile for over
    // 100 labels (1 run in 3 under load); in 14 runs since, three plans took at most 23 labels.
    for (let i = 0; i < 150 && (await s.done(4).count()) === 0; i++) {
      await answer(page, true);
      await expect.poll(() => approve.isEnabled(), { timeout: 90_000 }).toBe(true);
      await approve.click();
    }
    await s.done(4).waitFor({ timeout: 10_000 });
    await s.shown(5).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1_000);
    expect(await s.done(5).count()).toBe(0);
    await page.getByLabel('Reveal truth').check();
    await s.done(5).waitFor({ timeout: 10_000 });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);

  it('lesson 5, the off-switch and tampering: the button pressed and both claims accepted', async () => {
    const page = await open('lesson=off-switch');
    const s = steps(page, 6);
    await s.shown(1).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    await s.done(1).waitFor({ timeout: 60_000 });
    await s.done(2).waitFor({ timeout: 150_000 }); // the agent goes for the button
    await page.waitForTimeout(1_000);
    expect(await s.done(3).count()).toBe(0); // waits for the switch
    await page.getByLabel('Reveal truth').check();
    await s.done(3).waitFor({ timeout: 10_000 });
    await acceptClaim(page, 'Disables its off-switch', s.done(4));
    await s.action('Open "Rocks and diamonds"').click();
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    await s.done(5).waitFor({ timeout: 60_000 });
    await acceptClaim(page, 'Tampers with its score', s.complete());
    expect(problems).toEqual([]);
    await page.context().close();
  }, 600_000);
});
