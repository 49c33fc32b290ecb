/**
 * The backend probe's choice, kept per browser: the page's every start (and every instance on a
 * page) would otherwise spend seconds measuring backends before its first plan, and two instances
 * measuring at once time each other's work. A clean probe (a measured winner, no fallback note) is
 * remembered in localStorage with its table, when it was measured and the TensorFlow.js version; a
 * later start takes its backend again without measuring (the engine checks the version and that
 * the backend still starts) until it is REMEMBER_MS old. Starts that may probe run one at a time
 * across the browser's tabs and instances (a Web Lock), so the second finds the first's choice.
 * Each reward model kind has its own memory: their training steps favour different backends.
 */
import { pageStorage } from './page-storage';
import type { RewardModelKind } from '../learning/engine';
import type { BackendReport } from '../learning/protocol';

/** The localStorage key of the remembered probe of the features model (the grid model's adds '-grid'). */
export const PROBE_MEMORY_KEY = 'reward-playground-probe';

/** The localStorage key of `model`'s remembered probe. */
export const probeMemoryKey = (model: RewardModelKind = 'features'): string => (model === 'features' ? PROBE_MEMORY_KEY : `${PROBE_MEMORY_KEY}-${model}`);
/** How long a probe's choice is taken again without measuring, ms (a week). */
export const REMEMBER_MS = 7 * 24 * 3600 * 1000;
/** The Web Lock that starts which may probe hold. */
const PROBE_LOCK = 'reward-playground-probe';

/** The storage the memory uses (localStorage in the page). */
export type ProbeStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** `model`'s remembered probe not older than REMEMBER_MS, or null (none, unreadable, too old, from the future). */
export function rememberedProbe(storage: ProbeStorage | null = pageStorage(), now = Date.now(), model: RewardModelKind = 'features'): BackendReport | null {
  let value: unknown;
  try {
    value = JSON.parse(storage?.getItem(probeMemoryKey(model)) ?? 'null');
  } catch {
    return null;
  }
  if (!isReport(value)) return null;
  const age = now - value.measuredAt;
  return age >= 0 && age <= REMEMBER_MS ? { backend: value.backend, probe: value.probe, measuredAt: value.measuredAt, tfjs: value.tfjs, ...(model !== 'features' ? { model } : {}) } : null;
}

/** Remembers `report` under its model kind when it is a clean, fresh measurement (not reused, no fallback note); storage failures are ignored. */
export function rememberProbe(report: BackendReport, storage: ProbeStorage | null = pageStorage()): void {
  if (report.reused || report.note || !isReport(report)) return;
  try {
    storage?.setItem(probeMemoryKey(report.model), JSON.stringify({ backend: report.backend, probe: report.probe, measuredAt: report.measuredAt, tfjs: report.tfjs }));
  } catch {
    // A full or blocked storage costs only a probe on the next start.
  }
}

/** Runs `start` holding the probe lock (one start that may probe at a time); without Web Locks, at once. */
export function withProbeLock<T>(start: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  return locks ? locks.request(PROBE_LOCK, start) : start();
}

type Remembered = BackendReport & { readonly measuredAt: number; readonly tfjs: string };

function isReport(v: unknown): v is Remembered {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.backend === 'string' &&
    typeof r.tfjs === 'string' &&
    typeof r.measuredAt === 'number' &&
    Number.isFinite(r.measuredAt) &&
    Array.isArray(r.probe) &&
    r.probe.length > 0 &&
    r.probe.every((row) => typeof row === 'object' && row !== null && typeof (row as { backend?: unknown }).backend === 'string')
  );
}
