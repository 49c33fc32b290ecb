// <rp-reliability>: the critique model's reliability diagram from the session's verdicts — an empty
// state, one dot per non-empty bin at (mean prediction, fraction accepted) with its count, the same
// figures in a table, and older verdicts without a recorded prediction counted but not drawn.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import { findClaims } from '../../src/core/claims';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import { verdictOn, type Verdict } from '../../src/core/verdicts';
import '../../src/components/rp-reliability';
import type { RpReliability } from '../../src/components/rp-reliability';

const vase = loadLevel(vaseText).space;
const [claim] = findClaims(vase, followActions(vase, parseActions('rrrrrr'), new Rng(0)));

async function mount(verdicts: Verdict[]) {
  const screen = render(html`<rp-reliability .verdicts=${verdicts}></rp-reliability>`);
  const el = screen.container.querySelector<RpReliability>('rp-reliability')!;
  await el.updateComplete;
  return el;
}

const readout = (el: RpReliability) => el.shadowRoot!.querySelector('[data-readout="reliability"]')!.textContent!.replace(/\s+/g, ' ').trim();

describe('<rp-reliability>', () => {
  it('without predictions it says so and draws nothing', async () => {
    const el = await mount([verdictOn(claim, true, 2, 'v1')]);
    expect(readout(el)).toMatch(/^No verdicts with a recorded prediction yet/);
    expect(el.shadowRoot!.querySelector('svg')).toBeNull();
    await expect.element(page.getByText('1 older verdict has no recorded prediction and is not shown.')).toBeVisible();
  });

  it('draws one dot per non-empty bin, at (mean prediction, fraction accepted), with its count', async () => {
    const verdicts = [
      verdictOn(claim, true, 2, 'v1', 0.9),
      verdictOn(claim, false, 3, 'v2', 0.95),
      verdictOn(claim, false, 1, 'v3', 0.85),
      verdictOn(claim, true, 2, 'v4', 0.9),
      verdictOn(claim, false, 2, 'v5', 0.1),
      verdictOn(claim, false, 2, 'v6'), // older: no prediction
    ];
    const el = await mount(verdicts);
    await expect.element(page.getByRole('img', { name: /Reliability diagram/ })).toBeVisible();
    const dots = [...el.shadowRoot!.querySelectorAll<SVGCircleElement>('circle.bin')];
    expect(dots.map((d) => d.dataset.bin)).toEqual(['0.0', '0.8']);
    // The plot maps [0, 1]² to x 34…194, y 170…10.
    expect(Number(dots[1].getAttribute('cx'))).toBeCloseTo(34 + 0.9 * 160, 6);
    expect(Number(dots[1].getAttribute('cy'))).toBeCloseTo(10 + 0.5 * 160, 6);
    expect(Number(dots[0].getAttribute('cx'))).toBeCloseTo(34 + 0.1 * 160, 6);
    expect(Number(dots[0].getAttribute('cy'))).toBeCloseTo(170, 6);
    expect(Number(dots[1].getAttribute('r'))).toBeGreaterThan(Number(dots[0].getAttribute('r'))); // 4 verdicts against 1
    expect([...el.shadowRoot!.querySelectorAll('text.count')].map((t) => t.textContent)).toEqual(['1', '4']);
    expect(readout(el)).toBe(
      '5 verdicts: the assistant expected you to accept 74% on average; you accepted 40% (2 of 5). On the dashed diagonal, its predictions would match your verdicts.',
    );
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['0.0–0.2 1 0 (0%)', '0.2–0.4 0 —', '0.4–0.6 0 —', '0.6–0.8 0 —', '0.8–1.0 4 2 (50%)']);
    await expect.element(page.getByText('1 older verdict has no recorded prediction and is not shown.')).toBeVisible();
  });

  it('redraws when the verdicts change', async () => {
    const el = await mount([]);
    expect(el.shadowRoot!.querySelector('svg')).toBeNull();
    el.verdicts = [verdictOn(claim, true, 2, 'v1', 0.5)];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('circle.bin')).toHaveLength(1);
    expect(readout(el)).toMatch(/^1 verdict: .* accept 50% on average; you accepted 100% \(1 of 1\)/);
  });
});
