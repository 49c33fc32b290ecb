/**
 * Turning a claim into the pair of clips it is about: the original and the claim's fix (or, for an
 * `uncertain` claim, its alternative), each from a little before the first step where they differ to
 * the end of both (episode end or the level's max steps; see compareFix). Both clips start from the
 * same state (the fix keeps the original's prefix), so the comparison isolates exactly what the fix
 * changed, and the whole remainder is compared, so a longer fix that reaches the goal later is
 * credited for it.
 *
 * An accepted accusing claim becomes the label "fix ≻ original" only when the fix truly scores more
 * on those steps: a label never contradicts its own evidence. An `uncertain` claim is a question and
 * never a label by itself: its pair goes to the person (claimQuestion).
 */
import { compareFix, fixTrulyBetter } from './claims/fix';
import type { Claim, ClaimFix } from './claims/types';
import type { Trajectory } from './planner';
import type { Label, Segment } from './preferences';
import type { QueryMode, QueryProposal } from './queries';
import type { StateSpace } from './states';

/** The two clips a claim compares: its fix (or alternative) and the original, of one nominal length. */
export interface ClaimPair {
  /** The fix's clip (the alternative's, for an `uncertain` claim). */
  readonly fix: Segment;
  /** The original trajectory's clip over the same steps. */
  readonly original: Segment;
}

/** Steps shown before the first differing step: a third of the segment length (same in both clips, so they never change which is better). */
function contextSteps(length: number): number {
  return Math.max(0, Math.floor(length / 3));
}

function clip(space: StateSpace, states: readonly number[], transitions: readonly number[], start: number, end: number, length: number): Segment {
  const ts = transitions.slice(start, end);
  return { start: states[start], startStep: start, actions: ts.map((k) => space.action[k] as Segment['actions'][number]), transitions: ts, length };
}

/**
 * The clips of a fix and of the original, from `contextSteps(length)` steps before they first differ
 * to the end of both; null when they never differ on a compared step. `length` is the session's
 * segment length (only the context depends on it); the clips' nominal length is the span compared,
 * at most the level's max steps.
 */
export function fixPair(space: StateSpace, trajectory: Trajectory, fix: ClaimFix, length: number): ClaimPair | null {
  const c = compareFix(space, trajectory, fix);
  if (!c) return null;
  const start = Math.max(0, c.diverge - contextSteps(length));
  const span = c.end - start;
  return {
    fix: clip(space, fix.states, fix.transitions, start, c.end, span),
    original: clip(space, trajectory.states, trajectory.transitions, start, c.end, span),
  };
}

/**
 * The label "fix ≻ original" for an accepted claim, or null: for an `uncertain` claim (a question,
 * see claimQuestion), a claim without a fix, or a fix that does not truly score more than the
 * original on the compared steps.
 */
export function claimLabel(space: StateSpace, trajectory: Trajectory, claim: Claim, length: number, id: string, heldOut = false): Label | null {
  const fix = claim.fix;
  if (claim.kind === 'uncertain' || !fix || !fixTrulyBetter(space, trajectory, fix)) return null;
  const pair = fixPair(space, trajectory, fix, length);
  if (!pair) return null;
  return { id, left: pair.fix, right: pair.original, answer: 'left', provenance: 'assistant', heldOut };
}

/**
 * The pair an accepted `uncertain` claim asks the person about: the original (left) and the
 * alternative from the claimed step (right), or null when the claim is not a question or has no
 * alternative.
 */
export function claimQuestion(space: StateSpace, trajectory: Trajectory, claim: Claim, length: number): { left: Segment; right: Segment } | null {
  if (claim.kind !== 'uncertain' || !claim.fix) return null;
  const pair = fixPair(space, trajectory, claim.fix, length);
  return pair && { left: pair.original, right: pair.fix };
}

/**
 * An accepted `uncertain` claim's question as the pair to put on screen, or null (see claimQuestion).
 * It is the assistant's pick, not the ensemble's: `information` and `disagreement` are 0 and
 * `meanPreference` 0.5 (unscored), and the reason says what is asked.
 */
export function claimQuery(space: StateSpace, trajectory: Trajectory, claim: Claim, length: number, mode: QueryMode): QueryProposal | null {
  const pair = claimQuestion(space, trajectory, claim, length);
  if (!pair) return null;
  return {
    ...pair,
    mode,
    sources: ['policy', 'policy'],
    information: 0,
    disagreement: 0,
    meanPreference: 0.5,
    reason: `The assistant is unsure about step ${claim.step}: which is better, the agent's plan (left) or a different move at step ${claim.step} (right)?`,
  };
}
