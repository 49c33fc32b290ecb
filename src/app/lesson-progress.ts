/**
 * Progress through a lesson: the completed step ids, the step on screen and the baseline its check
 * counts from. `advance` is a pure reducer run on every new session view; `loadProgress` /
 * `saveProgress` keep progress in localStorage under one key per lesson, and never throw (private
 * windows, full or blocked storage).
 */
import { assistantLabels, captureStart, labellerLabels, personLabels, type Lesson, type LessonStep, type LessonUi, type StepStart } from './lessons';
import { pageStorage } from './page-storage';
import type { SessionView } from './session-types';

/** Progress through one lesson (plain, serialisable). */
export interface LessonProgress {
  readonly lessonId: string;
  /** Ids of the steps done, in the order they were done. */
  readonly done: readonly string[];
  /** Index of the step on screen, 0 … steps.length (= steps.length when the lesson is complete). */
  readonly current: number;
  /** The open step's baseline, captured by `advance` when it came on screen; absent = capture on the next view. */
  readonly start?: StepStart;
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
 * Marks the step on screen done once it passes (see `stepPasses`), moving on to the next open step,
 * whose baseline is captured from the same view: a step never completes on what was already true
 * when it began. A step the learner went Back to, already done, stays on screen. The baseline of an
 * open step is captured when missing or another step's, taken again when the session it counts was
 * replaced (a new level, fewer labels, verdicts or approvals), and notes when the step's goal is seen
 * unmet. Views of a session not yet opened (its saved labels still loading) or whose engine failed
 * are skipped. Returns `progress` itself when nothing changed.
 */
export function advance(progress: LessonProgress, lesson: Lesson, view: SessionView | null, ui: LessonUi): LessonProgress {
  // Labels given while the engine starts count; a session still loading counts nothing.
  const counts = view && (view.phase === 'ready' || (view.phase === 'starting' && view.opened));
  if (!view || !counts || progress.lessonId !== lesson.id) return progress;
  let next = progress;
  for (;;) {
    const step = lesson.steps[next.current];
    if (!step || next.done.includes(step.id)) return next;
    const start = track(next.start, step, view, ui);
    if (start !== next.start) next = { ...next, start };
    if (!stepPasses(step, view, ui, start)) return next;
    const done = [...next.done, step.id];
    next = { lessonId: next.lessonId, done, current: nextOpenStep({ ...next, done }, lesson, next.current) };
  }
}

/** Whether `step` is done on this view: its check passes and its goal, seen unmet since `start`, is met; a check that throws (over a half-built view) counts as not passed. */
export function stepPasses(step: LessonStep, view: SessionView, ui: LessonUi, start: StepStart): boolean {
  try {
    if (step.check && !step.check(view, ui, start)) return false;
    return !step.goal || (start.goalUnmet && step.goal(view, ui) === true);
  } catch {
    return false;
  }
}

/** The step's baseline after this view: kept, captured anew, or with its goal noted unmet. */
function track(start: StepStart | undefined, step: LessonStep, view: SessionView, ui: LessonUi): StepStart {
  const replaced =
    !start ||
    start.stepId !== step.id ||
    start.levelId !== view.settings.levelId ||
    personLabels(view) < start.personLabels ||
    labellerLabels(view) < start.labellerLabels ||
    assistantLabels(view) < start.assistantLabels ||
    view.verdicts.length < start.verdicts ||
    view.approvals.length < start.approvals;
  const goalNow = safeGoal(step, view, ui);
  if (replaced) {
    const fresh = captureStart(step.id, view);
    const unmet = goalNow === false || (start?.stepId === step.id && start.goalUnmet);
    return { ...fresh, goalUnmet: unmet };
  }
  return goalNow === false && !start.goalUnmet ? { ...start, goalUnmet: true } : start;
}

/** The step's goal on this view; one that throws counts as not known yet. */
function safeGoal(step: LessonStep, view: SessionView, ui: LessonUi): boolean | null {
  try {
    return step.goal ? step.goal(view, ui) : null;
  } catch {
    return null;
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

/** Options of load/save/clear: the storage (default localStorage) and a namespace for the key. */
export interface ProgressOptions {
  readonly storage?: ProgressStorage | null;
  readonly namespace?: string;
}

/** Reads a lesson's stored progress; anything missing, unreadable or foreign gives empty progress. */
export function loadProgress(lesson: Lesson, options: ProgressOptions = {}): LessonProgress {
  const storage = options.storage === undefined ? pageStorage() : options.storage;
  try {
    const raw = storage?.getItem(progressKey(lesson.id, options.namespace));
    if (!raw) return emptyProgress(lesson);
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null) return emptyProgress(lesson);
    const { done, current, start } = data as { done?: unknown; current?: unknown; start?: unknown };
    const ids = new Set(lesson.steps.map((s) => s.id));
    const kept = Array.isArray(done) ? [...new Set(done.filter((d): d is string => typeof d === 'string' && ids.has(d)))] : [];
    const base: LessonProgress = { lessonId: lesson.id, done: kept, current: 0 };
    const open = firstOpenStep(base, lesson);
    const at = typeof current === 'number' && Number.isInteger(current) ? current : open;
    const shown = goToStep(base, lesson, Math.min(at, open));
    const baseline = readStart(start);
    const ofOpenStep = baseline && ids.has(baseline.stepId) && !kept.includes(baseline.stepId); // a baseline of an open step (the learner may have gone Back)
    return ofOpenStep ? { ...shown, start: baseline } : shown;
  } catch {
    return emptyProgress(lesson);
  }
}

/** A stored baseline, or null when missing or malformed (progress saved before baselines existed: captured anew). */
function readStart(data: unknown): StepStart | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const count = (k: string) => typeof d[k] === 'number' && Number.isInteger(d[k]) && (d[k] as number) >= 0;
  const counts = ['personLabels', 'labellerLabels', 'assistantLabels', 'verdicts', 'approvals'].every(count);
  if (!counts || typeof d.stepId !== 'string' || typeof d.levelId !== 'string' || typeof d.goalUnmet !== 'boolean') return null;
  const n = (k: string) => d[k] as number;
  return {
    stepId: d.stepId,
    levelId: d.levelId,
    personLabels: n('personLabels'),
    labellerLabels: n('labellerLabels'),
    assistantLabels: n('assistantLabels'),
    verdicts: n('verdicts'),
    approvals: n('approvals'),
    goalUnmet: d.goalUnmet,
  };
}

/** Stores progress; returns false when storage is unavailable or refuses (the lesson goes on unsaved). */
export function saveProgress(progress: LessonProgress, options: ProgressOptions = {}): boolean {
  const storage = options.storage === undefined ? pageStorage() : options.storage;
  if (!storage) return false;
  try {
    const { done, current, start } = progress;
    storage.setItem(progressKey(progress.lessonId, options.namespace), JSON.stringify(start ? { done, current, start } : { done, current }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets a lesson's stored progress (Start over); returns false when storage refuses. */
export function clearProgress(lessonId: string, options: ProgressOptions = {}): boolean {
  const storage = options.storage === undefined ? pageStorage() : options.storage;
  if (!storage) return false;
  try {
    storage.removeItem(progressKey(lessonId, options.namespace));
    return true;
  } catch {
    return false;
  }
}
