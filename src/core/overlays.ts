/**
 * Per-cell summaries of per-transition and per-state quantities, for the grid's overlays: the learned
 * reward (or its spread) of entering each cell, and the agent's preferred moves in each cell.
 */
import { NUM_ACTIONS } from './gridworld';
import { actionProbs, type Plan } from './planner';
import type { StateSpace } from './states';

/** Mean of a per-transition quantity over the transitions that end with the agent in each cell; NaN where none. */
export function cellMeans(space: StateSpace, perTransition: ArrayLike<number>): Float32Array {
  const cells = space.world.width * space.world.height;
  const sum = new Float64Array(cells),
    count = new Uint32Array(cells);
  for (let k = 0; k < space.numTransitions; k++) {
    const cell = space.states[space.next[k]].agent;
    sum[cell] += perTransition[k];
    count[cell]++;
  }
  const out = new Float32Array(cells);
  for (let c = 0; c < cells; c++) out[c] = count[c] ? sum[c] / count[c] : NaN;
  return out;
}

/**
 * The plan's action probabilities [cells × 4] at step `t`, in the first-discovered (closest to the
 * start) state with the agent in each cell; all zeros where the agent never stands or the episode is over.
 */
export function cellPolicy(space: StateSpace, plan: Plan | null, t = 0): Float32Array {
  const cells = space.world.width * space.world.height;
  const out = new Float32Array(cells * NUM_ACTIONS);
  const done = new Uint8Array(cells);
  const probs = new Float64Array(NUM_ACTIONS);
  for (let s = 0; s < space.numStates; s++) {
    const cell = space.states[s].agent;
    if (done[cell] || space.terminal[s]) continue;
    done[cell] = 1;
    if (plan) actionProbs(space, plan, t, s, probs);
    else probs.fill(1 / NUM_ACTIONS);
    for (let a = 0; a < NUM_ACTIONS; a++) out[cell * NUM_ACTIONS + a] = probs[a];
  }
  return out;
}

/**
 * The scale a learned-reward heat-map is read on: the smallest and largest finite values, the median
 * cell (`centre`, drawn clear) and how far the farthest cell lies from it (`reach`); null when no value
 * is finite. A reward learned from comparisons has no meaningful zero (adding a constant to every step
 * changes no answer), so cells are shown above or below the typical cell, not above or below 0.
 */
export function heatScale(values: ArrayLike<number>): { min: number; max: number; centre: number; reach: number } | null {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  if (!finite.length) return null;
  finite.sort((a, b) => a - b);
  const mid = finite.length >> 1;
  const centre = finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
  const [min, max] = [finite[0], finite[finite.length - 1]];
  return { min, max, centre, reach: Math.max(centre - min, max - centre) };
}

/** Smallest and largest finite value of `values`, or null when none is finite. */
export function finiteRange(values: ArrayLike<number>): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return min <= max ? { min, max } : null;
}
