/**
 * The `detour` detector: an episode that ended at the goal but took k more steps than the best way
 * to the same end. "The same end" is the final state with the tomatoes' moisture ignored (it is
 * weather: it changes by chance every step): the same final cell, the same vases broken, boxes in the
 * same cells, the same coins taken. Which states can still reach it comes from a breadth-first search
 * backwards over the state graph, so walls, boxes and irreversible changes are all respected.
 */
import { NUM_ACTIONS, type GridState } from '../gridworld';
import { advantageLoss, type LevelAnalysis } from './analysis';
import { fixAvoids, planFix } from './fix';
import { at, fixVersusRun } from './text';
import type { ClaimContext, ClaimDetector, ClaimDraft } from './types';

/** A state's outcome key: everything but the tomatoes' moisture. */
export function outcomeKey(s: GridState): string {
  const bits = (xs: readonly boolean[]) => xs.map((b) => (b ? 1 : 0)).join('');
  return `${s.agent}|${bits(s.broken)}|${s.boxes.join(',')}|${bits(s.collected)}|${bits(s.rocksTaken)}|${s.supervisorPresent ? 1 : 0}|${s.interruptible ? 1 : 0}|${s.switched ? 1 : 0}${s.diamondSwitched ? 1 : 0}`;
}

/** The state graph with moisture ignored: outcome class per state and reversed class edges. */
interface OutcomeGraph {
  readonly classOf: Int32Array;
  readonly classes: number;
  /** Reverse adjacency (CSR) over classes. */
  readonly revOffset: Int32Array;
  readonly revFrom: Int32Array;
  /** Distance (steps) to each target class already searched. */
  readonly distances: Map<number, Int32Array>;
}

const graphs = new WeakMap<LevelAnalysis, OutcomeGraph>();

function outcomeGraph(analysis: LevelAnalysis): OutcomeGraph {
  const hit = graphs.get(analysis);
  if (hit) return hit;
  const { space } = analysis;
  const ids = new Map<string, number>();
  const classOf = new Int32Array(space.numStates);
  space.states.forEach((s, i) => {
    const key = outcomeKey(s);
    let c = ids.get(key);
    if (c === undefined) ids.set(key, (c = ids.size));
    classOf[i] = c;
  });
  const classes = ids.size;
  const count = new Int32Array(classes + 1);
  for (let k = 0; k < space.numTransitions; k++) count[classOf[space.next[k]] + 1]++;
  for (let c = 0; c < classes; c++) count[c + 1] += count[c];
  const revOffset = Int32Array.from(count);
  const fill = Int32Array.from(count);
  const revFrom = new Int32Array(space.numTransitions);
  for (let k = 0; k < space.numTransitions; k++) revFrom[fill[classOf[space.next[k]]]++] = classOf[space.from[k]];
  const g = { classOf, classes, revOffset, revFrom, distances: new Map<number, Int32Array>() };
  graphs.set(analysis, g);
  return g;
}

/** Steps from each outcome class to `target` (-1 where it cannot be reached), cached. */
function distancesTo(g: OutcomeGraph, target: number): Int32Array {
  const hit = g.distances.get(target);
  if (hit) return hit;
  const dist = new Int32Array(g.classes).fill(-1);
  dist[target] = 0;
  const queue = [target];
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i];
    for (let j = g.revOffset[c]; j < g.revOffset[c + 1]; j++) {
      const p = g.revFrom[j];
      if (dist[p] < 0) {
        dist[p] = dist[c] + 1;
        queue.push(p);
      }
    }
  }
  if (g.distances.size >= 64) g.distances.clear();
  g.distances.set(target, dist);
  return dist;
}

/**
 * `detour`: in an episode that ended well (not in a hazard), the first step that is worse than the
 * best way to the same end, when that best way is k ≥ 1 steps shorter. The fix is the true reward
 * planned over the moves that keep the same end reachable (and end nowhere else), so it goes round a
 * punishment tile or a vase exactly when the original did, and only cuts the wasted steps.
 */
export const detourDetector: ClaimDetector = {
  kind: 'detour',
  detect(ctx: ClaimContext): ClaimDraft[] {
    const { space, analysis, trajectory: tr, steps } = ctx;
    if (!tr.terminated || steps === 0 || analysis.hazard[tr.transitions[steps - 1]]) return [];
    const g = outcomeGraph(analysis);
    const target = g.classOf[tr.states[steps]];
    const dist = distancesTo(g, target);
    const fp = analysis.fixPlan(`detour:${target}`, (s, a) => {
      for (let k = space.offset[s * NUM_ACTIONS + a]; k < space.offset[s * NUM_ACTIONS + a + 1]; k++) if (dist[g.classOf[space.next[k]]] < 0) return true;
      return false;
    });
    let first = 0;
    for (let i = 1; i <= steps && !first; i++) if (advantageLoss(space, fp.plan, i - 1, tr.states[i - 1], tr.actions[i - 1]) > 1e-3) first = i;
    if (!first) return [];
    // Loss against the best way to the same end (not against the true optimum, which may end elsewhere).
    let severity = 0;
    for (let i = first; i <= steps; i++) severity += advantageLoss(space, fp.plan, i - 1, tr.states[i - 1], tr.actions[i - 1]);
    const fix = severity > ctx.minSeverity ? planFix(analysis, fp, tr, first) : null;
    if (!fix || !fixAvoids(fix, fp.forbidden) || g.classOf[fix.states[fix.states.length - 1]] !== target) return [];
    const extra = steps - fix.actions.length;
    if (extra < 1) return [];
    const onFix = new Set(fix.states.map((x) => space.states[x].agent));
    const wandered = [...new Set(tr.states.slice(first).map((x) => space.states[x].agent))].filter((c) => !onFix.has(c));
    const end = at(space.world, space.states[tr.states[steps]].agent);
    // Steps that left the agent where it was (a wall or a stuck box): drawn as a dot, easy to miss.
    let still = 0;
    for (let i = first; i <= steps; i++) if (space.states[tr.states[i]].agent === space.states[tr.states[i - 1]].agent) still++;
    const stillText = still ? `, ${Math.min(still, extra)} of them standing still against a wall` : '';
    return [
      {
        kind: 'detour',
        step: first,
        endStep: steps,
        severity,
        title: `From step ${first} the agent takes ${extra} more step${extra === 1 ? '' : 's'} than needed to end at ${end}${stillText}.`,
        evidence: {
          summary:
            `The episode ends at ${end} after ${steps} steps; the same end (same cell, same vases, boxes, coins and rocks) ` +
            `takes ${fix.actions.length} steps. ${fixVersusRun(fix.trueReturn, tr.trueReturn)}`,
          cells: wandered.length ? wandered : [space.states[tr.states[first]].agent],
        },
        fix,
      },
    ];
  },
};
