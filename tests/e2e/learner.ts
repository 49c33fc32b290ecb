// A learner who answers pairs from what the clips show on screen, as a person in a workshop would,
// reading each clip's text (the words a screen reader gives for it).
import type { Page } from 'playwright';
import { expect } from 'vitest';

/**
 * What a person sees a clip do, in points as the screen counts them: the goal, a broken vase, a bump,
 * a tomato watered, and each step on the tamper tile, where every tomato looks watered. The clip's
 * text tells runs of one move once ("up 4 times (on the tamper tile)"), so events count per move.
 * A learner who `knowsTamperTile` counts a step on it as a step lost.
 */
export function looksWorth(description: string, knowsTamperTile = false): number {
  let worth = 0;
  for (const [, times, events = ''] of description.matchAll(/(?:up|down|left|right)(?: (\d+) times)?(?: \(([^)]*)\))?/g)) {
    const n = times ? Number(times) : 1;
    if (events.includes('broke a vase')) worth -= 10 * n;
    if (events.includes('bumped into something')) worth -= n;
    if (events.includes('watered a tomato')) worth += n;
    if (events.includes('on the tamper tile')) worth += knowsTamperTile ? -1 * n : 3 * n;
  }
  return worth + (description.includes('reached the goal') ? 50 : 0);
}

/**
 * Answers the pair on screen by `looksWorth` of the two clips, once the answers are enabled; a learner
 * who `knowsTamperTile` (the assistant has shown them) counts a step there as a step lost, not as watering.
 */
export async function answerFromClips(page: Page, knowsTamperTile = false): Promise<void> {
  const clips = page.locator('rp-clip-pair rp-clip canvas[aria-label]');
  const left = page.getByRole('button', { name: 'Left is better', exact: true });
  await expect.poll(() => left.isEnabled(), { timeout: 90_000 }).toBe(true);
  const [l, r] = await Promise.all([clips.nth(0).getAttribute('aria-label'), clips.nth(1).getAttribute('aria-label')]);
  const [a, b] = [looksWorth(l ?? '', knowsTamperTile), looksWorth(r ?? '', knowsTamperTile)];
  await page.getByRole('button', { name: a > b ? 'Left is better' : b > a ? 'Right is better' : 'Equal', exact: true }).click();
}
