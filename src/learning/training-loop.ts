/**
 * The whole preference-learning loop with a simulated labeller: propose a pair, answer it, add the
 * label, and after every round train, re-plan and record a point of the learning curve. Used by
 * `npm run experiment` and by the tests; the page runs the same steps one click at a time.
 */
import { simulatedAnswer, type LabellerKind } from '../core/labellers';
import { isHeldOutIndex, type Label } from '../core/preferences';
import type { QueryMode } from '../core/queries';
import { Rng } from '../core/rng';
import type { AgentMetrics, LearningEngine } from './engine';

/** One point of a learning curve. */
export interface CurvePoint {
  readonly labels: number;
  readonly normalizedReturn: number;
  readonly heldOutAccuracy: number | null;
  readonly trueReturn: number;
  readonly apparentReturn: number;
}

/** Settings of a simulated training run. */
export interface LoopOptions {
  readonly labeller: LabellerKind;
  /** Labels to collect in all. */
  readonly labels: number;
  readonly query: QueryMode;
  /** Labeller's chance of a random answer, 0–1. */
  readonly noise?: number;
  /** Labels per round between training bursts (default 5). */
  readonly labelsPerRound?: number;
  /** Training steps per round (default 60). */
  readonly stepsPerRound?: number;
  /** Called after each round with the new curve point. */
  readonly onRound?: (point: CurvePoint, metrics: AgentMetrics) => void;
}

/** Runs the loop on an engine; returns the final metrics and the curve (first point at 0 labels). */
export async function runTrainingLoop(engine: LearningEngine, options: LoopOptions): Promise<{ metrics: AgentMetrics; curve: CurvePoint[] }> {
  const rng = new Rng(engine.settings.seed).split('labeller');
  const perRound = options.labelsPerRound ?? 5;
  const steps = options.stepsPerRound ?? 60;
  const curve: CurvePoint[] = [];
  const record = async (): Promise<AgentMetrics> => {
    const m = await engine.metrics();
    const point = {
      labels: m.labels,
      normalizedReturn: m.normalizedReturn,
      heldOutAccuracy: m.heldOutAccuracy,
      trueReturn: m.trueReturn,
      apparentReturn: m.apparentReturn,
    };
    curve.push(point);
    options.onRound?.(point, m);
    return m;
  };
  let metrics = await record();
  while (engine.allLabels.length < options.labels) {
    const batch: Label[] = [];
    const n = Math.min(perRound, options.labels - engine.allLabels.length);
    for (let i = 0; i < n; i++) {
      const q = await engine.proposeQuery(options.query);
      const index = engine.allLabels.length + batch.length;
      batch.push({
        id: `l${index + 1}`,
        left: q.left,
        right: q.right,
        answer: simulatedAnswer(engine.space, q.left, q.right, { kind: options.labeller, noise: options.noise ?? 0 }, rng),
        provenance: 'labeller',
        heldOut: isHeldOutIndex(index),
      });
    }
    engine.addLabels(batch);
    await engine.train(steps);
    await engine.refresh();
    metrics = await record();
  }
  return { metrics, curve };
}
