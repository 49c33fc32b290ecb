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

/**
 * Tells the page the worker is up. It first takes a Web Lock it never releases, so the page, asking
 * for the same lock, learns of the worker's end (a crash, `terminate()`, an out-of-memory kill) the
 * moment it happens; without Web Locks the page relies on its call time limits instead.
 */
function announceReady(): void {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return scope.postMessage({ event: 'ready' });
  // Lock names are shared by every tab of the origin: a random name keeps each worker's its own.
  const lock = `reward-playground-engine-${Array.from(crypto.getRandomValues(new Uint32Array(3)), (n) => n.toString(36)).join('-')}`;
  locks
    .request(lock, () => {
      scope.postMessage({ event: 'ready', lock });
      return new Promise<never>(() => {}); // held until the worker ends
    })
    .catch(() => scope.postMessage({ event: 'ready' }));
}
announceReady();

/** Type-only export so the client can check its method names against the worker's host. */
export type WorkerApi = EngineApi;
