// <rp-overlay-legend>, alone and under <rp-agent-view> on vase.level: one text entry per overlay shown
// (the heat-map's scale with its numeric range, the path, the dashed fix, the step ring, standing-still
// dots, outlined cells, the true scores only with Reveal truth), entries that come and go with the
// toggles, and swatches painted in the canvas's own colours (OVERLAY_COLORS). Outlined cells also show
// on the canvas.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import type { MovedCell } from '../../src/app/snapshot-diff';
import { findClaims } from '../../src/core/claims';
import { finiteRange, heatScale } from '../../src/core/overlays';
import { loadLevel } from '../../src/core/states';
import { OVERLAY_COLORS } from '../../src/components/draw-overlays';
import '../../src/components/rp-agent-view';
import '../../src/components/rp-overlay-legend';
import type { RpAgentView } from '../../src/components/rp-agent-view';
import type { RpOverlayLegend } from '../../src/components/rp-overlay-legend';
import { snapshotOf } from '../appnode/snapshots';
import { rgb } from './pixels';

const { space } = loadLevel(vaseText); // 9 × 4: #A..V..G# on row 1, a free row 2 below
const W = space.world.width;
const learned = Float32Array.from(space.trueReward, (r) => r / 10);
const snapshot = snapshotOf(space, 'rrrrrr', learned);
const claim = findClaims(space, snapshot.rollout, { maxClaims: 1 })[0]; // the vase at step 3, with a fix
const bumping = snapshotOf(space, 'urrrrrr', learned); // a bump into the wall above the start: one step standing still

async function mountView(s = snapshot) {
  const screen = render(html`<div style="width: 576px"><rp-agent-view .space=${space} .snapshot=${s} name="Vase room"></rp-agent-view></div>`);
  const el = screen.container.querySelector<RpAgentView>('rp-agent-view')!;
  await settle(el);
  return el;
}

async function settle(el: RpAgentView) {
  await el.updateComplete;
  await el.shadowRoot!.querySelector('rp-grid')!.updateComplete;
  await legendOf(el).updateComplete;
}

const legendOf = (el: RpAgentView) => el.shadowRoot!.querySelector<RpOverlayLegend>('rp-overlay-legend')!;
const entries = (el: RpAgentView) => [...legendOf(el).shadowRoot!.querySelectorAll<HTMLElement>('li')].map((li) => li.dataset.legend);
const entry = (el: RpAgentView, name: string) => legendOf(el).shadowRoot!.querySelector<HTMLElement>(`[data-legend="${name}"]`);
const text = (li: HTMLElement | null) => li?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const swatch = (li: HTMLElement | null) => getComputedStyle(li!.querySelector('.swatch')!);
const css = (hex: string) => `rgb(${rgb(hex).join(', ')})`;
const signed2 = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : `−${(-x).toFixed(2)}`);

describe('<rp-overlay-legend>', () => {
  it('renders nothing when no overlay is shown', async () => {
    const screen = render(html`<rp-overlay-legend .overlays=${{}}></rp-overlay-legend>`);
    const el = screen.container.querySelector<RpOverlayLegend>('rp-overlay-legend')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('ul')).toBeNull();
  });

  it('says so when the learned reward is the same in every cell (an untrained or collapsed model)', async () => {
    const overlays = { heat: { values: Float32Array.from([NaN, 0.2, 0.2, 0.2]), kind: 'reward' as const } };
    const screen = render(html`<rp-overlay-legend .overlays=${overlays}></rp-overlay-legend>`);
    const el = screen.container.querySelector<RpOverlayLegend>('rp-overlay-legend')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[data-legend="heat"]')!.textContent).toContain('every cell +0.20, so no cell stands out yet');
  });

  it('under the agent view: the learned-reward scale with its range and the path, in the canvas colours', async () => {
    const el = await mountView();
    expect(legendOf(el).shadowRoot!.querySelector('ul')!.getAttribute('aria-label')).toBe('Legend');
    expect(entries(el)).toEqual(['heat', 'path']);
    const scale = heatScale(snapshot.cellReward)!;
    const heat = text(entry(el, 'heat'));
    expect(heat).toContain('Learned reward');
    expect(heat).toContain(`${signed2(scale.min)}`);
    expect(heat).toContain(`${signed2(scale.max)}`);
    expect(heat).toContain(`green: above the median cell, ${signed2(scale.centre)}; red: below`);
    // As on the canvas: the end farthest from the median at full strength, clear at the median.
    const scaleCss = swatch(entry(el, 'heat')).backgroundImage;
    const farthest = scale.max - scale.centre >= scale.centre - scale.min ? OVERLAY_COLORS.positive : OVERLAY_COLORS.negative;
    expect(scaleCss).toContain(`rgba(${farthest.join(', ')}, 0.6)`);
    expect(scaleCss).toContain(`rgba(${OVERLAY_COLORS.negative.join(', ')}, 0)`);
    expect(scaleCss).toContain(`rgba(${OVERLAY_COLORS.positive.join(', ')}, 0)`);
    expect(swatch(entry(el, 'path')).borderTopColor).toBe(css(OVERLAY_COLORS.path));
    expect(text(entry(el, 'path'))).toContain("The agent's path");
  });

  it('entries follow the toggles: uncertainty scale, no heat-map, policy arrows, no path', async () => {
    const el = await mountView();
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Heat-map' }), 'Uncertainty');
    await settle(el);
    expect(text(entry(el, 'heat'))).toContain('Uncertainty');
    expect(text(entry(el, 'heat'))).toContain(finiteRange(snapshot.cellUncertainty)!.max.toFixed(2));
    expect(swatch(entry(el, 'heat')).backgroundImage).toContain(`rgba(${OVERLAY_COLORS.uncertain.join(', ')}, 0.6)`);
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'Heat-map' }), 'None');
    await page.getByRole('checkbox', { name: 'Policy arrows' }).click();
    await page.getByRole('checkbox', { name: "Agent's path" }).click();
    await settle(el);
    expect(entries(el)).toEqual(['arrows']);
    expect(swatch(entry(el, 'arrows')).borderTopColor).toBe(css(OVERLAY_COLORS.arrow));
  });

  it("a claim adds the dashed fix and the step ring; a path that bumps a wall adds the standing-still dot", async () => {
    const el = await mountView();
    el.claim = claim;
    await settle(el);
    expect(entries(el)).toEqual(['heat', 'path', 'fix', 'marker']);
    expect(swatch(entry(el, 'fix')).borderTopStyle).toBe('dashed');
    expect(swatch(entry(el, 'fix')).borderTopColor).toBe(css(OVERLAY_COLORS.fix));
    expect(swatch(entry(el, 'marker')).borderTopColor).toBe(css(OVERLAY_COLORS.marker));
    el.claim = null;
    el.snapshot = bumping;
    await settle(el);
    expect(entries(el)).toEqual(['heat', 'path', 'still']);
    expect(swatch(entry(el, 'still')).backgroundColor).toBe(css(OVERLAY_COLORS.path));
    expect(text(entry(el, 'still'))).toContain('stands still');
  });

  it('moved cells are outlined on the canvas and named in the legend', async () => {
    const el = await mountView();
    const canvas = el.shadowRoot!.querySelector('rp-grid')!.shadowRoot!.querySelector('canvas')!;
    const c = canvas.width / W;
    const edge = () => canvas.getContext('2d')!.getImageData(Math.floor(5 * c), Math.floor(2 * c), Math.floor(c), 2).data; // top edge of cell (5, 2)
    const dark = (d: Uint8ClampedArray) => {
      const [r, g, b] = rgb(OVERLAY_COLORS.outline);
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - r) < 12 && Math.abs(d[i + 1] - g) < 12 && Math.abs(d[i + 2] - b) < 12) n++;
      return n;
    };
    const before = dark(edge());
    const moved: MovedCell[] = [{ cell: 2 * W + 5, before: 0, after: 1, delta: 1 }];
    el.moved = moved;
    await settle(el);
    expect(dark(edge())).toBeGreaterThan(before + c / 2);
    expect(entries(el)).toContain('outline');
    expect(swatch(entry(el, 'outline')).borderTopColor).toBe(css(OVERLAY_COLORS.outline));
  });

  it('the true scores on tiles get an entry only with Reveal truth', async () => {
    const el = await mountView();
    expect(entries(el)).not.toContain('labels');
    expect(text(legendOf(el).shadowRoot!.querySelector('ul'))).not.toMatch(/true/i);
    el.reveal = true;
    await settle(el);
    expect(text(entry(el, 'labels'))).toContain('true score');
  });
});
