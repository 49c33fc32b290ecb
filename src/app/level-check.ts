/**
 * The editor's full level check (parse and enumerate every state) in a worker of its own, so an edit
 * to a big level never freezes the page. One worker per page, started on the first check; where no
 * worker can start or it fails, checks run on the page's thread instead (as before).
 */
import { LevelError } from '../core/level';
import { loadLevel } from '../core/states';

/** A check the page asks for. */
export interface LevelCheckRequest {
  readonly id: number;
  readonly text: string;
}

/** The worker's answer: the number of reachable states, or the problem with its line and column. */
export type LevelCheckReply =
  | { readonly id: number; readonly states: number }
  | { readonly id: number; readonly problem: { readonly line: number; readonly column: number; readonly reason: string } };

/** What a check resolves to; it rejects with a LevelError (line and column) for any problem. */
export type LevelCheck = (text: string) => Promise<{ states: number }>;

/** Makes a checker; `createWorker` replaces the real worker (tests). */
export function levelChecker(createWorker: () => Worker = () => new Worker(new URL('./level-check.worker.ts', import.meta.url), { type: 'module', name: 'reward-playground-level-check' })): LevelCheck {
  let worker: Worker | null = null;
  let broken = false;
  let next = 0;
  const pending = new Map<number, { resolve: (r: { states: number }) => void; reject: (e: Error) => void; text: string }>();

  /** The worker failed: every waiting check runs on the page instead, and so will later ones. */
  const fail = (): void => {
    broken = true;
    worker?.terminate();
    worker = null;
    for (const [id, p] of pending) {
      pending.delete(id);
      checkLevelOnMainThread(p.text).then(p.resolve, p.reject);
    }
  };

  const start = (): Worker | null => {
    if (worker || broken) return worker;
    try {
      worker = createWorker();
    } catch {
      broken = true; // e.g. a CSP or a browser without module workers
      return null;
    }
    worker.onmessage = (e: MessageEvent<LevelCheckReply>) => {
      const p = pending.get(e.data.id);
      if (!p) return;
      pending.delete(e.data.id);
      if ('states' in e.data) p.resolve({ states: e.data.states });
      else p.reject(new LevelError(e.data.problem.line, e.data.problem.column, e.data.problem.reason));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail();
    };
    return worker;
  };

  return (text) => {
    const w = start();
    if (!w) return checkLevelOnMainThread(text);
    return new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject, text });
      w.postMessage({ id, text } satisfies LevelCheckRequest);
    });
  };
}

/** The check on the page's thread, after the next frame so "Checking…" is painted first. */
export function checkLevelOnMainThread(text: string): Promise<{ states: number }> {
  return new Promise((resolve, reject) =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        try {
          resolve({ states: loadLevel(text).space.numStates });
        } catch (err) {
          reject(err);
        }
      }, 0),
    ),
  );
}
