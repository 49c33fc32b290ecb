// <reward-playground>: the whole sandbox in Chromium with the real store, worker and IndexedDB — the
// page renders with the level drawn, a pair to label, and an answer counted and its effect spelt out; a demonstrated episode
// is stored as a label; the `hide` attribute removes those controls; a label-budget challenge stops
// labelling at its budget and shows its result; "Random level" loads a generated level `gen:SEED`.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import '../../src/components/reward-playground';
import type { RewardPlayground } from '../../src/components/reward-playground';
import { checkSegment } from '../../src/core/preferences';
import { generateLevelText } from '../../src/core/level-generator';

describe('<reward-playground>', () => {
  it('draws the level, proposes a pair and counts an answer', async () => {
    const key = `test-${Date.now()}`;
    const screen = render(html`<reward-playground storage-key=${key} level="vase" hide="seed,ensemble"></reward-playground>`);
    const el = screen.container.querySelector<RewardPlayground>('reward-playground')!;
    await expect.element(page.getByRole('heading', { name: 'Reward Playground' })).toBeVisible();
    await expect.element(page.getByRole('heading', { name: 'The agent: Vase room' })).toBeVisible();
    const left = page.getByRole('button', { name: 'Left is better', exact: true });
    await expect.poll(() => left.element().hasAttribute('disabled'), { timeout: 90_000 }).toBe(false);
    // The agent's grid is drawn once the first snapshot arrives.
    await expect.element(page.getByRole('img', { name: /^Vase room: grid of 9 by 4 cells/ }).first()).toBeVisible();
    await left.click();
    await expect.element(page.getByText('1 label', { exact: true }).first()).toBeVisible();
    expect(el.store.state.labels).toHaveLength(1);
    // Once the model has learnt from it, the click's effect is spelt out beside the agent.
    const effect = () => el.shadowRoot!.querySelector('rp-click-effect')!.shadowRoot!.querySelector('[data-effect="answer"]')?.textContent ?? '';
    await expect.poll(effect, { timeout: 90_000 }).toBe('Your answer (label 1): Left is better.');
    // Demonstrate an episode from the agent's current one; an early Done stores "mine ≻ the agent's".
    // First the burst's last snapshot (an earlier one shows the plan after its first steps).
    await expect.poll(() => el.store.state.curve.at(-1)?.labels === 1 && el.store.state.trainProgress === null, { timeout: 90_000 }).toBe(true);
    const demonstrate = page.getByRole('button', { name: 'Demonstrate an episode' });
    await expect.poll(() => demonstrate.element().hasAttribute('disabled'), { timeout: 90_000 }).toBe(false);
    await demonstrate.click();
    const panel = el.shadowRoot!.querySelector('rp-label-panel')!;
    await expect.poll(() => panel.shadowRoot!.querySelector('rp-demonstrate')).not.toBeNull(); // loaded on first use
    const demo = panel.shadowRoot!.querySelector('rp-demonstrate')!;
    expect(demo.episode).toBe(el.store.state.snapshot?.rollout);
    const first = ((demo.episode!.actions[0] ?? 0) + 1) % 4; // not the agent's first move
    await userEvent.keyboard(`{${['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'][first]}}`);
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await expect.poll(() => el.store.state.labels.length).toBe(2);
    const shown = el.store.state.labels[1];
    expect(shown.provenance).toBe('demonstration');
    expect(shown.left.length).toBe(shown.right.length);
    for (const side of [shown.left, shown.right]) expect(() => checkSegment(el.store.engineSpace, side)).not.toThrow();
    // Hidden controls are not rendered; the others are.
    const controls = el.shadowRoot!.querySelector('rp-controls')!.shadowRoot!;
    expect(controls.querySelector('#seed')).toBeNull();
    expect(controls.textContent).toContain('Query mode');
    // A label-budget challenge of one label: "k of N labels", labelling stops at N, then the result
    // beside the exact labeller's on Active and Random queries (run off-line in the worker).
    await el.store.startChallenge(1);
    await expect.element(page.getByText('0 of 1 label', { exact: true })).toBeVisible();
    await expect.poll(() => left.element().hasAttribute('disabled'), { timeout: 90_000 }).toBe(false);
    await left.click();
    await expect.element(page.getByText('1 of 1 label', { exact: true })).toBeVisible();
    await expect.poll(() => left.element().hasAttribute('disabled')).toBe(true);
    const challenge = el.shadowRoot!.querySelector('rp-challenge')!.shadowRoot!;
    const rows = () => [...challenge.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    await expect.poll(() => rows().every(([, score]) => /^-?\d\.\d\d$/.test(score ?? '')), { timeout: 90_000 }).toBe(true);
    expect(rows().map(([who]) => who)).toEqual(['You', 'Active queries', 'Random queries']);
    expect(el.store.state.labels).toHaveLength(1);
    el.store.close();
  }, 120_000);

  it('"Random level" loads a generated level gen:SEED, shown by its name like any level', async () => {
    const screen = render(html`<reward-playground storage-key=${`test-random-${Date.now()}`} level="warmup"></reward-playground>`);
    const el = screen.container.querySelector<RewardPlayground>('reward-playground')!;
    // Once the saved session is read (the level switch itself does not wait for the learning engine).
    await expect.poll(() => el.store.state.phase, { timeout: 90_000 }).not.toBe('starting');
    await page.getByLabelText('Level', { exact: true }).selectOptions('Random level');
    await expect.poll(() => el.store.state.settings.levelId).toMatch(/^gen:\d+$/);
    const { levelId, levelText } = el.store.state.settings;
    const seed = Number(levelId.slice(4));
    expect(levelText).toBe(generateLevelText(seed));
    await expect.element(page.getByRole('heading', { name: `The agent: Random level ${seed}` })).toBeVisible();
    await expect.element(page.getByLabelText('Level', { exact: true })).toHaveValue(levelId);
    await page.getByRole('button', { name: 'New random level' }).click();
    await expect.poll(() => el.store.state.settings.levelId).not.toBe(levelId);
    expect(el.store.state.settings.levelId).toMatch(/^gen:\d+$/);
    el.store.close();
  }, 120_000);
});
