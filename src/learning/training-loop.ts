/**
 * The whole preference-learning loop with a simulated labeller: propose a pair, answer it, add the
 * label, and after every round train, re-plan and record a point of the learning curve. Used by
 * `npm run experiment` and by the tests; the page runs the same steps one click at a time.
 */
import { claimLabel } from '../core/assistant-labels';
import { simulatedAnswer, type LabellerKind } from '../core/labellers';
import { isHeldOutIndex, segmentSum, type Label } from '../core/preferences';
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
  /**
   * With the assistant on, the labeller reads the assistant's top claim on each clip it compares
   * (see judgedReturn), and after each batch reads the assistant's top claim on the agent's trajectory
   * and accepts it when it is true (the fix truly beats the original on the compared steps); an
   * accepted claim becomes a "fix ≻ original" label with provenance 'assistant', counted in the
   * label budget.
   */
  readonly assistant?: boolean;
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
    if (options.assistant) {
      const accepted = await assistantLabel(engine, engine.allLabels.length);
      if (accepted) batch.push(accepted);
    }
    const n = Math.min(perRound, options.labels - engine.allLabels.length) - batch.length;
    for (let i = 0; i < n; i++) {
      const q = await engine.proposeQuery(options.query);
      const index = engine.allLabels.length + batch.length;
      batch.push({
        id: `l${index + 1}`,
        left: q.left,
        right: q.right,
        answer: simulatedAnswer(engine.space, q.left, q.right, { kind: options.labeller, noise: options.noise ?? 0, assisted: options.assistant }, rng),
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

/** The assistant's top claim on the agent's trajectory as a label, if it is true; else null. */
async function assistantLabel(engine: LearningEngine, index: number): Promise<Label | null> {
  const trajectory = engine.agentTrajectory();
  const { claims } = await engine.claims(trajectory);
  for (const claim of claims.slice(0, 1)) {
    const label = claimLabel(engine.space, trajectory, claim, engine.settings.segmentLength, `l${index + 1}`, isHeldOutIndex(index));
    if (!label) continue;
    const fixBetter = segmentSum(label.left, engine.space.trueReward) > segmentSum(label.right, engine.space.trueReward) + 1e-6;
    if (fixBetter) return label;
  }
  return null;
}
