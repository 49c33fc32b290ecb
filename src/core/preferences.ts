/**
 * Segments (short clips of a trajectory), preference labels, and the plain arrays the reward model
 * trains on. Every compared clip covers the same time span (Christiano et al. 2017 compare
 * equal-length clips); a clip that ends with the episode is padded up to its nominal length with
 * steps after the end, whose reward is fixed at 0 — as in the true score — and never learned, so an
 * early end (lava) can never be learned as a shortcut out of the step cost.
 */
import { FEATURE_DIM } from './features';
import type { Action } from './gridworld';
import type { Trajectory } from './planner';
import type { StateSpace } from './states';

/** A short clip: `transitions.length` ≤ `length` steps; fewer only when the episode ended inside it. */
export interface Segment {
  /** State index before the first step. */
  readonly start: number;
  /** Step index (0-based) of the first step within its episode. */
  readonly startStep: number;
  readonly actions: readonly Action[];
  /** Transition index of each step. */
  readonly transitions: readonly number[];
  /** Nominal length in steps (the clip is padded up to it with steps after the end, worth 0). */
  readonly length: number;
}

/** The four answers a labeller can give. */
export type Answer = 'left' | 'right' | 'equal' | 'cant-tell';
/** Where a label came from. */
export type Provenance = 'person' | 'labeller' | 'assistant' | 'demonstration';

/** One preference between two segments. Plain and serialisable. */
export interface Label {
  /** Unique within a session (e.g. `l17`). */
  readonly id: string;
  readonly left: Segment;
  readonly right: Segment;
  readonly answer: Answer;
  readonly provenance: Provenance;
  /** Held out of training and used to measure pair accuracy. */
  readonly heldOut: boolean;
  /** Who gave it, when known (kept when session files are merged for a workshop); 1–100 characters. */
  readonly author?: string;
}

/** Every `HELD_OUT_EVERY`-th label (the 5th, 10th, …) is held out to measure accuracy. */
export const HELD_OUT_EVERY = 5;

/** Whether the label with this 0-based position in the session is held out. */
export function isHeldOutIndex(index: number): boolean {
  return index % HELD_OUT_EVERY === HELD_OUT_EVERY - 1;
}

/**
 * Cuts a trajectory that began at step `startStep` into consecutive segments of `length` steps, the
 * first at step `phase`; a short tail is kept only if the episode ended in it.
 */
export function cutSegments(trajectory: Trajectory, length: number, startStep = 0, phase = 0): Segment[] {
  const out: Segment[] = [];
  const n = trajectory.actions.length;
  for (let i = phase; i < n; i += length) {
    const end = Math.min(n, i + length);
    if (end - i < length && !(end === n && trajectory.terminated)) break;
    out.push(sliceSegment(trajectory, i, end, length, startStep));
  }
  return out;
}

/** Steps [from, to) of a trajectory that began at step `startStep`, as a segment of nominal length `length`. */
export function sliceSegment(trajectory: Trajectory, from: number, to: number, length: number, startStep = 0): Segment {
  return {
    start: trajectory.states[from],
    startStep: startStep + from,
    actions: trajectory.actions.slice(from, to),
    transitions: trajectory.transitions.slice(from, to),
    length,
  };
}

/** Sum of a per-transition quantity over a segment (padding after the end counts 0). */
export function segmentSum(segment: Segment, perTransition: ArrayLike<number>): number {
  let sum = 0;
  for (const k of segment.transitions) sum += perTransition[k];
  return sum;
}

/** Target probability that left is better for an answer; null for "Can't tell" (not trained on). */
export function answerTarget(answer: Answer): number | null {
  return answer === 'left' ? 1 : answer === 'right' ? 0 : answer === 'equal' ? 0.5 : null;
}

/** Training arrays for the reward model (see src/learning/ensemble.ts for the layout). */
export interface PreferenceArrays {
  readonly featureDim: number;
  readonly segmentLength: number;
  /** [N × L × F] features of left and right segments; zero rows past each segment's end. */
  readonly left: Float32Array;
  readonly right: Float32Array;
  /** [N × L] 1 for a real step, 0 for padding (its reward is fixed at 0, not learned). */
  readonly leftMask: Float32Array;
  readonly rightMask: Float32Array;
  /** [N] P(left ≻ right): 1, 0 or 0.5. */
  readonly target: Float32Array;
  /** [N] 1 where the pair is held out. */
  readonly heldOut: Uint8Array;
  /** Ids of the labels used, in row order ("Can't tell" labels are left out). */
  readonly ids: readonly string[];
}

/** Writes one segment's features and mask into `out`/`mask` at row `row`; padding stays 0. */
function writeSegment(features: Float32Array, F: number, segment: Segment, L: number, out: Float32Array, mask: Float32Array, row: number): void {
  segment.transitions.forEach((k, i) => {
    out.set(features.subarray(k * F, (k + 1) * F), (row * L + i) * F);
    mask[row * L + i] = 1;
  });
}

/** Builds the training arrays from labels ([transitions × F] input rows per transition, F default FEATURE_DIM), skipping "Can't tell". */
export function preferenceArrays(features: Float32Array, labels: readonly Label[], F: number = FEATURE_DIM): PreferenceArrays {
  const usable = labels.filter((l) => answerTarget(l.answer) !== null);
  const L = usable.reduce((m, l) => Math.max(m, l.left.length, l.right.length), 1);
  const N = usable.length;
  const left = new Float32Array(N * L * F),
    right = new Float32Array(N * L * F);
  const leftMask = new Float32Array(N * L),
    rightMask = new Float32Array(N * L);
  const target = new Float32Array(N),
    heldOut = new Uint8Array(N);
  usable.forEach((label, n) => {
    writeSegment(features, F, label.left, L, left, leftMask, n);
    writeSegment(features, F, label.right, L, right, rightMask, n);
    target[n] = answerTarget(label.answer) as number;
    heldOut[n] = label.heldOut ? 1 : 0;
  });
  return {
    featureDim: F,
    segmentLength: L,
    left,
    right,
    leftMask,
    rightMask,
    target,
    heldOut,
    ids: usable.map((l) => l.id),
  };
}

/**
 * Why a segment does not fit a state space — a start outside the level, steps and actions that
 * disagree, more steps than its nominal length or past the level's step limit, or a step the level's
 * dynamics do not allow — or
 * null when it fits.
 */
export function segmentMisfit(space: StateSpace, segment: Segment): string | null {
  const { start, actions, transitions, length } = segment;
  if (!(Number.isInteger(start) && start >= 0 && start < space.numStates)) return `segment start ${start} is not a state of the level`;
  let s = start;
  for (let i = 0; i < transitions.length; i++) {
    const k = transitions[i];
    if (!(Number.isInteger(k) && k >= 0 && k < space.numTransitions) || space.from[k] !== s || space.action[k] !== actions[i]) {
      return `segment step ${i + 1} does not follow the level's dynamics`;
    }
    s = space.next[k];
  }
  if (actions.length !== transitions.length) return `segment has ${actions.length} actions for ${transitions.length} steps`;
  if (!(Number.isInteger(length) && transitions.length <= length)) return `segment has ${transitions.length} steps, more than its length ${length}`;
  const maxSteps = space.world.level.maxSteps;
  if (!(Number.isInteger(segment.startStep) && segment.startStep >= 0 && segment.startStep + transitions.length <= maxSteps)) {
    return `segment runs from step ${segment.startStep} for ${transitions.length} steps, past the level's ${maxSteps}-step limit`;
  }
  return null;
}

/** Checks that a segment fits a state space (see `segmentMisfit`); throws with the reason if not. */
export function checkSegment(space: StateSpace, segment: Segment): void {
  const misfit = segmentMisfit(space, segment);
  if (misfit !== null) throw new Error(misfit);
}

/** A label that does not fit a level, with the reason (its first misfit segment). */
export interface LabelMisfit {
  readonly label: Label;
  readonly reason: string;
}

/**
 * Splits labels into those whose two segments fit the level (in order, ready to train on) and those
 * that do not, each with its reason. Labels made on another level, or a file edited by hand, land
 * in `misfits` instead of failing the whole set.
 */
export function partitionLabels(space: StateSpace, labels: readonly Label[]): { fitting: Label[]; misfits: LabelMisfit[] } {
  const fitting: Label[] = [];
  const misfits: LabelMisfit[] = [];
  for (const label of labels) {
    const reason = segmentMisfit(space, label.left) ?? segmentMisfit(space, label.right);
    if (reason === null) fitting.push(label);
    else misfits.push({ label, reason: `${label.id}: ${reason}` });
  }
  return { fitting, misfits };
}
