/**
 * The planner: finite-horizon soft (Boltzmann) value iteration for any per-transition reward, exact
 * policy evaluation, seeded rollouts and the normalised score.
 *
 * The step limit: an episode lasts at most `max_steps` steps, so the planner works backwards over
 * exactly that horizon. `V_H = 0`, `Q_t(s,a) = Σ p(s'|s,a) (r + V_{t+1}(s'))`, and the policy at step t
 * is `softmax(Q_t / τ)` with `V_t = τ · log Σ_a exp(Q_t / τ)`; at τ = 0 it is the hard maximum with ties
 * split evenly. The policy therefore depends on the step index: near the limit the agent no longer
 * heads for a goal it cannot reach. Terminal states (goal, lava) have value 0.
 */
import { NUM_ACTIONS as ACTIONS, type Action } from './gridworld';
import { Rng } from './rng';
import type { StateSpace } from './states';

/** A computed plan: values for every step and state, and the reward it was planned on. Plain data. */
export interface Plan {
  /** Number of steps planned for (the level's max_steps). */
  readonly horizon: number;
  /** Boltzmann temperature τ ≥ 0 (0 = hard maximum). */
  readonly temperature: number;
  /** V_t(s) at `values[t * numStates + s]`, t = 0 … horizon. */
  readonly values: Float32Array;
  /** The per-transition reward the plan maximises. */
  readonly reward: Float32Array;
}

/** Options of `planSoft`. */
export interface PlanOptions {
  /** Boltzmann temperature τ ≥ 0, in reward units; 0 plans the hard optimum. Default 0. */
  temperature?: number;
  /** Steps to plan for; default the level's max_steps. */
  horizon?: number;
  /**
   * Reward of each step after the episode ended, up to the horizon (default 0, as in the true score).
   * A learned reward gives its own value here: it is only defined up to a constant per step, so the
   * planner must charge the time after the end the way the model scores it.
   */
  absorbingReward?: number;
}

const TIE = 1e-9;
/** A module-local copy: the hot loops below read it millions of times, and an imported binding can cost a property lookup each time under some module transforms. */
const NUM_ACTIONS = ACTIONS;

/** Q_t(s, ·) into `out` from V_{t+1} (given as the values array and its offset). */
function qValues(space: StateSpace, reward: ArrayLike<number>, values: Float32Array, nextBase: number, s: number, out: Float64Array): void {
  const { offset, next, prob } = space;
  for (let a = 0; a < NUM_ACTIONS; a++) {
    let q = 0;
    for (let k = offset[s * NUM_ACTIONS + a]; k < offset[s * NUM_ACTIONS + a + 1]; k++) {
      q += prob[k] * (reward[k] + values[nextBase + next[k]]);
    }
    out[a] = q;
  }
}

/** Softmax (or even split over the maxima at τ = 0) of q into `out`; returns the state value. */
function boltzmann(q: Float64Array, temperature: number, out: Float64Array): number {
  let max = -Infinity;
  for (let a = 0; a < NUM_ACTIONS; a++) if (q[a] > max) max = q[a];
  if (temperature <= 0) {
    let ties = 0;
    for (let a = 0; a < NUM_ACTIONS; a++) ties += q[a] >= max - TIE * Math.max(1, Math.abs(max)) ? 1 : 0;
    for (let a = 0; a < NUM_ACTIONS; a++) out[a] = q[a] >= max - TIE * Math.max(1, Math.abs(max)) ? 1 / ties : 0;
    return max;
  }
  let sum = 0;
  for (let a = 0; a < NUM_ACTIONS; a++) sum += out[a] = Math.exp((q[a] - max) / temperature);
  for (let a = 0; a < NUM_ACTIONS; a++) out[a] /= sum;
  return max + temperature * Math.log(sum);
}

/** Plans against `reward` (one number per transition of `space`). */
export function planSoft(space: StateSpace, reward: ArrayLike<number>, options: PlanOptions = {}): Plan {
  if (reward.length !== space.numTransitions) {
    throw new RangeError(`planSoft: reward has ${reward.length} entries, the level has ${space.numTransitions} transitions`);
  }
  const temperature = options.temperature ?? 0;
  if (!(temperature >= 0)) throw new RangeError(`planSoft: temperature must be ≥ 0, got ${temperature}`);
  const horizon = options.horizon ?? space.world.level.maxSteps;
  const S = space.numStates;
  const values = new Float32Array((horizon + 1) * S);
  const q = new Float64Array(NUM_ACTIONS);
  const pi = new Float64Array(NUM_ACTIONS);
  const r = Float32Array.from(reward);
  const absorbing = options.absorbingReward ?? 0;
  for (let t = horizon - 1; t >= 0; t--) {
    const base = t * S,
      nextBase = (t + 1) * S;
    for (let s = 0; s < S; s++) {
      if (space.terminal[s]) {
        values[base + s] = (horizon - t) * absorbing;
        continue;
      }
      qValues(space, r, values, nextBase, s, q);
      values[base + s] = boltzmann(q, temperature, pi);
    }
  }
  return { horizon, temperature, values, reward: r };
}

const scratchQ = new Float64Array(NUM_ACTIONS);

/** The plan's action probabilities in state `s` at step `t` (0-based), into a new or given array. */
export function actionProbs(space: StateSpace, plan: Plan, t: number, s: number, out = new Float64Array(NUM_ACTIONS)): Float64Array {
  const q = scratchQ;
  const nextBase = Math.min(t + 1, plan.horizon) * space.numStates;
  qValues(space, plan.reward, plan.values, nextBase, s, q);
  boltzmann(q, plan.temperature, out);
  return out;
}

/** A policy to evaluate: a plan, or the uniformly random policy. */
export type PolicySource = Plan | 'uniform';

/**
 * Exact expected returns of a policy from the start distribution, one per reward array (each indexed
 * by transition), over the plan's horizon (or the level's max_steps for 'uniform'); steps after the
 * episode ended earn `absorbingRewards[i]` (default 0).
 */
export function evaluatePolicy(
  space: StateSpace,
  policy: PolicySource,
  rewards: readonly ArrayLike<number>[],
  absorbingRewards: readonly number[] = [],
): number[] {
  const horizon = policy === 'uniform' ? space.world.level.maxSteps : policy.horizon;
  const S = space.numStates;
  const { offset, next, prob } = space;
  const pi = new Float64Array(NUM_ACTIONS).fill(1 / NUM_ACTIONS);
  return rewards.map((reward, i) => {
    const absorbing = absorbingRewards[i] ?? 0;
    let future = new Float64Array(S);
    let current = new Float64Array(S);
    for (let t = horizon - 1; t >= 0; t--) {
      for (let s = 0; s < S; s++) {
        if (space.terminal[s]) {
          current[s] = (horizon - t) * absorbing;
          continue;
        }
        if (policy !== 'uniform') actionProbs(space, policy, t, s, pi);
        let v = 0;
        for (let a = 0; a < NUM_ACTIONS; a++) {
          if (pi[a] === 0) continue;
          let q = 0;
          for (let k = offset[s * NUM_ACTIONS + a]; k < offset[s * NUM_ACTIONS + a + 1]; k++) q += prob[k] * (reward[k] + future[next[k]]);
          v += pi[a] * q;
        }
        current[s] = v;
      }
      [future, current] = [current, future];
    }
    return space.initial.reduce((sum, { state, prob: p }) => sum + p * future[state], 0);
  });
}

/** One episode: visited states, actions and transitions (indices into the state space). */
export interface Trajectory {
  /** States s_0 … s_T (T = number of actions). */
  readonly states: readonly number[];
  readonly actions: readonly Action[];
  /** Transition index of each step. */
  readonly transitions: readonly number[];
  readonly trueReturn: number;
  readonly apparentReturn: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
}

/** Options of `rollout`. */
export interface RolloutOptions {
  /** Probability of a uniformly random action at each step (exploration), 0–1. Default 0. */
  epsilon?: number;
  /** Start state; default drawn from the start distribution. */
  start?: number;
  /** Step index of the start state (for a rollout from the middle of an episode). Default 0. */
  startStep?: number;
}

/** Samples one seeded episode following `policy` (a plan or uniform actions). */
export function rollout(space: StateSpace, policy: PolicySource, rng: Rng, options: RolloutOptions = {}): Trajectory {
  const epsilon = options.epsilon ?? 0;
  const startStep = options.startStep ?? 0;
  let s = options.start ?? space.initial[rng.weighted(space.initial.map((i) => i.prob))].state;
  const maxSteps = space.world.level.maxSteps;
  const pi = new Float64Array(NUM_ACTIONS);
  const states = [s];
  const actions: Action[] = [];
  const transitions: number[] = [];
  let trueReturn = 0,
    apparentReturn = 0,
    terminated = false;
  for (let t = startStep; t < maxSteps && !space.terminal[s]; t++) {
    let a: Action;
    if (policy === 'uniform' || rng.chance(epsilon)) a = rng.int(NUM_ACTIONS) as Action;
    else a = rng.weighted(actionProbs(space, policy, t, s, pi)) as Action;
    const k = sampleTransition(space, s, a, rng);
    actions.push(a);
    transitions.push(k);
    trueReturn += space.trueReward[k];
    apparentReturn += space.apparentReward[k];
    s = space.next[k];
    states.push(s);
    if (space.terminated[k]) terminated = true;
  }
  return { states, actions, transitions, trueReturn, apparentReturn, terminated, truncated: !terminated && states.length - 1 + startStep >= maxSteps };
}

/** Samples the outcome of action `a` in state `s`; returns its transition index. */
export function sampleTransition(space: StateSpace, s: number, a: Action, rng: Rng): number {
  const lo = space.offset[s * NUM_ACTIONS + a],
    hi = space.offset[s * NUM_ACTIONS + a + 1];
  if (hi - lo === 1) return lo;
  let x = rng.next();
  for (let k = lo; k < hi; k++) {
    x -= space.prob[k];
    if (x < 0) return k;
  }
  return hi - 1;
}

/** Follows a fixed action sequence (stopping early if the episode ends); stochastic outcomes use `rng`. */
export function followActions(space: StateSpace, actions: readonly Action[], rng: Rng, start?: number): Trajectory {
  let s = start ?? space.initial[rng.weighted(space.initial.map((i) => i.prob))].state;
  const states = [s];
  const taken: Action[] = [];
  const transitions: number[] = [];
  let trueReturn = 0,
    apparentReturn = 0,
    terminated = false;
  for (const a of actions) {
    if (space.terminal[s] || taken.length >= space.world.level.maxSteps) break;
    const k = sampleTransition(space, s, a, rng);
    taken.push(a);
    transitions.push(k);
    trueReturn += space.trueReward[k];
    apparentReturn += space.apparentReward[k];
    s = space.next[k];
    states.push(s);
    terminated ||= space.terminated[k] === 1;
  }
  return { states, actions: taken, transitions, trueReturn, apparentReturn, terminated, truncated: !terminated && taken.length >= space.world.level.maxSteps };
}

/** The reference returns that define the normalised score of a level, in true reward. */
export interface ReferenceReturns {
  /** Expected true return of the optimal policy planned on the true reward (τ = 0). */
  readonly optimal: number;
  /** Expected true return of the uniformly random policy. */
  readonly uniform: number;
}

/** Computes the optimal and uniform expected true returns of a level. */
export function referenceReturns(space: StateSpace): ReferenceReturns {
  const optimalPlan = planSoft(space, space.trueReward, { temperature: 0 });
  const [optimal] = evaluatePolicy(space, optimalPlan, [space.trueReward]);
  const [uniform] = evaluatePolicy(space, 'uniform', [space.trueReward]);
  return { optimal, uniform };
}

/**
 * `(R_policy − R_uniform) / (R_optimal − R_uniform)` in true reward: 1 is optimal, 0 is no better than
 * acting at random, negative is worse. When the optimum is no better than random it returns 1.
 */
export function normalizedScore(policyTrueReturn: number, ref: ReferenceReturns): number {
  const gap = ref.optimal - ref.uniform;
  if (gap <= 1e-9) return 1;
  return (policyTrueReturn - ref.uniform) / gap;
}
