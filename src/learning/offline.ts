/**
 * Off-line runs for the workshop views: each builds a fresh LearningEngine on the current backend,
 * runs to the end and disposes it, so the session's own engine (its labels, weights and agent) is
 * never touched. `simulateRun` is the label-budget challenge's yardstick (the exact labeller on Active
 * or Random queries, on the session's schedule and seed); `pooledCurve` trains one model per label
 * count on a room's pooled labels, and runs the label-quality check with the model trained on all.
 */
import { findLabelIssues } from '../core/label-quality';
import type { Label } from '../core/preferences';
import { LearningEngine, type AgentMetrics, type EngineSettings } from './engine';
import { SESSION_SCHEDULE } from '../core/schedule';
import type { OfflinePoint, SimulateRequest, SimulateResult } from './protocol';
import { runTrainingLoop } from './training-loop';

/** Most labels one off-line run may use (a guard against a runaway request, far above a workshop's). */
export const MAX_OFFLINE_LABELS = 5000;
/** Most points one pooled curve may ask for. */
export const MAX_CURVE_POINTS = 20;
/** Steps per training call, with a pause between calls (the main-thread fallback stays responsive). */
const SLICE_STEPS = 10;

/** Runs the exact labeller for `request.labels` labels on a fresh engine, one label per round as a session trains. */
export async function simulateRun(levelText: string, settings: EngineSettings, request: SimulateRequest, pause: () => Promise<void> = () => Promise.resolve()): Promise<SimulateResult> {
  const labels = request.labels;
  if (!Number.isInteger(labels) || labels < 1 || labels > MAX_OFFLINE_LABELS) throw new Error(`simulate: labels must be a whole number from 1 to ${MAX_OFFLINE_LABELS}, got ${labels}`);
  if (request.query !== 'active' && request.query !== 'random') throw new Error(`simulate: query must be active or random, got "${String(request.query)}"`);
  const engine = new LearningEngine(levelText, { ...settings, queryMode: request.query });
  try {
    const result = await runTrainingLoop(engine, {
      labeller: 'oracle',
      labels,
      query: request.query,
      labelsPerRound: 1,
      stepsPerRound: SESSION_SCHEDULE.stepsPerLabel,
      pause,
    });
    return { ...point(result.metrics), curve: result.curve.map((p) => ({ labels: p.labels, normalizedReturn: p.normalizedReturn, trueReturn: p.trueReturn })) };
  } finally {
    engine.dispose();
  }
}

/**
 * For each n in `counts`, a fresh model trained on `labels.slice(0, n)` for the reload schedule's
 * steps: the agent's score, and where n is every label, the label-quality check on them.
 */
export async function pooledCurve(
  levelText: string,
  settings: EngineSettings,
  labels: readonly Label[],
  counts: readonly number[],
  pause: () => Promise<void> = () => Promise.resolve(),
): Promise<OfflinePoint[]> {
  if (counts.length > MAX_CURVE_POINTS) throw new Error(`curveFromLabels: at most ${MAX_CURVE_POINTS} label counts, got ${counts.length}`);
  for (const n of counts) {
    if (!Number.isInteger(n) || n < 0 || n > labels.length) throw new Error(`curveFromLabels: a label count must be a whole number from 0 to ${labels.length}, got ${n}`);
  }
  const out: OfflinePoint[] = [];
  for (const n of counts) {
    const engine = new LearningEngine(levelText, settings);
    try {
      engine.setLabels(labels.slice(0, n));
      if (n > 0) {
        for (let done = 0; done < SESSION_SCHEDULE.reloadSteps; done += SLICE_STEPS) {
          await engine.train(Math.min(SLICE_STEPS, SESSION_SCHEDULE.reloadSteps - done));
          await pause();
        }
      }
      const learned = await engine.refresh();
      const all = n > 0 && n === labels.length;
      out.push({ ...point(await engine.metrics()), labels: n, ...(all ? { labelIssues: findLabelIssues(engine.allLabels, engine.space.numTransitions, learned) } : {}) });
    } finally {
      engine.dispose();
    }
  }
  return out;
}

function point(m: AgentMetrics): OfflinePoint {
  return { labels: m.labels, normalizedReturn: m.normalizedReturn, trueReturn: m.trueReturn };
}
