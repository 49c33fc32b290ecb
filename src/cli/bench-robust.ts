/**
 * The ROBUST section of `npm run bench`: the whole loop on generated levels nobody tuned it for
 * (`gen:1` … `gen:N`), 60 labels each, with the exact oracle and with a labeller that answers at
 * random 10% of the time, active against random queries, and with a few demonstrations against none.
 * Each run's session seed is its level's seed, so no single seed decides a figure.
 */
import { LearningEngine, type RewardModelKind } from '../learning/engine';
import { runTrainingLoop, type CurvePoint } from '../learning/training-loop';
import { median } from './bench-node';
import { readLevelArg } from './levels';

/** Settings of ROBUST. */
export interface RobustSettings {
  /** Generated level seeds to run (`gen:SEED`). */
  readonly levels: readonly number[];
  readonly labels: number;
  /** Normalised return that counts as learned. */
  readonly threshold: number;
  /** Chance of a random answer for the noisy labeller. */
  readonly noise: number;
  /** Demonstrations given first in the with-demonstrations runs (exact oracle, active queries). */
  readonly demos: number;
}

/** One run: a level, a labeller, a query mode, demonstrations or not. */
export interface RobustRun {
  readonly level: string;
  readonly labeller: 'exact' | 'noisy';
  readonly query: 'active' | 'random';
  readonly demos: number;
  readonly normalizedReturn: number;
  /** Labels when the curve first reached the threshold; null when it did not within the budget. */
  readonly labelsToThreshold: number | null;
  /** Share of the queried pairs whose clips tie in true score. */
  readonly tiedPairShare: number;
  readonly seconds: number;
}

/** Summary of one group of runs. */
export interface RobustGroup {
  readonly labeller: 'exact' | 'noisy';
  readonly query: 'active' | 'random';
  readonly demos: number;
  readonly runs: number;
  readonly medianReturn: number;
  /** 10th percentile (nearest rank) of the final normalised return. */
  readonly p10Return: number;
  /** Median labels to the threshold (null: more than the budget). */
  readonly medianLabels: number | null;
  /** Runs that reached the threshold within the budget. */
  readonly reached: number;
  readonly meanTiedPairShare: number;
}

/** Nearest-rank percentile (0–100) of numbers. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
}

function firstReach(curve: readonly CurvePoint[], threshold: number): number | null {
  return curve.find((p) => p.labels > 0 && p.normalizedReturn >= threshold)?.labels ?? null;
}

/** One run on `level` (a name, `gen:SEED` or a path, as `readLevelArg` takes) with session seed `seed` and the reward model `model` (default features). */
export async function runOne(level: string, seed: number, labeller: 'exact' | 'noisy', query: 'active' | 'random', demos: number, settings: Omit<RobustSettings, 'levels' | 'demos'>, model: RewardModelKind = 'features'): Promise<RobustRun> {
  const started = performance.now();
  const engine = new LearningEngine(readLevelArg(level).text, { seed, rewardModel: model });
  try {
    const { metrics, curve, tiedPairShare } = await runTrainingLoop(engine, {
      labeller: 'oracle',
      labels: settings.labels,
      query,
      noise: labeller === 'noisy' ? settings.noise : 0,
      demos,
    });
    return {
      level,
      labeller,
      query,
      demos,
      normalizedReturn: metrics.normalizedReturn,
      labelsToThreshold: firstReach(curve, settings.threshold),
      tiedPairShare,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    engine.dispose();
  }
}

function summarise(runs: readonly RobustRun[], labeller: 'exact' | 'noisy', query: 'active' | 'random', demos: number): RobustGroup {
  const group = runs.filter((r) => r.labeller === labeller && r.query === query && r.demos === demos);
  const returns = group.map((r) => r.normalizedReturn);
  const labels = median(group.map((r) => r.labelsToThreshold ?? Number.POSITIVE_INFINITY));
  return {
    labeller,
    query,
    demos,
    runs: group.length,
    medianReturn: median(returns),
    p10Return: percentile(returns, 10),
    medianLabels: Number.isFinite(labels) ? labels : null,
    reached: group.filter((r) => r.labelsToThreshold !== null).length,
    meanTiedPairShare: group.reduce((a, r) => a + r.tiedPairShare, 0) / Math.max(1, group.length),
  };
}

/** Per level, whether active or random queries reached the threshold with fewer labels (not reached = more than any reached). */
export interface RobustPaired {
  readonly labeller: 'exact' | 'noisy';
  readonly activeFewer: number;
  readonly randomFewer: number;
  readonly same: number;
}

function paired(runs: readonly RobustRun[], labeller: 'exact' | 'noisy'): RobustPaired {
  const of = (query: 'active' | 'random') => new Map(runs.filter((r) => r.labeller === labeller && r.query === query && r.demos === 0).map((r) => [r.level, r.labelsToThreshold ?? Number.POSITIVE_INFINITY]));
  const active = of('active'),
    random = of('random');
  let activeFewer = 0,
    randomFewer = 0,
    same = 0;
  for (const [level, a] of active) {
    const r = random.get(level);
    if (r === undefined) continue;
    if (a < r) activeFewer++;
    else if (r < a) randomFewer++;
    else same++;
  }
  return { labeller, activeFewer, randomFewer, same };
}

/** Runs ROBUST: every level × {exact, noisy} × {active, random}, plus exact/active with demonstrations. */
export async function runRobust(settings: RobustSettings, log: (line: string) => void) {
  const runs: RobustRun[] = [];
  const plan: [labeller: 'exact' | 'noisy', query: 'active' | 'random', demos: number][] = [
    ['exact', 'active', 0],
    ['exact', 'random', 0],
    ['noisy', 'active', 0],
    ['noisy', 'random', 0],
    ['exact', 'active', settings.demos],
  ];
  for (const [labeller, query, demos] of plan) {
    for (const seed of settings.levels) {
      const run = await runOne(`gen:${seed}`, seed, labeller, query, demos, settings);
      runs.push(run);
      log(`ROBUST ${run.level} ${labeller} ${query}${demos ? ` +${demos} demos` : ''}: normalised ${run.normalizedReturn.toFixed(3)}, labels to ${settings.threshold} ${run.labelsToThreshold ?? `> ${settings.labels}`}, tied pairs ${(100 * run.tiedPairShare).toFixed(0)}% (${run.seconds.toFixed(1)} s)`);
    }
  }
  const groups = plan.map(([labeller, query, demos]) => summarise(runs, labeller, query, demos));
  return { settings, groups, paired: (['exact', 'noisy'] as const).map((l) => paired(runs, l)), runs };
}
