/**
 * What one update of the engine changed, computed on the page from two snapshots: which cells' learned
 * reward moved most, whether the agent's greedy plan changed (and where it now ends), and how each score
 * of the agent's policy moved. Pure data in, plain data out; the true figures are carried but a view
 * shows them only when the teacher reveals the truth.
 */
import type { EngineSnapshot } from '../learning/protocol';

/** Changes smaller than this (in the snapshot's own units) count as no change. */
export const DIFF_EPSILON = 1e-3;
/** How many cells `movedCells` lists at most. */
export const MOVED_CELLS = 3;

/** One cell whose mean learned reward of entering it moved, with its values before and after. */
export interface MovedCell {
  readonly cell: number;
  readonly before: number;
  readonly after: number;
  /** after − before, in learned-reward units. */
  readonly delta: number;
}

/** A figure before and after, and its change (after − before). */
export interface Change {
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

/** The agent's greedy plan before and after: step counts and the cell each ends on. */
export interface PlanChange {
  /** The rollouts differ in any state or action. */
  readonly changed: boolean;
  readonly stepsBefore: number;
  readonly stepsAfter: number;
  readonly endBefore: number;
  readonly endAfter: number;
  /** The new rollout ends the episode (rather than running out of steps). */
  readonly terminated: boolean;
}

/** Everything that changed from one snapshot to the next; see the module doc. */
export interface SnapshotDiff {
  /** Labels the engine had trained on before and after. */
  readonly labelsBefore: number;
  readonly labelsAfter: number;
  /** Up to MOVED_CELLS cells, largest |delta| first; empty when no cell moved by DIFF_EPSILON. */
  readonly movedCells: readonly MovedCell[];
  /** Largest |delta| over all cells seen in both snapshots (0 when none). */
  readonly largestMove: number;
  readonly plan: PlanChange;
  /** Expected returns of the agent's policy (apparent, learned, true) and the normalised true score. */
  readonly apparent: Change;
  readonly learned: Change;
  readonly trueReturn: Change;
  readonly normalized: Change;
  /** Nothing a person can see moved: no cell, the same plan, the same apparent and learned scores. */
  readonly nothingChanged: boolean;
}

const change = (before: number, after: number): Change => ({ before, after, delta: after - before });
const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The change from `before` to `after`, or null when they are not two snapshots of one level (the
 * per-cell arrays differ in length): a diff across a level change means nothing.
 */
export function diffSnapshots(before: EngineSnapshot, after: EngineSnapshot): SnapshotDiff | null {
  const cells = after.cellReward.length;
  if (before.cellReward.length !== cells || before.cellPolicy.length !== after.cellPolicy.length) return null;
  const moves: MovedCell[] = [];
  let largestMove = 0;
  for (let cell = 0; cell < cells; cell++) {
    const b = before.cellReward[cell];
    const a = after.cellReward[cell];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const delta = a - b;
    largestMove = Math.max(largestMove, Math.abs(delta));
    if (Math.abs(delta) >= DIFF_EPSILON) moves.push({ cell, before: b, after: a, delta });
  }
  moves.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta) || x.cell - y.cell);
  const endOf = (s: EngineSnapshot) => s.rolloutStates[s.rolloutStates.length - 1]?.agent ?? -1;
  const plan: PlanChange = {
    changed: !same(before.rollout.states, after.rollout.states) || !same(before.rollout.actions, after.rollout.actions),
    stepsBefore: before.rollout.actions.length,
    stepsAfter: after.rollout.actions.length,
    endBefore: endOf(before),
    endAfter: endOf(after),
    terminated: after.rollout.terminated,
  };
  const m0 = before.metrics;
  const m1 = after.metrics;
  const apparent = change(m0.apparentReturn, m1.apparentReturn);
  const learned = change(m0.learnedReturn, m1.learnedReturn);
  return {
    labelsBefore: m0.labels,
    labelsAfter: m1.labels,
    movedCells: moves.slice(0, MOVED_CELLS),
    largestMove,
    plan,
    apparent,
    learned,
    trueReturn: change(m0.trueReturn, m1.trueReturn),
    normalized: change(m0.normalizedReturn, m1.normalizedReturn),
    nothingChanged: moves.length === 0 && !plan.changed && Math.abs(apparent.delta) < DIFF_EPSILON && Math.abs(learned.delta) < DIFF_EPSILON,
  };
}

/**
 * Remembers the snapshot last seen and the diff that led to it, so a view can ask on every render and
 * get the same answer until a new snapshot arrives. Each snapshot is compared with the last complete
 * one before the labels last changed: a snapshot taken while training still runs (`partial`) is never
 * a baseline, so the end of a burst is compared with the state before the click, not with its own
 * first half; and a later snapshot on the same labels (a second burst after quick clicks, a refresh)
 * goes on showing what the last click changed instead of "no new label". The labels are told by the
 * session's labels array: a new array (an answer added or changed) makes the last snapshot the next
 * baseline. A null snapshot (a level change, a new session) forgets the past: the next has nothing to
 * be compared with.
 */
export class SnapshotDiffTracker {
  private current: EngineSnapshot | null = null;
  private currentPartial = false;
  private currentLabels: unknown = undefined;
  private base: EngineSnapshot | null = null;
  private diff: SnapshotDiff | null = null;

  /**
   * The diff from the baseline to `snapshot` (null for the first one after a reset); `partial`: taken
   * mid-burst; `labels`: the session's labels array when it arrived (compared by identity).
   */
  next(snapshot: EngineSnapshot | null, partial = false, labels?: readonly unknown[]): SnapshotDiff | null {
    if (snapshot === this.current) return this.diff;
    const sameLabels = snapshot !== null && this.current !== null && labels === this.currentLabels && snapshot.metrics.labels === this.current.metrics.labels;
    if (snapshot === null || (!this.currentPartial && !sameLabels)) this.base = this.current;
    this.diff = snapshot && this.base ? diffSnapshots(this.base, snapshot) : null;
    this.current = snapshot;
    this.currentPartial = partial && snapshot !== null;
    this.currentLabels = labels;
    return this.diff;
  }
}
