/**
 * Counterfactual fixes and severities. A fix keeps the original prefix up to the flaw and then follows
 * a fix plan (the true reward with the flawed state–action pairs forbidden) from the state before the
 * flaw, at the same step index. Where an action has several outcomes (tomatoes drying) the fix follows
 * the most likely one, so a fix is one concrete, valid path through the transition table.
 */
import { NUM_ACTIONS, type Action } from '../gridworld';
import type { Trajectory } from '../planner';
import type { StateSpace } from '../states';
import { advantageLoss, qValue, stateValue, type FixPlan, type LevelAnalysis } from './analysis';
import type { ClaimFix } from './types';

/** Q values closer than this count as a tie (float32 plan values). */
const TIE = 1e-4;

/** The most likely outcome of action a in s (lowest transition index on ties). */
export function likeliestTransition(space: StateSpace, s: number, a: number): number {
  let best = -1;
  for (let k = space.offset[s * NUM_ACTIONS + a]; k < space.offset[s * NUM_ACTIONS + a + 1]; k++) {
    if (best < 0 || space.prob[k] > space.prob[best] + 1e-12) best = k;
  }
  return best;
}

/** Builds a ClaimFix from the original prefix (steps before `step`) and a suffix of transitions. */
export function assembleFix(space: StateSpace, trajectory: Trajectory, step: number, suffix: readonly number[]): ClaimFix {
  const transitions = [...trajectory.transitions.slice(0, step - 1), ...suffix];
  const states = [trajectory.states[0], ...transitions.map((k) => space.next[k])];
  let trueReturn = 0,
    apparentReturn = 0;
  for (const k of transitions) {
    trueReturn += space.trueReward[k];
    apparentReturn += space.apparentReward[k];
  }
  return {
    actions: transitions.map((k) => space.action[k] as Action),
    fromStep: step,
    states,
    transitions,
    trueReturn,
    apparentReturn,
  };
}

/**
 * The fix that leaves the original at `step` (1-based) and follows `fp` to the end of the episode;
 * null when no flaw-free alternative exists from the state before the step. Among equally good
 * actions it keeps the original's action at the same step index, so the fix changes no more than it
 * must. `avoidFirst` (an action) is never taken at the first re-planned step.
 */
export function planFix(analysis: LevelAnalysis, fp: FixPlan, trajectory: Trajectory, step: number, avoidFirst = -1): ClaimFix | null {
  const { space } = analysis;
  let s = trajectory.states[step - 1];
  let t = step - 1;
  if (!analysis.fixExists(fp, t, s)) return null;
  const suffix: number[] = [];
  const q = new Float64Array(NUM_ACTIONS);
  while (t < fp.plan.horizon && !space.terminal[s]) {
    let max = -Infinity;
    for (let a = 0; a < NUM_ACTIONS; a++) max = Math.max(max, (q[a] = qValue(space, fp.plan, t, s, a)));
    if (t === step - 1 && avoidFirst >= 0) {
      q[avoidFirst] = -Infinity;
      max = Math.max(...q);
    }
    const tol = TIE + 1e-6 * Math.abs(max);
    const preferred = t < trajectory.actions.length ? trajectory.actions[t] : -1;
    let a = preferred >= 0 && q[preferred] >= max - tol ? preferred : -1;
    for (let b = 0; a < 0 && b < NUM_ACTIONS; b++) if (q[b] >= max - tol) a = b;
    const k = likeliestTransition(space, s, a);
    if (fp.forbidden[k]) return null;
    suffix.push(k);
    s = space.next[k];
    t++;
  }
  return assembleFix(space, trajectory, step, suffix);
}

/**
 * The loss of the original's steps `step … endStep` against the fix, in expected true reward: the
 * regret of those steps (V*_t(s) − Q*_t(s, a), by the true-reward optimal values) minus what avoiding
 * the flaw costs from the state before the step (V* − V_fix there). On a deterministic level this is
 * exactly "the fix's value before the step, minus what the original earned on the steps plus the best
 * value after them"; with chance outcomes it does not charge a claim for a tomato that dried by bad
 * luck. It charges a claim only for its own steps, not for later mistakes.
 */
export function runLoss(analysis: LevelAnalysis, fp: FixPlan, trajectory: Trajectory, step: number, endStep: number): number {
  const { space } = analysis;
  const s = trajectory.states[step - 1];
  return spanRegret(analysis, trajectory, step, endStep) - (stateValue(space, analysis.truePlan, step - 1, s) - stateValue(space, fp.plan, step - 1, s));
}

/** Total true regret of steps `step … endStep`: an upper bound of runLoss for any fix, so detectors can skip planning. */
export function spanRegret(analysis: LevelAnalysis, trajectory: Trajectory, step: number, endStep: number): number {
  let regret = 0;
  for (let i = step; i <= endStep; i++) regret += advantageLoss(analysis.space, analysis.truePlan, i - 1, trajectory.states[i - 1], trajectory.actions[i - 1]);
  return regret;
}

/** Whether a fix's re-planned part uses none of the forbidden transitions. */
export function fixAvoids(fix: ClaimFix, forbidden: Uint8Array): boolean {
  return fix.transitions.slice(fix.fromStep - 1).every((k) => !forbidden[k]);
}

/**
 * How a fix and the original compare on true reward: both from the first step where they differ to
 * the end of both. A side ends where its episode ended (padded with steps worth 0, as in the true
 * score) or where its record stops; a side that did not end caps the span, so neither is credited for
 * steps the other never had (for a whole episode that cap is the level's max steps).
 */
export interface FixComparison {
  /** 0-based index of the first step whose transition differs. */
  readonly diverge: number;
  /** 0-based index one past the last compared step (≤ the level's max steps). */
  readonly end: number;
  /** True reward of the fix over steps diverge … end − 1. */
  readonly fixTrue: number;
  /** True reward of the original over the same steps. */
  readonly originalTrue: number;
}

/** Whether a path of transitions ended (its last transition ended the episode). */
function ended(space: StateSpace, transitions: readonly number[]): boolean {
  return transitions.length > 0 && space.terminated[transitions[transitions.length - 1]] === 1;
}

/** Compares a fix with the original on true reward (see FixComparison); null when they never differ on a compared step. */
export function compareFix(space: StateSpace, trajectory: Trajectory, fix: ClaimFix): FixComparison | null {
  const a = fix.transitions,
    b = trajectory.transitions;
  let diverge = 0;
  while (diverge < a.length && diverge < b.length && a[diverge] === b[diverge]) diverge++;
  // A side that did not end stops the comparison at its last step; two that ended run to the later end.
  const open = [ended(space, a) ? Infinity : a.length, ended(space, b) ? Infinity : b.length];
  const end = Math.min(...open) < Infinity ? Math.min(...open) : Math.max(a.length, b.length);
  if (end <= diverge) return null;
  let fixTrue = 0,
    originalTrue = 0;
  for (let i = diverge; i < Math.min(end, a.length); i++) fixTrue += space.trueReward[a[i]];
  for (let i = diverge; i < Math.min(end, b.length); i++) originalTrue += space.trueReward[b[i]];
  return { diverge, end, fixTrue, originalTrue };
}

/** Margin (true reward units) by which a fix must beat the original to count as truly better. */
export const TRULY_BETTER_MARGIN = 1e-6;

/** Whether the fix truly scores higher than the original on the compared steps (compareFix). */
export function fixTrulyBetter(space: StateSpace, trajectory: Trajectory, fix: ClaimFix): boolean {
  const c = compareFix(space, trajectory, fix);
  return c !== null && c.fixTrue > c.originalTrue + TRULY_BETTER_MARGIN;
}
