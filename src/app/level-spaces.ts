/**
 * The page's levels, each enumerated once: a link's check, the session store, an import's label
 * check and the room ask for the same level within moments, and a large level takes a second or more
 * to enumerate. The last few loaded are kept (a space holds every reachable state, so not more),
 * including those the page worker enumerated for the level editor's check, so playing a checked
 * level does not enumerate it again on the page's thread.
 */
import { loadLevel, type LoadedLevel } from '../core/states';

/** Levels kept. */
const KEPT = 3;
const kept = new Map<string, LoadedLevel>();

/** Keeps a level loaded elsewhere (the page worker) for `text`, as loadLevelOnce would have. */
export function keepLoaded(text: string, loaded: LoadedLevel): void {
  kept.delete(text);
  kept.set(text, loaded);
  for (const oldest of kept.keys()) {
    if (kept.size <= KEPT) break;
    kept.delete(oldest);
  }
}

/** loadLevel(text), reusing the result when the page loaded the same text lately; throws as loadLevel does. */
export function loadLevelOnce(text: string): LoadedLevel {
  const hit = kept.get(text);
  if (hit) {
    kept.delete(text); // most recently used last
    kept.set(text, hit);
    return hit;
  }
  const loaded = loadLevel(text);
  keepLoaded(text, loaded);
  return loaded;
}
