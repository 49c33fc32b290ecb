/**
 * What replaces a session, worked out without touching the store: the session a start opens (from
 * the saved one and a link's settings), a session adopted from storage or a backup, sessions read
 * from files, the labels set aside because they do not fit the level, and the notices that say so.
 * The store applies the result in one update and moves its generation on.
 */
import { parseLevel, serializeLevel } from '../core/level';
import { partitionLabels, type Label } from '../core/preferences';
import type { LoadedLevel, StateSpace } from '../core/states';
import { loadLevelOnce } from './level-spaces';
import { builtinLevel, isGeneratedLevelId, levelById } from './builtin-levels';
import type { SavedSession } from './persistence';
import type { Notice, SessionView } from './session-types';
import { sanitizeSettings, type Settings } from './settings';

/** The parts of a view that make up a session (what is saved, less the version). */
export type SessionParts = Pick<SessionView, 'settings' | 'labels' | 'curve' | 'verdicts' | 'approvals' | 'reviewedLabels'>;

/** A session with nothing in it: the base every replacement patches. */
export const EMPTY_SESSION = { labels: [], setAsideLabels: [], curve: [], verdicts: [], approvals: [], reviewedLabels: [] } as const satisfies Partial<SessionView>;

/** The view patch that replaces the session with `patch` over an empty one: no pair or snapshot of the old one. */
export function replacementPatch(patch: Partial<SessionView>): Partial<SessionView> {
  return { ...EMPTY_SESSION, ...patch, query: null, snapshot: null };
}

/** A notice to show: its kind and text. */
export interface NoticeText {
  readonly kind: Notice['kind'];
  readonly text: string;
}

/** The session a start opens, the level's state space when it loads, and the notices to show, in order. */
export interface Opening {
  readonly session: SessionParts;
  readonly space: StateSpace | null;
  readonly notices: readonly NoticeText[];
}

/**
 * The session a start opens from `saved` with `initial` (a link's settings) over it, `base` being the
 * default settings: a built-in level that changed since it was saved keeps its old text as a custom
 * level when it has labels, a generated level without text gets it, and a level that does not load
 * gives the default level and an empty session. `load` loads the level (the page passes one that
 * enumerates a large level in its worker). Whether a link's other level replaces the saved session
 * (with a backup) is the caller's, as it writes storage.
 */
export async function openingSession(
  saved: SavedSession | undefined,
  initial: Partial<Settings> | undefined,
  base: Settings,
  load: (text: string) => Promise<LoadedLevel> = async (text) => loadLevelOnce(text),
): Promise<Opening> {
  const notices: NoticeText[] = [];
  let settings = sanitizeSettings({ ...(saved?.settings ?? {}), ...(initial ?? {}) }, base);
  const parts = { labels: saved?.labels ?? [], curve: saved?.curve ?? [], verdicts: saved?.verdicts ?? [], approvals: saved?.approvals ?? [], reviewedLabels: saved?.reviewedLabels ?? [] };
  const builtin = builtinLevel(settings.levelId);
  if (builtin && settings.levelText !== builtin.text && settings.levelId !== 'custom') {
    // The built-in level changed since this session was saved. Its labels were made on the saved
    // text, so a session with labels keeps that text, as a custom level; an empty one moves on.
    const keepOld = parts.labels.length > 0 && initial?.levelText === undefined && changedLevel(settings.levelText, builtin.text);
    if (keepOld) notices.push({ kind: 'info', text: `The built-in level "${builtin.name}" has changed since this session was saved; the session keeps the level its labels were made on, as a custom level. Choose "${builtin.name}" to start on the new one.` });
    settings = keepOld ? { ...settings, levelId: 'custom' } : { ...settings, levelText: builtin.text };
  }
  // A generated level keeps the text it was saved with; only an id without text (a link) is generated here.
  if (!builtin && isGeneratedLevelId(settings.levelId) && settings.levelText === '') settings = { ...settings, levelText: levelById(settings.levelId)?.text ?? '' };
  try {
    // Kept: the page side needs the state space anyway (to set aside labels that do not fit).
    const { space } = await load(settings.levelText);
    return { session: { settings, ...parts }, space, notices };
  } catch (err) {
    const whose = initial?.levelText !== undefined && initial.levelText === settings.levelText ? "The link's" : 'The saved';
    notices.push({ kind: 'error', text: `${whose} level could not be loaded (${(err as Error).message}); showing the default level.` });
    return { session: { ...EMPTY_SESSION, settings: { ...base, seed: settings.seed } }, space: null, notices };
  }
}

/** A saved session (from storage or the backup) as the session to adopt, keeping the backend in use. */
export function adoptedSession(saved: SavedSession, current: Settings): SessionParts {
  return {
    settings: sanitizeSettings({ ...saved.settings, backend: current.backend }, current),
    labels: saved.labels,
    curve: saved.curve,
    verdicts: saved.verdicts ?? [],
    approvals: saved.approvals ?? [],
    reviewedLabels: saved.reviewedLabels ?? [],
  };
}

/** What reading session files gave: the session to adopt (and a notice for a merge), or the one reason nothing is imported. */
export type ReadFiles = { readonly ok: true; readonly session: Omit<SessionParts, 'reviewedLabels'>; readonly notice?: string } | { readonly ok: false; readonly error: string };

/** Reads session files (several are merged: duplicates dropped, authors kept); `backend` stays the one in use. */
export async function readSessionFiles(files: readonly { name: string; text: string }[], backend: Settings['backend']): Promise<ReadFiles> {
  // Loaded on first use: keeps the first paint light.
  const [{ MAX_FILE_CHARS }, { mergeSessions }, { pageOffThread }] = await Promise.all([import('./session-file'), import('./merge'), import('./off-thread')]);
  const sessions = [];
  for (const file of files) {
    // Read in the page's worker: a file with a big level takes seconds to check.
    const parsed = file.text.length > MAX_FILE_CHARS ? { ok: false as const, error: `the file is larger than ${MAX_FILE_CHARS / 1e6} MB` } : await pageOffThread().parseSessionFile(file.text);
    if (!parsed.ok) return { ok: false, error: `${file.name}: ${parsed.error}` };
    sessions.push(parsed.session);
  }
  let session;
  let notice: string | undefined;
  if (sessions.length === 1) session = sessions[0];
  else {
    const merged = mergeSessions(sessions);
    if (!merged.ok) return { ok: false, error: merged.error };
    session = merged.session;
    notice = `Merged ${merged.stats.files} files: ${merged.stats.labels} labels, ${merged.stats.duplicates} duplicates dropped.`;
  }
  const { settings, labels, curve, verdicts, approvals } = session;
  return { ok: true, session: { settings: { ...settings, backend }, labels, curve, verdicts, approvals }, ...(notice ? { notice } : {}) };
}

/** Ids of `labels` that do not fit `space` (made on another level, or edited by hand). */
export function misfitIds(space: StateSpace, labels: readonly Label[]): string[] {
  return partitionLabels(space, labels).misfits.map((m) => m.label.id);
}

/** The labels the engine trains on: all but those set aside. */
export function trainableLabels(labels: readonly Label[], setAside: readonly string[]): Label[] {
  const ids = new Set(setAside);
  return labels.filter((l) => !ids.has(l.id));
}

/** The notice for `n` labels set aside. */
export function setAsideText(n: number): string {
  return n === 1 ? '1 label did not fit this level and was set aside; it stays in the export.' : `${n} labels did not fit this level and were set aside; they stay in the export.`;
}

/** The notice offering back a session with labels kept as the backup when `next` replaced it. */
export function backupText(saved: SavedSession, next: Settings): string {
  return `This page opened ${levelName(next)}. Your earlier session here (${labelCount(saved.labels.length)} on ${levelName(saved.settings)}) was kept as a backup.`;
}

/** The notice after restoring a backup of `n` labels on `settings`' level (`swapped`: the replaced session is the backup now). */
export function restoredText(n: number, settings: Settings, swapped: boolean): string {
  return `Restored the backup session: ${labelCount(n)} on ${levelName(settings)}.${swapped ? ' The session it replaced is now the backup.' : ''}`;
}

function labelCount(n: number): string {
  return `${n} ${n === 1 ? 'label' : 'labels'}`;
}

/** A level's name for a notice: the built-in's, or the name in its text. */
function levelName(s: Pick<Settings, 'levelId' | 'levelText'>): string {
  const named = s.levelId !== 'custom' ? levelById(s.levelId) : undefined;
  if (named) return `"${named.name}"`;
  try {
    return `"${parseLevel(s.levelText).name}"`;
  } catch {
    return 'a custom level';
  }
}

/** Whether a saved level text that loads differs in substance from `current` (not only in layout). */
function changedLevel(saved: string, current: string): boolean {
  try {
    return serializeLevel(parseLevel(saved)) !== serializeLevel(parseLevel(current));
  } catch {
    return false; // a saved text that no longer loads is not worth keeping
  }
}
