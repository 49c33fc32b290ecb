/**
 * The Node sections of `npm run bench`: P1 (wasm, cpu), P4 (labels to 0.9), P5 (assistant on the
 * tomato level), P7 (planner time), P8 (tensor leaks) and the assisted-evaluation table. Each returns
 * plain JSON; bench.ts prints them against their targets.
 */
import { combineEvaluations, runEvaluation, DEFAULT_EVALUATION } from '../core/evaluation';
import { planSoft } from '../core/planner';
import { SESSION_SCHEDULE } from '../core/schedule';
import { loadLevel } from '../core/states';
import { registerBackends } from '../learning/backends';
import { LearningEngine, PLAN_TEMPERATURE, type RewardModelKind } from '../learning/engine';
import { useNodeBackend } from '../learning/node-backend';
import { tf } from '../learning/tf';
import { LOOP_ROUND, runTrainingLoop } from '../learning/training-loop';
import { runP1, type P1Options, type P1Result } from './bench-p1';
import { round, summary } from './evaluation-table';
import { builtinLevelNames, readLevelArg } from './levels';

type Log = (line: string) => void;

/** Median of numbers; +Infinity entries (runs that never got there) sort last. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// ---- P1 in Node -----------------------------------------------------------------------------------

/** P1 on the backends Node has (wasm, cpu), for `options.model`'s workload; leaves the Node backend (wasm, else cpu) active. */
export async function nodeP1(options: P1Options = {}): Promise<P1Result> {
  await registerBackends();
  const result = await runP1(['wasm', 'cpu'], options);
  await useNodeBackend();
  return result;
}

// ---- P4: labels to reach a normalised return -------------------------------------------------------

/** Settings of P4. */
export interface P4Settings {
  readonly levels: readonly string[];
  readonly seeds: readonly number[];
  /** How labels and training alternate: the loop's rounds of 5 labels, and one label at a time as the page does. */
  readonly rhythms: readonly P4Rhythm[];
  /** Stop a run without success at this many labels. */
  readonly cap: number;
  /** Normalised true return to reach. */
  readonly threshold: number;
}

/** Labels per round and training steps after each round. */
export type P4Rhythm = 'rounds' | 'page';

/** What each rhythm means for runTrainingLoop: the loop's defaults, and the page's one label then SESSION_SCHEDULE.stepsPerLabel steps. */
export const P4_RHYTHMS: Readonly<Record<P4Rhythm, { readonly labelsPerRound: number; readonly stepsPerRound: number; readonly words: string }>> = {
  rounds: { ...LOOP_ROUND, words: `rounds of ${LOOP_ROUND.labelsPerRound} labels` },
  page: { labelsPerRound: 1, stepsPerRound: SESSION_SCHEDULE.stepsPerLabel, words: 'one label at a time, as the page' },
};

/** One run of P4. */
export interface P4Run {
  readonly level: string;
  readonly rhythm: P4Rhythm;
  readonly query: 'active' | 'random';
  readonly seed: number;
  /** Labels when the curve first reached the threshold; null when it did not within the cap. */
  readonly labels: number | null;
  /** Normalised return at the last point measured. */
  readonly lastNormalized: number;
  readonly seconds: number;
}

/** P4 per level: medians of the runs (null = more than the cap). */
export interface P4Level {
  readonly level: string;
  readonly rhythm: P4Rhythm;
  readonly active: { readonly median: number | null; readonly runs: readonly (number | null)[] };
  readonly random: { readonly median: number | null; readonly runs: readonly (number | null)[] };
  /** active median / random median; when random did not get there, an upper bound (see ratioIsBound). */
  readonly ratio: number | null;
  /** true when random's median is above the cap, so the true ratio is below `ratio`. */
  readonly ratioIsBound: boolean;
}

class StopRun extends Error {}

/** Runs the experiment loop (oracle labeller) until the curve reaches the threshold or the cap; `model` is the reward model's kind (default features). */
export async function labelsToReach(
  level: string,
  query: 'active' | 'random',
  seed: number,
  settings: Pick<P4Settings, 'cap' | 'threshold'>,
  model: RewardModelKind = 'features',
  rhythm: P4Rhythm = 'rounds',
): Promise<P4Run> {
  const started = performance.now();
  const engine = new LearningEngine(readLevelArg(level).text, { seed, rewardModel: model });
  let reached: number | null = null;
  let last = Number.NaN;
  try {
    await runTrainingLoop(engine, {
      labeller: 'oracle',
      labels: settings.cap,
      query,
      labelsPerRound: P4_RHYTHMS[rhythm].labelsPerRound,
      stepsPerRound: P4_RHYTHMS[rhythm].stepsPerRound,
      // runTrainingLoop has no early stop; a curve point at the threshold ends the run here.
      onRound: (p) => {
        last = p.normalizedReturn;
        if (p.normalizedReturn >= settings.threshold) {
          reached = p.labels;
          throw new StopRun();
        }
      },
    });
  } catch (err) {
    if (!(err instanceof StopRun)) throw err;
  } finally {
    engine.dispose();
  }
  return { level, rhythm, query, seed, labels: reached, lastNormalized: last, seconds: (performance.now() - started) / 1000 };
}

/** P4 over levels × seeds × {active, random}. */
export async function runP4(settings: P4Settings, log: Log): Promise<{ settings: P4Settings; levels: P4Level[]; runs: P4Run[] }> {
  const runs: P4Run[] = [];
  const levels: P4Level[] = [];
  for (const rhythm of settings.rhythms) {
    for (const level of settings.levels) {
      const of = (query: 'active' | 'random') => {
        const values = runs.filter((r) => r.level === level && r.rhythm === rhythm && r.query === query).map((r) => r.labels);
        const m = median(values.map((v) => v ?? Number.POSITIVE_INFINITY));
        return { median: Number.isFinite(m) ? m : null, runs: values };
      };
      for (const query of ['active', 'random'] as const) {
        for (const seed of settings.seeds) {
          const run = await labelsToReach(level, query, seed, settings, 'features', rhythm);
          runs.push(run);
          log(`P4 ${level} ${rhythm} ${query} seed ${seed}: ${run.labels ?? `> ${settings.cap}`} labels (last normalised ${run.lastNormalized.toFixed(3)}, ${run.seconds.toFixed(1)} s)`);
        }
      }
      const active = of('active');
      const random = of('random');
      let ratio: number | null = null;
      let ratioIsBound = false;
      if (active.median !== null && random.median !== null) ratio = active.median / random.median;
      else if (active.median !== null) {
        ratio = active.median / settings.cap;
        ratioIsBound = true;
      }
      levels.push({ level, rhythm, active, random, ratio, ratioIsBound });
    }
  }
  return { settings, levels, runs };
}

// ---- P5: the assistant on the tomato level ------------------------------------------------------

/** Settings of P5. */
export interface P5Settings {
  readonly level: string;
  readonly seeds: readonly number[];
  readonly labels: number;
}

/** One P5 run. */
export interface P5Run {
  readonly assistant: boolean;
  readonly seed: number;
  readonly normalizedReturn: number;
  readonly trueReturn: number;
  readonly apparentReturn: number;
  readonly assistantLabels: number;
  readonly seconds: number;
}

/** `train --labeller observer --assistant off|on` on the tomato level, median over seeds. */
export async function runP5(settings: P5Settings, log: Log) {
  const runs: P5Run[] = [];
  for (const assistant of [false, true]) {
    for (const seed of settings.seeds) {
      const started = performance.now();
      const engine = new LearningEngine(readLevelArg(settings.level).text, { seed });
      try {
        const { metrics } = await runTrainingLoop(engine, { labeller: 'observer', labels: settings.labels, query: 'active', assistant });
        const run: P5Run = {
          assistant,
          seed,
          normalizedReturn: metrics.normalizedReturn,
          trueReturn: metrics.trueReturn,
          apparentReturn: metrics.apparentReturn,
          assistantLabels: engine.allLabels.filter((l) => l.provenance === 'assistant').length,
          seconds: (performance.now() - started) / 1000,
        };
        runs.push(run);
        log(`P5 ${settings.level} assistant ${assistant ? 'on' : 'off'} seed ${seed}: normalised ${run.normalizedReturn.toFixed(3)} (true ${run.trueReturn.toFixed(1)}, apparent ${run.apparentReturn.toFixed(1)}, ${run.seconds.toFixed(1)} s)`);
      } finally {
        engine.dispose();
      }
    }
  }
  const medianOf = (assistant: boolean) => median(runs.filter((r) => r.assistant === assistant).map((r) => r.normalizedReturn));
  return { settings, off: medianOf(false), on: medianOf(true), runs };
}

// ---- P7: planner time ------------------------------------------------------------------------------

/** planSoft on the true reward of the built-in level with the most states, median of `repeats` calls. */
export function runP7(repeats = 20) {
  const spaces = builtinLevelNames().map((name) => ({ name, space: loadLevel(readLevelArg(name).text).space }));
  const { name, space } = spaces.reduce((a, b) => (b.space.numStates > a.space.numStates ? b : a));
  // The temperature the engine plans with (PLAN_TEMPERATURE × the reward's spread), so the soft path (exp, log) is timed.
  const r = space.trueReward;
  let sum = 0;
  let sumSq = 0;
  for (const x of r) {
    sum += x;
    sumSq += x * x;
  }
  const temperature = PLAN_TEMPERATURE * (Math.sqrt(Math.max(sumSq / r.length - (sum / r.length) ** 2, 0)) + 1e-6);
  for (let i = 0; i < 3; i++) planSoft(space, r, { temperature }); // warm-up (JIT)
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    planSoft(space, r, { temperature });
    samples.push(performance.now() - t0);
  }
  const hardSamples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    planSoft(space, r, { temperature: 0 });
    hardSamples.push(performance.now() - t0);
  }
  return {
    level: name,
    numStates: space.numStates,
    numTransitions: space.numTransitions,
    horizon: space.world.level.maxSteps,
    temperature,
    medianMs: median(samples),
    samples,
    hardMedianMs: median(hardSamples),
  };
}

// ---- P8: tensor leaks ------------------------------------------------------------------------------

/** Settings of P8. */
export interface P8Settings {
  readonly level: string;
  readonly labels: number;
  readonly steps: number;
  /** Training steps between predict (refresh + metrics) calls. */
  readonly stepsPerPredict: number;
}

/**
 * Trains `steps` steps on the Node backend with labels from the oracle, predicting every
 * `stepsPerPredict` steps, and counts tf.memory().numTensors before and after (engine alive), and
 * before creating and after disposing the engine.
 */
export async function runP8(settings: P8Settings, log: Log) {
  const backend = tf.getBackend();
  const beforeEngine = tf.memory().numTensors;
  const engine = new LearningEngine(readLevelArg(settings.level).text, { seed: 1 });
  // Collect the labels with one training step per round, then start counting.
  await runTrainingLoop(engine, { labeller: 'oracle', labels: settings.labels, query: 'active', stepsPerRound: 1 });
  await engine.refresh();
  await engine.metrics();
  await engine.proposeQuery();
  const before = tf.memory().numTensors;
  let predicts = 0;
  let queries = 0;
  const started = performance.now();
  for (let done = 0; done < settings.steps; done += settings.stepsPerPredict) {
    await engine.train(Math.min(settings.stepsPerPredict, settings.steps - done));
    await engine.refresh();
    await engine.metrics();
    predicts++;
    if (predicts % 10 === 0) {
      await engine.proposeQuery();
      queries++;
    }
  }
  const after = tf.memory().numTensors;
  const trainingSeconds = (performance.now() - started) / 1000;
  engine.dispose();
  const afterDispose = tf.memory().numTensors;
  log(`P8 ${settings.steps} steps, ${predicts} predicts on ${backend}: ${before} → ${after} tensors (${trainingSeconds.toFixed(1)} s); ${beforeEngine} before the engine, ${afterDispose} after dispose`);
  return { settings, backend, before, after, leaked: after - before, predicts, queries, beforeEngine, afterDispose, leakedAfterDispose: afterDispose - beforeEngine, trainingSeconds };
}

// ---- assisted evaluation ---------------------------------------------------------------------------

/** runEvaluation with default settings on every built-in level, and the pooled summary. */
export function runEvaluationTable() {
  const names = builtinLevelNames();
  const reports = names.map((name) => runEvaluation(loadLevel(readLevelArg(name).text).space));
  const levels = reports.map((report, i) => ({ level: names[i], ...summary(report) }));
  const overall = summary(combineEvaluations(reports));
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? round(a / b) : null);
  return {
    settings: { trajectories: DEFAULT_EVALUATION.trajectories, seed: DEFAULT_EVALUATION.seed, k: DEFAULT_EVALUATION.k, q: DEFAULT_EVALUATION.q, m: DEFAULT_EVALUATION.m, gullibility: DEFAULT_EVALUATION.gullibility },
    levels,
    overall,
    detectionGain: ratio(overall.assisted.detectionRate, overall.unassisted.detectionRate),
    falseApprovalRatio: ratio(overall.assisted.falseApprovalRate, overall.unassisted.falseApprovalRate),
  };
}
