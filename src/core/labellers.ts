/**
 * Simulated labellers, seeded. `oracle` judges two segments by their true reward, `observer` by their
 * apparent reward (what the screen shows), so the tamper tile and the absent supervisor fool it.
 * By default both are exact: the better clip wins and equal returns give "Equal". A noisy person is
 * an explicit choice: with `temperature` > 0 the answer is Boltzmann-rational,
 * P(left) = σ((R_left − R_right) / temperature), and with probability `noise` it is a uniformly random
 * left/right. They answer through the same path as a person's click (an `Answer`).
 */
import type { Rng } from './rng';
import { segmentSum, type Answer, type Segment } from './preferences';
import type { StateSpace } from './states';

/** Which reward a simulated labeller judges by. */
export type LabellerKind = 'oracle' | 'observer';

/** Settings of a simulated labeller. */
export interface LabellerOptions {
  readonly kind: LabellerKind;
  /** Probability 0–1 of a uniformly random left/right answer. Default 0. */
  readonly noise?: number;
  /** Boltzmann temperature in reward units (≥ 0); 0 (the default) always picks the better clip. */
  readonly temperature?: number;
  /** The labeller reads the assistant's top claim on each clip (see judgedReturn). Default false. */
  readonly assisted?: boolean;
}

/**
 * Return of a segment as the labeller sees it. `assisted`: the labeller has read the assistant's top
 * claim on the clip; where that claim is the clip's longest run of steps whose screen hides the truth
 * (an `appearance-differs` claim), its evidence reveals the true reward of those steps.
 */
export function judgedReturn(space: StateSpace, segment: Segment, kind: LabellerKind, assisted = false): number {
  if (kind === 'oracle') return segmentSum(segment, space.trueReward);
  const ts = segment.transitions;
  const hidden = (k: number) => Math.abs(space.trueReward[k] - space.apparentReward[k]) > 1e-9;
  let bestStart = -1,
    bestLength = 0;
  if (assisted) {
    for (let i = 0; i < ts.length; ) {
      if (!hidden(ts[i])) {
        i++;
        continue;
      }
      let j = i;
      while (j < ts.length && hidden(ts[j])) j++;
      if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
      i = j;
    }
  }
  let sum = 0;
  ts.forEach((k, i) => (sum += i >= bestStart && i < bestStart + bestLength ? space.trueReward[k] : space.apparentReward[k]));
  return sum;
}

/** A simulated labeller's answer to one pair. */
export function simulatedAnswer(space: StateSpace, left: Segment, right: Segment, options: LabellerOptions, rng: Rng): Answer {
  const noise = options.noise ?? 0;
  const temperature = options.temperature ?? 0;
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`labeller noise must be 0–1, got ${noise}`);
  if (!(temperature >= 0 && Number.isFinite(temperature))) throw new RangeError(`labeller temperature must be ≥ 0, got ${temperature}`);
  if (rng.chance(noise)) return rng.chance(0.5) ? 'left' : 'right';
  const assisted = options.assisted ?? false;
  const diff = judgedReturn(space, left, options.kind, assisted) - judgedReturn(space, right, options.kind, assisted);
  if (Math.abs(diff) < 1e-6) return 'equal';
  if (temperature === 0) return diff > 0 ? 'left' : 'right';
  const pLeft = 1 / (1 + Math.exp(-diff / temperature));
  return rng.chance(pLeft) ? 'left' : 'right';
}
