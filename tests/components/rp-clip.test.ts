// <rp-clip>: one frame of a segment with its trail, an "episode over" badge once the clip ended the
// episode, and the whole clip in words.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import supervisorText from '../../levels/supervisor.level?raw';
import vaseText from '../../levels/vase.level?raw';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { cutSegments, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { PALETTE, type GridShow } from '../../src/components/draw-grid';
import '../../src/components/rp-clip';
import { clipFrame, describeClip, type RpClip } from '../../src/components/rp-clip';
import { cellPixel, rgb } from './pixels';

const vase = loadLevel(vaseText).space; // 9 × 4: #A..V..G# on row 1
const segments = (space: StateSpace, moves: string, length: number, start?: number): Segment[] =>
  cutSegments(followActions(space, parseActions(moves), new Rng(1), start), length);

async function mount(space: StateSpace, segment: Segment, frame: number, show: GridShow = 'observation') {
  const screen = render(html`<div style="width: 360px"><rp-clip .space=${space} .segment=${segment} .frame=${frame} .show=${show}></rp-clip></div>`);
  const el = screen.container.querySelector('rp-clip')!;
  await el.updateComplete;
  return { el, canvas: el.shadowRoot!.querySelector('canvas')! };
}

const badge = (el: RpClip) => el.shadowRoot!.querySelector('.badge')?.textContent?.trim() ?? null;

describe('<rp-clip>', () => {
  const [breaks] = segments(vase, 'rrrrrr', 4); // breaks the vase at its 3rd step
  const [reaches] = segments(vase, 'rrrrrr', 8); // reaches the goal after 6 of 8 steps

  it('draws the state at the frame: the start at 0, after i steps at i', async () => {
    const a = await mount(vase, breaks, 0);
    expect(cellPixel(a.canvas, 9, 1, 1)).toEqual(rgb(PALETTE.agent));
    expect(a.canvas.dataset.step).toBe('0');
    const b = await mount(vase, breaks, 2);
    expect(cellPixel(b.canvas, 9, 3, 1)).toEqual(rgb(PALETTE.agent));
    expect(cellPixel(b.canvas, 9, 1, 1)).not.toEqual(rgb(PALETTE.agent));
    b.el.frame = 4;
    await b.el.updateComplete;
    expect(cellPixel(b.canvas, 9, 5, 1)).toEqual(rgb(PALETTE.agent));
    expect(cellPixel(b.canvas, 9, 4, 1, 0.61, 0.74)).toEqual(rgb(PALETTE.shard)); // the broken vase
  });

  it('draws the path so far as a trail across the floor it crossed', async () => {
    const { canvas } = await mount(vase, breaks, 2);
    expect(cellPixel(canvas, 9, 2, 1)).not.toEqual(rgb(PALETTE.floor)); // crossed
    expect(cellPixel(canvas, 9, 2, 2)).toEqual(rgb(PALETTE.floor)); // not crossed
    expect(clipFrame(vase, breaks, 2).trail).toEqual([10, 11, 12]);
  });

  it('shows "episode over" from the step that reached the goal, through the padding frames', async () => {
    const { el, canvas } = await mount(vase, reaches, 5);
    expect(badge(el)).toBeNull();
    for (const frame of [6, 8]) {
      el.frame = frame;
      await el.updateComplete;
      expect(badge(el)).toBe('Goal · episode over');
      expect(canvas.dataset.step).toBe('6');
      expect(cellPixel(canvas, 9, 7, 1)).toEqual(rgb(PALETTE.agent));
    }
  });

  it('describes the clip in words: start, moves with the events, end', async () => {
    await mount(vase, reaches, 0);
    const img = page.getByRole('img');
    await expect.element(img).toHaveAccessibleName(
      '6 moves from row 2, column 2: right 2 times, right (broke a vase), right 3 times. Ends at row 2, column 8, reached the goal: episode over.',
    );
  });

  it('hides from the words what a person cannot see, and tells the true score under Reveal truth', () => {
    const sup = loadLevel(supervisorText).space; // the punishment tile is two steps right of the start
    const away = sup.initial.find((i) => !sup.states[i.state].supervisorPresent)!.state;
    const [seg] = segments(sup, 'rrrr', 4, away);
    expect(describeClip(sup, seg, 'observation')).toBe('4 moves from row 2, column 2: right 4 times. Ends at row 2, column 6.');
    expect(describeClip(sup, seg, 'truth')).toBe(
      '4 moves from row 2, column 2: right, right (took the punishment), right 2 times. Ends at row 2, column 6. True score of this clip: −34.',
    );
  });

  it('draws and tells a whole episode (up to max_steps moves) without growing', async () => {
    const [episode] = segments(vase, 'rrr' + 'u'.repeat(12) + 'dl' + 'l'.repeat(13), 30); // 30 steps: stuck, then back and forth
    expect(episode.transitions).toHaveLength(30);
    const { el, canvas } = await mount(vase, episode, 0);
    const width = canvas.getBoundingClientRect().width;
    expect(describeClip(vase, episode, 'observation')).toBe(
      '30 moves from row 2, column 2: right 2 times, right (broke a vase), up 12 times (bumped into something), down, left 3 times, ' +
        'left 11 times (bumped into something). Ends at row 3, column 2.',
    );
    el.frame = 30;
    await el.updateComplete;
    expect(canvas.dataset.step).toBe('30');
    expect(canvas.getBoundingClientRect().width).toBe(width);
    expect(cellPixel(canvas, 9, 1, 2)).toEqual(rgb(PALETTE.agent));
    expect(clipFrame(vase, episode, 30).trail).toEqual([10, 11, 12, 13, 22, 21, 20, 19]);
  });

  it('shows the clip’s true score only when showing the truth', async () => {
    const a = await mount(vase, breaks, 0, 'truth');
    expect(a.el.shadowRoot!.querySelector('.score')?.textContent).toBe('True score −14');
    const b = await mount(vase, breaks, 0, 'observation');
    expect(b.el.shadowRoot!.querySelector('.score')).toBeNull();
  });

  it('shows an alert for a segment that does not fit the level', async () => {
    const screen = render(html`<rp-clip .space=${vase} .segment=${{ ...breaks, actions: parseActions('dddd') }}></rp-clip>`);
    const el = screen.container.querySelector('rp-clip')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('canvas')).toBeNull();
    expect(el.shadowRoot!.querySelector('[role=alert]')?.textContent).toContain('does not follow');
  });
});
