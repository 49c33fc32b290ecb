// <rp-clip-pair>: two clips looping in sync on one frame counter, a scrubber that pauses the loop and
// moves both clips, a play/pause button, and a paused start under prefers-reduced-motion.
import { html } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { cutSegments, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { PALETTE } from '../../src/components/draw-grid';
import '../../src/components/rp-clip-pair';
import { pairFrames, type RpClipPair } from '../../src/components/rp-clip-pair';
import { cellPixel, rgb } from './pixels';

const vase = loadLevel(vaseText).space; // 9 × 4: #A..V..G# on row 1
const segment = (space: StateSpace, moves: string, length: number): Segment => cutSegments(followActions(space, parseActions(moves), new Rng(1)), length)[0];
const left = segment(vase, 'rrrrrr', 8); // reaches the goal after 6 steps: padded to 8
const right = segment(vase, 'drrrrrrr', 8); // along row 2, no episode end

async function mount(autoplay: boolean) {
  const screen = render(html`<div style="width: 640px"><rp-clip-pair .space=${vase} .left=${left} .right=${right} ?autoplay=${autoplay}></rp-clip-pair></div>`);
  const pair = screen.container.querySelector('rp-clip-pair')!;
  await pair.updateComplete;
  return pair;
}

/** The frame each clip shows, read from its canvas, and its canvas. */
function clips(pair: RpClipPair) {
  return [...pair.shadowRoot!.querySelectorAll('rp-clip')].map((clip) => {
    const canvas = clip.shadowRoot!.querySelector('canvas')!;
    return { frame: Number(canvas.dataset.frame), canvas, clip };
  });
}

const realMatchMedia = window.matchMedia;
afterEach(() => {
  window.matchMedia = realMatchMedia;
});

describe('<rp-clip-pair>', () => {
  it('labels the clips Left and Right and pads both to the longer clip', async () => {
    const pair = await mount(false);
    await expect.element(page.getByText('Left', { exact: true })).toBeVisible();
    await expect.element(page.getByText('Right', { exact: true })).toBeVisible();
    expect(pairFrames(left, right)).toBe(9);
    await expect.element(page.getByLabelText('Clip frame')).toHaveAttribute('max', '8');
    expect(clips(pair).map((c) => c.frame)).toEqual([0, 0]);
  });

  it('moves both clips together with the scrubber, pausing the loop', async () => {
    const pair = await mount(true);
    await expect.element(page.getByRole('button', { name: 'Pause clips' })).toBeVisible();
    const slider = page.getByLabelText('Clip frame');
    (slider.element() as HTMLInputElement).focus();
    await userEvent.keyboard('{Home}{ArrowRight}{ArrowRight}{ArrowRight}');
    await pair.updateComplete;
    await expect.element(page.getByRole('button', { name: 'Play clips' })).toBeVisible();
    const [l, r] = clips(pair);
    await Promise.all([l.clip.updateComplete, r.clip.updateComplete]);
    expect([l.frame, r.frame]).toEqual([3, 3]);
    expect(cellPixel(l.canvas, 9, 4, 1)).toEqual(rgb(PALETTE.agent)); // row 1, three steps right
    expect(cellPixel(r.canvas, 9, 3, 2)).toEqual(rgb(PALETTE.agent)); // down, then two right
    await new Promise((done) => setTimeout(done, 600)); // paused: still frame 3
    expect(clips(pair).map((c) => c.frame)).toEqual([3, 3]);
    await userEvent.keyboard('{End}');
    await pair.updateComplete;
    expect(clips(pair).map((c) => c.frame)).toEqual([8, 8]);
    await expect.element(page.getByText('Goal · episode over')).toBeVisible(); // left ended at step 6
  });

  // requestAnimationFrame drives the loop, and headless Chromium sometimes stops calling it for a
  // test frame for seconds (seen in a clean CI run: frame 1 for 10 s): a second try, not a looser check.
  it('loops both clips in sync at about 4 frames a second, and the button pauses it', { retry: 2 }, async () => {
    const pair = await mount(true);
    const seen = new Set<number>();
    const start = performance.now();
    await expect
      .poll(() => {
        const [l, r] = clips(pair);
        expect(l.frame).toBe(r.frame); // one counter drives both
        seen.add(l.frame);
        return l.frame;
      }, { timeout: 10_000, interval: 20 }) // generous: a loaded 2-core machine delays the frames, never hastens them
      .toBeGreaterThanOrEqual(3);
    expect(performance.now() - start).toBeGreaterThan(600); // 3 frames at 4 per second take 750 ms: never sooner
    expect([...seen].sort()).toEqual([...seen].sort().map((_, i) => i)); // one frame at a time
    await page.getByRole('button', { name: 'Pause clips' }).click();
    const at = clips(pair)[0].frame;
    await new Promise((done) => setTimeout(done, 500));
    expect(clips(pair)[0].frame).toBe(at);
    await page.getByRole('button', { name: 'Play clips' }).click();
    await expect.poll(() => clips(pair)[0].frame, { timeout: 2000 }).not.toBe(at);
  });

  it('asks for an animation frame per clip frame, not per display refresh', async () => {
    const realRaf = window.requestAnimationFrame;
    let asked = 0;
    window.requestAnimationFrame = (cb: FrameRequestCallback) => (asked++, realRaf.call(window, cb));
    try {
      await mount(true);
      const start = performance.now();
      await new Promise((done) => setTimeout(done, 1000));
      const seconds = (performance.now() - start) / 1000;
      // 4 clip frames a second; a loop on every refresh asked about 60 times a second.
      expect(asked).toBeGreaterThan(0);
      expect(asked / seconds).toBeLessThanOrEqual(8);
    } finally {
      window.requestAnimationFrame = realRaf;
    }
  });

  it('starts paused when the person prefers reduced motion', async () => {
    window.matchMedia = ((q: string) => ({ ...realMatchMedia.call(window, q), matches: q.includes('reduced-motion') })) as typeof window.matchMedia;
    const pair = await mount(true);
    await expect.element(page.getByRole('button', { name: 'Play clips' })).toBeVisible();
    await new Promise((done) => setTimeout(done, 400));
    expect(clips(pair).map((c) => c.frame)).toEqual([0, 0]);
  });

  it('starts a new pair from its first frame', async () => {
    const pair = await mount(false);
    (page.getByLabelText('Clip frame').element() as HTMLInputElement).focus();
    await userEvent.keyboard('{End}');
    await pair.updateComplete;
    expect(pair.frame).toBe(8);
    pair.left = right;
    pair.right = left;
    await pair.updateComplete;
    expect(pair.frame).toBe(0);
  });
});
