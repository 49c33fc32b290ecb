/**
 * Work that can take seconds, done in one page worker so the page keeps answering: the editor's
 * full level check (parse and enumerate every state; the page keeps the level's space, see
 * level-spaces.ts) and reading session files (schema, level, labels). The worker starts on first use; where no worker can start (Node, a CSP, an old browser)
 * or it fails, the same work runs on the page's thread instead.
 */
import { LevelError } from '../core/level';
import { unpackLoadedLevel, type PackedLevel } from '../core/state-pack';
import { keepLoaded, loadLevelOnce } from './level-spaces';
import type { ParseResult } from './session-file';

/** A job for the worker. */
export type OffThreadRequest = { readonly id: number; readonly kind: 'level' | 'session-file'; readonly text: string };

/** The worker's answer: a level's reachable states (and the level loaded) or its problem (line and column), or a session file read. */
export type OffThreadReply =
  | { readonly id: number; readonly states: number; readonly loaded?: PackedLevel }
  | { readonly id: number; readonly problem: { readonly line: number; readonly column: number; readonly reason: string } }
  | { readonly id: number; readonly file: ParseResult; readonly loaded?: PackedLevel };

/** The page's off-thread work. */
export interface OffThread {
  /** Checks a level end to end: its reachable states, or a LevelError (line and column). */
  checkLevel(text: string): Promise<{ states: number }>;
  /** Reads a session file (see parseSessionFile). */
  parseSessionFile(text: string): Promise<ParseResult>;
}

/** Makes the off-thread helper; `createWorker` replaces the real worker (tests). */
export function offThread(createWorker: () => Worker = () => new Worker(new URL('./off-thread.worker.ts', import.meta.url), { type: 'module', name: 'reward-playground-checks' })): OffThread {
  let worker: Worker | null = null;
  let broken = false;
  let next = 0;
  const pending = new Map<number, { request: OffThreadRequest; resolve: (reply: OffThreadReply) => void; reject: (e: unknown) => void }>();

  /** The job on the page's thread, answered as the worker would. */
  const onPage = async (request: OffThreadRequest): Promise<OffThreadReply> => {
    if (request.kind === 'session-file') return { id: request.id, file: (await import('./session-file')).parseSessionFile(request.text) };
    return { id: request.id, states: (await checkLevelOnMainThread(request.text)).states };
  };

  /** The worker failed: every waiting job runs on the page instead, and so will later ones. */
  const fail = (): void => {
    broken = true;
    worker?.terminate();
    worker = null;
    for (const [id, p] of pending) {
      pending.delete(id);
      onPage(p.request).then(p.resolve, p.reject);
    }
  };

  const start = (): Worker | null => {
    if (worker || broken) return worker;
    try {
      worker = createWorker();
    } catch {
      broken = true;
      return null;
    }
    worker.onmessage = (e: MessageEvent<OffThreadReply>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      p?.resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fail();
    };
    return worker;
  };

  const run = (kind: OffThreadRequest['kind'], text: string): Promise<OffThreadReply> => {
    const request = { id: ++next, kind, text };
    const w = start();
    if (!w) return onPage(request);
    return new Promise((resolve, reject) => {
      pending.set(request.id, { request, resolve, reject });
      w.postMessage(request);
    });
  };

  return {
    async checkLevel(text) {
      const reply = await run('level', text);
      if ('problem' in reply) throw new LevelError(reply.problem.line, reply.problem.column, reply.problem.reason);
      if (!('states' in reply)) throw new Error('the level check gave no answer');
      if (reply.loaded) keepLoaded(text, await unpackLoadedLevel(reply.loaded, nextTask));
      return { states: reply.states };
    },
    async parseSessionFile(text) {
      const reply = await run('session-file', text);
      if (!('file' in reply)) throw new Error('reading the file gave no answer');
      if (reply.file.ok && reply.loaded) keepLoaded(reply.file.session.settings.levelText, await unpackLoadedLevel(reply.loaded, nextTask));
      return reply.file;
    },
  };
}

/** Resolves in a later task, so the page can paint and answer input in between. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

let shared: OffThread | null = null;
/** The page's one off-thread helper (one worker per page), made on first use. */
export function pageOffThread(): OffThread {
  return (shared ??= offThread());
}

/** The level check on the page's thread, after the next frame so "Checking…" is painted first (where there are frames). */
export function checkLevelOnMainThread(text: string): Promise<{ states: number }> {
  const nextFrame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 0);
  return new Promise((resolve, reject) =>
    nextFrame(() =>
      setTimeout(() => {
        try {
          resolve({ states: loadLevelOnce(text).space.numStates });
        } catch (err) {
          reject(err);
        }
      }, 0),
    ),
  );
}
