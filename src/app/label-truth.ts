/**
 * Labels judged against the hidden truth: the true answer to a pair (the exact oracle's, by the clips'
 * true returns), whether a label was *fooled* (its answer disagrees with it), and the replay of a
 * session's own labels — each clip's apparent return (what the screen showed) beside its true return.
 * Pure: no DOM; shared by the room (src/app/room.ts) and the replay of one's own labels.
 */
import { segmentMisfit, segmentSum, type Answer, type Label, type Provenance } from '../core/preferences';
import type { StateSpace } from '../core/states';

/** Provenances replayed as the learner's own labels: given by hand, by demonstration or by Auto-label. */
export const REPLAY_PROVENANCES: ReadonlySet<Provenance> = new Set(['person', 'demonstration', 'labeller']);

/** The answer the exact oracle gives by the clips' true returns ('equal' on a tie); null when a clip does not fit the level. */
export function truthAnswer(space: StateSpace, label: Pick<Label, 'left' | 'right'>): Answer | null {
  if (segmentMisfit(space, label.left) !== null || segmentMisfit(space, label.right) !== null) return null;
  const diff = segmentSum(label.left, space.trueReward) - segmentSum(label.right, space.trueReward);
  return Math.abs(diff) < 1e-6 ? 'equal' : diff > 0 ? 'left' : 'right';
}

/** Whether a label's answer disagrees with the true-score ordering of its clips (null: cannot be judged; "Can't tell" never counts). */
export function isFooled(space: StateSpace, label: Pick<Label, 'left' | 'right' | 'answer'>): boolean | null {
  if (label.answer === 'cant-tell') return false;
  const truth = truthAnswer(space, label);
  return truth === null ? null : label.answer !== truth;
}

/** One clip's return as the screen showed it and as the hidden truth scored it. */
export interface ClipReturns {
  readonly apparent: number;
  readonly true: number;
}

/** One row of the replay: a label with its clips' returns, the true answer and whether it was fooled. */
export interface ReplayRow {
  readonly label: Label;
  /** 1-based position of the label in the session (as in the label list). */
  readonly number: number;
  /** The two clips' returns, or null when a clip does not fit the level. */
  readonly left: ClipReturns | null;
  readonly right: ClipReturns | null;
  /** The answer by the true returns, or null when it cannot be judged. */
  readonly truth: Answer | null;
  /** The answer disagrees with `truth` (null: cannot be judged). */
  readonly fooled: boolean | null;
}

/** The replay of a session's own labels (REPLAY_PROVENANCES), in the order given. */
export function replayRows(space: StateSpace, labels: readonly Label[]): ReplayRow[] {
  const rows: ReplayRow[] = [];
  labels.forEach((label, i) => {
    if (!REPLAY_PROVENANCES.has(label.provenance)) return;
    const truth = truthAnswer(space, label);
    const clip = (side: 'left' | 'right'): ClipReturns | null =>
      truth === null ? null : { apparent: segmentSum(label[side], space.apparentReward), true: segmentSum(label[side], space.trueReward) };
    rows.push({ label, number: i + 1, left: clip('left'), right: clip('right'), truth, fooled: isFooled(space, label) });
  });
  return rows;
}
