// <rp-curves>: uPlot learning curves, the empty state, the table alternative, and teardown.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import type { CurvePoint } from '../../src/app/session-types';
import '../../src/components/rp-curves';
import type { RpCurves } from '../../src/components/rp-curves';

/** A plausible curve: the true return climbs towards the optimum as labels arrive. */
function curve(n: number): CurvePoint[] {
  return Array.from({ length: n }, (_, i) => ({
    labels: (i + 1) * 4,
    trueReturn: -6 + i * 1.5,
    apparentReturn: -4 + i * 1.6,
    learnedReturn: 0.1 * i,
    normalizedReturn: Math.min(1, i / 8),
    heldOutAccuracy: i === 0 ? null : 0.5 + i * 0.05,
    disagreement: 0.3 / (i + 1),
  }));
}

/** Mounts the curves in the teacher's view (Reveal truth on) unless `reveal` is false. */
async function mount(points: CurvePoint[], optimal?: number, uniform?: number, reveal = true) {
  const screen = render(html`<rp-curves .curve=${points} .optimal=${optimal} .uniform=${uniform} ?reveal=${reveal}></rp-curves>`);
  const el = screen.container.querySelector<RpCurves>('rp-curves')!;
  await el.updateComplete;
  return el;
}

const legendLabels = (el: RpCurves) => [...el.shadowRoot!.querySelectorAll('.u-legend .u-series .u-label')].map((n) => n.textContent);

describe('<rp-curves>', () => {
  it('asks for labels while there are fewer than two points', async () => {
    const el = await mount(curve(1));
    await expect.element(page.getByText('Label a few pairs to see the learning curves')).toBeVisible();
    expect(el.shadowRoot!.querySelector('canvas')).toBeNull();
  });

  it('draws three uPlot charts with the expected series in their legends', async () => {
    const el = await mount(curve(5), 8, -10);
    const canvases = el.shadowRoot!.querySelectorAll('.uplot canvas');
    expect(canvases).toHaveLength(3);
    expect((canvases[0] as HTMLCanvasElement).width).toBeGreaterThan(0);
    expect(legendLabels(el)).toEqual([
      'Labels',
      'True return',
      'Apparent return',
      'Optimal true return',
      'Random policy',
      'Learned return (right axis)',
      'Labels',
      'Normalised score',
      'Labels',
      'Held-out accuracy',
      'Disagreement (right axis)',
    ]);
    await expect.element(page.getByRole('img', { name: 'Returns' })).toBeVisible();
    await expect.element(page.getByText(/Learned return is the reward model’s own sum, on the right-hand axis/)).toBeVisible();
  });

  it('with the truth hidden draws two charts: no true return, no normalised score, no reference lines', async () => {
    const el = await mount(curve(5), 8, -10, false);
    expect(el.shadowRoot!.querySelectorAll('.uplot canvas')).toHaveLength(2);
    expect(legendLabels(el)).toEqual(['Labels', 'Apparent return', 'Learned return (right axis)', 'Labels', 'Held-out accuracy', 'Disagreement (right axis)']);
  });

  it('leaves out the reference lines it was not given', async () => {
    const el = await mount(curve(3));
    expect(legendLabels(el)).not.toContain('Optimal true return');
    expect(legendLabels(el)).not.toContain('Random policy');
  });

  it('shows the latest values in the legend and updates them when points are added', async () => {
    const el = await mount(curve(3), 8);
    const value = () => el.shadowRoot!.querySelector('.u-legend .u-series:nth-child(2) .u-value')!.textContent;
    expect(value()).toBe('-3.00');
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const before = canvas.toDataURL();
    el.curve = curve(6);
    await el.updateComplete;
    expect(value()).toBe('1.50');
    expect(el.shadowRoot!.querySelector('canvas')).toBe(canvas); // updated in place, not rebuilt
    expect(canvas.toDataURL()).not.toBe(before);
  });

  it('lists every point in the table alternative', async () => {
    const el = await mount(curve(4), 8);
    await page.getByText('The numbers as a table').click();
    await el.updateComplete;
    const table = page.getByRole('table', { name: 'Learning curve data' });
    await expect.element(table).toBeVisible();
    expect(table.getByRole('row').elements()).toHaveLength(5); // header + 4 points
    await expect.element(page.getByRole('rowheader', { name: '16' })).toBeVisible();
    await expect.element(page.getByRole('columnheader', { name: 'Held-out accuracy' })).toBeVisible();
  });

  it('resizes with its container', async () => {
    const screen = render(html`<div style="width: 700px"><rp-curves .curve=${curve(3)}></rp-curves></div>`);
    const el = screen.container.querySelector<RpCurves>('rp-curves')!;
    await el.updateComplete;
    const root = () => el.shadowRoot!.querySelector<HTMLElement>('.uplot')!;
    const w0 = root().getBoundingClientRect().width;
    (screen.container.firstElementChild as HTMLElement).style.width = '420px';
    await expect.poll(() => root().getBoundingClientRect().width).toBeLessThan(w0);
    expect(root().getBoundingClientRect().width).toBeLessThanOrEqual(420);
  });

  it('destroys its charts when removed and draws them again when put back', async () => {
    const el = await mount(curve(3));
    const parent = el.parentElement!;
    el.remove();
    expect(el.shadowRoot!.querySelector('.uplot')).toBeNull();
    parent.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.uplot')).toHaveLength(3);
  });
});
