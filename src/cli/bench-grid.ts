/**
 * The GRID section of `npm run bench`: the grid reward model (a conv net over the screen, no named
 * events) beside the features model, with the exact oracle and active queries. On built-in levels,
 * labels to a normalised return of 0.9 (as P4, a higher cap); on generated levels, the normalised
 * return after a fixed number of labels (as ROBUST). Both models see the same levels and seeds.
 */
import type { RewardModelKind } from '../learning/engine';
import { labelsToReach, median, type P4Run } from './bench-node';
import { runOne, type RobustRun } from './bench-robust';

/** Settings of GRID. */
export interface GridBenchSettings {
  /** Built-in levels, and the session seeds of each. */
  readonly levels: readonly string[];
  readonly seeds: readonly number[];
  /** A built-in run without success stops at this many labels. */
  readonly cap: number;
  readonly threshold: number;
  /** Generated levels (`gen:SEED`) and labels per run there. */
  readonly generated: readonly number[];
  readonly generatedLabels: number;
}

/** Per built-in level and model: the median labels to the threshold (null: above the cap) and the runs. */
export interface GridLevel {
  readonly level: string;
  readonly model: RewardModelKind;
  readonly median: number | null;
  readonly runs: readonly (number | null)[];
  readonly seconds: number;
}

/** Per model on the generated levels: median and lowest normalised return. */
export interface GridGenerated {
  readonly model: RewardModelKind;
  readonly medianReturn: number;
  readonly minReturn: number;
  readonly seconds: number;
}

const MODELS: readonly RewardModelKind[] = ['features', 'grid'];

/** Runs GRID: every level and seed with both models. */
export async function runGridBench(settings: GridBenchSettings, log: (line: string) => void) {
  const builtin: P4Run[] = [];
  const levels: GridLevel[] = [];
  for (const level of settings.levels) {
    for (const model of MODELS) {
      const runs: P4Run[] = [];
      for (const seed of settings.seeds) {
        const run = await labelsToReach(level, 'active', seed, settings, model);
        runs.push(run);
        log(`GRID ${level} ${model} seed ${seed}: ${run.labels ?? `> ${settings.cap}`} labels (last normalised ${run.lastNormalized.toFixed(3)}, ${run.seconds.toFixed(1)} s)`);
      }
      builtin.push(...runs);
      const m = median(runs.map((r) => r.labels ?? Number.POSITIVE_INFINITY));
      levels.push({ level, model, median: Number.isFinite(m) ? m : null, runs: runs.map((r) => r.labels), seconds: runs.reduce((s, r) => s + r.seconds, 0) });
    }
  }
  const generatedRuns: (RobustRun & { model: RewardModelKind })[] = [];
  for (const seed of settings.generated) {
    for (const model of MODELS) {
      const run = await runOne(`gen:${seed}`, seed, 'exact', 'active', 0, { labels: settings.generatedLabels, threshold: settings.threshold, noise: 0 }, model);
      generatedRuns.push({ ...run, model });
      log(`GRID ${run.level} ${model}: normalised ${run.normalizedReturn.toFixed(3)} after ${settings.generatedLabels} labels (${run.seconds.toFixed(1)} s)`);
    }
  }
  const generated: GridGenerated[] = MODELS.map((model) => {
    const runs = generatedRuns.filter((r) => r.model === model);
    return {
      model,
      medianReturn: median(runs.map((r) => r.normalizedReturn)),
      minReturn: Math.min(...runs.map((r) => r.normalizedReturn)),
      seconds: runs.reduce((s, r) => s + r.seconds, 0),
    };
  });
  return { settings, levels, generated, builtin, generatedRuns };
}
