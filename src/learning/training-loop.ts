/**
 * The whole preference-learning loop with a simulated labeller: propose a pair, answer it, add the
 * label, and after every round train, re-plan and record a point of the learning curve. Used by
 * `npm run experiment` and by the tests; the page runs the same steps one click at a time.
 */
import { claimLabel, claimQuestion } from '../core/assistant-labels';
import { episodeSegment } from '../core/demonstration';
import { simulatedAnswer, type LabellerKind } from '../core/labellers';
import { planSoft, rollout } from '../core/planner';
import { isHeldOutIndex, segmentSum, type Answer, type Label, type Segment } from '../core/preferences';
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

/** The loop's default rhythm: this many labels, then this many training steps. */
export const LOOP_ROUND = { labelsPerRound: 5, stepsPerRound: 60 } as const;

/** Settings of a simulated training run. */
export interface LoopOptions {
  readonly labeller: LabellerKind;
  /** Labels to collect in all. */
  readonly labels: number;
  readonly query: QueryMode;
  /** Labeller's chance of a random answer, 0–1 (default 0: exact). */
  readonly noise?: number;
  /** Labeller's Boltzmann temperature in reward units (default 0: always the better clip). */
  readonly temperature?: number;
  /**
   * Whole-episode demonstrations given first, each counted in the label budget: a simulated
   * demonstrator plays the true optimum from the start, and the label prefers its episode to the
   * agent's own episode from the same start (default 0).
   */
  readonly demos?: number;
  /** Labels per round between training bursts (default LOOP_ROUND.labelsPerRound). */
  readonly labelsPerRound?: number;
  /** Training steps per round (default LOOP_ROUND.stepsPerRound). */
  readonly stepsPerRound?: number;
  /**
   * With the assistant on, the labeller reads the assistant's top claim on each clip it compares
   * (see judgedReturn), and after each batch reads the assistant's top claim on the agent's trajectory
   * and accepts it when it is true (the fix truly beats the original on the compared steps); an
   * accepted claim becomes a "fix ≻ original" label with provenance 'assistant', counted in the
   * label budget. A top claim that is a question (`uncertain`) is answered by the labeller instead:
   * its pair, original vs alternative, becomes a 'labeller' label.
   */
  readonly assistant?: boolean;
  /** Called after each round with the new curve point. */
  readonly onRound?: (point: CurvePoint, metrics: AgentMetrics) => void;
  /** Awaited after each round (a main-thread caller yields to the page there). */
  readonly pause?: () => Promise<void>;
}

/** What a run of the loop ends with. */
export interface LoopResult {
  readonly metrics: AgentMetrics;
  /** The learning curve, first point at 0 labels. */
  readonly curve: CurvePoint[];
  /** Share of the queried pairs whose two clips have the same true score (0 when none were asked). */
  readonly tiedPairShare: number;
}

/** Runs the loop on an engine; returns the final metrics, the curve and the share of tied pairs. */
export async function runTrainingLoop(engine: LearningEngine, options: LoopOptions): Promise<LoopResult> {
  const rng = new Rng(engine.settings.seed).split('labeller');
  const labeller = { kind: options.labeller, noise: options.noise ?? 0, temperature: options.temperature ?? 0, assisted: options.assistant };
  let asked = 0,
    tied = 0;
  const perRound = options.labelsPerRound ?? LOOP_ROUND.labelsPerRound;
  const steps = options.stepsPerRound ?? LOOP_ROUND.stepsPerRound;
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
  const demos = Math.min(options.demos ?? 0, options.labels);
  if (demos > 0) {
    const demoRng = new Rng(engine.settings.seed).split('demonstrator');
    engine.addLabels(Array.from({ length: demos }, (_, i) => demonstrationLabel(engine, demoRng, i)));
    await engine.train(steps);
    await engine.refresh();
    metrics = await record();
  }
  while (engine.allLabels.length < options.labels) {
    const batch: Label[] = [];
    if (options.assistant) {
      const accepted = await assistantLabel(engine, engine.allLabels.length, (left, right) => simulatedAnswer(engine.space, left, right, labeller, rng));
      if (accepted) batch.push(accepted);
    }
    const n = Math.min(perRound, options.labels - engine.allLabels.length) - batch.length;
    for (let i = 0; i < n; i++) {
      const q = await engine.proposeQuery(options.query);
      const index = engine.allLabels.length + batch.length;
      asked++;
      if (Math.abs(segmentSum(q.left, engine.space.trueReward) - segmentSum(q.right, engine.space.trueReward)) < 1e-6) tied++;
      batch.push({
        id: `l${index + 1}`,
        left: q.left,
        right: q.right,
        answer: simulatedAnswer(engine.space, q.left, q.right, labeller, rng),
        provenance: 'labeller',
        heldOut: isHeldOutIndex(index),
      });
    }
    engine.addLabels(batch);
    await engine.train(steps);
    await engine.refresh();
    metrics = await record();
    await options.pause?.();
  }
  return { metrics, curve, tiedPairShare: asked > 0 ? tied / asked : 0 };
}

/**
 * A simulated demonstration: the true optimum played from a start state as a whole episode, preferred
 * to the agent's own episode from the same start (its current plan, or random moves before any label).
 */
export function demonstrationLabel(engine: LearningEngine, rng: Rng, i: number): Label {
  const space = engine.space;
  const optimum = planSoft(space, space.trueReward, { temperature: 0 });
  const demo = rollout(space, optimum, rng);
  const agent = rollout(space, engine.agentPlan ?? 'uniform', rng, { start: demo.states[0] });
  const index = engine.allLabels.length + i;
  // A demonstration is the better episode; where the agent happened to do as well, it says so.
  const answer = demo.trueReturn > agent.trueReturn + 1e-6 ? 'left' : 'equal';
  return { id: `l${index + 1}`, left: episodeSegment(space, demo), right: episodeSegment(space, agent), answer, provenance: 'demonstration', heldOut: false };
}

/**
 * The label the assistant's top claim on the agent's trajectory leads to, or null. An accusing claim
 * is accepted when it is true and becomes "fix ≻ original" (claimLabel gives one only when the fix
 * truly scores more on the compared steps). An `uncertain` claim is a question, never labelled by the
 * assistant: the labeller answers its pair (original vs alternative) like any other query.
 */
async function assistantLabel(engine: LearningEngine, index: number, answer: (left: Segment, right: Segment) => Answer): Promise<Label | null> {
  const trajectory = engine.agentTrajectory();
  const { claims } = await engine.claims(trajectory);
  const claim = claims[0];
  if (!claim) return null;
  const id = `l${index + 1}`;
  const heldOut = isHeldOutIndex(index);
  if (claim.kind === 'uncertain') {
    const pair = claimQuestion(engine.space, trajectory, claim, engine.settings.segmentLength);
    return pair && { id, left: pair.left, right: pair.right, answer: answer(pair.left, pair.right), provenance: 'labeller', heldOut };
  }
  return claimLabel(engine.space, trajectory, claim, engine.settings.segmentLength, id, heldOut);
}
