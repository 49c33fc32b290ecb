/**
 * The name a person writes into the session files they export, so a workshop's room (leaderboard,
 * teacher's view) can tell its people apart. Kept per browser in localStorage, never in the session:
 * one person, many sessions. Reading and writing never throw (private windows, blocked storage).
 */
import { pageStorage } from './page-storage';

/** The localStorage key of the name. */
export const AUTHOR_KEY = 'reward-playground-author';
/** Longest name kept, in characters (session files accept 100). */
export const MAX_AUTHOR_NAME = 60;

/** The storage the name lives in (localStorage in the page). */
export type AuthorStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** `name` on one line, trimmed and cut to `max` characters (default MAX_AUTHOR_NAME; '' when nothing is left). Session files clean their authors with it too. */
export function cleanAuthorName(name: string, max = MAX_AUTHOR_NAME): string {
  return name.replace(/[\p{Cc}\u2028\u2029\s]+/gu, ' ').trim().slice(0, max).trim();
}

/** The name kept in this browser, or ''. */
export function loadAuthorName(storage: AuthorStorage | null = pageStorage()): string {
  try {
    return cleanAuthorName(storage?.getItem(AUTHOR_KEY) ?? '');
  } catch {
    return '';
  }
}

/** Keeps `name` (cleaned; an empty one is removed); storage failures are ignored: the name only saves typing. */
export function saveAuthorName(name: string, storage: AuthorStorage | null = pageStorage()): void {
  const clean = cleanAuthorName(name);
  try {
    if (clean) storage?.setItem(AUTHOR_KEY, clean);
    else storage?.removeItem(AUTHOR_KEY);
  } catch {
    // Nothing lost: the next export asks again.
  }
}
