/**
 * The page's levels, each enumerated once: a link's check, the session store, an import's label
 * check and the room ask for the same level within moments, and a large level takes a second or more
 * to enumerate. The last few loaded are kept (a space holds every reachable state, so not more
 * than KEPT_LEVELS levels nor KEPT_STATES states in all),
 * including those the page worker enumerated for the level editor's check, so playing a checked
 * level does not enumerate it again on the page's thread. A level opened from a link or a saved
 * session is enumerated here only when small (loadLevelOffPage); a larger one in the page worker.
 */
import { parseLevel } from '../core/level';
import { enumerateStates, loadLevel, TooManyStatesError, type LoadedLevel } from '../core/states';

/**
 * The most reachable states a level may have to be enumerated on the page's thread when it opens
 * (tens of milliseconds here; Kitchen garden, the largest built-in level, has 1,088); a larger level
 * is enumerated in the page worker.
 */
export const QUICK_STATES = 1_200;

/** Levels kept at most. */
export const KEPT_LEVELS = 3;
/** Reachable states kept at most in all, beyond the most recent level (one level near the cap is kept alone). */
export const KEPT_STATES = 120_000;
const kept = new Map<string, LoadedLevel>();
/** The last few texts found larger than QUICK_STATES, so they are not enumerated that far twice. */
const large: string[] = [];

/** Keeps a level loaded elsewhere (the page worker) for `text`, as loadLevelOnce would have; drops the least recently used beyond the limits. */
export function keepLoaded(text: string, loaded: LoadedLevel): void {
  kept.delete(text);
  kept.set(text, loaded);
  let states = 0;
  for (const level of kept.values()) states += level.space.numStates;
  for (const [oldest, level] of kept) {
    if (kept.size === 1 || (kept.size <= KEPT_LEVELS && states <= KEPT_STATES)) break;
    kept.delete(oldest);
    states -= level.space.numStates;
  }
}

/** Whether the level of `text` is among those kept (tests). */
export function isKept(text: string): boolean {
  return kept.has(text);
}

/** loadLevel(text), reusing the result when the page loaded the same text lately; throws as loadLevel does. */
export function loadLevelOnce(text: string): LoadedLevel {
  const hit = kept.get(text);
  if (hit) {
    keepLoaded(text, hit); // most recently used last
    return hit;
  }
  const loaded = loadLevel(text);
  keepLoaded(text, loaded);
  return loaded;
}

/**
 * The level of `text` when it is kept or small enough to enumerate here at once (at most
 * QUICK_STATES states); null when it is larger, with only its syntax checked. Throws as loadLevel
 * does, for a larger level only its parse errors.
 */
export function loadSmallLevel(text: string): LoadedLevel | null {
  if (kept.has(text)) return loadLevelOnce(text);
  if (large.includes(text)) return null;
  const level = parseLevel(text);
  // Every level's own limit (stateLimit) is above QUICK_STATES, so a level that fits here is valid.
  try {
    const loaded = { level, space: enumerateStates(level, QUICK_STATES) };
    keepLoaded(text, loaded);
    return loaded;
  } catch (err) {
    if (!(err instanceof TooManyStatesError)) throw err;
    large.push(text); // a link's check and the start ask in turn
    if (large.length > KEPT_LEVELS) large.shift();
    return null;
  }
}

/** loadLevelOnce(text) without a long task on the page: a small level here, a larger one in the page worker. Rejects as loadLevel throws. */
export async function loadLevelOffPage(text: string): Promise<LoadedLevel> {
  const small = loadSmallLevel(text);
  if (small) return small;
  // Loaded only for a large level: the page worker's client stays out of the first script.
  const { pageOffThread } = await import('./off-thread');
  await pageOffThread().checkLevel(text); // keeps the level it enumerated
  return loadLevelOnce(text);
}
