// <rp-backend-badge>: names the backend and where it runs; opens the probe's table; emits backend-change.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import '../../src/components/rp-backend-badge';
import type { BackendChangeDetail, BackendReportView, RpBackendBadge } from '../../src/components/rp-backend-badge';

const report: BackendReportView = {
  backend: 'wasm',
  probe: [
    { backend: 'webgpu', available: true, msPerStep: 42.5 },
    { backend: 'webgl', available: false, msPerStep: null, error: 'no WebGL context' },
    { backend: 'wasm', available: true, msPerStep: 4.25 },
    { backend: 'cpu', available: true, msPerStep: 17 },
  ],
};

async function mount(r: BackendReportView | null, runsIn: 'worker' | 'main-thread' | null = 'worker') {
  const seen: BackendChangeDetail[] = [];
  const screen = render(
    html`<rp-backend-badge .report=${r} .runsIn=${runsIn} @backend-change=${(e: CustomEvent<BackendChangeDetail>) => seen.push(e.detail)}></rp-backend-badge>`,
  );
  const el = screen.container.querySelector<RpBackendBadge>('rp-backend-badge')!;
  await el.updateComplete;
  return { el, seen };
}

describe('<rp-backend-badge>', () => {
  it('names the backend in use and where the engine runs', async () => {
    await mount(report);
    await expect.element(page.getByRole('button', { name: 'Backend: WASM · worker' })).toBeVisible();
  });

  it('says it is starting before there is a report, and how far the probe has measured while it runs', async () => {
    const { el } = await mount(null, null);
    await expect.element(page.getByRole('button', { name: 'Backend: starting…' })).toBeVisible();
    el.progress = 0.25;
    await expect.element(page.getByRole('button', { name: 'Backend: measuring… 25%' })).toBeVisible();
    el.progress = null;
    el.report = report;
    await expect.element(page.getByRole('button', { name: 'Backend: WASM' })).toBeVisible();
  });

  it('opens a dialog with the probe table, ratios to the fastest and errors', async () => {
    await mount(report, 'main-thread');
    await page.getByRole('button', { name: /Backend: WASM · main thread/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Reward-model backend' });
    await expect.element(dialog).toBeVisible();
    const rows = dialog.getByRole('row').elements().map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim()));
    expect(rows).toEqual([
      ['Backend', 'Available', 'ms per step', '× fastest', 'Error'],
      ['WebGPU', 'yes', '42.5', '10.0×', ''],
      ['WebGL', 'no', '—', '—', 'no WebGL context'],
      ['WASM', 'yes', '4.25', '1.0×', ''],
      ['CPU', 'yes', '17.0', '4.0×', ''],
    ]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.element(dialog).not.toBeInTheDocument();
  });

  it('says when a remembered choice was measured, and emits backend-remeasure from Measure again', async () => {
    const at = new Date(2026, 10, 2, 9, 30).getTime();
    const { el } = await mount({ ...report, measuredAt: at, tfjs: '4.22.0', reused: true });
    let asked = 0;
    el.addEventListener('backend-remeasure', () => asked++);
    await page.getByRole('button', { name: /Backend:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Reward-model backend' });
    await expect.element(dialog.getByText(`Measured in this browser on ${new Date(at).toLocaleString()} and taken again without measuring.`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Measure again' }).click();
    expect(asked).toBe(1);
  });

  it('says a backend started before any probe is not measured yet, and Measure now asks for the probe', async () => {
    const { el } = await mount({ backend: 'wasm', probe: [], provisional: true });
    let asked = 0;
    el.addEventListener('backend-remeasure', () => asked++);
    await page.getByRole('button', { name: /Backend: WASM/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Reward-model backend' });
    await expect.element(dialog.getByText('Not measured yet: the engine started on WASM, the first backend ready, so that the first plans need not wait. The backends are measured once you pause, and the fastest takes over.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Measure now' }).click();
    expect(asked).toBe(1);
  });

  it('emits backend-change with the chosen backend', async () => {
    const { seen } = await mount(report);
    await page.getByRole('button', { name: /Backend:/ }).click();
    const select = page.getByLabelText('Use backend');
    await expect.element(select).toHaveValue('auto');
    expect(select.getByRole('option').elements().map((o) => o.textContent)).toEqual(['Automatic (measured)', 'WebGPU', 'WebGL', 'WASM', 'CPU']);
    await select.selectOptions('WebGPU');
    expect(seen).toEqual([{ backend: 'webgpu' }]);
  });

  it('shows the note when the backend changed on its own', async () => {
    await mount({ backend: 'wasm', probe: [], note: 'The GPU device was lost; switched to WASM and retrained from your labels.' });
    const badge = page.getByRole('button', { name: /Backend: WASM · worker.*changed on its own/ });
    await badge.click();
    await expect.element(page.getByText(/The GPU device was lost/)).toBeVisible();
    await expect.element(page.getByText(/the backend was chosen by hand/)).toBeVisible();
  });
});
