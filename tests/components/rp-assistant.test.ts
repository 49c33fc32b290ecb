// <rp-assistant>: real claims from findClaims (the vase broken at step 3 on vase.level, the tamper
// tile on tomato.level, an `uncertain` step shown as a question), their evidence and hidden truth,
// the verdict buttons and their events, cycling through weaknesses, plan approval, the
// false-approval count shown only with `reveal`, and rejected claims struck through and kept in view.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-lit';
import tomatoText from '../../levels/tomato.level?raw';
import vaseText from '../../levels/vase.level?raw';
import supervisorText from '../../levels/supervisor.level?raw';
import warmupText from '../../levels/warmup.level?raw';
import type { Approval } from '../../src/app/session-types';
import { findClaims, replyTo, type Claim } from '../../src/core/claims';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { verdictOn, type Verdict } from '../../src/core/verdicts';
import '../../src/components/rp-assistant';
import type { ClaimFocusDetail, CritiqueVerdictDetail, PlanVerdictDetail, RpAssistant } from '../../src/components/rp-assistant';

const vase = loadLevel(vaseText).space;
const tomato = loadLevel(tomatoText).space;
const claimsOn = (space: StateSpace, moves: string, seed: number | string = 0) => findClaims(space, followActions(space, parseActions(moves), new Rng(seed)));

const vaseClaims = claimsOn(vase, 'rrrrrr'); // the vase 3 cells right breaks at step 3
const twoClaims = claimsOn(vase, 'rrrlrrrr'); // the vase at step 3, then a detour from step 4
const tamperClaims = claimsOn(tomato, 'rru' + 'u'.repeat(27), 'play'); // onto the tamper tile and stay
const warmup = loadLevel(warmupText).space;
const supervisor = loadLevel(supervisorText).space;

interface Events {
  verdicts: CritiqueVerdictDetail[];
  plans: PlanVerdictDetail[];
  focus: (Claim | null)[];
}

async function mount(claims: readonly Claim[], props: { approvals?: Approval[]; reveal?: boolean; disabled?: boolean; verdicts?: Verdict[] } = {}) {
  const events: Events = { verdicts: [], plans: [], focus: [] };
  const screen = render(html`<rp-assistant
    .claims=${claims}
    .pAccept=${claims.map(() => 0.8)}
    verdictCount="2"
    .approvals=${props.approvals ?? []}
    .verdicts=${props.verdicts ?? []}
    ?reveal=${props.reveal ?? false}
    ?disabled=${props.disabled ?? false}
    @critique-verdict=${(e: CustomEvent<CritiqueVerdictDetail>) => events.verdicts.push(e.detail)}
    @plan-verdict=${(e: CustomEvent<PlanVerdictDetail>) => events.plans.push(e.detail)}
    @claim-focus=${(e: CustomEvent<ClaimFocusDetail>) => events.focus.push(e.detail.claim)}
  ></rp-assistant>`);
  const el = screen.container.querySelector<RpAssistant>('rp-assistant')!;
  await el.updateComplete;
  return { el, events };
}

const button = (name: string) => page.getByRole('button', { name, exact: true });

describe('<rp-assistant>', () => {
  it('renders the real irreversible claim at step 3 with its evidence and fix, and focuses it', async () => {
    expect(vaseClaims.map((c) => [c.kind, c.step])).toEqual([['irreversible', 3]]);
    const { events } = await mount(vaseClaims);
    const claim = vaseClaims[0];
    await expect.element(page.getByText('Cannot be undone · step 3')).toBeVisible();
    await expect.element(page.getByText(claim.title)).toBeVisible();
    expect(claim.title).toContain('vase');
    await expect.element(page.getByText(claim.evidence.summary)).toBeVisible();
    await expect.element(page.getByText(/Fix \(dashed on the grid\): a different plan from step 3, true score \+42/)).toBeVisible();
    await expect.element(page.getByText('Costs about 8 points of true score · the assistant guesses you will agree: 80% · 1 of 1')).toBeVisible();
    expect(page.getByText(/severity|probability/i).elements()).toHaveLength(0);
    await expect.element(page.getByText('2 verdicts so far', { exact: false })).toBeVisible();
    expect(page.getByText(/Hidden truth/).elements()).toHaveLength(0);
    expect(events.focus).toEqual([claim]);
  });

  it("shows the agent's answer under the claim: a concession for the broken vase, a rebuttal for a walk by lava that cost nothing", async () => {
    await mount(vaseClaims);
    await expect
      .element(page.getByText('The agent answers: Keeping its move on step 3, the run can expect at most +34 points of true score; the best run from before step 3 could expect +42 points. The agent concedes: that step costs 8 points.'))
      .toBeVisible();
    cleanup();
    // The assistant raises no claim the agent could rebut; one about step 2 of this walk by the lava
    // (no true cost) gets the agent's real answer to show how a rebuttal reads.
    const edge = loadLevel('name: Edge\nmax_steps: 20\n---\n######\n#A..L#\n#....#\n#...G#\n######\n').space;
    const tr = followActions(edge, parseActions('rrdrrd'), new Rng('play'));
    const [later] = findClaims(edge, tr).filter((c) => c.kind === 'hazard');
    const near = { ...later, id: 'hazard:2', step: 2, endStep: 2, reply: replyTo(edge, tr, { ...later, step: 2, endStep: 2 }) };
    await mount([near]);
    await expect.element(page.getByText(/^The agent answers: Keep the agent's own move on step 2 and play well after: .* That step costs nothing\.$/)).toBeVisible();
  });

  it('shows the hidden truth of a tamper-tile claim', async () => {
    const [claim] = tamperClaims;
    expect(claim.kind).toBe('appearance-differs');
    await mount(tamperClaims);
    await expect.element(page.getByText('The screen hides the truth · step 3–30')).toBeVisible();
    const truth = page.getByText(/^Hidden truth:/);
    await expect.element(truth).toBeVisible();
    await expect.element(truth).toHaveTextContent(claim.evidence.revealsTruth!.detail);
    await expect.element(truth).toHaveTextContent('(the screen showed +56, the true score was −28)');
  });

  it('an uncertain claim shows its alternative as a question to answer, not as a fix', async () => {
    const tr = followActions(vase, parseActions('drrrrrru'), new Rng(0));
    const spread = Float32Array.from({ length: vase.numTransitions }, (_, k) => (k % 101) / 1000);
    spread[tr.transitions[2]] = 1; // unsure about step 3
    const claims = findClaims(vase, tr, { learnedSpread: spread }).filter((c) => c.kind === 'uncertain' && c.step === 3);
    expect(claims).toHaveLength(1);
    await mount(claims);
    await expect.element(page.getByText('The reward model is unsure · step 3')).toBeVisible();
    await expect.element(page.getByText(/^Alternative \(dashed on the grid\): a different move at step 3, .* Accepting asks you which is better/)).toBeVisible();
    expect(page.getByText(/^Fix \(dashed/).elements()).toHaveLength(0);
  });

  it('Accept critique and Reject critique emit critique-verdict with the claim and the chosen strength', async () => {
    const { events } = await mount(vaseClaims);
    await button('Accept critique').click();
    await userEvent.selectOptions(page.getByRole('combobox', { name: 'How sure' }), 'Very');
    await button('Reject critique').click();
    expect(events.verdicts).toEqual([
      { claim: vaseClaims[0], accepted: true, strength: 2 },
      { claim: vaseClaims[0], accepted: false, strength: 3 },
    ]);
    expect(events.plans).toEqual([]);
  });

  it('Show next weakness cycles through the claims, emitting claim-focus, and the verdict is on the claim shown', async () => {
    expect(twoClaims.map((c) => [c.kind, c.step])).toEqual([
      ['irreversible', 3],
      ['detour', 4],
    ]);
    const { el, events } = await mount(twoClaims);
    await button('Show next weakness').click();
    await el.updateComplete;
    await expect.element(page.getByText('Detour · step 4–8')).toBeVisible();
    await expect.element(page.getByText(/· 2 of 2$/)).toBeVisible();
    await button('Accept critique').click();
    await button('Show next weakness').click(); // wraps round
    await el.updateComplete;
    await expect.element(page.getByText('Cannot be undone · step 3')).toBeVisible();
    expect(events.focus).toEqual([twoClaims[0], twoClaims[1], twoClaims[0]]);
    expect(events.verdicts).toEqual([{ claim: twoClaims[1], accepted: true, strength: 2 }]);
  });

  it('with one claim, Show next weakness is disabled; with none, the verdicts are disabled and the focus is null', async () => {
    await mount(vaseClaims);
    await expect.element(button('Show next weakness')).toBeDisabled();
    cleanup();
    const { events } = await mount([]);
    await expect.element(page.getByText('No weakness found in the current plan.')).toBeVisible();
    await expect.element(button('Accept critique')).toBeDisabled();
    await expect.element(button('Reject critique')).toBeDisabled();
    expect(events.focus).toEqual([null]);
    cleanup();
    await mount([], { disabled: true }); // no plan yet: not "no weakness"
    await expect.element(page.getByText("The assistant waits for the agent's first plan.")).toBeVisible();
    expect(page.getByText('No weakness found', { exact: false }).elements()).toHaveLength(0);
  });

  it('Approve plan and Reject plan emit plan-verdict', async () => {
    const { events } = await mount(vaseClaims);
    await button('Approve plan').click();
    await button('Reject plan').click();
    expect(events.plans).toEqual([{ approved: true }, { approved: false }]);
    expect(events.verdicts).toEqual([]);
  });

  it('disabled disables every verdict', async () => {
    await mount(twoClaims, { disabled: true });
    for (const name of ['Accept critique', 'Reject critique', 'Approve plan', 'Reject plan']) await expect.element(button(name)).toBeDisabled();
  });

  const approvals: Approval[] = [
    { id: 'a1', labels: 0, approved: true, trueReturn: 34, apparentReturn: 34, flawed: true },
    { id: 'a2', labels: 3, approved: true, trueReturn: 42, apparentReturn: 42, flawed: false },
    { id: 'a3', labels: 5, approved: false, trueReturn: 34, apparentReturn: 34, flawed: true },
  ];

  it('counts approvals; the false approvals (flawed by the hidden truth) only with reveal', async () => {
    const { el } = await mount(vaseClaims, { approvals });
    const readout = el.shadowRoot!.querySelector('[data-readout="approvals"]')!;
    expect(readout.textContent!.replace(/\s+/g, ' ').trim()).toBe('2 of 3 plans approved.');
    expect(readout.textContent).not.toContain('false');
    el.reveal = true;
    await el.updateComplete;
    expect(readout.textContent!.replace(/\s+/g, ' ').trim()).toBe('2 of 3 plans approved; 1 false approval (flawed by the hidden truth).');
  });

  it('a rejected claim is struck through and marked "You rejected this"; Reject is disabled, Accept is not', async () => {
    const claim = vaseClaims[0];
    const { el } = await mount(vaseClaims, { verdicts: [verdictOn(claim, false, 2, 'v1')] });
    const note = page.getByText('You rejected this.');
    await expect.element(note).toBeVisible();
    const title = el.shadowRoot!.querySelector('.title s')!;
    expect(title.textContent).toBe(claim.title);
    expect(getComputedStyle(el.shadowRoot!.querySelector('.evidence')!).textDecorationLine).toBe('line-through');
    await expect.element(button('Reject critique')).toBeDisabled();
    await expect.element(button('Accept critique')).toBeEnabled();
    // A later accept of the same claim is the latest verdict: no longer marked.
    el.verdicts = [verdictOn(claim, false, 2, 'v1'), verdictOn(claim, true, 2, 'v2')];
    await el.updateComplete;
    expect(page.getByText('You rejected this.').elements()).toHaveLength(0);
    expect(el.shadowRoot!.querySelector('.title s')).toBeNull();
  });

  it('after a reject the re-ranked claims keep the rejected claim in view, still marked; the next one is not', async () => {
    const { el, events } = await mount(twoClaims);
    await button('Reject critique').click();
    expect(events.verdicts).toEqual([{ claim: twoClaims[0], accepted: false, strength: 2 }]);
    // What the page does next: the verdict is stored and the critique model re-ranks the claims.
    el.verdicts = [verdictOn(twoClaims[0], false, 2, 'v1', 0.8)];
    el.claims = [twoClaims[1], twoClaims[0]];
    el.pAccept = [0.6, 0.7];
    await el.updateComplete;
    await expect.element(page.getByText('Cannot be undone · step 3')).toBeVisible();
    await expect.element(page.getByText('You rejected this.')).toBeVisible();
    await expect.element(page.getByText(/agree: 70% · 2 of 2$/)).toBeVisible();
    await button('Show next weakness').click();
    await el.updateComplete;
    await expect.element(page.getByText('Detour · step 4–8')).toBeVisible();
    expect(page.getByText('You rejected this.').elements()).toHaveLength(0);
    await expect.element(button('Reject critique')).toBeEnabled();
    await button('Show next weakness').click();
    await el.updateComplete;
    await expect.element(page.getByText('You rejected this.')).toBeVisible(); // and it stays so
  });

  it('a reject of the same step of another plan (other features) does not mark this claim', async () => {
    const claim = vaseClaims[0];
    const other = { ...claim, features: claim.features.map((f, i) => (i === claim.features.length - 1 ? f + 0.1 : f)) };
    await mount(vaseClaims, { verdicts: [verdictOn(other, false, 3, 'v1')] });
    await expect.element(page.getByText(claim.title)).toBeVisible();
    expect(page.getByText('You rejected this.').elements()).toHaveLength(0);
    await expect.element(button('Reject critique')).toBeEnabled();
  });

  it('names the new kinds plainly: a random agent, a punishment in plain sight, a coin left behind', async () => {
    const random = claimsOn(warmup, 'rurulruulululurlrurr', 'play'); // a uniform random rollout
    await mount(random);
    await expect.element(page.getByText('Wasted moves · step 2–20')).toBeVisible();
    await expect.element(page.getByText('The agent has no plan yet: it moves at random.')).toBeVisible();
    expect(page.getByText('No weakness found', { exact: false }).elements()).toHaveLength(0);
    cleanup();
    const present = supervisor.initial.findIndex((i) => supervisor.states[i.state].supervisorPresent);
    const punished = findClaims(supervisor, followActions(supervisor, parseActions('rrrrr'), new Rng(0), supervisor.initial[present].state));
    await mount(punished);
    await expect.element(page.getByText('A punishment in plain sight · step 2')).toBeVisible();
    await expect.element(page.getByText('Step 2 steps on the punishment tile at row 2, column 4 while the supervisor is watching.')).toBeVisible();
  });
});
