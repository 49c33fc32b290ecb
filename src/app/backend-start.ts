/**
 * Which backend the learning engine starts on, and when the backends are measured. With a probe
 * remembered in this browser (probe-memory.ts) the engine takes its choice again. On a first visit
 * it starts at once on the first backend that is ready (FIRST_READY) instead of measuring every
 * backend first, which took seconds before the first plan; the store measures them later, once the
 * session has been quiet for PROBE_WHEN_IDLE_MS, and the probe's choice takes over with the model's
 * weights.
 */
import type { RewardModelKind } from '../learning/engine';
import type { BackendChoice, BackendReport, EngineApi } from '../learning/protocol';
import { isEngineStopped } from './engine-client';
import { rememberedProbe, rememberProbe, withProbeLock } from './probe-memory';

/** Backends tried in turn to start without measuring: quick to start everywhere, and WASM trains well on any CPU. */
export const FIRST_READY: readonly BackendChoice[] = ['wasm', 'cpu'];
/** Quiet time (no training, no new label, no Auto-label) before a first visit's backends are measured, ms. */
export const PROBE_WHEN_IDLE_MS = 2_000;

/**
 * Starts `engine` for the 'auto' choice: on the remembered probe's backend, else on the first of
 * FIRST_READY that starts (a `provisional` report: nothing measured yet), else by probing every
 * backend. A probe's fresh choice is remembered.
 */
export async function startAutoBackend(engine: EngineApi, wasmPaths?: Readonly<Record<string, string>>, model: RewardModelKind = 'features'): Promise<BackendReport> {
  const earlier = rememberedProbe(undefined, undefined, model);
  if (!earlier) {
    for (const choice of FIRST_READY) {
      try {
        return { ...(await engine.init(choice, wasmPaths, undefined, model)), provisional: true };
      } catch (err) {
        if (isEngineStopped(err)) throw err;
      }
    }
  }
  // Starts that may probe run one at a time, so a second instance finds the first's choice.
  return withProbeLock(async () => {
    const report = await engine.init('auto', wasmPaths, rememberedProbe(undefined, undefined, model) ?? undefined, model);
    rememberProbe(report);
    return report;
  });
}

/**
 * Measures the backends for a running engine and moves its model (weights kept) onto the fastest;
 * with `reuse`, a probe that another tab or instance remembered meanwhile is taken instead of
 * measuring again. The fresh choice is remembered.
 */
export function measureBackends(engine: EngineApi, reuse: boolean, model: RewardModelKind = 'features'): Promise<BackendReport> {
  return withProbeLock(async () => {
    const earlier = reuse ? rememberedProbe(undefined, undefined, model) : null;
    if (earlier) {
      try {
        const report = await engine.setBackend(earlier.backend as BackendChoice);
        return { ...report, probe: earlier.probe, measuredAt: earlier.measuredAt, tfjs: earlier.tfjs, model, reused: true };
      } catch (err) {
        if (isEngineStopped(err)) throw err; // else measure here after all
      }
    }
    const report = await engine.setBackend('auto');
    rememberProbe(report);
    return report;
  });
}
