// <rp-evaluation-panel>: the assisted-evaluation experiment run in the page on vase.level with a small
// N — "Running…" first, then the table, whose numbers are runEvaluation's for the same settings —
// the explanation, the seed taken from the session, errors for bad inputs, a new level clearing
// the old result, and the critique model's reliability diagram from the session's verdicts.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import lavaText from '../../levels/lava.level?raw';
import vaseText from '../../levels/vase.level?raw';
import { DEFAULT_EVALUATION, runEvaluation } from '../../src/core/evaluation';
import { findClaims } from '../../src/core/claims';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { verdictOn } from '../../src/core/verdicts';
import '../../src/components/rp-evaluation-panel';
import type { RpEvaluationPanel } from '../../src/components/rp-evaluation-panel';

const vase = loadLevel(vaseText).space;

async function mount(space: StateSpace | null = vase, seed: number | string = 7) {
  const screen = render(html`<div style="width: 640px"><rp-evaluation-panel .space=${space} .seed=${seed}></rp-evaluation-panel></div>`);
  const el = screen.container.querySelector<RpEvaluationPanel>('rp-evaluation-panel')!;
  await el.updateComplete;
  return el;
}

const input = (name: string) => page.getByRole(name === 'Seed' ? 'textbox' : 'spinbutton', { name });
const run = page.getByRole('button', { name: 'Run the experiment' });
const tableRows = (el: RpEvaluationPanel) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));
const pct = (x: number) => `${Math.round(100 * x)}%`;

describe('<rp-evaluation-panel>', () => {
  it('explains the experiment with the current k, m, q and the level length, and takes the seed from the session', async () => {
    await mount();
    await expect.element(page.getByText(/An evaluator who inspects only 3 of the 30 steps of each plan/)).toBeVisible();
    await expect.element(page.getByText(/top\s+2\s+claims/)).toBeVisible();
    await expect.element(input('Seed')).toHaveValue('7');
    await expect.element(input('Plans judged (N)')).toHaveValue(DEFAULT_EVALUATION.trajectories);
    expect(page.getByRole('table').elements()).toHaveLength(0);
  });

  it('runs with small N after showing "Running…", and shows the table runEvaluation computes', async () => {
    const el = await mount();
    await input('Plans judged (N)').fill('24');
    await input('Steps inspected (k)').fill('2');
    await input('Claims read (m)').fill('1');
    await expect.element(page.getByText(/An evaluator who inspects only 2 of the 30 steps/)).toBeVisible();
    const done = el.run();
    await el.updateComplete;
    await expect.element(page.getByRole('status')).toHaveTextContent('Running…');
    await expect.element(run).toBeDisabled();
    await done;
    const expected = runEvaluation(vase, { trajectories: 24, k: 2, q: 0.8, m: 1, seed: 7 });
    expect(expected.flawed).toBeGreaterThan(0);
    await expect.element(page.getByRole('table')).toBeVisible();
    await expect.element(page.getByRole('table')).toHaveTextContent(`Vase room: ${expected.flawed}/24 plans flawed by the hidden truth`);
    const u = expected.unassisted,
      a = expected.assisted,
      d = expected.debate;
    expect(tableRows(el)).toEqual([
      ['Flawed plans caught (detection rate)', ...[u, a, d].map((x) => `${pct(x.detectionRate)} (${x.flawedRejected}/${expected.flawed})`)],
      ['Flawed plans approved (false approvals)', ...[u, a, d].map((x) => `${pct(x.falseApprovalRate)} (${x.flawedApproved}/${expected.flawed})`)],
      ['Good plans rejected', ...[u, a, d].map((x) => `${pct(x.cleanRejectionRate)} (${x.cleanRejected}/${expected.clean})`)],
    ]);
    const debate = el.shadowRoot!.querySelector('[data-readout="debate"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(debate).toBe(
      `Reading the agent's answer under each claim too, the evaluator caught ${d.flawedRejected} and approved ${d.flawedApproved}: the agent rebutted ${expected.rebuttals} of the ${expected.claimsRead} claims read (${expected.rebuttalsOfTrueClaims} of them true). The model assumes neither side can state a falsehood, the premise of debate.`,
    );
    const summary = el.shadowRoot!.querySelector('[data-readout="summary"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(summary).toBe(
      `With the assistant the evaluator caught ${a.flawedRejected} of the ${expected.flawed} flawed plans instead of ${u.flawedRejected}, and approved ${a.flawedApproved} of them instead of ${u.flawedApproved}.`,
    );
    const precision = el.shadowRoot!.querySelector('[data-readout="precision"]')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(precision).toBe(`Claim precision: ${pct(expected.claimPrecision)} — ${expected.claimsTrue} of the ${expected.claimsRead} claims read pointed at a real flaw.`);
    await expect.element(page.getByRole('status')).toHaveTextContent(/^Done in \d+\.\d\d s\.$/);
    await expect.element(page.getByText('Settings: N = 24, k = 2, q = 0.8, m = 1, seed 7; same settings, same table.')).toBeVisible();
    // The assistant helps on this level: more flaws caught, fewer flawed plans approved.
    expect(a.detectionRate).toBeGreaterThan(u.detectionRate);
  });

  it('the button runs it too, with the default settings', async () => {
    const el = await mount(vase, 1);
    await run.click();
    await expect.element(page.getByRole('table'), { timeout: 30_000 }).toBeVisible();
    const expected = runEvaluation(vase, { seed: 1 });
    expect(tableRows(el)[0][1]).toBe(`${pct(expected.unassisted.detectionRate)} (${expected.unassisted.flawedRejected}/${expected.flawed})`);
  });

  it('reports bad inputs instead of a table', async () => {
    await mount();
    await input('Plans judged (N)').fill('0');
    await run.click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('Could not run the experiment: trajectories must be a whole number ≥ 1, got 0.');
    expect(page.getByRole('table').elements()).toHaveLength(0);
    await input('Plans judged (N)').fill('10');
    await input('Chance of noticing (q)').fill('1.5');
    await run.click();
    await expect.element(page.getByRole('alert')).toHaveTextContent('q must be 0–1');
  });

  it('a new level clears the old result; without a level the button is disabled', async () => {
    const el = await mount();
    await input('Plans judged (N)').fill('10');
    await el.run();
    await expect.element(page.getByRole('table')).toBeVisible();
    el.space = loadLevel(lavaText).space;
    await el.updateComplete;
    expect(page.getByRole('table').elements()).toHaveLength(0);
    await expect.element(page.getByText(/inspects only 3 of the 25 steps/)).toBeVisible();
    el.space = null;
    await el.updateComplete;
    await expect.element(run).toBeDisabled();
  });

  it('shows the reliability diagram of the verdicts it is given', async () => {
    const el = await mount();
    const [claim] = findClaims(vase, followActions(vase, parseActions('rrrrrr'), new Rng(0)));
    el.verdicts = [verdictOn(claim, false, 2, 'v1', 0.9), verdictOn(claim, true, 2, 'v2', 0.3)];
    await el.updateComplete;
    await expect.element(page.getByRole('img', { name: /Reliability diagram/ })).toBeVisible();
    await expect.element(page.getByText(/2 verdicts: the assistant expected you to accept 60% on average; you accepted 50%/)).toBeVisible();
  });
});
