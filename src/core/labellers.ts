/**
 * Simulated labellers, seeded. `oracle` judges two segments by their true reward, `observer` by their
 * apparent reward (what the screen shows), so the tamper tile and the absent supervisor fool it.
 * Both are Boltzmann-rational — P(left) = σ((R_left − R_right) / temperature) — and with probability
 * `noise` give a uniformly random answer instead. Equal returns give "Equal". They answer through the
 * same path as a person's click (an `Answer`).
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
  /** Boltzmann temperature in reward units (> 0); smaller is more decisive. Default 1. */
  readonly temperature?: number;
}

/** Return of a segment as the labeller sees it. */
export function judgedReturn(space: StateSpace, segment: Segment, kind: LabellerKind): number {
  return segmentSum(segment, kind === 'oracle' ? space.trueReward : space.apparentReward);
}

/** A simulated labeller's answer to one pair. */
export function simulatedAnswer(space: StateSpace, left: Segment, right: Segment, options: LabellerOptions, rng: Rng): Answer {
  const noise = options.noise ?? 0;
  const temperature = options.temperature ?? 1;
  if (!(noise >= 0 && noise <= 1)) throw new RangeError(`labeller noise must be 0–1, got ${noise}`);
  if (!(temperature > 0)) throw new RangeError(`labeller temperature must be > 0, got ${temperature}`);
  if (rng.chance(noise)) return rng.chance(0.5) ? 'left' : 'right';
  const diff = judgedReturn(space, left, options.kind) - judgedReturn(space, right, options.kind);
  if (Math.abs(diff) < 1e-6) return 'equal';
  const pLeft = 1 / (1 + Math.exp(-diff / temperature));
  return rng.chance(pLeft) ? 'left' : 'right';
}
