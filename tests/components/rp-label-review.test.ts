// <rp-label-review>: the issues found by the label-quality check on real labels of vase.level (one
// the models contradict, one 3-cycle), Relabel opening the label's two clips and reporting the new
// answer, Keep, Cancel, and the empty state.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import { findLabelIssues, type LabelIssue } from '../../src/core/label-quality';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import type { Answer, Label, Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import '../../src/components/rp-label-review';
import type { LabelKeepDetail, LabelRelabelDetail, RpLabelReview } from '../../src/components/rp-label-review';

const { space } = loadLevel(vaseText);
const T = space.numTransitions;

function clip(moves: string): Segment {
  const tr = followActions(space, parseActions(moves), new Rng(0));
  return { start: tr.states[0], startStep: 0, actions: tr.actions, transitions: tr.transitions, length: moves.length };
}
const label = (id: string, left: Segment, right: Segment, answer: Answer): Label => ({ id, left, right, answer, provenance: 'person', heldOut: false });

// An "ensemble" of 5 members that all know the true reward: breaking the vase is clearly worse.
const E = 5;
const members = new Float32Array(E * T);
for (let e = 0; e < E; e++) members.set(space.trueReward, e * T);
const learned = { members };

const breaks = clip('rrrr'), // −14: the vase breaks at step 3
  round = clip('drrr'), // −4
  still = clip('dudu'), // −4
  wobble = clip('rlrl'), // −4
  corner = clip('drrd'); // −4
const labels: Label[] = [
  label('l1', corner, breaks, 'left'), // agrees with the models
  label('l2', breaks, round, 'left'), // prefers breaking the vase: contradicted
  label('l3', still, wobble, 'left'), // still ≻ wobble
  label('l4', wobble, round, 'left'), // wobble ≻ round
  label('l5', still, round, 'right'), // round ≻ still: the three go round
];
const issues = findLabelIssues(labels, T, learned);

async function mount(list: readonly LabelIssue[] = issues, disabled = false) {
  const events: { relabel: LabelRelabelDetail[]; keep: LabelKeepDetail[] } = { relabel: [], keep: [] };
  const screen = render(html`<div style="width: 640px">
    <rp-label-review
      .issues=${list}
      .labels=${labels}
      .space=${space}
      ?disabled=${disabled}
      @label-relabel=${(e: CustomEvent<LabelRelabelDetail>) => events.relabel.push(e.detail)}
      @label-keep=${(e: CustomEvent<LabelKeepDetail>) => events.keep.push(e.detail)}
    ></rp-label-review>
  </div>`);
  const el = screen.container.querySelector<RpLabelReview>('rp-label-review')!;
  await el.updateComplete;
  return { el, events };
}

describe('<rp-label-review>', () => {
  it('the label-quality check finds the planted cycle and contradiction', () => {
    expect(issues.map((i) => [i.kind, ...i.labelIds])).toEqual([
      ['cycle', 'l5', 'l3', 'l4'], // round ≻ still ≻ wobble ≻ round
      ['contradicted', 'l2'],
    ]);
  });

  it('shows the empty state when no label looks inconsistent', async () => {
    await mount([]);
    await expect.element(page.getByText('No label looks inconsistent.')).toBeVisible();
    expect(page.getByRole('button').elements()).toHaveLength(0);
  });

  it('lists each issue with its explanation and each label with its answer, Relabel and Keep', async () => {
    const { el } = await mount();
    await expect.element(page.getByText('The assistant found 2 issues in your labels', { exact: false })).toBeVisible();
    await expect.element(page.getByText('These preferences go round in a circle', { exact: true })).toBeVisible();
    await expect.element(page.getByText('The reward models disagree with this label')).toBeVisible();
    await expect.element(page.getByText(issues[0].detail)).toBeVisible();
    await expect.element(page.getByText(issues[1].detail)).toBeVisible();
    const rows = [...el.shadowRoot!.querySelectorAll('.which')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual([
      'Label l5: you answered Right is better',
      'Label l3: you answered Left is better',
      'Label l4: you answered Left is better',
      'Label l2: you answered Left is better',
    ]);
    expect(page.getByRole('button', { name: 'Relabel' }).elements()).toHaveLength(4);
    expect(page.getByRole('button', { name: 'Keep' }).elements()).toHaveLength(4);
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).toBeNull();
  });

  it('Relabel shows the two clips of that label; picking an answer emits label-relabel and closes them', async () => {
    const { el, events } = await mount();
    const relabel = page.getByRole('button', { name: 'Relabel l2' });
    await relabel.click();
    await expect.element(relabel).toHaveAttribute('aria-expanded', 'true');
    const pair = el.shadowRoot!.querySelector('rp-clip-pair')!;
    expect(pair).not.toBeNull();
    expect([pair.left, pair.right]).toEqual([breaks, round]);
    const answers = page.getByRole('group', { name: 'New answer for l2' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).toBe('Left is better'); // focus moves to the answers
    await expect.element(answers.getByRole('button', { name: 'Left is better' })).toHaveAttribute('title', 'Your current answer');
    await answers.getByRole('button', { name: 'Right is better' }).click();
    expect(events.relabel).toEqual([{ labelId: 'l2', answer: 'right' }]);
    expect(events.keep).toEqual([]);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).toBeNull();
  });

  it('offers all four answers, and Cancel closes the clips without an event', async () => {
    const { el, events } = await mount();
    await page.getByRole('button', { name: 'Relabel l4' }).click();
    const answers = page.getByRole('group', { name: 'New answer for l4' });
    for (const name of ['Left is better', 'Right is better', 'Equal', "Can't tell"]) await expect.element(answers.getByRole('button', { name, exact: true })).toBeVisible();
    await answers.getByRole('button', { name: 'Cancel' }).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).toBeNull();
    expect(events).toEqual({ relabel: [], keep: [] });
    // Only one label's clips are open at a time.
    await page.getByRole('button', { name: 'Relabel l4' }).click();
    await page.getByRole('button', { name: 'Relabel l3' }).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('rp-clip-pair')).toHaveLength(1);
    await expect.element(page.getByRole('group', { name: 'New answer for l3' })).toBeVisible();
  });

  it('Keep emits label-keep; the open review closes when its label leaves the issues', async () => {
    const { el, events } = await mount();
    await page.getByRole('button', { name: 'Keep l5' }).click();
    expect(events.keep).toEqual([{ labelId: 'l5' }]);
    await page.getByRole('button', { name: 'Relabel l2' }).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).not.toBeNull();
    el.issues = [issues[0]]; // the page recomputed the issues: l2 is no longer among them
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).toBeNull();
    await expect.element(page.getByText('The assistant found 1 issue in your labels', { exact: false })).toBeVisible();
  });

  it('leaves out an issue whose labels were all reviewed and kept, and closes its open review', async () => {
    const { el } = await mount();
    const contradicted = issues.find((i) => i.kind === 'contradicted')!;
    await page.getByRole('button', { name: `Relabel ${contradicted.labelIds[0]}` }).click();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).not.toBeNull();
    el.reviewed = [...contradicted.labelIds];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('rp-clip-pair')).toBeNull();
    await expect.element(page.getByText(`The assistant found ${issues.length - 1} ${issues.length - 1 === 1 ? 'issue' : 'issues'} in your labels`, { exact: false })).toBeVisible();
    el.reviewed = ['l3']; // one label of the cycle: the cycle still shows
    await el.updateComplete;
    await expect.element(page.getByText(`The assistant found ${issues.length} issues in your labels`, { exact: false })).toBeVisible();
  });

  it('disabled disables Relabel and Keep', async () => {
    await mount(issues, true);
    for (const b of page.getByRole('button', { name: /^(Relabel|Keep) / }).elements()) expect((b as HTMLButtonElement).disabled).toBe(true);
  });
});
