/**
 * The page's levels, each enumerated once: a link's check, the session store, an import's label
 * check and the room ask for the same level within moments, and a large level takes a second or more
 * to enumerate. The last few loaded are kept (a space holds every reachable state, so not more
 * than KEPT_LEVELS levels nor KEPT_STATES states in all),
 * including those the page worker enumerated for the level editor's check, so playing a checked
 * level does not enumerate it again on the page's thread.
 */
import { loadLevel, type LoadedLevel } from '../core/states';

/** Levels kept at most. */
export const KEPT_LEVELS = 3;
/** Reachable states kept at most in all, beyond the most recent level (one level near the cap is kept alone). */
export const KEPT_STATES = 120_000;
const kept = new Map<string, LoadedLevel>();

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
