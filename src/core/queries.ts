/**
 * Query selection: which pair of segments to show the labeller next. `active` picks, among candidate
 * pairs, the one whose P(left ≻ right) the ensemble members disagree on most (variance across members);
 * `random` picks a pair uniformly. Each proposal carries its disagreement value, the reason shown to
 * the person.
 */
import type { Rng } from './rng';
import type { Segment } from './preferences';

/** How the next pair is chosen. */
export type QueryMode = 'active' | 'random';

/** A proposed pair with the reason it was chosen. */
export interface QueryProposal {
  readonly left: Segment;
  readonly right: Segment;
  readonly mode: QueryMode;
  /** Variance across ensemble members of P(left ≻ right), 0–0.25. */
  readonly disagreement: number;
  /** Ensemble-mean P(left ≻ right). */
  readonly meanPreference: number;
  /** One sentence for the person, e.g. "the models disagree most on this pair: 0.041". */
  readonly reason: string;
}

/**
 * Per-member predicted returns of each segment: `memberRewards` is [E × numTransitions] (row-major)
 * plus `memberAbsorbing` [E], the reward of one step after the episode ended. Returns [E × numSegments].
 */
export function memberSegmentReturns(
  segments: readonly Segment[],
  memberRewards: Float32Array,
  memberAbsorbing: Float32Array,
  numTransitions: number,
): Float32Array {
  const E = memberAbsorbing.length;
  const out = new Float32Array(E * segments.length);
  for (let e = 0; e < E; e++) {
    const base = e * numTransitions;
    segments.forEach((seg, j) => {
      let sum = (seg.length - seg.transitions.length) * memberAbsorbing[e];
      for (const k of seg.transitions) sum += memberRewards[base + k];
      out[e * segments.length + j] = sum;
    });
  }
  return out;
}

/** Mean and variance across members of P(i ≻ j) = σ(R_i − R_j), with the 10% random-answer model. */
export function pairDisagreement(returns: Float32Array, numSegments: number, i: number, j: number): { mean: number; variance: number } {
  const E = returns.length / numSegments;
  let sum = 0,
    sumSq = 0;
  for (let e = 0; e < E; e++) {
    const p = 0.05 + 0.9 / (1 + Math.exp(-(returns[e * numSegments + i] - returns[e * numSegments + j])));
    sum += p;
    sumSq += p * p;
  }
  const mean = sum / E;
  return { mean, variance: Math.max(0, sumSq / E - mean * mean) };
}

/** Proposes a pair among `segments` (at least 2); `active` scores up to `candidates` random pairs. */
export function proposePair(
  segments: readonly Segment[],
  returns: Float32Array,
  mode: QueryMode,
  rng: Rng,
  candidates = 256,
): QueryProposal {
  const n = segments.length;
  if (n < 2) throw new RangeError('proposePair needs at least two segments');
  const draw = (): [number, number] => {
    const i = rng.int(n);
    let j = rng.int(n - 1);
    if (j >= i) j++;
    return [i, j];
  };
  let best = draw();
  let bestScore = pairDisagreement(returns, n, best[0], best[1]);
  if (mode === 'active') {
    const tries = Math.min(candidates, (n * (n - 1)) / 2);
    for (let c = 1; c < tries; c++) {
      const pair = draw();
      const score = pairDisagreement(returns, n, pair[0], pair[1]);
      if (score.variance > bestScore.variance) [best, bestScore] = [pair, score];
    }
  }
  const value = bestScore.variance.toFixed(3);
  return {
    left: segments[best[0]],
    right: segments[best[1]],
    mode,
    disagreement: bestScore.variance,
    meanPreference: bestScore.mean,
    reason:
      mode === 'active'
        ? `the models disagree most on this pair: ${value}`
        : `a pair chosen at random (the models' disagreement on it: ${value})`,
  };
}
