// <rp-progress>: an accessible progress bar, hidden while idle.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import '../../src/components/rp-progress';
import type { RpProgress } from '../../src/components/rp-progress';

describe('<rp-progress>', () => {
  it('shows a labelled progressbar with aria-valuenow in percent', async () => {
    const screen = render(html`<rp-progress .value=${0.4} label="Measuring backends…"></rp-progress>`);
    const el = screen.container.querySelector<RpProgress>('rp-progress')!;
    const bar = page.getByRole('progressbar', { name: 'Measuring backends…' });
    await expect.element(bar).toBeVisible();
    await expect.element(bar).toHaveAttribute('aria-valuenow', '40');
    el.value = 0.856;
    await el.updateComplete;
    await expect.element(bar).toHaveAttribute('aria-valuenow', '86');
    await expect.element(page.getByText('86%')).toBeVisible();
  });

  it('is hidden when idle, keeps its height either way, and clamps out-of-range values', async () => {
    const screen = render(html`<rp-progress label="Training…"></rp-progress>`);
    const el = screen.container.querySelector<RpProgress>('rp-progress')!;
    await el.updateComplete;
    expect(page.getByRole('progressbar').elements()).toHaveLength(0);
    const idleHeight = el.getBoundingClientRect().height;
    el.value = 1.7;
    await el.updateComplete;
    await expect.element(page.getByRole('progressbar', { name: 'Training…' })).toHaveAttribute('aria-valuenow', '100');
    // The page below does not jump when a training burst starts or ends.
    expect(el.getBoundingClientRect().height).toBe(idleHeight);
    expect(idleHeight).toBeGreaterThan(0);
    el.value = null;
    await el.updateComplete;
    expect(page.getByRole('progressbar').elements()).toHaveLength(0);
    expect(el.getBoundingClientRect().height).toBe(idleHeight);
  });
});
