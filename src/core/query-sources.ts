/**
 * Where query clips come from. The agent's own plan only shows what it already does; with a sparse
 * reward two such clips tie and teach nothing, and a goal the agent never reaches is never shown. So
 * candidates are also cut from an optimistic and a cautious plan, from paths planned to what the
 * labels have shown least (coverage: a feature row — an event, a combination — never shown first, then
 * the rarer the likelier, reached by the way the learned reward likes best), from random moves and
 * from demonstrations, each at a random offset, and, now and then, the agent's whole episode against a
 * detour that avoids its every step (see queries.ts for the list and for how a pair is then chosen).
 */
import { FEATURE_DIM } from './features';
import { observe } from './gridworld';
import { planSoft, rollout, type Trajectory } from './planner';
import { cutSegments, sliceSegment, type Label, type Segment } from './preferences';
import type { Candidate, SegmentSource } from './queries';
import type { Rng } from './rng';
import type { StateSpace } from './states';

/**
 * Cuts a trajectory into consecutive clips of `length` steps starting at a random phase (so events
 * are not always at the same place in a clip); a short tail is kept only where the episode ended.
 */
export function cutAtRandomPhase(trajectory: Trajectory, length: number, rng: Rng, startStep = 0): Segment[] {
  const n = trajectory.actions.length;
  return cutSegments(trajectory, length, startStep, n > length ? rng.int(Math.min(length, n - length + 1)) : 0);
}

/** Per state, an id of what the screen shows in it: states with equal ids look the same. */
export function observationIds(space: StateSpace): Int32Array {
  const ids = new Int32Array(space.numStates);
  const seen = new Map<string, number>();
  space.states.forEach((state, s) => {
    const key = JSON.stringify(observe(space.world, state));
    let id = seen.get(key);
    if (id === undefined) seen.set(key, (id = seen.size));
    ids[s] = id;
  });
  return ids;
}

/** A key of what a clip shows: equal keys ⇒ the two clips look the same on screen, step by step. */
export function lookKey(space: StateSpace, observation: Int32Array, segment: Segment): string {
  const parts = [String(observation[segment.start])];
  for (const k of segment.transitions) parts.push(`${space.visibleEvents[k]}:${observation[space.next[k]]}`);
  return `${parts.join(' ')}|${segment.length - segment.transitions.length}`;
}

/** The level's distinct feature rows (an event, a combination): each transition's row and each row's transitions. */
export interface FeatureRows {
  /** [numTransitions] row id of each transition. */
  readonly ofTransition: Int32Array;
  /** The transitions of each row, by row id. */
  readonly transitions: readonly (readonly number[])[];
}

/** Groups the transitions of a level by their feature row ([numTransitions × FEATURE_DIM] `features`); computed once per level. */
export function featureRows(features: Float32Array): FeatureRows {
  const numTransitions = features.length / FEATURE_DIM;
  const ofTransition = new Int32Array(numTransitions);
  const ids = new Map<string, number>();
  const transitions: number[][] = [];
  for (let k = 0; k < numTransitions; k++) {
    const key = features.subarray(k * FEATURE_DIM, (k + 1) * FEATURE_DIM).join(',');
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = transitions.length));
      transitions.push([]);
    }
    ofTransition[k] = id;
    transitions[id].push(k);
  }
  return { ofTransition, transitions };
}

/** What the labels have shown so far: per feature row, the number of clips that showed it, and the states touched. */
export interface Coverage {
  /** By row id: labelled clips that showed the row. */
  readonly shown: Uint32Array;
  readonly states: ReadonlySet<number>;
}

/** The feature rows (with the number of labelled clips showing each) and the states that the labels' clips have shown. */
export function labelCoverage(rows: FeatureRows, space: StateSpace, labels: readonly Label[]): Coverage {
  const shown = new Uint32Array(rows.transitions.length);
  const states = new Set<number>();
  for (const label of labels) {
    for (const seg of [label.left, label.right]) {
      states.add(seg.start);
      const inClip = new Set<number>();
      for (const k of seg.transitions) {
        inClip.add(rows.ofTransition[k]);
        states.add(space.next[k]);
      }
      for (const id of inClip) shown[id]++;
    }
  }
  return { shown, states };
}

/** Transitions grouped by feature row, each group with the number of labelled clips that showed its row. */
export interface RowGroup {
  readonly transitions: readonly number[];
  readonly shown: number;
}

/**
 * What coverage aims at: the feature rows no label has shown, each as a group of transitions; once
 * every row has been shown, every row with how often the labels showed it, plus the transitions into
 * states no clip has touched (as one group shown 0 times).
 */
export function rowGroups(space: StateSpace, rows: FeatureRows, coverage: Coverage): RowGroup[] {
  const groups = rows.transitions.map((transitions, id) => ({ transitions, shown: coverage.shown[id] }));
  const unshown = groups.filter((g) => g.shown === 0);
  if (unshown.length > 0) return unshown;
  const fresh: number[] = [];
  for (let k = 0; k < space.numTransitions; k++) if (!coverage.states.has(space.next[k])) fresh.push(k);
  return fresh.length > 0 ? [...groups, { transitions: fresh, shown: 0 }] : groups;
}

/** Draws a group, the rarely shown ones first: weight 1 / (1 + shown)². */
export function drawRareGroup(groups: readonly RowGroup[], rng: Rng): RowGroup {
  return groups[rng.weighted(groups.map((g) => 1 / (1 + g.shown) ** 2))];
}

/**
 * An episode planned to reach one of `targets` (transition indices) as early as it can — choosing among
 * ways there by `reward` (the learned reward, so the path avoids what is already known to be bad) —
 * and the clip around the first target reached, placed at a random offset; null if it reaches none.
 */
export function coverageClip(space: StateSpace, targets: readonly number[], length: number, rng: Rng, reward?: ArrayLike<number>): { trajectory: Trajectory; clip: Segment } | null {
  // Reaching a target is worth more than any path can gain or lose by the reward; a small step cost
  // makes the first target come as early as it can.
  const bonus = moreThanAnyPath(space, reward);
  const planned = new Float32Array(space.numTransitions);
  for (let k = 0; k < planned.length; k++) planned[k] = (reward ? reward[k] : 0) - 1e-3;
  for (const k of targets) planned[k] += bonus;
  const plan = planSoft(space, planned, { temperature: 0 });
  const trajectory = rollout(space, plan, rng);
  const isTarget = new Set(targets);
  const at = trajectory.transitions.findIndex((k) => isTarget.has(k));
  if (at < 0) return null;
  const n = trajectory.actions.length;
  const first = Math.max(0, at - length + 1);
  const last = Math.min(at, Math.max(0, n - length));
  const from = last >= first ? first + rng.int(last - first + 1) : Math.max(0, Math.min(at, n - 1));
  const to = Math.min(n, from + length);
  if (to - from < length && !(to === n && trajectory.terminated)) return null;
  return { trajectory, clip: sliceSegment(trajectory, from, to, length) };
}

/**
 * Another way through the episode: from the start of `own` (the agent's trajectory), the plan that is
 * best by `reward` among those that never take a step `own` took (each such step costs more than any
 * path can gain), played out greedily. The agent's whole episode against this one shows a trade-off the
 * members may all get wrong alike (a shortcut over a penalty against the long way round), which
 * disagreement alone never asks about.
 */
export function detourTrajectory(space: StateSpace, reward: ArrayLike<number>, own: Trajectory, rng: Rng): Trajectory {
  const penalty = moreThanAnyPath(space, reward);
  const planned = Float32Array.from(reward);
  for (const k of own.transitions) planned[k] = reward[k] - penalty;
  return rollout(space, planSoft(space, planned, { temperature: 0 }), rng, { start: own.states[0] });
}

/** A bonus or penalty larger than any episode can gain or lose by `reward` (0 everywhere when absent): (range + 1e-3) · max_steps + 1. */
function moreThanAnyPath(space: StateSpace, reward?: ArrayLike<number>): number {
  let lo = 0,
    hi = 0;
  if (reward) for (let k = 0; k < space.numTransitions; k++) [lo, hi] = [Math.min(lo, reward[k]), Math.max(hi, reward[k])];
  return (hi - lo + 1e-3) * space.world.level.maxSteps + 1;
}

/** The first `length` steps of an episode as one clip from its start, or null when it is shorter and did not end. */
export function episodeClip(trajectory: Trajectory, length: number): Segment | null {
  return trajectory.actions.length >= length || trajectory.terminated ? sliceSegment(trajectory, 0, Math.min(length, trajectory.actions.length), length) : null;
}

/** Collects candidates, dropping clips already in the pool (same start and transitions). */
export class CandidatePool {
  readonly candidates: Candidate[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly space: StateSpace,
    private readonly observation: Int32Array,
  ) {}

  /** Adds a clip from `source` unless the same clip is already there. */
  add(segment: Segment, source: SegmentSource): void {
    const key = `${segment.start}:${segment.transitions.join(',')}:${segment.length}`;
    if (this.seen.has(key) || segment.transitions.length === 0) return;
    this.seen.add(key);
    this.candidates.push({ segment, source, lookKey: lookKey(this.space, this.observation, segment) });
  }

  /** Number of distinct looks among the candidates. */
  get distinctLooks(): number {
    return new Set(this.candidates.map((c) => c.lookKey)).size;
  }
}
