// <rp-label-panel>: the pair, the reason, the label count, four answers by click or key (with exactly
// these accessible names), "Preparing the next pair…" while there is none, and Demonstrate mode
// (a whole episode beside the agent's, disabled until there is one).
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import { parseActions } from '../../src/core/gridworld';
import { followActions, type Trajectory } from '../../src/core/planner';
import { checkSegment, cutSegments, type Segment } from '../../src/core/preferences';
import type { QueryProposal } from '../../src/core/queries';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import type { DemonstrationDetail } from '../../src/components/rp-demonstrate';
import '../../src/components/rp-label-panel';
import { labelCountText, type LabelAnswerDetail } from '../../src/components/rp-label-panel';

const vase = loadLevel(vaseText).space; // 9 × 4: #A..V..G# on row 1
const segment = (space: StateSpace, moves: string, length: number): Segment => cutSegments(followActions(space, parseActions(moves), new Rng(1)), length)[0];
const query: QueryProposal = {
  left: segment(vase, 'rrrr', 4),
  right: segment(vase, 'drrr', 4),
  mode: 'active',
  sources: ['policy', 'coverage'],
  information: 0.12,
  disagreement: 0.041,
  meanPreference: 0.52,
  reason: "the most telling pair on offer (the models: they lean one way); left from the agent's current plan, right from a path to something the labels have shown least",
};
const agentEpisode = followActions(vase, parseActions('rrrrrr'), new Rng(1)); // through the vase to the goal
const NAMES = ['Left is better', 'Right is better', 'Equal', "Can't tell"];
const button = (name: string) => page.getByRole('button', { name, exact: true });

async function mount(q: QueryProposal | null, labelCount = 12, episode: Trajectory | null = agentEpisode) {
  const answers: LabelAnswerDetail[] = [];
  const demos: DemonstrationDetail[] = [];
  const screen = render(
    html`<div style="width: 720px">
      <select aria-label="Somewhere else"><option>a</option></select>
      <input aria-label="Type here" />
      <rp-label-panel
        .query=${q}
        .labelCount=${labelCount}
        .space=${vase}
        .episode=${episode}
        @label-answer=${(e: CustomEvent<LabelAnswerDetail>) => answers.push(e.detail)}
        @demonstration=${(e: CustomEvent<DemonstrationDetail>) => demos.push(e.detail)}
      ></rp-label-panel>
    </div>`,
  );
  const el = screen.container.querySelector('rp-label-panel')!;
  await el.updateComplete;
  return { el, answers, demos };
}

describe('<rp-label-panel>', () => {
  it('has four answer buttons with exactly these accessible names, keys shown but not named', async () => {
    await mount(query);
    for (const name of NAMES) {
      await expect.element(button(name)).toBeEnabled();
      await expect.element(button(name)).toHaveAccessibleName(name);
    }
    await expect.element(button('Equal')).toHaveAttribute('aria-keyshortcuts', '3 =');
    await expect.element(button('Left is better')).toHaveTextContent('1');
  });

  it('shows the pair, the reason exactly as given, and the label count', async () => {
    const { el } = await mount(query, 12);
    await expect.element(page.getByText(query.reason, { exact: true })).toBeVisible();
    await expect.element(page.getByText('12 labels', { exact: true })).toBeVisible();
    expect(el.shadowRoot!.querySelector('rp-clip-pair')?.left).toBe(query.left);
    el.labelCount = 1;
    await el.updateComplete;
    await expect.element(page.getByText('1 label', { exact: true })).toBeVisible();
    expect([0, 1, 2, 20].map(labelCountText)).toEqual(['0 labels', '1 label', '2 labels', '20 labels']);
  });

  it('in a label-budget challenge, counts "k of N labels"', async () => {
    const { el } = await mount(query, 3);
    el.budget = 10;
    await el.updateComplete;
    await expect.element(page.getByText('3 of 10 labels', { exact: true })).toBeVisible();
    el.budget = 1;
    el.labelCount = 1;
    await el.updateComplete;
    await expect.element(page.getByText('1 of 1 label', { exact: true })).toBeVisible();
  });

  it('emits label-answer with the answer and the pair when a button is clicked', async () => {
    const { answers } = await mount(query);
    for (const name of NAMES) await button(name).click();
    expect(answers.map((a) => a.answer)).toEqual(['left', 'right', 'equal', 'cant-tell']);
    expect(answers.every((a) => a.query === query)).toBe(true);
  });

  it('answers from the keys 1, 2, 3 or =, 4 or ?, wherever focus is but in a text field or select', async () => {
    const { answers } = await mount(query);
    await userEvent.keyboard('1234=?');
    expect(answers.map((a) => a.answer)).toEqual(['left', 'right', 'equal', 'cant-tell', 'equal', 'cant-tell']);
    await page.getByLabelText('Somewhere else').click();
    await userEvent.keyboard('1');
    await page.getByLabelText('Type here').click();
    await userEvent.keyboard('2');
    expect(answers).toHaveLength(6);
    await button('Equal').click(); // focus on a button in the panel: the keys still work
    await userEvent.keyboard('2');
    (page.getByLabelText('Clip frame').element() as HTMLElement).focus(); // and on the scrubber
    await userEvent.keyboard('4');
    expect(answers.map((a) => a.answer).slice(6)).toEqual(['equal', 'right', 'cant-tell']);
  });

  it('says "Preparing the next pair…" with every answer disabled while there is no pair', async () => {
    const { el, answers } = await mount(null, 3);
    await expect.element(page.getByText('Preparing the next pair…')).toBeVisible();
    for (const name of NAMES) await expect.element(button(name)).toBeDisabled();
    await userEvent.keyboard('1');
    expect(answers).toHaveLength(0);
    el.query = query;
    await el.updateComplete;
    await expect.element(button('Left is better')).toBeEnabled();
    await userEvent.keyboard('1');
    expect(answers.map((a) => a.answer)).toEqual(['left']);
  });

  it('keeps the last pair in place, dimmed and inert, while the next one is prepared', async () => {
    const { el, answers } = await mount(query);
    el.query = null;
    await el.updateComplete;
    await expect.element(page.getByText('Preparing the next pair…')).toBeVisible();
    const pair = el.shadowRoot!.querySelector('rp-clip-pair')!;
    expect(pair.inert).toBe(true);
    expect(pair.left).toBe(query.left);
    for (const name of NAMES) await expect.element(button(name)).toBeDisabled();
    await userEvent.keyboard('1');
    expect(answers).toHaveLength(0);
    const next = { ...query, left: query.right, right: query.left };
    el.query = next;
    await el.updateComplete;
    expect(pair.inert).toBe(false);
    expect(pair.left).toBe(next.left);
    expect(el.shadowRoot!.textContent).not.toContain('Preparing');
  });

  it('disables answering when told to', async () => {
    const { el, answers } = await mount(query);
    el.disabled = true;
    await el.updateComplete;
    for (const name of NAMES) await expect.element(button(name)).toBeDisabled();
    await userEvent.keyboard('2');
    expect(answers).toHaveLength(0);
  });

  it('gives focus back to the answer button after a pair is prepared', async () => {
    const { el } = await mount(query);
    await button('Right is better').click();
    el.query = null;
    await el.updateComplete;
    el.query = { ...query };
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement?.textContent).toContain('Right is better');
  });

  it('demonstrates a whole episode beside the agent’s: the demonstration bubbles out, then the pair is back', async () => {
    const { el, answers, demos } = await mount(query);
    await page.getByRole('button', { name: 'Demonstrate an episode' }).click();
    await expect.element(page.getByRole('heading', { name: 'Demonstrate an episode' })).toBeVisible();
    const shown = el.shadowRoot!.querySelector('rp-demonstrate')!;
    expect(shown.episode).toBe(agentEpisode);
    el.episode = followActions(vase, parseActions('dd'), new Rng(1)); // a refreshed snapshot does not restart it
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}12'); // digits do not answer while demonstrating
    await userEvent.keyboard('{ArrowRight}');
    await el.updateComplete;
    expect(shown.episode).toBe(agentEpisode);
    await page.getByRole('button', { name: 'Done', exact: true }).click(); // early: 4 moves
    expect(answers).toHaveLength(0);
    expect(demos).toHaveLength(1);
    const { label } = demos[0];
    expect(label.provenance).toBe('demonstration');
    expect(label.left.actions).toEqual(parseActions('drrr'));
    expect(label.right.actions).toEqual(parseActions('rrrr'));
    expect(label.left.start).toBe(agentEpisode.states[0]);
    expect([label.left.length, label.right.length]).toEqual([4, 4]);
    for (const side of [label.left, label.right]) expect(() => checkSegment(vase, side)).not.toThrow();
    await el.updateComplete;
    await expect.element(button('Left is better')).toBeVisible();
    expect(el.shadowRoot!.activeElement?.textContent).toContain('Demonstrate an episode');
  });

  it('keeps Demonstrate disabled, saying why, until the agent has an episode', async () => {
    const { el } = await mount(query, 0, null);
    await expect.element(page.getByRole('button', { name: 'Demonstrate an episode' })).toBeDisabled();
    await expect.element(page.getByRole('button', { name: 'Demonstrate an episode' })).toHaveAccessibleDescription(/once the agent has planned its first episode/);
    el.episode = agentEpisode;
    await el.updateComplete;
    await expect.element(page.getByRole('button', { name: 'Demonstrate an episode' })).toBeEnabled();
    await expect.element(page.getByText(/once the agent has planned/)).not.toBeInTheDocument();
  });
});
