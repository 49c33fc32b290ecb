// <rp-reference-agent>: a built-in level drawn and the reference agent stepping through it with its scores.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import '../../src/components/rp-reference-agent';
import type { RpReferenceAgent } from '../../src/components/rp-reference-agent';

async function mount() {
  const screen = render(html`<rp-reference-agent></rp-reference-agent>`);
  const el = screen.container.querySelector<RpReferenceAgent>('rp-reference-agent')!;
  await el.updateComplete;
  const grid = el.shadowRoot!.querySelector('rp-grid')!;
  await grid.updateComplete;
  const canvas = () => grid.shadowRoot!.querySelector('canvas')!;
  const readout = (name: string) => el.shadowRoot!.querySelector(`[data-readout=${name}]`)!.textContent!.trim();
  return { el, grid, canvas, readout };
}

describe('<rp-reference-agent>', () => {
  it('draws the first level with the reference agent at its start', async () => {
    const { canvas, readout } = await mount();
    await expect.element(page.getByRole('img', { name: /Warm-up: grid of 7 by 5 cells/ })).toBeVisible();
    await expect.element(page.getByRole('heading', { name: 'Reference agent (plans on the true score)' })).toBeVisible();
    expect(canvas().width).toBeGreaterThan(0);
    expect(readout('step')).toBe('0 / 20');
    expect(readout('true-score')).toBe('0');
    expect(readout('normalized')).toBe('1.00');
  });

  it('Step advances the counter, the score and the drawing; Reset goes back', async () => {
    const { canvas, readout } = await mount();
    const before = canvas().toDataURL();
    const label = canvas().getAttribute('aria-label');
    await page.getByRole('button', { name: 'Step' }).click();
    expect(readout('step')).toBe('1 / 20');
    expect(readout('true-score')).toBe('−1');
    expect(canvas().toDataURL()).not.toBe(before);
    expect(canvas().getAttribute('aria-label')).not.toBe(label);
    await expect.element(page.getByText(/^Last move: (down|right)\.$/)).toBeVisible();
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(readout('step')).toBe('0 / 20');
    expect(canvas().toDataURL()).toBe(before);
  });

  it('choosing another level redraws it and restarts the counter', async () => {
    const { el, canvas, readout } = await mount();
    const before = canvas().toDataURL();
    el.levelId = 'lava';
    await expect.element(page.getByRole('img', { name: /Lava edge/ })).toBeVisible();
    expect(readout('step')).toBe('0 / 25');
    expect(canvas().toDataURL()).not.toBe(before);
  });

  it('Play runs the episode to its end and stops there with the final true score', async () => {
    const { readout } = await mount();
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.element(page.getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect
      .element(page.getByRole('status'), { timeout: 5000 })
      .toHaveTextContent('Reached the goal after 6 steps. True score +44.');
    expect(readout('step')).toBe('6 / 20');
    await expect.element(page.getByRole('button', { name: 'Play' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: 'Step' })).toBeDisabled();
  });

  it('can show what the screen shows instead of the true state', async () => {
    const { canvas } = await mount();
    await page.getByRole('radio', { name: 'What the screen shows' }).click();
    await expect.element(page.getByRole('img', { name: /as the screen shows it/ })).toBeVisible();
    expect(canvas().getAttribute('aria-label')).toContain('Agent at row 2, column 2');
  });
});
