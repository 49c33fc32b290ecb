// "Replay my labels with the truth" (<rp-label-replay>) on real clips of tomato.level — standing on the
// tamper tile looks better on screen and is truly worse, so preferring it is marked Fooled — with
// Replay opening the label's two clips drawn with the truth, Correct my fooled labels, and Try again; and the comparison card
// (<rp-run-compare>) "Without the assistant / With the assistant", whose true figures show only under
// Reveal truth.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import tomatoText from '../../levels/tomato.level?raw';
import type { RunSummary } from '../../src/app/run-store';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { segmentSum, type Answer, type Label, type Provenance, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import '../../src/components/rp-label-replay';
import '../../src/components/rp-run-compare';
import { formatReturn, type LabelsCorrectDetail, type RpLabelReplay } from '../../src/components/rp-label-replay';
import type { RpRunCompare } from '../../src/components/rp-run-compare';

const { space } = loadLevel(tomatoText);

function clip(moves: string): Segment {
  const tr = followActions(space, parseActions(moves), new Rng(0));
  return { start: tr.states[0], startStep: 0, actions: tr.actions, transitions: tr.transitions, length: moves.length };
}
const label = (id: string, left: Segment, right: Segment, answer: Answer, provenance: Provenance = 'person'): Label => ({ id, left, right, answer, provenance, heldOut: false });

const tamper = clip('rurruuuu'); // onto the tamper tile, then stay
const water = clip('rrddudud'); // to a tomato and back and forth
const labels: Label[] = [
  label('l1', tamper, water, 'left'), // the screen's choice: fooled
  label('l2', water, tamper, 'left', 'labeller'), // the truth's choice
  label('l3', water, tamper, 'right', 'assistant'), // not the learner's: not listed
];

describe('<rp-label-replay>', () => {
  async function mount() {
    const retries: Event[] = [];
    const screen = render(html`<div style="width: 760px"><rp-label-replay .space=${space} .labels=${labels} @run-retry=${(e: Event) => retries.push(e)}></rp-label-replay></div>`);
    const el = screen.container.querySelector<RpLabelReplay>('rp-label-replay')!;
    await el.updateComplete;
    return { el, retries };
  }

  it("lists the learner's labels with screen and true returns, and marks the one the screen fooled", async () => {
    const { el } = await mount();
    expect(segmentSum(tamper, space.apparentReward)).toBeGreaterThan(segmentSum(water, space.apparentReward));
    expect(segmentSum(tamper, space.trueReward)).toBeLessThan(segmentSum(water, space.trueReward));
    await expect.element(page.getByText('The screen fooled you on', { exact: false })).toHaveTextContent(/on 1 of your 2 labels/);
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-label'))).toEqual(['l1', 'l2']);
    expect(rows[0].classList.contains('fooled')).toBe(true);
    expect(rows[1].classList.contains('fooled')).toBe(false);
    const cells = (r: Element) => [...r.querySelectorAll('td')].map((td) => td.textContent!.replace(/\s+/g, ' ').trim());
    const ret = (s: Segment) => `screen ${formatReturn(segmentSum(s, space.apparentReward))} true ${formatReturn(segmentSum(s, space.trueReward))}`;
    expect(cells(rows[0]).slice(0, 7)).toEqual(['1', 'Person', ret(tamper), ret(water), 'Left', 'Right', 'Fooled']);
    expect(cells(rows[1]).slice(0, 7)).toEqual(['2', 'Simulated labeller', ret(water), ret(tamper), 'Left', 'Left', 'Correct']);
    await expect.element(page.getByText('Fooled', { exact: true })).toHaveAttribute('title', 'The screen fooled you: the true scores say Right');
  });

  it("Replay opens the label's two clips drawn with the truth; Try again reports run-retry", async () => {
    const { el, retries } = await mount();
    const replay = page.getByRole('button', { name: 'Replay label 1' });
    await replay.click();
    await expect.element(replay).toHaveAttribute('aria-expanded', 'true');
    const pair = el.shadowRoot!.querySelector('rp-clip-pair')!;
    expect([pair.left, pair.right, pair.show]).toEqual([tamper, water, 'truth']);
    await page.getByRole('button', { name: 'Replay label 2' }).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('rp-clip-pair')).toHaveLength(1);
    await page.getByRole('button', { name: 'Try again with the assistant' }).click();
    expect(retries).toHaveLength(1);
  });

  it('Correct my fooled labels reports each fooled label with the answer the true scores give, and shows only when one was fooled', async () => {
    const { el } = await mount();
    const corrections: LabelsCorrectDetail[] = [];
    el.addEventListener('labels-correct', (e) => corrections.push(e.detail));
    await page.getByRole('button', { name: 'Correct my fooled label' }).click();
    expect(corrections).toEqual([{ changes: [{ labelId: 'l1', answer: 'right' }] }]);
    // Nothing fooled: no such button.
    const screen = render(html`<rp-label-replay .space=${space} .labels=${[labels[1]]}></rp-label-replay>`);
    const honest = screen.container.querySelector<RpLabelReplay>('rp-label-replay')!;
    await honest.updateComplete;
    expect([...honest.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim())).not.toContain('Correct my fooled label');
  });

  it('says so when the learner has no labels yet', async () => {
    render(html`<rp-label-replay .space=${space} .labels=${[labels[2]]}></rp-label-replay>`);
    await expect.element(page.getByText('No labels of yours yet', { exact: false })).toBeVisible();
  });
});

describe('<rp-run-compare>', () => {
  const before: RunSummary = { levelId: 'tomato', levelName: 'Tomato garden', labels: 6, fooled: 3, trueReturn: -2, normalizedReturn: 0.15, apparentReturn: 20, assistant: false };
  const after: RunSummary = { ...before, labels: 4, fooled: 0, trueReturn: 12.5, normalizedReturn: 0.9, apparentReturn: 12.5, assistant: true };

  async function mount(reveal: boolean) {
    const forgets: Event[] = [];
    const screen = render(html`<rp-run-compare .recorded=${before} .current=${after} ?reveal=${reveal} @run-forget=${(e: Event) => forgets.push(e)}></rp-run-compare>`);
    const el = screen.container.querySelector<RpRunCompare>('rp-run-compare')!;
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));
    return { el, forgets, rows };
  }

  it('under Reveal truth: both runs side by side, true score normalised, labels and fooled labels, the better figure marked', async () => {
    const { el, rows, forgets } = await mount(true);
    await expect.element(page.getByRole('columnheader', { name: 'Without the assistant' })).toBeVisible();
    await expect.element(page.getByRole('columnheader', { name: 'With the assistant' })).toBeVisible();
    expect(rows).toEqual([
      ['True score (normalised)', '0.15', '0.90 (better)'],
      ['True score', '-2', '12.5 (better)'],
      ['Score on screen', '20', '12.5'],
      ['Labels', '6', '4'],
      ['Fooled labels', '3 of 6', '0 of 4 (better)'],
    ]);
    expect(el.shadowRoot!.querySelectorAll('td.better')).toHaveLength(3);
    await page.getByRole('button', { name: 'Forget this comparison' }).click();
    expect(forgets).toHaveLength(1);
  });

  it('with Reveal truth off: only what the screen shows, and no true figure', async () => {
    const { el, rows } = await mount(false);
    expect(rows.map((r) => r[0])).toEqual(['Score on screen', 'Labels']);
    const text = el.shadowRoot!.textContent!;
    expect(text).not.toMatch(/true score|normalised/i);
    expect(text).toContain('Turn on Reveal truth');
  });
});
