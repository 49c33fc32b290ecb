// <rp-demonstrate>: driving the agent with the arrow keys or on-screen buttons from the start of the
// agent's episode, beside that episode, until the episode ends or Done; reporting "demonstration ≻
// agent" with two segments of equal nominal length that follow the level's dynamics; or cancelling.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import tomatoText from '../../levels/tomato.level?raw';
import vaseText from '../../levels/vase.level?raw';
import { parseActions } from '../../src/core/gridworld';
import { followActions, type Trajectory } from '../../src/core/planner';
import { checkSegment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { PALETTE } from '../../src/components/draw-grid';
import '../../src/components/rp-demonstrate';
import type { RpClip } from '../../src/components/rp-clip';
import type { DemonstrationDetail } from '../../src/components/rp-demonstrate';
import { cellPixel, rgb } from './pixels';

const vase = loadLevel(vaseText).space; // 9 × 4: #A..V..G# on row 1; max_steps 30
const episode = (space: StateSpace, moves: string): Trajectory => followActions(space, parseActions(moves), new Rng(1));
const breaks = episode(vase, 'rrrrrr'); // straight through the vase to the goal: 6 steps
const wanders = episode(vase, 'lu'.repeat(15)); // bumps into walls until the step limit: 30 steps

async function mount(space: StateSpace, agent: Trajectory, rng: Rng | null = null) {
  const done: DemonstrationDetail[] = [];
  let cancelled = 0;
  const screen = render(
    html`<div style="width: 640px">
      <input aria-label="Elsewhere" />
      <rp-demonstrate
        .space=${space}
        .episode=${agent}
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
const clip = (el: HTMLElement, side: string) => el.shadowRoot!.querySelector<RpClip>(`rp-clip[data-side=${side}]`)!;

describe('<rp-demonstrate>', () => {
  it('opens from the agent’s whole episode, says what happens, and plays the agent’s episode beside', async () => {
    const { el } = await mount(vase, wanders);
    await expect.element(page.getByRole('heading', { name: 'Demonstrate an episode' })).toBeVisible();
    const hint = el.shadowRoot!.querySelector('.hint')!.textContent!.replace(/\s+/g, ' ');
    expect(hint).toContain('Drive the agent from the start of the episode to show what you want; the agent’s own episode plays beside yours. Done when you have shown enough.');
    await expect.element(page.getByText('0 of at most 30 moves made.')).toBeVisible();
    await expect.element(doneButton()).toBeDisabled();
    const agent = clip(el, 'agent');
    expect(agent.segment).toEqual({ start: wanders.states[0], startStep: 0, actions: wanders.actions, transitions: wanders.transitions, length: 30 });
    await userEvent.keyboard('{ArrowDown}{ArrowRight}');
    await el.updateComplete;
    expect(agent.frame).toBe(2); // the agent's episode at the same step
  });

  it('drives to the goal: the episode ends, and the label keeps the whole episode’s length on both sides', async () => {
    const { el, done } = await mount(vase, wanders);
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}');
    await el.updateComplete;
    const mine = clip(el, 'demonstration');
    await mine.updateComplete;
    expect(cellPixel(mine.shadowRoot!.querySelector('canvas')!, 9, 3, 2)).toEqual(rgb(PALETTE.agent));
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowUp}'); // round the vase, up into the goal
    await expect.element(page.getByText('The episode is over after 8 moves. Press Done to teach it.')).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Move left' })).toBeDisabled();
    await doneButton().click();
    expect(done).toHaveLength(1);
    const { label } = done[0];
    expect(label.answer).toBe('left');
    expect(label.provenance).toBe('demonstration');
    expect(label.left.actions).toEqual(parseActions('drrrrrru'));
    expect(label.left.start).toBe(wanders.states[0]);
    expect(label.right.transitions).toEqual(wanders.transitions);
    expect([label.left.length, label.right.length]).toEqual([30, 30]);
    for (const side of [label.left, label.right]) expect(() => checkSegment(vase, side)).not.toThrow();
  });

  it('Done early cuts both sides to the moves made, so both clips cover the same span', async () => {
    const { done } = await mount(vase, breaks);
    for (const name of ['Move down', 'Move right', 'Move right', 'Move up']) await page.getByRole('button', { name }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Move right' }).click();
    await expect.element(page.getByText('4 of at most 30 moves made. Press Done when you have shown enough.')).toBeVisible();
    await doneButton().click();
    const { label } = done[0];
    expect(label.left.actions).toEqual(parseActions('drrr'));
    expect(label.right.actions).toEqual(parseActions('rrrr'));
    expect([label.left.length, label.right.length]).toEqual([4, 4]);
    expect(label.left.start).toBe(label.right.start);
    for (const side of [label.left, label.right]) expect(() => checkSegment(vase, side)).not.toThrow();
  });

  it('will not report a demonstration that repeats the agent’s moves', async () => {
    await mount(vase, breaks);
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    await expect.element(page.getByText(/the same as the agent’s so far/)).toBeVisible();
    await expect.element(doneButton()).toBeDisabled();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}');
    await expect.element(page.getByText(/exactly the agent’s moves/)).toBeVisible();
    await expect.element(doneButton()).toBeDisabled();
    await userEvent.keyboard('{Backspace}{Backspace}{ArrowDown}');
    await expect.element(doneButton()).toBeEnabled();
  });

  it('leaves the arrow keys to a text field that has focus', async () => {
    const { el } = await mount(vase, breaks);
    await page.getByLabelText('Elsewhere').click();
    await userEvent.keyboard('{ArrowLeft}{ArrowRight}');
    await el.updateComplete;
    await expect.element(page.getByText('0 of at most 30 moves made.')).toBeVisible();
  });

  it('cancels with the Cancel button or Escape', async () => {
    const { cancelled } = await mount(vase, breaks);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await userEvent.keyboard('{Escape}');
    expect(cancelled()).toBe(2);
  });

  it('on a stochastic level takes the most likely outcome, or the seeded Rng’s', async () => {
    const tomato = loadLevel(tomatoText).space; // tomatoes dry with probability 0.1
    const agent = episode(tomato, 'lllurr');
    const drive = async (rng: Rng | null) => {
      const { done, unmount } = await mount(tomato, agent, rng);
      await userEvent.keyboard('{ArrowLeft}{ArrowLeft}{ArrowUp}{ArrowLeft}{ArrowRight}{ArrowLeft}');
      await doneButton().click();
      unmount();
      return done[0].label;
    };
    const likely = await drive(null);
    expect(likely.left.transitions.every((k) => tomato.prob[k] >= 0.5)).toBe(true);
    expect(likely.left.length).toBe(likely.right.length);
    expect(() => checkSegment(tomato, likely.left)).not.toThrow();
    expect(() => checkSegment(tomato, likely.right)).not.toThrow();
    const seeded = await drive(new Rng(3));
    expect(() => checkSegment(tomato, seeded.left)).not.toThrow();
    expect((await drive(new Rng(3))).left.transitions).toEqual(seeded.left.transitions);
  });
});
