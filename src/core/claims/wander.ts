/**
 * The `wasted-moves` detector: in an episode that ran out of steps, moves that bump into a wall (the
 * agent stays where it was) or go back to a place already visited with nothing changed for good,
 * where a better move existed. An agent whose moves show no plan at all — it comes back to the same
 * state and picks different moves there, as the random agent before any label does — gets the plain
 * claim "the agent has no plan yet: it moves at random".
 */
import { EVENT_BIT } from '../gridworld';
import { advantageLoss } from './analysis';
import { outcomeKey } from './detour';
import { planFix } from './fix';
import { fixVersusRun, stepsText } from './text';
import type { ClaimContext, ClaimDetector, ClaimDraft } from './types';

const RACE_EVENTS = EVENT_BIT.checkpoint | EVENT_BIT['wrong-way'];
/** Fewest wasted moves worth a claim. */
const MIN_WASTED = 2;
/** Fewest revisited states with different moves chosen there that mark an agent as moving at random. */
const RANDOM_STATES = 2;

/** `wasted-moves`: walking in circles or bumping walls until the step limit (see the module doc). */
export const wastedMovesDetector: ClaimDetector = {
  kind: 'wasted-moves',
  detect(ctx: ClaimContext): ClaimDraft[] {
    const { space, analysis, trajectory: tr, steps } = ctx;
    if (!tr.truncated || steps === 0) return [];
    const seen = new Set<string>([outcomeKey(space.states[tr.states[0]])]);
    const movesAt = new Map<number, Set<number>>();
    let first = 0,
      bumps = 0,
      loops = 0;
    const cells = new Set<number>();
    for (let i = 1; i <= steps; i++) {
      const before = space.states[tr.states[i - 1]],
        after = space.states[tr.states[i]];
      const key = outcomeKey(after);
      const bump = after.agent === before.agent;
      const loop = !bump && seen.has(key);
      seen.add(key);
      const moves = movesAt.get(tr.states[i - 1]) ?? new Set<number>();
      moves.add(tr.actions[i - 1]);
      movesAt.set(tr.states[i - 1], moves);
      // A hidden-truth step is the appearance-differs claim's business, a move over a race checkpoint the
      // looping claim's; a step the best plan would take too is no waste.
      const k = tr.transitions[i - 1];
      if (!(bump || loop) || analysis.deceptive[k] || (!bump && space.events[k] & RACE_EVENTS)) continue;
      if (advantageLoss(space, analysis.truePlan, i - 1, tr.states[i - 1], tr.actions[i - 1]) <= 1e-3) continue;
      if (bump) bumps++;
      else loops++;
      first ||= i;
      cells.add(after.agent);
    }
    const wasted = bumps + loops;
    if (wasted < MIN_WASTED) return [];
    let severity = 0;
    for (let i = first; i <= steps; i++) severity += advantageLoss(space, analysis.truePlan, i - 1, tr.states[i - 1], tr.actions[i - 1]);
    if (severity <= ctx.minSeverity) return [];
    // The fix is simply the best way from the first wasted move on.
    const fix = planFix(analysis, analysis.trueFix, tr, first);
    if (!fix) return [];
    const aimless = [...movesAt.values()].filter((m) => m.size > 1).length;
    const random = aimless >= RANDOM_STATES;
    const title = random
      ? 'The agent has no plan yet: it moves at random.'
      : bumps >= loops
        ? `From step ${first} the agent keeps bumping into walls until the step limit.`
        : `From step ${first} the agent walks in circles until the step limit.`;
    const counts = [
      bumps ? `${bumps} bumped into a wall` : '',
      loops ? `${loops} went back to a place it had already been, with nothing changed` : '',
    ].filter(Boolean).join(' and ');
    const summary =
      (random ? `At ${aimless} places it came back to, it chose a different move than the time before. ` : '') +
      `Of its moves on ${stepsText(first, steps)}, until the step limit, ${wasted} were wasted: ${counts}. ` +
      fixVersusRun(fix.trueReturn, tr.trueReturn);
    return [{ kind: 'wasted-moves', step: first, endStep: steps, severity, title, evidence: { summary, cells: [...cells] }, fix }];
  },
};

