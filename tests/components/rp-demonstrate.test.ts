// <rp-demonstrate>: driving the agent with the arrow keys or on-screen buttons from the start of the
// agent's segment, reporting "demonstration ≻ agent" with valid segments, or cancelling.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import tomatoText from '../../levels/tomato.level?raw';
import vaseText from '../../levels/vase.level?raw';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { checkSegment, cutSegments, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { PALETTE } from '../../src/components/draw-grid';
import '../../src/components/rp-demonstrate';
import type { RpClip } from '../../src/components/rp-clip';
import type { DemonstrationDetail } from '../../src/components/rp-demonstrate';
import { cellPixel, rgb } from './pixels';

const vase = loadLevel(vaseText).space; // 9 × 4: #A..V..G# on row 1
const segment = (space: StateSpace, moves: string, length: number): Segment => cutSegments(followActions(space, parseActions(moves), new Rng(1)), length)[0];
const agent = segment(vase, 'rrrr', 4); // straight through the vase

async function mount(space: StateSpace, seg: Segment, rng: Rng | null = null) {
  const done: DemonstrationDetail[] = [];
  let cancelled = 0;
  const screen = render(
    html`<div style="width: 640px">
      <input aria-label="Elsewhere" />
      <rp-demonstrate
        .space=${space}
        .segment=${seg}
        .rng=${rng}
        @demonstration=${(e: CustomEvent<DemonstrationDetail>) => done.push(e.detail)}
        @demonstration-cancel=${() => cancelled++}
      ></rp-demonstrate>
    </div>`,
  );
  const el = screen.container.querySelector('rp-demonstrate')!;
  await el.updateComplete;
  return { el, done, cancelled: () => cancelled, unmount: screen.unmount };
}

const doneButton = () => page.getByRole('button', { name: 'Done', exact: true });

describe('<rp-demonstrate>', () => {
  it('drives the agent with the arrow keys and reports "demonstration ≻ agent" with valid segments', async () => {
    const { el, done } = await mount(vase, agent);
    await expect.element(doneButton()).toBeDisabled();
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}');
    await expect.element(page.getByText('3 of 4 moves made.')).toBeVisible();
    await el.updateComplete;
    const mine = el.shadowRoot!.querySelector<RpClip>('rp-clip[data-side=demonstration]')!;
    await mine.updateComplete;
    expect(cellPixel(mine.shadowRoot!.querySelector('canvas')!, 9, 3, 2)).toEqual(rgb(PALETTE.agent));
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(doneButton()).toBeEnabled();
    await doneButton().click();
    expect(done).toHaveLength(1);
    const { label } = done[0];
    expect(label.answer).toBe('left');
    expect(label.provenance).toBe('demonstration');
    expect(label.left.actions).toEqual(parseActions('drrr'));
    expect(label.left.start).toBe(agent.start);
    expect(label.right).toEqual(agent);
    expect(() => checkSegment(vase, label.left)).not.toThrow();
    expect(() => checkSegment(vase, label.right)).not.toThrow();
  });

  it('moves with the on-screen buttons, and undo takes a move back', async () => {
    const { done } = await mount(vase, agent);
    for (const name of ['Move down', 'Move right', 'Move right', 'Move up']) await page.getByRole('button', { name }).click();
    await expect.element(page.getByRole('button', { name: 'Move left' })).toBeDisabled(); // 4 of 4
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Move right' }).click();
    await doneButton().click();
    expect(done[0].label.left.actions).toEqual(parseActions('drrr'));
  });

  it('will not report a demonstration that repeats the agent exactly', async () => {
    await mount(vase, agent);
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}');
    await expect.element(page.getByText(/exactly the agent’s moves/)).toBeVisible();
    await expect.element(doneButton()).toBeDisabled();
  });

  it('leaves the arrow keys to a text field that has focus', async () => {
    const { el } = await mount(vase, agent);
    await page.getByLabelText('Elsewhere').click();
    await userEvent.keyboard('{ArrowLeft}{ArrowRight}');
    await el.updateComplete;
    await expect.element(page.getByText('0 of 4 moves made.')).toBeVisible();
  });

  it('cancels with the Cancel button or Escape', async () => {
    const { cancelled } = await mount(vase, agent);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await userEvent.keyboard('{Escape}');
    expect(cancelled()).toBe(2);
  });

  it('on a stochastic level takes the most likely outcome, or the seeded Rng’s', async () => {
    const tomato = loadLevel(tomatoText).space; // tomatoes dry with probability 0.1
    const seg = segment(tomato, 'lllurr', 6);
    const drive = async (rng: Rng | null) => {
      const { done, unmount } = await mount(tomato, seg, rng);
      await userEvent.keyboard('{ArrowLeft}{ArrowLeft}{ArrowUp}{ArrowLeft}{ArrowRight}{ArrowLeft}');
      await doneButton().click();
      unmount();
      return done[0].label.left;
    };
    const likely = await drive(null);
    expect(likely.transitions.every((k) => tomato.prob[k] >= 0.5)).toBe(true);
    expect(() => checkSegment(tomato, likely)).not.toThrow();
    const seeded = await drive(new Rng(3));
    expect(() => checkSegment(tomato, seeded)).not.toThrow();
    expect((await drive(new Rng(3))).transitions).toEqual(seeded.transitions);
  });
});
