/**
 * The agent's answer to a claim: the one round of a debate. The assistant (B) names a weakness on
 * steps i–j and a fix; the agent (A) answers back once, with a counter-plan the person can check the
 * same way as the fix: keep A's own moves on steps i–j, then play the true optimum from there. A
 * compares what that counter-plan can expect to score with the best that was possible before step i:
 * the difference is the regret of A's moves on steps i–j (V* − Q*, at the states the run was in).
 * When it is at most REPLY_TOLERANCE, the claimed steps cost nothing and A's answer is a *rebuttal*;
 * otherwise A *concedes*, with the numbers. Both sides speak only from the level's true dynamics, so neither can
 * lie: the answer is evidence, not rhetoric. Expected values, not one sampled outcome, so drying
 * tomatoes or a random supervisor neither rebut nor confirm a claim by luck.
 */
import type { Trajectory } from '../planner';
import type { StateSpace } from '../states';
import { advantageLoss, analyseLevel, stateValue } from './analysis';
export type { ClaimReply } from './types';
import { assembleFix, planFix } from './fix';
import { amount, points, stepsText } from './text';
import type { ClaimDraft, ClaimReply } from './types';

/** How far below the fix (true reward units) the counter-plan may score and still rebut the claim: half a step. */
export const REPLY_TOLERANCE = 0.5;

/**
 * The agent's answer to `claim` on `trajectory`, or null when there is nothing to answer: a question
 * (`uncertain`) or a claim without a fix.
 */
export function replyTo(space: StateSpace, trajectory: Trajectory, claim: Pick<ClaimDraft, 'kind' | 'step' | 'endStep' | 'fix'>): ClaimReply | null {
  if (claim.kind === 'uncertain' || !claim.fix) return null;
  const analysis = analyseLevel(space);
  const steps = trajectory.actions.length;
  const end = Math.min(claim.endStep, steps);
  const first = Math.min(claim.step, end);
  const counter = (end < steps ? planFix(analysis, analysis.trueFix, trajectory, end + 1) : null) ?? assembleFix(space, trajectory, steps + 1, []);
  // The best expected from before step `first`, with what had been scored in truth by then, and the
  // expected true score the agent's own moves on the claimed steps give up (their regret at the states
  // the run was in: which outcome a step happened to have is no part of it).
  const scored = trajectory.transitions.slice(0, first - 1).reduce((sum, k) => sum + space.trueReward[k], 0);
  const before = scored + stateValue(space, analysis.truePlan, first - 1, trajectory.states[first - 1]);
  let cost = 0;
  for (let t = first - 1; t < end; t++) cost += advantageLoss(space, analysis.truePlan, t, trajectory.states[t], trajectory.actions[t]);
  const after = before - cost;
  const kept = stepsText(first, end);
  const one = first === end;
  const moves = one ? 'move' : 'moves';
  if (cost <= REPLY_TOLERANCE) {
    return {
      kind: 'rebuttal',
      text:
        `Keep the agent's own ${moves} on ${kept} and play well after: the run can still expect ${points(after)} of true score, ` +
        `as much as the best run from before step ${first} (${points(before)}). ${one ? 'That step costs' : 'Those steps cost'} ${cost <= 1e-6 ? 'nothing' : 'less than a point'}.`,
      counter,
    };
  }
  return {
    kind: 'concession',
    text:
      `Keeping its ${moves} on ${kept}, the run can expect at most ${points(after)} of true score; the best run from before step ${first} could expect ${points(before)}. ` +
      `The agent concedes: ${one ? 'that step costs' : 'those steps cost'} ${amount(cost)}.`,
    counter,
  };
}
