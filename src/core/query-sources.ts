/**
 * Where query clips come from. The agent's own plan only shows what it already does; with a sparse
 * reward two such clips tie and teach nothing, and a goal the agent never reaches is never shown. So
 * candidates are also cut from an optimistic plan, from paths planned to what no label has shown yet
 * (coverage), from random moves and from demonstrations, each at a random offset (see queries.ts for
 * the list and for how a pair is then chosen).
 */
import { FEATURE_DIM } from './features';
import { observe } from './gridworld';
import { planSoft, rollout, type Trajectory } from './planner';
import type { Label, Segment } from './preferences';
import type { Candidate, SegmentSource } from './queries';
import type { Rng } from './rng';
import type { StateSpace } from './states';

/**
 * Cuts a trajectory into consecutive clips of `length` steps starting at a random phase (so events
 * are not always at the same place in a clip); a short tail is kept only where the episode ended.
 */
export function cutAtRandomPhase(trajectory: Trajectory, length: number, rng: Rng, startStep = 0): Segment[] {
  const n = trajectory.actions.length;
  const phase = n > length ? rng.int(Math.min(length, n - length + 1)) : 0;
  const out: Segment[] = [];
  for (let i = phase; i < n; i += length) {
    const end = Math.min(n, i + length);
    if (end - i < length && !(end === n && trajectory.terminated)) break;
    out.push(clip(trajectory, i, end, length, startStep));
  }
  return out;
}

/** The clip of steps [from, to) of a trajectory that began at step `startStep`, nominal length `length`. */
export function clip(trajectory: Trajectory, from: number, to: number, length: number, startStep = 0): Segment {
  return {
    start: trajectory.states[from],
    startStep: startStep + from,
    actions: trajectory.actions.slice(from, to),
    transitions: trajectory.transitions.slice(from, to),
    length,
  };
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

/** What the labels have shown so far: feature rows and states their clips contain. */
export interface Coverage {
  readonly rows: ReadonlySet<string>;
  readonly states: ReadonlySet<number>;
}

/** Key of transition k's feature row. */
export function rowKey(features: Float32Array, k: number): string {
  return features.subarray(k * FEATURE_DIM, (k + 1) * FEATURE_DIM).join(',');
}

/** The feature rows and states that the labels' clips have shown. */
export function labelCoverage(features: Float32Array, space: StateSpace, labels: readonly Label[]): Coverage {
  const rows = new Set<string>();
  const states = new Set<number>();
  for (const label of labels) {
    for (const seg of [label.left, label.right]) {
      states.add(seg.start);
      for (const k of seg.transitions) {
        rows.add(rowKey(features, k));
        states.add(space.next[k]);
      }
    }
  }
  return { rows, states };
}

/**
 * Transitions that show something new: a feature row no label has shown (an event, a combination),
 * else, once every reachable row has been shown, a state no clip has touched. Empty when all is covered.
 */
export function novelTransitions(space: StateSpace, features: Float32Array, coverage: Coverage): number[][] {
  const byRow = new Map<string, number[]>();
  for (let k = 0; k < space.numTransitions; k++) {
    const key = rowKey(features, k);
    if (coverage.rows.has(key)) continue;
    let group = byRow.get(key);
    if (!group) byRow.set(key, (group = []));
    group.push(k);
  }
  if (byRow.size > 0) return [...byRow.values()];
  const fresh: number[] = [];
  for (let k = 0; k < space.numTransitions; k++) if (!coverage.states.has(space.next[k])) fresh.push(k);
  return fresh.length > 0 ? [fresh] : [];
}

/**
 * An episode planned to reach one of `targets` (transition indices) as early as it can, and the clip
 * around the first target reached, placed at a random offset; null if the plan reaches none.
 */
export function coverageClip(space: StateSpace, targets: readonly number[], length: number, rng: Rng): { trajectory: Trajectory; clip: Segment } | null {
  const reward = new Float32Array(space.numTransitions);
  for (const k of targets) reward[k] = 1;
  // τ = 0 on "1 per target step", with a small step cost so the first target comes as early as it can.
  for (let k = 0; k < reward.length; k++) reward[k] -= 1e-3;
  const plan = planSoft(space, reward, { temperature: 0 });
  const trajectory = rollout(space, plan, rng);
  const isTarget = new Set(targets);
  const at = trajectory.transitions.findIndex((k) => isTarget.has(k));
  if (at < 0) return null;
  const n = trajectory.actions.length;
  const lo = Math.max(0, at - length + 1);
  const hi = Math.min(at, Math.max(0, n - length));
  const from = hi >= lo ? lo + rng.int(hi - lo + 1) : Math.max(0, Math.min(at, n - 1));
  const to = Math.min(n, from + length);
  if (to - from < length && !(to === n && trajectory.terminated)) return null;
  return { trajectory, clip: clip(trajectory, from, to, length) };
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
