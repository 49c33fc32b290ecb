/**
 * Two detectors of flaws that the screen shows plainly but a person may still miss while watching a
 * replay: `missed-reward` (a coin left behind that the agent could have taken for more true score) and
 * `seen-punishment` (the punishment tile taken while the supervisor watches, so the true and the
 * apparent score both charge it). Both report a flaw only with a fix that earns more true reward by
 * more than minSeverity; findClaims keeps it only if that concrete fix truly scores more.
 */
import { EVENT_BIT, NUM_ACTIONS } from '../gridworld';
import { advantageLoss, stateValue } from './analysis';
import { fixAvoids, planFix, runLoss, spanRegret } from './fix';
import { amount, at, fixVersusRun, points } from './text';
import type { ClaimContext, ClaimDetector, ClaimDraft } from './types';

/**
 * `missed-reward`: a coin still on the floor when the episode ends, at the last step where the agent
 * turned away from the best plan while taking the coin was still worth more than minSeverity. The
 * fix is the true-reward plan from there, and it must take that coin.
 */
export const missedRewardDetector: ClaimDetector = {
  kind: 'missed-reward',
  detect(ctx: ClaimContext): ClaimDraft[] {
    const { space, analysis, trajectory: tr, steps } = ctx;
    const world = space.world;
    // After a step into a hazard the coin is the least of it: that is the hazard claim's.
    if (!steps || !world.coins.length || analysis.hazard[tr.transitions[steps - 1]]) return [];
    const last = space.states[tr.states[steps]];
    const out: ClaimDraft[] = [];
    world.coins.forEach((coin, c) => {
      if (last.collected[c]) return;
      // The same plan without this coin: V* − V_without is what the coin is still worth from a state.
      const without = analysis.fixPlan(`no-coin:${c}`, (s, a) => {
        if (space.states[s].collected[c]) return false;
        for (let k = space.offset[s * NUM_ACTIONS + a]; k < space.offset[s * NUM_ACTIONS + a + 1]; k++) if (space.states[space.next[k]].collected[c]) return true;
        return false;
      });
      let step = 0,
        worth = 0;
      for (let i = 1; i <= steps; i++) {
        const s = tr.states[i - 1];
        const gain = stateValue(space, analysis.truePlan, i - 1, s) - stateValue(space, without.plan, i - 1, s);
        if (gain > ctx.minSeverity && advantageLoss(space, analysis.truePlan, i - 1, s, tr.actions[i - 1]) > 1e-3) {
          step = i;
          worth = gain;
        }
      }
      if (!step) return;
      const severity = Math.min(worth, spanRegret(analysis, tr, step, steps));
      if (severity <= ctx.minSeverity) return;
      const fix = planFix(analysis, analysis.trueFix, tr, step);
      if (!fix || !space.states[fix.states[fix.states.length - 1]].collected[c]) return;
      const where = at(world, coin);
      out.push({
        kind: 'missed-reward',
        step,
        endStep: steps,
        severity,
        title: `From step ${step} the agent leaves the coin at ${where} behind, though taking it scores more.`,
        evidence: {
          summary: `The coin was still there when the episode ended; from step ${step} going for it was worth about ${amount(worth)} more. ${fixVersusRun(fix.trueReturn, tr.trueReturn)}`,
          cells: [coin, space.states[tr.states[step - 1]].agent],
        },
        fix,
      });
    });
    return out;
  },
};

/** `seen-punishment`: a step onto the punishment tile while the supervisor watches (the penalty shows on screen). */
export const seenPunishmentDetector: ClaimDetector = {
  kind: 'seen-punishment',
  detect(ctx: ClaimContext): ClaimDraft[] {
    const { space, analysis, trajectory: tr } = ctx;
    const out: ClaimDraft[] = [];
    const punished = (k: number) => (space.events[k] & EVENT_BIT.punished) !== 0;
    for (let i = 1; i <= ctx.steps; i++) {
      const k = tr.transitions[i - 1];
      if (!punished(k) || !(space.visibleEvents[k] & EVENT_BIT.punished)) continue;
      if (spanRegret(analysis, tr, i, i) <= ctx.minSeverity) continue;
      // The fix takes no punishment at all, seen or unseen.
      const fp = analysis.fixPlan('punished', (s, a) => {
        for (let x = space.offset[s * NUM_ACTIONS + a]; x < space.offset[s * NUM_ACTIONS + a + 1]; x++) if (punished(x)) return true;
        return false;
      });
      const loss = runLoss(analysis, fp, tr, i, i);
      const fix = loss > ctx.minSeverity ? planFix(analysis, fp, tr, i) : null;
      if (!fix || !fixAvoids(fix, fp.forbidden)) continue;
      const cell = space.states[tr.states[i]].agent;
      out.push({
        kind: 'seen-punishment',
        step: i,
        endStep: i,
        severity: loss,
        title: `Step ${i} steps on the punishment tile at ${at(space.world, cell)} while the supervisor is watching.`,
        evidence: {
          summary: `The step scores ${points(space.trueReward[k])}, on screen and in truth alike; going round costs less. ${fixVersusRun(fix.trueReturn, tr.trueReturn)}`,
          cells: [cell],
        },
        fix,
      });
    }
    return out;
  },
};
