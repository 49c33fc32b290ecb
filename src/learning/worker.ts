/**
 * The learning worker's entry: receives `EngineRequest`s, runs them one at a time on an EngineHost,
 * and posts back `EngineResponse`s and `EngineEvent`s. An error inside becomes a response with a
 * clear message, never a silent stall.
 */
import { EngineHost } from './engine-host';
import type { EngineApi, EngineRequest, WorkerMessage } from './protocol';
import { bundledWasmPaths } from './wasm-paths';

const scope = self as unknown as { postMessage(message: WorkerMessage): void; onmessage: ((e: MessageEvent) => void) | null };
const host = new EngineHost((event) => scope.postMessage(event), undefined, bundledWasmPaths());
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (e: MessageEvent<EngineRequest>) => {
  const { id, method, args } = e.data;
  queue = queue.then(async () => {
    try {
      const fn = host[method] as (...a: unknown[]) => Promise<unknown>;
      if (typeof fn !== 'function') throw new Error(`unknown engine method "${String(method)}"`);
      const result = await fn.apply(host, args as unknown[]);
      scope.postMessage({ id, ok: true, result });
    } catch (err) {
      scope.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
};

/** Type-only export so the client can check its method names against the worker's host. */
export type WorkerApi = EngineApi;
