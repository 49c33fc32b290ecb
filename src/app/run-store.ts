/**
 * Where "Try again with the assistant" keeps the summary of a run: localStorage, one entry per level
 * (a custom level told apart by its text). Storage never throws (private windows, full or blocked
 * storage): a run that cannot be kept is simply not kept. The summary itself is made in run-compare.ts.
 */
import { Fnv1a } from '../core/fnv';
import { pageStorage } from './page-storage';

/** One run on a level, as recorded when the learner tries again. */
export interface RunSummary {
  /** The level's id (`tomato`, `gen:42`, `custom`). */
  readonly levelId: string;
  readonly levelName: string;
  /** The learner's own labels (person, demonstration, Auto-label). */
  readonly labels: number;
  /** Of those, labels whose answer disagrees with the clips' true returns. */
  readonly fooled: number;
  /** The agent's latest scores, or null before the first snapshot. */
  readonly trueReturn: number | null;
  readonly normalizedReturn: number | null;
  readonly apparentReturn: number | null;
  /** Whether the assistant was on the page during the run. */
  readonly assistant: boolean;
}

/** The part of the Web Storage API the runs need (localStorage, or a stand-in in tests). */
export type RunStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Options of load/save/clear: the storage (default localStorage; null: nowhere) and a namespace for the key. */
export interface RunStorageOptions {
  readonly storage?: RunStorage | null;
  readonly namespace?: string;
}

/** The storage key of a level's recorded run; a custom level is told apart by its text. */
export function runKey(levelId: string, levelText: string, namespace = 'default'): string {
  return `reward-playground:run:${namespace}:${levelId === 'custom' ? `custom-${textHash(levelText)}` : levelId}`;
}

/** Records a run; false when storage is unavailable or refuses. */
export function saveRun(key: string, run: RunSummary, options: RunStorageOptions = {}): boolean {
  return attempt(options, (s) => (s.setItem(key, JSON.stringify(run)), true)) ?? false;
}

/** The run recorded under `key`, or null when none, unreadable or malformed. */
export function loadRun(key: string, options: RunStorageOptions = {}): RunSummary | null {
  return attempt(options, (s) => readRun(JSON.parse(s.getItem(key) ?? 'null'))) ?? null;
}

/** Forgets the run recorded under `key`; false when storage refuses. */
export function clearRun(key: string, options: RunStorageOptions = {}): boolean {
  return attempt(options, (s) => (s.removeItem(key), true)) ?? false;
}

function attempt<T>(options: RunStorageOptions, f: (s: RunStorage) => T): T | null {
  try {
    const storage = options.storage === undefined ? pageStorage() : options.storage;
    return storage ? f(storage) : null;
  } catch {
    return null;
  }
}

function readRun(data: unknown): RunSummary | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const count = (k: string) => (typeof d[k] === 'number' && Number.isInteger(d[k]) && (d[k] as number) >= 0 ? (d[k] as number) : null);
  const score = (k: string) => (typeof d[k] === 'number' && Number.isFinite(d[k]) ? (d[k] as number) : null);
  const labels = count('labels'),
    fooled = count('fooled');
  if (typeof d.levelId !== 'string' || typeof d.levelName !== 'string' || labels === null || fooled === null) return null;
  return {
    levelId: d.levelId,
    levelName: d.levelName,
    labels,
    fooled,
    trueReturn: score('trueReturn'),
    normalizedReturn: score('normalizedReturn'),
    apparentReturn: score('apparentReturn'),
    assistant: d.assistant === true,
  };
}

/** A short, stable hash of a text (FNV-1a, hex without leading zeros, as keys have always been written). */
function textHash(text: string): string {
  return new Fnv1a().text(text).value.toString(16);
}
