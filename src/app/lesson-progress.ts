/**
 * Progress through a lesson: the completed step ids and the step on screen. `advance` is a pure
 * reducer run on every new session view; `loadProgress` / `saveProgress` keep progress in
 * localStorage under one key per lesson, and never throw (private windows, full or blocked storage).
 */
import type { Lesson, LessonUi } from './lessons';
import type { SessionView } from './session-types';

/** Progress through one lesson (plain, serialisable). */
export interface LessonProgress {
  readonly lessonId: string;
  /** Ids of the steps done, in the order they were done. */
  readonly done: readonly string[];
  /** Index of the step on screen, 0 … steps.length (= steps.length when the lesson is complete). */
  readonly current: number;
}

/** The part of the Web Storage API progress needs (localStorage, or a stand-in in tests). */
export type ProgressStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Progress of a lesson not started. */
export function emptyProgress(lesson: Lesson): LessonProgress {
  return { lessonId: lesson.id, done: [], current: 0 };
}

/** Whether every step of the lesson is done. */
export function isComplete(progress: LessonProgress, lesson: Lesson): boolean {
  return lesson.steps.every((s) => progress.done.includes(s.id));
}

/** Index of the first step not done (steps.length when all are). */
export function firstOpenStep(progress: LessonProgress, lesson: Lesson): number {
  const i = lesson.steps.findIndex((s) => !progress.done.includes(s.id));
  return i < 0 ? lesson.steps.length : i;
}

/** Index of the next open step after `index`, wrapping round to a skipped one (steps.length when none). */
export function nextOpenStep(progress: LessonProgress, lesson: Lesson, index: number): number {
  const n = lesson.steps.length;
  for (let k = 1; k <= n; k++) {
    const i = (index + k) % n;
    if (!progress.done.includes(lesson.steps[i].id)) return i;
  }
  return n;
}

/**
 * Marks the step on screen done while its check passes, moving on to the next open step each time
 * (so several steps done ahead of time complete together). A step the learner went Back to, already
 * done, stays on screen. Returns `progress` itself when nothing changed.
 */
export function advance(progress: LessonProgress, lesson: Lesson, view: SessionView | null, ui: LessonUi): LessonProgress {
  if (!view || progress.lessonId !== lesson.id) return progress;
  let next = progress;
  for (;;) {
    const step = lesson.steps[next.current];
    if (!step || next.done.includes(step.id)) return next;
    if (!passes(step.check, view, ui)) return next;
    const done = [...next.done, step.id];
    next = { ...next, done, current: nextOpenStep({ ...next, done }, lesson, next.current) };
  }
}

/** Runs a check; one that throws (over a half-built view) counts as not passed rather than breaking the page. */
function passes(check: Lesson['steps'][number]['check'], view: SessionView, ui: LessonUi): boolean {
  try {
    return check(view, ui);
  } catch {
    return false;
  }
}

/** Shows step `index` (Next / Back), clamped to 0 … steps.length. */
export function goToStep(progress: LessonProgress, lesson: Lesson, index: number): LessonProgress {
  const current = Math.max(0, Math.min(lesson.steps.length, Math.trunc(index)));
  return current === progress.current ? progress : { ...progress, current };
}

/** The localStorage key of a lesson's progress; `namespace` keeps instances on one page apart. */
export function progressKey(lessonId: string, namespace = 'default'): string {
  return `reward-playground:lesson:${namespace}:${lessonId}`;
}

function defaultStorage(): ProgressStorage | null {
  try {
    return globalThis.localStorage ?? null; // the getter itself throws where storage is blocked
  } catch {
    return null;
  }
}

/** Options of load/save/clear: the storage (default localStorage) and a namespace for the key. */
export interface ProgressOptions {
  readonly storage?: ProgressStorage | null;
  readonly namespace?: string;
}

/** Reads a lesson's stored progress; anything missing, unreadable or foreign gives empty progress. */
export function loadProgress(lesson: Lesson, options: ProgressOptions = {}): LessonProgress {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  try {
    const raw = storage?.getItem(progressKey(lesson.id, options.namespace));
    if (!raw) return emptyProgress(lesson);
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null) return emptyProgress(lesson);
    const { done, current } = data as { done?: unknown; current?: unknown };
    const ids = new Set(lesson.steps.map((s) => s.id));
    const kept = Array.isArray(done) ? [...new Set(done.filter((d): d is string => typeof d === 'string' && ids.has(d)))] : [];
    const base: LessonProgress = { lessonId: lesson.id, done: kept, current: 0 };
    const open = firstOpenStep(base, lesson);
    const at = typeof current === 'number' && Number.isInteger(current) ? current : open;
    return goToStep(base, lesson, Math.min(at, open));
  } catch {
    return emptyProgress(lesson);
  }
}

/** Stores progress; returns false when storage is unavailable or refuses (the lesson goes on unsaved). */
export function saveProgress(progress: LessonProgress, options: ProgressOptions = {}): boolean {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  if (!storage) return false;
  try {
    storage.setItem(progressKey(progress.lessonId, options.namespace), JSON.stringify({ done: progress.done, current: progress.current }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a lesson's stored progress (Start over); returns false when storage refuses. */
export function clearProgress(lessonId: string, options: ProgressOptions = {}): boolean {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  if (!storage) return false;
  try {
    storage.removeItem(progressKey(lessonId, options.namespace));
    return true;
  } catch {
    return false;
  }
}
