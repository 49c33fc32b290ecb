/**
 * The HAND section of `npm run bench`: the hand-written trade-off levels in bench/levels (written by
 * a person, outside the generator and the built-in levels), 60 exact-oracle labels each, active
 * queries, a few session seeds per level: the final normalised return and the labels to 0.9.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOne } from './bench-robust';

/** Settings of HAND. */
export interface HandSettings {
  /** Session seeds run on every level. */
  readonly seeds: readonly number[];
  readonly labels: number;
  /** Normalised return that counts as learned. */
  readonly threshold: number;
}

/** One run: a level file and a session seed. */
export interface HandRun {
  /** The file's name without `.level`. */
  readonly level: string;
  readonly seed: number;
  readonly normalizedReturn: number;
  /** Labels when the curve first reached the threshold; null when it did not within the budget. */
  readonly labelsToThreshold: number | null;
  readonly seconds: number;
}

/** Runs HAND over every `.level` file in `dir` (by name), each with every seed. */
export async function runHand(dir: string, settings: HandSettings, log: (line: string) => void) {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.level'))
    .sort();
  const runs: HandRun[] = [];
  for (const file of files) {
    for (const seed of settings.seeds) {
      const { normalizedReturn, labelsToThreshold, seconds } = await runOne(join(dir, file), seed, 'exact', 'active', 0, { ...settings, noise: 0 });
      const run = { level: file.replace(/\.level$/, ''), seed, normalizedReturn, labelsToThreshold, seconds };
      runs.push(run);
      log(`HAND ${run.level} seed ${seed}: normalised ${normalizedReturn.toFixed(3)}, labels to ${settings.threshold} ${labelsToThreshold ?? `> ${settings.labels}`} (${seconds.toFixed(1)} s)`);
    }
  }
  return { settings, runs };
}
