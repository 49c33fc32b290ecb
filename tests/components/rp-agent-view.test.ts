// <rp-agent-view>: a snapshot built by hand from real core data on vase.level (the true-reward plan's
// cell policy, learned reward and spread maps from cellMeans, the rollout 'rrrrrr' that breaks the
// vase at step 3 and its real claim). The overlay toggles repaint the canvas, Reveal truth reports
// `reveal-change`, a claim adds the marker and the dashed fix path, and Step advances the readout.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import lavaText from '../../levels/lava.level?raw';
import vaseText from '../../levels/vase.level?raw';
import type { SessionView } from '../../src/app/session-types';
import { findClaims } from '../../src/core/claims';
import { parseActions } from '../../src/core/gridworld';
import { cellMeans, cellPolicy } from '../../src/core/overlays';
import { followActions, planSoft } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import { OVERLAY_COLORS } from '../../src/components/draw-overlays';
import '../../src/components/rp-agent-view';
import type { RevealChangeDetail, RpAgentView } from '../../src/components/rp-agent-view';

type Snapshot = NonNullable<SessionView['snapshot']>;

const { space } = loadLevel(vaseText); // 9 × 4: #A..V..G# on row 1, a free row 2 below
const T = space.numTransitions;
const plan = planSoft(space, space.trueReward, { temperature: 0.5 });
const rollout = followActions(space, parseActions('rrrrrr'), new Rng(0));
const learned = Float32Array.from(space.trueReward, (r) => r / 10);
const spread = Float32Array.from({ length: T }, (_, k) => ((k * 37) % 11) / 11);
const claims = findClaims(space, rollout, { maxClaims: 1 });
const claim = claims[0]; // the vase broken at step 3, fixed by going round along row 2

const snapshot: Snapshot = {
  metrics: {
    labels: 0,
    trueReturn: rollout.trueReturn,
    apparentReturn: rollout.apparentReturn,
    learnedReturn: 3.4,
    normalizedReturn: 0.62,
    optimalTrueReturn: 42,
    uniformTrueReturn: -20,
    heldOutAccuracy: null,
    disagreement: 0.1,
  },
  cellReward: cellMeans(space, learned),
  cellUncertainty: cellMeans(space, spread),
  cellPolicy: cellPolicy(space, plan),
  rollout,
  rolloutStates: rollout.states.map((s) => space.states[s]),
  rolloutLearned: Float32Array.from(rollout.transitions, (k) => learned[k]),
  rolloutSpread: Float32Array.from(rollout.transitions, (k) => spread[k]),
  claims,
  pAccept: [0.8],
  labelIssues: [],
  saliency: null,
};

async function mount() {
  const reveals: boolean[] = [];
  const screen = render(html`<div style="width: 576px">
    <rp-agent-view .space=${space} .snapshot=${snapshot} name="Vase room" @reveal-change=${(e: CustomEvent<RevealChangeDetail>) => reveals.push(e.detail.reveal)}></rp-agent-view>
  </div>`);
  const el = screen.container.querySelector<RpAgentView>('rp-agent-view')!;
  await settle(el);
  return { el, reveals };
}

async function settle(el: RpAgentView) {
  await el.updateComplete;
  await el.shadowRoot!.querySelector('rp-grid')!.updateComplete;
}

function canvasOf(el: RpAgentView): HTMLCanvasElement {
  return el.shadowRoot!.querySelector('rp-grid')!.shadowRoot!.querySelector('canvas')!;
}

/** The pixels of the whole canvas, or of one cell (x, y). */
function pixels(el: RpAgentView, at?: [number, number]): Uint8ClampedArray {
  const canvas = canvasOf(el);
  const ctx = canvas.getContext('2d')!;
  if (!at) return ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  const c = canvas.width / space.world.width;
  return ctx.getImageData(Math.floor(at[0] * c), Math.floor(at[1] * c), Math.floor(c), Math.floor(c)).data;
}

/** Number of pixels that differ between two captures of the same region. */
function changed(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  return n;
}

/** Pixels of a region within a few levels of an overlay colour. */
function countColour(data: Uint8ClampedArray, hex: string): number {
  const n = parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) count++;
  return count;
}

const readout = (el: RpAgentView, name: string) => el.shadowRoot!.querySelector(`[data-readout="${name}"]`)!.textContent!.replace(/\s+/g, ' ').trim();

describe('<rp-agent-view>', () => {
  it("shows the grid model's saliency, largest first, and nothing for the features model", async () => {
    const { el } = await mount();
    expect(el.shadowRoot!.querySelector('.saliency')).toBeNull();
    el.snapshot = { ...snapshot, saliency: [
      { channel: 'agent', value: 0.8 },
      { channel: 'vase-broken', value: 0.4 },
      { channel: 'goal', value: 0.2 },
      { channel: 'lava', value: 0 },
    ] };
    await settle(el);
    const rows = [...el.shadowRoot!.querySelectorAll('.saliency li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['agent0.80', 'vase broken0.40', 'goal0.20']);
    await expect.element(page.getByRole('region', { name: 'What the grid model looks at' })).toBeVisible();
  });

  it('the claim drawn is the real one: the vase at step 3, with a fix along row 2', () => {
    expect([claim.kind, claim.step]).toEqual(['irreversible', 3]);
    expect(claim.fix!.states.some((s) => Math.floor(space.states[s].agent / space.world.width) === 2)).toBe(true);
  });

  it('each overlay toggle repaints the canvas', async () => {
    const { el } = await mount();
    const before = pixels(el);
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Heat-map' }), 'Uncertainty');
    await settle(el);
    const uncertainty = pixels(el);
    expect(changed(before, uncertainty)).toBeGreaterThan(100);
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Heat-map' }), 'None');
    await settle(el);
    const none = pixels(el);
    expect(changed(uncertainty, none)).toBeGreaterThan(100);
    await page.getByRole('checkbox', { name: 'Policy arrows' }).click();
    await settle(el);
    const arrows = pixels(el);
    expect(changed(none, arrows)).toBeGreaterThan(100);
    expect(countColour(arrows, OVERLAY_COLORS.arrow)).toBeGreaterThan(countColour(none, OVERLAY_COLORS.arrow));
    await page.getByRole('checkbox', { name: "Agent's path" }).click();
    await settle(el);
    const noPath = pixels(el);
    expect(changed(arrows, noPath)).toBeGreaterThan(100);
    expect(countColour(noPath, OVERLAY_COLORS.path)).toBeLessThan(countColour(arrows, OVERLAY_COLORS.path));
  });

  it('Reveal truth emits reveal-change; the true score shows only with reveal', async () => {
    const { el, reveals } = await mount();
    expect(readout(el, 'true')).toBe('hidden');
    expect(el.shadowRoot!.querySelector('[data-readout="normalized"]')).toBeNull(); // no normalised score while hidden
    await page.getByRole('checkbox', { name: 'Reveal truth' }).click();
    expect(reveals).toEqual([true]);
    el.reveal = true; // the page owns the switch and passes it back down
    await settle(el);
    expect(readout(el, 'normalized')).toBe('0.62');
    expect(readout(el, 'true')).toBe('0');
    await page.getByRole('checkbox', { name: 'Reveal truth' }).click();
    expect(reveals).toEqual([true, false]);
  });

  it('a claim draws the marker at its step and the fix path dashed', async () => {
    const { el } = await mount();
    const at = space.states[rollout.states[claim.step - 1]].agent; // where the agent stands before step 3
    const markerCell: [number, number] = [at % space.world.width, Math.floor(at / space.world.width)];
    expect(markerCell).toEqual([3, 1]);
    const fixCell: [number, number] = [4, 2]; // below the vase: on the fix, off the rollout
    const before = { all: pixels(el), marker: pixels(el, markerCell), fix: pixels(el, fixCell) };
    el.claim = claim;
    await settle(el);
    const after = { all: pixels(el), marker: pixels(el, markerCell), fix: pixels(el, fixCell) };
    expect(changed(before.all, after.all)).toBeGreaterThan(200);
    expect(changed(before.marker, after.marker)).toBeGreaterThan(50);
    expect(countColour(after.marker, OVERLAY_COLORS.marker)).toBeGreaterThan(countColour(before.marker, OVERLAY_COLORS.marker) + 30);
    expect(countColour(after.fix, OVERLAY_COLORS.fix)).toBeGreaterThan(countColour(before.fix, OVERLAY_COLORS.fix) + 30);
    // Dashed: along the fix's straight run on row 2 the line has gaps, unlike a solid line.
    const canvas = canvasOf(el);
    const c = canvas.width / space.world.width;
    const row = canvas.getContext('2d')!.getImageData(Math.floor(3.5 * c), Math.floor(2.5 * c), Math.floor(3 * c), 1).data;
    let on = 0;
    for (let i = 0; i < row.length; i += 4) if (countColour(row.subarray(i, i + 4), OVERLAY_COLORS.fix)) on++;
    expect(on).toBeGreaterThan(0.2 * (row.length / 4));
    expect(on).toBeLessThan(0.8 * (row.length / 4));
    el.claim = null;
    await settle(el);
    expect(changed(before.all, pixels(el))).toBe(0);
  });

  it("draws nothing of a snapshot made on another level's grid, and waits for the level's own", async () => {
    const { el } = await mount();
    const lava = loadLevel(lavaText).space; // 9 × 6 cells, the snapshot has 9 × 4
    el.space = lava;
    await el.updateComplete;
    await expect.element(page.getByRole('status')).toHaveTextContent('The agent is getting ready');
    // The new level as it starts, with none of the old snapshot's overlays.
    const grid = el.shadowRoot!.querySelector('rp-grid');
    expect(grid?.view?.world).toBe(lava.world);
    expect(grid?.overlays).toEqual({});
    el.space = space;
    await settle(el);
    expect(readout(el, 'step')).toBe('0 / 30');
  });

  it('before the first snapshot draws the level as it starts, and says the plan is coming', async () => {
    const { el } = await mount();
    el.snapshot = null;
    await el.updateComplete;
    await expect.element(page.getByRole('status')).toHaveTextContent('its first plan shows here once the reward model has started');
    const grid = el.shadowRoot!.querySelector('rp-grid');
    expect(grid?.view?.state).toEqual(space.states[space.initial[0].state]);
    expect(el.shadowRoot!.querySelector('[data-readout="step"]')).toBeNull();
  });

  it('leaves out the fix path of a claim that does not fit the level', async () => {
    const { el } = await mount();
    const before = pixels(el);
    el.claim = { ...claim, step: 99, fix: { ...claim.fix!, states: [0, space.numStates + 7] } };
    await settle(el);
    expect(changed(before, pixels(el))).toBe(0); // no marker past the rollout's end, no fix path off the level
  });

  it('Step advances the step readout and the scores; Rewind goes back', async () => {
    const { el } = await mount();
    expect(readout(el, 'step')).toBe('0 / 30');
    const first = pixels(el);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await settle(el);
    expect(readout(el, 'step')).toBe('1 / 30');
    expect(readout(el, 'apparent')).toBe('−1.0');
    expect(readout(el, 'learned')).toBe('−0.1');
    expect(changed(first, pixels(el))).toBeGreaterThan(0); // the agent moved
    for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
    await settle(el);
    expect(readout(el, 'step')).toBe('3 / 30');
    expect(readout(el, 'apparent')).toBe('−13.0'); // three steps and the vase
    await page.getByRole('button', { name: 'Rewind' }).click();
    await settle(el);
    expect(readout(el, 'step')).toBe('0 / 30');
  });
});
