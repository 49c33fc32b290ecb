/**
 * The page's side of the learning engine. `connectEngine()` starts the dedicated worker and returns an
 * `EngineApi` whose calls travel as typed messages; where a worker cannot start, it loads the same
 * EngineHost on the main thread and trains in small slices, yielding between them so the page stays
 * responsive. tfjs and the engine load lazily either way.
 */
import type { EngineApi, EngineEvent, EngineMethod, EngineRequest, WorkerMessage } from '../learning/protocol';

/** An engine connection: the API, where it runs, and a way to stop it. */
export interface EngineConnection {
  readonly api: EngineApi;
  /** 'worker', or 'main-thread' when no worker could start. */
  readonly runsIn: 'worker' | 'main-thread';
  /** Stops the worker (or drops the main-thread host). */
  close(): void;
}

const METHODS: readonly EngineMethod[] = ['init', 'setBackend', 'loadLevel', 'setVerdicts', 'setLabels', 'addLabels', 'train', 'snapshot', 'proposeQuery', 'metrics', 'getWeights', 'rollout'];

/** Starts the learning worker (or the main-thread fallback); `onEvent` receives progress and backend events. */
export async function connectEngine(onEvent: (event: EngineEvent) => void, options: { forceMainThread?: boolean } = {}): Promise<EngineConnection> {
  if (!options.forceMainThread && typeof Worker !== 'undefined') {
    try {
      const worker = new Worker(new URL('../learning/worker.ts', import.meta.url), { type: 'module', name: 'reward-playground-learning' });
      return { api: workerApi(worker, onEvent), runsIn: 'worker', close: () => worker.terminate() };
    } catch {
      // Fall through to the main thread (e.g. a CSP or a browser without module workers).
    }
  }
  const [{ EngineHost }, { bundledWasmPaths }] = await Promise.all([import('../learning/engine-host'), import('../learning/wasm-paths')]);
  const host = new EngineHost(onEvent, () => new Promise((resolve) => setTimeout(resolve, 0)), bundledWasmPaths());
  return { api: host, runsIn: 'main-thread', close: () => {} };
}

/** Wraps a worker in an EngineApi: one promise per request id; a crashed worker rejects everything pending. */
export function workerApi(worker: Worker, onEvent: (event: EngineEvent) => void): EngineApi {
  let nextId = 1;
  let stopped: string | null = null;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string }>();
  // The worker answers every call, errors included; an `error` event means it failed outside a call
  // (its script, or a crash): it is treated as stopped, and every call then fails at once, clearly.
  const failAll = (message: string) => {
    stopped = message;
    for (const p of pending.values()) p.reject(new Error(`learning worker: ${message} (during ${p.method})`));
    pending.clear();
  };
  worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
    const msg = e.data;
    if ('event' in msg) return onEvent(msg);
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new Error(msg.error));
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    failAll(e.message || 'the worker stopped with an error');
  });
  worker.addEventListener('messageerror', () => failAll('a message could not be read'));
  const call = (method: EngineMethod, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (stopped !== null) return reject(new Error(`learning worker stopped: ${stopped} (reload the page; your labels are saved)`));
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      const request: EngineRequest = { id, method, args: args as EngineRequest['args'] };
      worker.postMessage(request);
    });
  return Object.fromEntries(METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as EngineApi;
}
