/**
 * The page's side of the learning engine. `connectEngine()` starts the dedicated worker, waits for
 * its ready message, and returns an `EngineApi` whose calls travel as typed messages. A worker that
 * cannot start (a throwing constructor, a script that fails to load, no ready message in time) gives
 * way to the same EngineHost on the main thread, which trains in small slices and yields between
 * them so the page stays responsive. tfjs and the engine load lazily either way.
 *
 * A running worker is supervised: its end (noticed through a Web Lock it holds), an uncaught error,
 * an unreadable message, or a call that outlives its time limit stops it. Every pending call then
 * fails with an `EngineStoppedError`, and the connection reports the stop once (`onStop`), so its
 * owner can start a fresh engine from the labels it keeps.
 */
import type { EngineApi, EngineEvent, EngineMethod, EngineRequest, WorkerMessage } from '../learning/protocol';

/** An engine connection: the API, where it runs, and a way to stop it. */
export interface EngineConnection {
  readonly api: EngineApi;
  /** 'worker', or 'main-thread' when no worker could start. */
  readonly runsIn: 'worker' | 'main-thread';
  /** Why the worker did not start, when the engine runs on the main thread in its place. */
  readonly fallbackReason?: string;
  /** Calls `listener` once, with the reason, if the engine stops on its own (never after `close()`); absent where it cannot. */
  onStop?(listener: (reason: string) => void): void;
  /** Stops the worker (or drops the main-thread host). */
  close(): void;
}

/** Options of connectEngine. */
export interface ConnectOptions {
  /** Runs the engine on the main thread without trying a worker. */
  readonly forceMainThread?: boolean;
  /** Makes the worker (default: the bundled learning worker). */
  readonly createWorker?: () => Worker;
  /** How long a new worker may take to load and say it is ready, ms (default READY_TIMEOUT_MS). */
  readonly readyTimeoutMs?: number;
  /** The time limit of one call, ms (default callBudgetMs). */
  readonly callBudgetMs?: (method: EngineMethod, args: readonly unknown[]) => number;
}

/** Options of workerApi. */
export interface WorkerApiOptions {
  /** The Web Lock the worker holds for its life (from its ready message): granted here means it ended. */
  readonly lock?: string;
  /** The time limit of one call, ms (default callBudgetMs). */
  readonly callBudgetMs?: (method: EngineMethod, args: readonly unknown[]) => number;
  /** Called once, with the reason, when the worker is found stopped. */
  readonly onStop?: (reason: string) => void;
  /** Aborted when the owner closes the worker on purpose: supervision ends without a stop report. */
  readonly signal?: AbortSignal;
}

/** The error of a call that failed because the worker stopped (not because the engine refused it). */
export class EngineStoppedError extends Error {
  override name = 'EngineStoppedError';
}

/** Whether `err` says the engine stopped (its owner restarts it) rather than that a call failed. */
export function isEngineStopped(err: unknown): boolean {
  return err instanceof Error && err.name === 'EngineStoppedError';
}

/** How long a new worker may take to load its modules (tfjs included) and say it is ready, ms. */
export const READY_TIMEOUT_MS = 30_000;

/**
 * The time limit of one call, ms, counted from when the worker starts it (it runs calls one at a
 * time, in order, so time spent queued behind another call does not count). Generous on purpose: a
 * call that times out costs a restart and a retrain. A healthy call takes milliseconds to a second,
 * but on a slow machine under load a training step on a software GPU backend can take over a second,
 * and any call may have to rebuild the model on another backend (replaying up to 400 steps); starting
 * a backend adds loading WASM and the probe.
 */
export function callBudgetMs(method: EngineMethod, args: readonly unknown[]): number {
  if (method === 'init' || method === 'setBackend') return 300_000;
  if (method === 'train') return 120_000 + 3_000 * (Number(args[0]) || 0);
  // Off-line runs train a fresh model: 40 steps a label, or 120 steps a point of the curve.
  if (method === 'simulate') return 120_000 + 120_000 * (Number((args[2] as { labels?: number } | undefined)?.labels) || 0);
  if (method === 'curveFromLabels') return 120_000 + 360_000 * (Array.isArray(args[3]) ? args[3].length : 0);
  return 120_000;
}

const METHODS: readonly EngineMethod[] = ['init', 'setBackend', 'loadLevel', 'setVerdicts', 'setLabels', 'addLabels', 'train', 'snapshot', 'proposeQuery', 'metrics', 'getWeights', 'rollout', 'simulate', 'curveFromLabels'];

/** Starts the learning worker (or the main-thread fallback); `onEvent` receives progress and backend events. */
export async function connectEngine(onEvent: (event: EngineEvent) => void, options: ConnectOptions = {}): Promise<EngineConnection> {
  let fallbackReason: string | undefined;
  if (!options.forceMainThread && typeof Worker !== 'undefined') {
    let worker: Worker | null = null;
    try {
      worker = options.createWorker ? options.createWorker() : new Worker(new URL('../learning/worker.ts', import.meta.url), { type: 'module', name: 'reward-playground-learning' });
    } catch (err) {
      // E.g. a CSP or a browser without module workers.
      fallbackReason = err instanceof Error ? err.message : String(err);
    }
    if (worker) {
      const started = await workerReady(worker, options.readyTimeoutMs ?? READY_TIMEOUT_MS);
      if (started.ok) return supervisedConnection(worker, onEvent, started.lock, options);
      worker.terminate();
      fallbackReason = started.reason;
    }
  }
  const [{ EngineHost }, { bundledWasmPaths }] = await Promise.all([import('../learning/engine-host'), import('../learning/wasm-paths')]);
  const host = new EngineHost(onEvent, () => new Promise((resolve) => setTimeout(resolve, 0)), bundledWasmPaths());
  return { api: host, runsIn: 'main-thread', ...(fallbackReason ? { fallbackReason } : {}), close: () => {} };
}

/** Waits for the worker's ready message; an `error` event first, or silence past `timeoutMs`, means it failed to start. */
function workerReady(worker: Worker, timeoutMs: number): Promise<{ ok: true; lock?: string } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const done = (result: { ok: true; lock?: string } | { ok: false; reason: string }) => {
      clearTimeout(timer);
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      resolve(result);
    };
    const onMessage = (e: MessageEvent<WorkerMessage>) => {
      const msg = e.data;
      if (msg && 'event' in msg && msg.event === 'ready') done({ ok: true, ...(msg.lock ? { lock: msg.lock } : {}) });
    };
    const onError = (e: Event) => {
      e.preventDefault();
      const message = e instanceof ErrorEvent && e.message ? e.message : 'its script failed to load';
      done({ ok: false, reason: `the learning worker did not start: ${message}` });
    };
    const timer = setTimeout(() => done({ ok: false, reason: `the learning worker did not start within ${timeoutMs / 1000} s` }), timeoutMs);
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
  });
}

/** A connection to a started worker that reports, once, when it stops on its own. */
function supervisedConnection(worker: Worker, onEvent: (event: EngineEvent) => void, lock: string | undefined, options: ConnectOptions): EngineConnection {
  const closing = new AbortController();
  const listeners: ((reason: string) => void)[] = [];
  let stopReason: string | null = null;
  const api = workerApi(worker, onEvent, {
    lock,
    signal: closing.signal,
    ...(options.callBudgetMs ? { callBudgetMs: options.callBudgetMs } : {}),
    onStop: (reason) => {
      stopReason = reason;
      for (const listener of listeners.splice(0)) listener(reason);
    },
  });
  return {
    api,
    runsIn: 'worker',
    onStop: (listener) => (stopReason !== null ? listener(stopReason) : void listeners.push(listener)),
    close: () => {
      closing.abort();
      listeners.length = 0;
      worker.terminate();
    },
  };
}

/**
 * Wraps a worker in an EngineApi: one promise per request id. The worker answers every call, errors
 * included; anything else (an `error` or `messageerror` event, the end of its Web Lock, a call past
 * its time limit) means it stopped: it is terminated, every pending call and every later one fails
 * at once with an EngineStoppedError, and `options.onStop` hears of it once.
 */
export function workerApi(worker: Worker, onEvent: (event: EngineEvent) => void, options: WorkerApiOptions = {}): EngineApi {
  const budget = options.callBudgetMs ?? callBudgetMs;
  let nextId = 1;
  let stopped: string | null = null;
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: EngineMethod; budgetMs: number }>();
  const stop = (reason: string) => {
    if (stopped !== null) return;
    stopped = reason;
    clearTimeout(watchdog);
    worker.terminate();
    for (const p of pending.values()) p.reject(new EngineStoppedError(`learning worker: ${reason} (during ${p.method})`));
    pending.clear();
    if (!options.signal?.aborted) options.onStop?.(reason);
  };
  // The worker runs calls in order, so the oldest pending call is the one running: only it is timed.
  const armWatchdog = () => {
    clearTimeout(watchdog);
    const head = pending.values().next();
    if (head.done || stopped !== null) return;
    const { method, budgetMs } = head.value;
    watchdog = setTimeout(() => stop(`no answer to ${method} within ${budgetMs / 1000} s`), budgetMs);
  };
  worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
    const msg = e.data;
    if ('event' in msg) {
      if (msg.event !== 'ready') onEvent(msg);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    const wasHead = pending.keys().next().value === msg.id;
    pending.delete(msg.id);
    if (wasHead) armWatchdog();
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    stop(e.message || 'the worker stopped with an error');
  });
  worker.addEventListener('messageerror', () => stop('a message could not be read'));
  // Closed on purpose: calls still waiting fail (quietly, as stopped) instead of waiting forever.
  options.signal?.addEventListener('abort', () => stop('the engine was closed'));
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  if (options.lock && locks) {
    const request = options.signal ? locks.request(options.lock, { signal: options.signal }, () => stop('the worker ended')) : locks.request(options.lock, () => stop('the worker ended'));
    request.catch(() => {}); // aborted by close()
  }
  const call = (method: EngineMethod, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopped !== null) return reject(new EngineStoppedError(`learning worker stopped: ${stopped} (your labels are saved)`));
      const id = nextId++;
      pending.set(id, { resolve, reject, method, budgetMs: budget(method, args) });
      if (pending.size === 1) armWatchdog();
      const request: EngineRequest = { id, method, args: args as EngineRequest['args'] };
      worker.postMessage(request);
    });
  return Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as EngineApi;
}
