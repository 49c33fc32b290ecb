/**
 * P1 of `npm run bench`: one training step of the standard workload on each backend, timed the same
 * way in Node and in the bench page (bench/browser.html). No Node built-ins: this module runs in both.
 *
 * The standard workload is the probe's: a RewardEnsemble of E = 5 MLPs (FEATURE_DIM → 64 → 64 → 1)
 * on 64 pairs of 10-step segments (steps drawn from 128 distinct transitions, like a level's), one Adam step per call, ending in the loss readback (which waits
 * for GPU work to finish, so wall time is honest on WebGPU and WebGL too). The grid model's workload
 * is the same pairs over an 8 × 8 level (`probeGrid`): 64 distinct observations through E = 5 conv
 * nets (two 3×3 convolutions of 16 channels, a 64-unit head) per step.
 */
import { FEATURE_DIM } from '../core/features';
import { PROBE_GRID, activeBackend, appProbe, ensembleProbe, probeBackends, trySetBackend, type ProbeRow } from '../learning/backends';
import type { RewardModelKind } from '../learning/engine';
import { GRID_NET_SIZE } from '../learning/grid-net';

/** The workload's shape, reported with the figures. */
export const P1_WORKLOAD = { members: 5, hidden: [64, 64], featureDim: FEATURE_DIM, pairs: 64, segmentLength: 10, distinctRows: 128 } as const;
/** The grid model's workload shape, reported with its figures. */
export const P1_GRID_WORKLOAD = { members: 5, grid: [PROBE_GRID, PROBE_GRID], ...GRID_NET_SIZE, pairs: 64, segmentLength: 10, distinctRows: 128 } as const;

/** How many steps P1 runs per backend. */
export interface P1Options {
  /** Untimed steps first (shader compilation, uploads, JIT): default 2. */
  readonly warmupSteps?: number;
  /** Timed steps, at least: default 5. */
  readonly timedSteps?: number;
  /** Keep timing (up to 3 × timedSteps) while under this many ms per backend: default 3000. */
  readonly budgetMs?: number;
  /** The probe's total budget, ms: default what the app uses for the model kind (appProbe). */
  readonly probeBudgetMs?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
  /** Whose workload: the features model's (default) or the grid model's. */
  readonly model?: RewardModelKind;
}

/** One backend's P1 figures. */
export interface P1Row {
  readonly backend: string;
  readonly available: boolean;
  /** Median ms per step over the timed steps; null when unavailable. */
  readonly msPerStep: number | null;
  /** Every timed step, ms. */
  readonly samples: readonly number[];
  /** cpu's median / this backend's median (higher is faster); null without both. */
  readonly speedupVsCpu: number | null;
  readonly error?: string;
}

/** P1 in one environment (Node or Chromium). */
export interface P1Result {
  readonly rows: readonly P1Row[];
  /** The fastest backend by the careful timing above. */
  readonly fastest: string | null;
  /** What probeBackends chose (2 s budget), its own table, and how long it took. */
  readonly probe: { readonly chosen: string | null; readonly table: readonly ProbeRow[]; readonly budgetMs: number; readonly wallMs: number; readonly error?: string };
  /** chosen's careful median / fastest's careful median (1 = the probe picked the fastest). */
  readonly chosenVsFastest: number | null;
  /** cpu's careful median / chosen's careful median. */
  readonly chosenSpeedupVsCpu: number | null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times the standard workload on each backend, then runs the probe; leaves the probe's choice active. */
export async function runP1(backends: readonly string[], options: P1Options = {}): Promise<P1Result> {
  const warmup = options.warmupSteps ?? 2;
  const timed = options.timedSteps ?? 5;
  const budgetMs = options.budgetMs ?? 3000;
  const log = options.log ?? (() => {});
  const kind = options.model ?? 'features';
  const measured: Omit<P1Row, 'speedupVsCpu'>[] = [];
  for (const backend of backends) {
    if (!(await trySetBackend(backend)) || activeBackend() !== backend) {
      measured.push({ backend, available: false, msPerStep: null, samples: [], error: 'not registered or failed to initialise' });
      log(`P1 ${kind} ${backend}: unavailable`);
      continue;
    }
    const { members, hidden, featureDim, pairs, segmentLength, distinctRows } = P1_WORKLOAD;
    const probe = ensembleProbe(kind === 'grid' ? { kind, members, pairs, segmentLength, distinctRows } : { featureDim, members, hidden, pairs, segmentLength, distinctRows });
    try {
      for (let i = 0; i < warmup; i++) await probe.run();
      const samples: number[] = [];
      const start = performance.now();
      while (samples.length < timed || (samples.length < 3 * timed && performance.now() - start < budgetMs)) {
        const t0 = performance.now();
        await probe.run();
        samples.push(performance.now() - t0);
      }
      measured.push({ backend, available: true, msPerStep: median(samples), samples });
      log(`P1 ${kind} ${backend}: ${median(samples).toFixed(1)} ms/step (median of ${samples.length})`);
    } catch (err) {
      measured.push({ backend, available: false, msPerStep: null, samples: [], error: err instanceof Error ? err.message : String(err) });
      log(`P1 ${kind} ${backend}: failed (${err instanceof Error ? err.message : String(err)})`);
    } finally {
      probe.dispose();
    }
  }
  const cpu = measured.find((r) => r.backend === 'cpu')?.msPerStep ?? null;
  const rows: P1Row[] = measured.map((r) => ({ ...r, speedupVsCpu: cpu !== null && r.msPerStep !== null ? cpu / r.msPerStep : null }));
  const timedRows = rows.filter((r) => r.msPerStep !== null);
  const fastestRow = timedRows.reduce<P1Row | null>((best, r) => (best === null || (r.msPerStep as number) < (best.msPerStep as number) ? r : best), null);

  // The probe as the app runs it: a fresh workload, the same budget, the same candidates among those here.
  const workload = ensembleProbe(kind === 'grid' ? { kind } : { featureDim: P1_WORKLOAD.featureDim });
  const app = appProbe(kind);
  const probeBudgetMs = options.probeBudgetMs ?? app.budgetMs;
  const candidates = backends.filter((b) => app.candidates?.includes(b) ?? true);
  const t0 = performance.now();
  let probe: P1Result['probe'];
  try {
    const result = await probeBackends(workload.run, { candidates, budgetMs: probeBudgetMs });
    probe = { chosen: result.chosen, table: result.table, budgetMs: probeBudgetMs, wallMs: performance.now() - t0 };
    log(`P1 ${kind} probe chose ${result.chosen} in ${(performance.now() - t0).toFixed(0)} ms`);
  } catch (err) {
    probe = { chosen: null, table: [], budgetMs: probeBudgetMs, wallMs: performance.now() - t0, error: err instanceof Error ? err.message : String(err) };
  } finally {
    workload.dispose();
  }
  const chosenMs = rows.find((r) => r.backend === probe.chosen)?.msPerStep ?? null;
  return {
    rows,
    fastest: fastestRow?.backend ?? null,
    probe,
    chosenVsFastest: chosenMs !== null && fastestRow ? chosenMs / (fastestRow.msPerStep as number) : null,
    chosenSpeedupVsCpu: chosenMs !== null && cpu !== null ? cpu / chosenMs : null,
  };
}
