/**
 * Engine snapshots built by hand from real core data (no engine, no tfjs): a level's real state space,
 * a rollout that follows an action string, and a learned reward given per transition. Plain enough for
 * the Node tests of the snapshot diff and for the browser tests of the views that show it.
 */
import { parseActions } from '../../src/core/gridworld';
import { cellMeans, cellPolicy } from '../../src/core/overlays';
import { followActions, planSoft } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import type { StateSpace } from '../../src/core/states';
import type { EngineSnapshot } from '../../src/learning/protocol';

/** Figures of a snapshot's metrics that a test sets (the rest get plain defaults). */
export interface SnapshotFigures {
  readonly labels?: number;
  readonly apparentReturn?: number;
  readonly learnedReturn?: number;
  readonly trueReturn?: number;
  readonly normalizedReturn?: number;
}

/** A snapshot of `space` whose rollout follows `actions` and whose learned reward is `learned` (per transition). */
export function snapshotOf(space: StateSpace, actions: string, learned: Float32Array, figures: SnapshotFigures = {}): EngineSnapshot {
  const rollout = followActions(space, parseActions(actions), new Rng(0));
  const spread = Float32Array.from({ length: space.numTransitions }, (_, k) => ((k * 37) % 11) / 11);
  return {
    metrics: {
      labels: figures.labels ?? 0,
      trueReturn: figures.trueReturn ?? rollout.trueReturn,
      apparentReturn: figures.apparentReturn ?? rollout.apparentReturn,
      learnedReturn: figures.learnedReturn ?? 0,
      normalizedReturn: figures.normalizedReturn ?? 0.5,
      optimalTrueReturn: 42,
      uniformTrueReturn: -20,
      heldOutAccuracy: null,
      disagreement: 0.1,
    },
    cellReward: cellMeans(space, learned),
    cellUncertainty: cellMeans(space, spread),
    cellPolicy: cellPolicy(space, planSoft(space, space.trueReward, { temperature: 0.5 })),
    rollout,
    rolloutStates: rollout.states.map((s) => space.states[s]),
    rolloutLearned: Float32Array.from(rollout.transitions, (k) => learned[k]),
    rolloutSpread: Float32Array.from(rollout.transitions, (k) => spread[k]),
    labelIssues: [],
    saliency: null,
    claims: [],
    pAccept: [],
  };
}

/** `learned` with the reward of every transition into `cell` raised by `by`. */
export function bumpCell(space: StateSpace, learned: Float32Array, cell: number, by: number): Float32Array {
  return learned.map((r, k) => (space.states[space.next[k]].agent === cell ? r + by : r));
}
