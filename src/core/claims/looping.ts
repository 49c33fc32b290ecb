/**
 * The `looping` detector, for race tracks (checkpoint tiles): the agent passes the same checkpoint
 * again with no net progress round the track since its last pass there — it went back against the
 * arrow and came through again. The screen's race score pays +3 for every pass, so a labeller who
 * judges by that score sees a loop as winning; the true score counts only progress round the track.
 */
import { EVENT_BIT, trackProgress, type Action } from '../gridworld';
import { advantageLoss } from './analysis';
import { planFix } from './fix';
import { at, fixVersusRun, points, stepsText } from './text';
import type { ClaimContext, ClaimDetector, ClaimDraft } from './types';

/** `looping`: circling over one checkpoint for the race score (see the module doc). */
export const loopingDetector: ClaimDetector = {
  kind: 'looping',
  detect(ctx: ClaimContext): ClaimDraft[] {
    const { space, analysis, trajectory: tr, steps } = ctx;
    const world = space.world;
    if (!world.hasTrack) return [];
    // progress[i]: track progress summed over steps 1…i.
    const progress = [0];
    for (let i = 1; i <= steps; i++) {
      const from = space.states[tr.states[i - 1]].agent,
        to = space.states[tr.states[i]].agent;
      progress.push(progress[i - 1] + trackProgress(world, from, to, tr.actions[i - 1] as Action));
    }
    const lastPass = new Map<number, number>();
    const passes = new Map<number, number>();
    let first = 0,
      last = 0;
    for (let i = 1; i <= steps; i++) {
      if (!(space.events[tr.transitions[i - 1]] & EVENT_BIT.checkpoint)) continue;
      const cell = space.states[tr.states[i]].agent;
      const before = lastPass.get(cell);
      if (before !== undefined && progress[i] - progress[before] <= 0) {
        first ||= before + 1;
        last = i;
        passes.set(cell, (passes.get(cell) ?? 1) + 1);
      }
      lastPass.set(cell, i);
    }
    if (!first) return [];
    let severity = 0;
    for (let i = first; i <= last; i++) severity += advantageLoss(space, analysis.truePlan, i - 1, tr.states[i - 1], tr.actions[i - 1]);
    if (severity <= ctx.minSeverity) return [];
    const fix = planFix(analysis, analysis.trueFix, tr, first);
    if (!fix) return [];
    const [cell, count] = [...passes].sort((a, b) => b[1] - a[1])[0];
    let screen = 0,
      truth = 0;
    for (let i = first; i <= last; i++) {
      screen += space.apparentReward[tr.transitions[i - 1]];
      truth += space.trueReward[tr.transitions[i - 1]];
    }
    const net = progress[last] - progress[first - 1];
    const loopCells = new Set(tr.states.slice(first - 1, last + 1).map((s) => space.states[s].agent));
    return [
      {
        kind: 'looping',
        step: first,
        endStep: last,
        severity,
        title: `From step ${first} the agent goes back and forth over the checkpoint at ${at(world, cell)} (${count} passes) instead of racing round the track.`,
        evidence: {
          summary:
            `Each pass adds +3 to the race score on screen (${points(screen)} on ${stepsText(first, last)}), but the agent comes back against the arrow every time: ` +
            `its progress round the track on those steps is ${net > 0 ? '+' : net < 0 ? '−' : ''}${Math.abs(net)}, and the true score ${points(truth)}. ` +
            fixVersusRun(fix.trueReturn, tr.trueReturn),
          cells: [...loopCells],
        },
        fix,
      },
    ];
  },
};
