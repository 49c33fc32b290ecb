/**
 * Backend choice by measurement. A short probe times the real training step on every backend
 * that initialises and keeps the fastest: on a machine without a GPU, WebGPU runs on a software
 * adapter (SwiftShader) about 10× slower than WASM, so priority alone would pick wrong.
 *
 * tf.setBackend THROWS for a name that was never registered, RETURNS false when the backend
 * fails to initialise (leaving no backend active), and can hang on a GPU that never answers;
 * startBackend time-boxes it, turns all three into a result and restores the previous backend.
 */
import { GRID_CHANNELS, GRID_CHANNEL_COUNT, GRID_INPUT_DIM } from '../core/observation-grid';
import type { RewardModelKind } from './engine';
import { RewardEnsemble, type GridShape, type RewardEnsembleOptions } from './ensemble';
import { tf } from './tf';

/** Preference and fallback order: fastest hardware first, plain JavaScript last. */
export const BACKEND_ORDER: readonly string[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** Options for registerBackends. */
export interface RegisterOptions {
  /**
   * Where a browser fetches the WASM binaries, passed to setWasmPaths: a folder URL ending in
   * '/', or a map from each of 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm',
   * 'tfjs-backend-wasm-threaded-simd.wasm' to its URL (e.g. Vite `?url` imports). Ignored in
   * Node, where the backend reads the files from node_modules itself.
   */
  readonly wasmPaths?: string | Readonly<Record<string, string>>;
}

/** One backend's line in the probe's table. */
export interface ProbeRow {
  /** Backend name, e.g. 'webgpu'. */
  readonly backend: string;
  /** True when it initialised and ran the workload without an error. */
  readonly available: boolean;
  /** Median wall time of the timed steps, ms; null when unavailable. */
  readonly msPerStep: number | null;
  /** Why it is unavailable or was not timed. */
  readonly error?: string;
  /** Time the backend took to initialise, ms (not counted in the step budget). */
  readonly initMs?: number;
}

/** What probeBackends measured and chose. */
export interface ProbeResult {
  /** The fastest available backend, now active. */
  readonly chosen: string;
  /** Every candidate, in probe order. */
  readonly table: readonly ProbeRow[];
  /** Why the choice is a fallback, not a measurement (no backend finished a probe step). */
  readonly note?: string;
}

/** Options for probeBackends. */
export interface ProbeOptions {
  /** Backends to try, in order; default BACKEND_ORDER filtered to the registered ones. */
  readonly candidates?: readonly string[];
  /** Total time for all candidates, ms (default 2000); each gets an equal share. */
  readonly budgetMs?: number;
  /** Progress in [0, 1] and the backend being measured. */
  readonly onProgress?: (fraction: number, backend: string) => void;
  /** How long one backend may take to start, ms; default BACKEND_START_TIMEOUT_MS per backend. */
  readonly startTimeoutMs?: number;
}

/** What onDeviceLost reports. */
export interface DeviceLossInfo {
  /** The backend whose device went away ('webgpu' or 'webgl'). */
  readonly backend: string;
  /** GPUDeviceLostReason ('unknown'), or 'context-lost' for WebGL. */
  readonly reason: string;
  /** Browser's message, may be empty. */
  readonly message: string;
}

/**
 * Order in which the probe measures backends: WASM and CPU first (predictable), WebGL (a software
 * WebGL context blocks the thread inside a step, so it can overrun its share), and WebGPU last: its
 * work is asynchronous, so a slow software adapter is cut off on time, but a step cut off keeps
 * running on the GPU (or, for a software adapter, the CPU) and would slow anything measured after.
 */
const MEASURE_ORDER: readonly string[] = ['wasm', 'cpu', 'webgl', 'webgpu'];

/** The least time any backend gets for its steps, ms, even when earlier ones overran the budget. */
const MIN_SHARE_MS = 250;

/** Timed steps per backend, at least and at most (the budget decides in between). */
const MIN_TIMED_STEPS = 1;
const MAX_TIMED_STEPS = 3;

let registration: Promise<string[]> | null = null;

/**
 * Loads the optional backends once: WebGPU and WASM in a browser (main thread or worker), WASM
 * in Node; cpu (and webgl in a browser) come with src/learning/tf.ts. Returns the registered
 * names. Later calls return the first call's result and ignore their options.
 */
export function registerBackends(options: RegisterOptions = {}): Promise<string[]> {
  registration ??= (async () => {
    const browser = tf.env().getBool('IS_BROWSER');
    if (browser) {
      try {
        // Registers 'webgpu' only where navigator.gpu exists.
        await import('@tensorflow/tfjs-backend-webgpu');
      } catch {
        // A failed chunk load leaves webgpu unregistered; the probe then skips it.
      }
    }
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (browser && options.wasmPaths !== undefined) {
        wasm.setWasmPaths(options.wasmPaths as Parameters<typeof wasm.setWasmPaths>[0]);
      }
    } catch {
      // As above: without the module, wasm is simply not a candidate.
    }
    return registeredBackends();
  })();
  return registration;
}

/** Names of the backends registered with tfjs right now. */
export function registeredBackends(): string[] {
  return tf.engine().backendNames();
}

/** Name of the active backend, or null before any backend was set. */
export function activeBackend(): string | null {
  return tf.getBackend() ?? null;
}

/**
 * How long each backend may take to start before it counts as failed, ms: a GPU adapter or a WebGL
 * context that never answers (a broken driver) must not stall the page. WASM gets longer, since
 * starting it includes downloading its binary.
 */
export const BACKEND_START_TIMEOUT_MS: Readonly<Record<string, number>> = { webgpu: 10_000, webgl: 10_000, wasm: 30_000 };
const DEFAULT_START_TIMEOUT_MS = 10_000;

/** BACKEND_START_TIMEOUT_MS for `name`, 10 s for a backend it does not list. */
function startTimeoutOf(name: string): number {
  return BACKEND_START_TIMEOUT_MS[name] ?? DEFAULT_START_TIMEOUT_MS;
}

/** How starting a backend ended: it is active, it failed (or is not registered), or it did not answer in time. */
export type BackendStart = 'ok' | 'failed' | 'timed-out';

/**
 * Makes `name` the active backend within `timeoutMs` (default BACKEND_START_TIMEOUT_MS). Never
 * throws; on anything but 'ok' the previously active backend stays active. A backend that timed out
 * is removed from tfjs, which makes its late start harmless (tfjs then ignores it) and keeps it out
 * of every later choice in this context.
 */
export async function startBackend(name: string, timeoutMs = startTimeoutOf(name)): Promise<BackendStart> {
  const previous = activeBackend();
  let result: BackendStart;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const started = tf.setBackend(name).then((ok): BackendStart => (ok ? 'ok' : 'failed'));
    started.catch(() => {});
    const late = new Promise<BackendStart>((resolve) => (timer = setTimeout(() => resolve('timed-out'), timeoutMs)));
    result = await Promise.race([started, late]);
  } catch {
    result = 'failed'; // never registered
  } finally {
    clearTimeout(timer);
  }
  if (result === 'timed-out') {
    try {
      tf.removeBackend(name);
    } catch {
      // Already gone.
    }
  }
  if (result !== 'ok' && previous !== null && previous !== name) {
    try {
      await tf.setBackend(previous);
    } catch {
      // The previous backend was registered a moment ago; nothing better to do than carry on.
    }
  }
  return result;
}

/** startBackend, as true when `name` is now active. */
export async function trySetBackend(name: string): Promise<boolean> {
  return (await startBackend(name)) === 'ok';
}

/**
 * Times `workload` (one real training step, which must finish its own GPU work, e.g. by
 * awaiting a readback) on each candidate: one untimed warm-up (shader compilation, uploads),
 * then timed steps within the candidate's share of budgetMs. Activates the fastest median and
 * returns the table. Never throws for a failing backend: when no candidate finished a step (every
 * one failed, or a machine under heavy load let none finish in its share) it takes the first one
 * that initialised without failing, in BACKEND_ORDER, and cpu in the end, saying why in `note`.
 */
export async function probeBackends(
  workload: () => Promise<void>,
  options: ProbeOptions = {},
): Promise<ProbeResult> {
  const budgetMs = options.budgetMs ?? 2000;
  if (!(budgetMs > 0)) throw new Error(`probeBackends: budgetMs must be > 0, got ${budgetMs}`);
  const registered = registeredBackends();
  const candidates = options.candidates ?? BACKEND_ORDER.filter((b) => registered.includes(b));
  // In MEASURE_ORDER; time one backend leaves unused passes on to the next.
  const order = [...candidates].sort((a, b) => MEASURE_ORDER.indexOf(a) - MEASURE_ORDER.indexOf(b));
  const table: ProbeRow[] = [];
  let deadline = performance.now() + budgetMs;
  for (const [i, backend] of order.entries()) {
    // Every backend gets at least MIN_SHARE_MS, so one that overran (software WebGL) cannot starve the rest.
    const share = Math.max(MIN_SHARE_MS, (deadline - performance.now()) / (order.length - i));
    const progress = (f: number): void => options.onProgress?.((i + Math.min(1, f)) / order.length, backend);
    progress(0);
    const row = await measure(backend, registered.includes(backend), workload, share, progress, options.startTimeoutMs ?? startTimeoutOf(backend));
    table.push(row);
    deadline += row.initMs ?? 0; // initialisation does not count against the step budget
  }
  let best: ProbeRow | null = null;
  for (const row of table) {
    if (row.msPerStep !== null && (best === null || row.msPerStep < (best.msPerStep as number))) best = row;
  }
  if (best !== null && (await trySetBackend(best.backend))) {
    options.onProgress?.(1, best.backend);
    return { chosen: best.backend, table };
  }
  const chosen = await fallBackWithoutMeasure(table, best);
  const why = table.map((r) => `${r.backend}: ${r.error ?? 'failed'}`).join('; ');
  const what = best === null ? 'no backend finished a probe step' : `${best.backend}, the fastest, could not be activated again`;
  options.onProgress?.(1, chosen);
  return { chosen, table, note: `${what}${why ? ` (${why})` : ''}; using ${chosen}` };
}

/**
 * The backend to use when the probe measured none: the first that initialised and did not fail the
 * workload (only too slow), in BACKEND_ORDER, else cpu, which needs nothing but JavaScript. Activates it.
 */
async function fallBackWithoutMeasure(table: readonly ProbeRow[], skip: ProbeRow | null): Promise<string> {
  const rank = (b: string) => (BACKEND_ORDER.includes(b) ? BACKEND_ORDER.indexOf(b) : BACKEND_ORDER.length);
  const usable = table.filter((r) => r.available && r !== skip).map((r) => r.backend).sort((a, b) => rank(a) - rank(b));
  for (const backend of [...usable, 'cpu']) {
    if (await trySetBackend(backend)) return backend;
  }
  return activeBackend() ?? 'cpu';
}

async function measure(
  backend: string,
  registered: boolean,
  workload: () => Promise<void>,
  shareMs: number,
  progress: (fraction: number) => void,
  startTimeoutMs: number,
): Promise<ProbeRow> {
  const unavailable = (error: string): ProbeRow => ({ backend, available: false, msPerStep: null, error });
  if (!registered) return unavailable('not registered');
  const initStart = performance.now();
  const started = await startBackend(backend, startTimeoutMs);
  if (started === 'timed-out') return unavailable(`did not start within ${startTimeoutMs / 1000} s`);
  if (started === 'failed') return unavailable('failed to initialise');
  const initMs = performance.now() - initStart;
  // The clock starts once the backend is up: its one-off initialisation (a WebGL context, a GPU
  // adapter) is not part of the training-step budget and cannot be interrupted safely anyway.
  const start = performance.now();
  // Every call is raced against this backend's share: a backend too slow to finish even its
  // warm-up in time is reported as such rather than stalling the probe (its step finishes unawaited).
  const within = async (): Promise<boolean> => {
    const left = shareMs - (performance.now() - start);
    if (left <= 0) return false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = workload().then(() => true);
    run.catch(() => {});
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), left)));
    try {
      return await Promise.race([run, late]);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    if (!(await within())) return { backend, available: true, msPerStep: null, initMs, error: `too slow: no step within ${Math.round(shareMs)} ms` };
    const times: number[] = [];
    while (times.length < MAX_TIMED_STEPS && performance.now() - start < shareMs) {
      const t0 = performance.now();
      if (!(await within())) break;
      times.push(performance.now() - t0);
      progress((performance.now() - start) / shareMs);
    }
    if (times.length < MIN_TIMED_STEPS) return { backend, available: true, msPerStep: null, initMs, error: `too slow: warm-up only within ${Math.round(shareMs)} ms` };
    return { backend, available: true, msPerStep: median(times), initMs };
  } catch (err) {
    return unavailable(err instanceof Error ? err.message : String(err));
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The backend to try after `current` failed: the next registered one in BACKEND_ORDER
 * (webgpu → webgl → wasm → cpu), or null when nothing is left.
 */
export function fallbackChain(current: string, registered: readonly string[] = registeredBackends()): string | null {
  const from = BACKEND_ORDER.indexOf(current);
  for (const b of BACKEND_ORDER.slice(from + 1)) {
    if (b !== current && registered.includes(b)) return b;
  }
  return null;
}

/**
 * Calls `handler` once if the active backend's GPU goes away mid-session. tfjs 4.22 exposes the
 * GPUDevice as `backend.device` on webgpu (its `lost` promise resolves on loss; reason
 * 'destroyed', i.e. our own dispose, is not reported) and the WebGL context's canvas as
 * `backend.gpgpu.gl.canvas` ('webglcontextlost'). tfjs itself does not react to either: the
 * caller must move to fallbackChain(...) and rebuild the model from stored labels.
 * Returns an unsubscribe function (a no-op for wasm and cpu, which have no device to lose).
 */
export function onDeviceLost(handler: (info: DeviceLossInfo) => void): () => void {
  const name = activeBackend();
  if (name === null) return () => {};
  const b = tf.backend() as unknown as {
    device?: { lost?: Promise<{ reason?: string; message?: string }> };
    gpgpu?: { gl?: { canvas?: EventTarget } };
  };
  let subscribed = true;
  if (name === 'webgpu' && b.device?.lost instanceof Promise) {
    void b.device.lost.then((info) => {
      const reason = String(info?.reason ?? 'unknown');
      if (subscribed && reason !== 'destroyed') handler({ backend: name, reason, message: String(info?.message ?? '') });
    });
    return () => {
      subscribed = false;
    };
  }
  const canvas = b.gpgpu?.gl?.canvas;
  if (name === 'webgl' && canvas !== undefined && typeof canvas.addEventListener === 'function') {
    const listener = (): void => {
      if (!subscribed) return;
      subscribed = false;
      handler({ backend: name, reason: 'context-lost', message: '' });
    };
    canvas.addEventListener('webglcontextlost', listener);
    return () => {
      subscribed = false;
      canvas.removeEventListener('webglcontextlost', listener);
    };
  }
  return () => {};
}

/** Training-step time the app's probe of the features model may use in all, ms (under the 2 s the page promises, with margin). */
export const PROBE_BUDGET_MS = 1800;
/**
 * The same for the grid model, whose step takes 0.2–1 s without a GPU: each backend needs a warm-up
 * and a timed step within its share (with 2 s none was timed, and the probe fell back on WebGPU on a
 * software adapter, 6× slower than the fastest). It runs behind a page already answerable.
 */
export const GRID_PROBE_BUDGET_MS = 10_000;

/**
 * How the app probes for `model`: its budget, and the backends measured (undefined: all registered).
 * The grid model's probe leaves out cpu where another backend is registered: 10× slower than WASM on
 * its convolutions, and a cpu step blocks the thread past its share, starving the GPU backends
 * measured after it. cpu stays the fallback when nothing else runs.
 */
export function appProbe(model: RewardModelKind): { budgetMs: number; candidates?: string[] } {
  if (model !== 'grid') return { budgetMs: PROBE_BUDGET_MS };
  const others = registeredBackends().filter((b) => b !== 'cpu');
  return { budgetMs: GRID_PROBE_BUDGET_MS, ...(others.length > 0 ? { candidates: others } : {}) };
}

/** A probe workload built on a real RewardEnsemble, with its own cleanup. */
export interface EnsembleProbe {
  /** One training step on the active backend (the model is rebuilt when the backend changes). */
  readonly run: () => Promise<void>;
  /** Frees the probe's model and data. */
  readonly dispose: () => void;
}

/** The grid model's probe level: PROBE_GRID × PROBE_GRID cells, walls round the edge, the agent in one of the inner cells. */
export const PROBE_GRID = 8;

/** Synthetic observations for the grid model's probe: observation `id` puts the agent on inner cell id mod 36, a vase whole or broken. */
export function probeGrid(): GridShape {
  const n = PROBE_GRID;
  const C = GRID_CHANNEL_COUNT;
  return {
    height: n,
    width: n,
    channels: C,
    writePlanes: (id, out, offset) => {
      out.fill(0, offset, offset + n * n * C);
      for (let cell = 0; cell < n * n; cell++) {
        const [x, y] = [cell % n, Math.floor(cell / n)];
        if (x === 0 || y === 0 || x === n - 1 || y === n - 1) out[offset + cell * C + GRID_CHANNELS.indexOf('wall')] = 1;
      }
      const k = id % 36;
      const at = (cell: number, channel: (typeof GRID_CHANNELS)[number]) => (out[offset + cell * C + GRID_CHANNELS.indexOf(channel)] = 1);
      at((1 + Math.floor(k / 6)) * n + 1 + (k % 6), 'agent');
      at(3 * n + 4, id % 2 === 0 ? 'vase' : 'vase-broken');
    },
  };
}

/**
 * A workload for probeBackends: one RewardEnsemble training step on synthetic data, by default
 * E = 5, hidden [64, 64], 64 pairs of 10 steps drawn from 128 distinct transitions (as in a level),
 * F = 16. Deterministic: no unseeded randomness. With `kind: 'grid'`, the members are grid models
 * on an 8 × 8 level (probeGrid) and the transitions join 64 distinct observations.
 */
export function ensembleProbe(
  options: Partial<RewardEnsembleOptions> & { pairs?: number; segmentLength?: number; distinctRows?: number; kind?: RewardModelKind } = {},
): EnsembleProbe {
  const { pairs = 64, segmentLength: L = 10, distinctRows = 128, kind = 'features', ...rest } = options;
  const model: Partial<RewardEnsembleOptions> = kind === 'grid' ? { ...rest, featureDim: GRID_INPUT_DIM, grid: probeGrid() } : rest;
  const F = model.featureDim ?? 16;
  let current: { backend: string; ensemble: RewardEnsemble } | null = null;
  const dispose = (): void => {
    current?.ensemble.dispose();
    current = null;
  };
  const run = async (): Promise<void> => {
    const backend = activeBackend() ?? '';
    if (current === null || current.backend !== backend) {
      dispose();
      const ensemble = new RewardEnsemble({ seed: 0, ...model, featureDim: F });
      // Like a level's data: the segments' steps are drawn from a pool of distinct transitions.
      // A grid row is (observation before, after, action): 64 observations, joined 128 ways.
      const gridRow = (r: number) => [r % 64, (r * 7 + 1) % 64, r % 4];
      const pool = Float32Array.from({ length: distinctRows * F }, (_, i) => (kind === 'grid' ? gridRow(Math.floor(i / F))[i % F] : Math.sin(i * 0.37)));
      const fill = (k: number): Float32Array => {
        const out = new Float32Array(pairs * L * F);
        for (let step = 0; step < pairs * L; step++) out.set(pool.subarray(((step * k) % distinctRows) * F, (((step * k) % distinctRows) + 1) * F), step * F);
        return out;
      };
      const target = Float32Array.from({ length: pairs }, (_, i) => i % 2);
      const mask = new Float32Array(pairs * L).fill(1);
      ensemble.setData(
        { featureDim: F, segmentLength: L, left: fill(7), right: fill(13), leftMask: mask, rightMask: mask, target },
        new Uint8Array(pairs),
      );
      current = { backend, ensemble };
    }
    await current.ensemble.trainSteps(1);
  };
  return { run, dispose };
}
