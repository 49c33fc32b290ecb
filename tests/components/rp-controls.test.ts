// <rp-controls>: settings with typed, validated settings-change events; Auto-label with an exact or
// noisy simulated labeller; "Random level" and generated levels in the picker; Reset; hidden controls.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import { BUILTIN_LEVELS } from '../../src/app/builtin-levels';
import { generateLevelText } from '../../src/core/level-generator';
import { defaultSettings, type Settings } from '../../src/app/settings';
import '../../src/components/rp-controls';
import type { AutoLabelDetail, RpControls, SettingsChangeDetail } from '../../src/components/rp-controls';
import type { LevelChangeDetail } from '../../src/components/rp-level-picker';

const settings: Settings = defaultSettings('warmup', BUILTIN_LEVELS[0].text);

async function mount(opts: { autoLabel?: boolean; hidden?: string[]; settings?: Settings; seeds?: number[] } = {}) {
  const seeds = [...(opts.seeds ?? [7, 8, 9])];
  const events: { type: string; detail: unknown }[] = [];
  const log = (e: Event) => events.push({ type: e.type, detail: (e as CustomEvent).detail });
  const screen = render(html`<div
    @settings-change=${log}
    @auto-label=${log}
    @level-change=${log}
    @session-reset=${log}
  >
    <rp-controls .settings=${opts.settings ?? settings} .autoLabel=${opts.autoLabel ?? false} .hiddenControls=${opts.hidden ?? []} .newLevelSeed=${() => seeds.shift() ?? 0}></rp-controls>
  </div>`);
  const el = screen.container.querySelector<RpControls>('rp-controls')!;
  await el.updateComplete;
  return { el, events };
}

/** Types into a number field and commits it (Tab fires `change`). */
async function enter(name: string, text: string) {
  const input = page.getByLabelText(name);
  await input.fill(text);
  await userEvent.tab();
}

describe('<rp-controls>', () => {
  it('shows the current settings', async () => {
    await mount();
    await expect.element(page.getByLabelText('Level')).toHaveValue('warmup');
    await expect.element(page.getByLabelText('Query mode')).toHaveValue('active');
    await expect.element(page.getByLabelText('Ensemble size')).toHaveValue(5);
    await expect.element(page.getByLabelText('Segment length (steps)')).toHaveValue(10);
    await expect.element(page.getByLabelText('Seed')).toHaveValue(1);
    await expect.element(page.getByLabelText('Simulated labeller')).toHaveValue('oracle');
    await expect.element(page.getByRole('button', { name: 'Auto-label' })).toHaveAttribute('aria-pressed', 'false');
    await expect.element(page.getByLabelText('Auto-label speed')).toHaveAttribute('aria-valuetext', 'at least 400 ms between answers');
  });

  it('emits settings-change with typed numbers, committed on change', async () => {
    const { events } = await mount();
    await enter('Ensemble size', '3');
    await enter('Segment length (steps)', '12');
    await enter('Seed', '42');
    expect(events).toEqual([
      { type: 'settings-change', detail: { patch: { members: 3 } } },
      { type: 'settings-change', detail: { patch: { segmentLength: 12 } } },
      { type: 'settings-change', detail: { patch: { seed: 42 } } },
    ]);
    const patch = (events[0].detail as SettingsChangeDetail).patch;
    expect(typeof patch.members).toBe('number');
  });

  it('ignores invalid numbers and puts the current value back', async () => {
    const { events } = await mount();
    await enter('Ensemble size', '9');
    await expect.element(page.getByLabelText('Ensemble size')).toHaveValue(5);
    await enter('Segment length (steps)', '2.5');
    await expect.element(page.getByLabelText('Segment length (steps)')).toHaveValue(10);
    await enter('Seed', '');
    await expect.element(page.getByLabelText('Seed')).toHaveValue(1);
    await enter('Seed', '-1');
    await expect.element(page.getByLabelText('Seed')).toHaveValue(1);
    await enter('Ensemble size', '5'); // unchanged: nothing to report
    expect(events).toEqual([]);
  });

  it('emits settings-change for the query mode, labeller and speed', async () => {
    const { el, events } = await mount();
    await page.getByLabelText('Query mode').selectOptions('random');
    await page.getByLabelText('Simulated labeller').selectOptions('observer');
    const speed = el.shadowRoot!.querySelector<HTMLInputElement>('#speed')!;
    speed.value = '5000'; // fastest
    speed.dispatchEvent(new Event('change', { bubbles: true }));
    expect(events.map((e) => e.detail)).toEqual([{ patch: { queryMode: 'random' } }, { patch: { labeller: 'observer' } }, { patch: { autoLabelDelayMs: 0 } }]);
  });

  it('offers the grid reward model, and says what a label costs on the backend its probe measured', async () => {
    const { el, events } = await mount();
    await expect.element(page.getByLabelText('Reward model')).toHaveValue('features');
    await page.getByLabelText('Reward model').selectOptions('grid');
    expect(events.map((e) => e.detail)).toEqual([{ patch: { rewardModel: 'grid' } }]);
    el.settings = { ...settings, rewardModel: 'grid' };
    await el.updateComplete;
    await expect.element(page.getByText('seconds per label without a GPU')).toBeVisible();
    // A grid probe timed 250 ms a step on wasm: 40 steps a label, 10 s.
    el.backend = { backend: 'wasm', model: 'grid', probe: [{ backend: 'wasm', available: true, msPerStep: 250 }] };
    await el.updateComplete;
    await expect.element(page.getByText('about 10 s of training per label on wasm here; Features is far quicker')).toBeVisible();
    // A features probe says nothing about the grid model's cost.
    el.backend = { backend: 'wasm', probe: [{ backend: 'wasm', available: true, msPerStep: 12 }] };
    await el.updateComplete;
    await expect.element(page.getByText('seconds per label without a GPU')).toBeVisible();
  });

  it('emits auto-label, level-change and session-reset', async () => {
    const { el, events } = await mount();
    await page.getByRole('button', { name: 'Auto-label' }).click();
    el.autoLabel = true;
    await el.updateComplete;
    await expect.element(page.getByRole('button', { name: 'Auto-label' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Auto-label' }).click();
    await page.getByLabelText('Level').selectOptions('Vase room');
    await page.getByRole('button', { name: 'Reset' }).click();
    expect(events).toEqual([
      { type: 'auto-label', detail: { on: true } satisfies AutoLabelDetail },
      { type: 'auto-label', detail: { on: false } satisfies AutoLabelDetail },
      { type: 'level-change', detail: { id: 'vase' } satisfies LevelChangeDetail },
      { type: 'session-reset', detail: {} },
    ]);
  });

  it('names the simulated labellers plainly and makes a noisy person an explicit choice', async () => {
    const { events } = await mount();
    const labeller = page.getByLabelText('Simulated labeller');
    await expect.element(labeller).toHaveValue('oracle');
    expect([...(labeller.element() as HTMLSelectElement).options].map((o) => o.textContent)).toEqual(['Exact oracle (sees the true score)', 'Observer (sees only the screen)']);
    await expect.element(page.getByLabelText('Random answers (%)')).toHaveValue(0);
    await expect.element(page.getByLabelText('Boltzmann temperature')).toHaveValue(0);
    await expect.element(page.getByLabelText('Random answers (%)')).toHaveAccessibleDescription(/0 = exact/);
    await enter('Random answers (%)', '10');
    await enter('Boltzmann temperature', '2.5');
    await enter('Random answers (%)', '101'); // out of range: put back, nothing reported
    await expect.element(page.getByLabelText('Random answers (%)')).toHaveValue(0);
    await enter('Boltzmann temperature', '-1');
    await enter('Boltzmann temperature', '');
    await expect.element(page.getByLabelText('Boltzmann temperature')).toHaveValue(0);
    expect(events).toEqual([
      { type: 'settings-change', detail: { patch: { labellerNoise: 0.1 } } },
      { type: 'settings-change', detail: { patch: { labellerTemperature: 2.5 } } },
    ]);
  });

  it('shows a noisy labeller passed down, in percent without float noise', async () => {
    await mount({ settings: { ...settings, labeller: 'observer', labellerNoise: 0.07, labellerTemperature: 0.3 } });
    await expect.element(page.getByLabelText('Simulated labeller')).toHaveValue('observer');
    await expect.element(page.getByLabelText('Random answers (%)')).toHaveValue(7);
    await expect.element(page.getByLabelText('Boltzmann temperature')).toHaveValue(0.3);
  });

  it('"Random level" picks a new generated level gen:SEED from a fresh seed', async () => {
    const { events } = await mount({ seeds: [7, 8] });
    await page.getByLabelText('Level').selectOptions('Random level');
    expect(events).toEqual([{ type: 'level-change', detail: { id: 'gen:7' } }]);
    await expect.element(page.getByLabelText('Level')).toHaveValue('warmup'); // until the owner switches
    expect(page.getByRole('button', { name: 'New random level' }).elements()).toHaveLength(0);
  });

  it('shows a generated level like any level, with a "New random level" button', async () => {
    const text = generateLevelText(42);
    const { events } = await mount({ settings: { ...settings, levelId: 'gen:42', levelText: text }, seeds: [99] });
    await expect.element(page.getByLabelText('Level')).toHaveValue('gen:42');
    await expect.element(page.getByRole('option', { name: 'Random level 42' })).toBeInTheDocument();
    await expect.element(page.getByText(text.match(/^summary: (.*)$/m)![1])).toBeVisible();
    await page.getByRole('button', { name: 'New random level' }).click();
    expect(events).toEqual([{ type: 'level-change', detail: { id: 'gen:99' } }]);
  });

  it('does not render hidden controls', async () => {
    await mount({ hidden: ['level', 'seed', 'reset', 'autolabel'] });
    await expect.element(page.getByLabelText('Query mode')).toBeVisible();
    await expect.element(page.getByLabelText('Ensemble size')).toBeVisible();
    expect(page.getByLabelText('Level').elements()).toHaveLength(0);
    expect(page.getByLabelText('Seed').elements()).toHaveLength(0);
    expect(page.getByRole('button', { name: 'Reset' }).elements()).toHaveLength(0);
    expect(page.getByRole('button', { name: 'Auto-label' }).elements()).toHaveLength(0);
    expect(page.getByLabelText('Auto-label speed').elements()).toHaveLength(0);
  });

  it('follows new settings passed down', async () => {
    const { el } = await mount();
    el.settings = { ...settings, queryMode: 'random', members: 2, levelId: 'lava', autoLabelDelayMs: 1200 };
    await el.updateComplete;
    await expect.element(page.getByLabelText('Query mode')).toHaveValue('random');
    await expect.element(page.getByLabelText('Ensemble size')).toHaveValue(2);
    await expect.element(page.getByLabelText('Level')).toHaveValue('lava');
    await expect.element(page.getByLabelText('Auto-label speed')).toHaveAttribute('aria-valuetext', 'at least 1200 ms between answers');
  });
});
