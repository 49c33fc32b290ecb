/**
 * Saving the session in IndexedDB (through idb-keyval): every label is written the moment it is
 * given. When storage fails (quota, private mode, a blocked database), the caller is told once and the
 * session carries on in memory: nothing already given is lost from the page.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { Label } from '../core/preferences';
import { upgradeVerdicts, type Verdict } from '../core/verdicts';
import type { Approval, CurvePoint } from './session-types';
import type { Settings } from './settings';

/** What is persisted for one session. Plain and versioned. */
export interface SavedSession {
  readonly version: 1;
  readonly settings: Settings;
  readonly labels: readonly Label[];
  readonly curve: readonly CurvePoint[];
  /** Verdicts on the assistant's claims and plan approvals (absent in sessions saved before they existed). */
  readonly verdicts?: readonly Verdict[];
  readonly approvals?: readonly Approval[];
  readonly reviewedLabels?: readonly string[];
}

/** Where sessions are stored; the default uses IndexedDB. Tests may pass a failing one. */
export interface SessionStorage {
  /** The name the session is stored under: pages that share it share one writer (absent: not shared). */
  readonly key?: string;
  load(): Promise<SavedSession | undefined>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
  /** Keeps a copy of a session that is about to be replaced, beside the current one (one copy; the last wins). */
  saveBackup?(session: SavedSession): Promise<void>;
  /** The copy kept by `saveBackup`, if any. */
  loadBackup?(): Promise<SavedSession | undefined>;
}

/**
 * IndexedDB storage under `key` (one key per embedded instance or per link level), its backup
 * under `key:backup`. While `key` holds nothing, `load` reads `fallbackKey` (never written): a
 * session saved under an older key is found again.
 */
export function indexedDbStorage(key = 'session', fallbackKey?: string): SessionStorage {
  let store: UseStore | null = null;
  const db = () => (store ??= createStore('reward-playground', 'sessions'));
  const read = async (k: string) => {
    const value = await get<SavedSession>(k, db());
    if (!value || value.version !== 1) return undefined;
    // Verdicts saved when there were fewer kinds of claim get today's feature layout.
    return value.verdicts ? { ...value, verdicts: upgradeVerdicts(value.verdicts) } : value;
  };
  return {
    key,
    load: async () => (await read(key)) ?? (fallbackKey !== undefined ? await read(fallbackKey) : undefined),
    save: (session) => set(key, session, db()),
    clear: () => del(key, db()),
    saveBackup: (session) => set(`${key}:backup`, session, db()),
    loadBackup: () => read(`${key}:backup`),
  };
}

/** Storage that keeps nothing (the page works in memory only). */
export function memoryStorage(): SessionStorage {
  let saved: SavedSession | undefined;
  let backup: SavedSession | undefined;
  return {
    load: async () => (saved ? structuredClone(saved) : undefined),
    save: async (s) => void (saved = structuredClone(s)),
    clear: async () => void (saved = undefined),
    saveBackup: async (s) => void (backup = structuredClone(s)),
    loadBackup: async () => (backup ? structuredClone(backup) : undefined),
  };
}

/** A readable sentence for a storage failure. */
export function storageFailureMessage(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const why =
    name === 'QuotaExceededError'
      ? 'the browser storage is full'
      : name === 'InvalidStateError' || name === 'SecurityError'
        ? 'this browser does not allow storage here (private mode?)'
        : `storage failed (${err instanceof Error ? err.message : String(err)})`;
  return `Your labels cannot be saved: ${why}. The session keeps working, but a reload will lose it — export it to keep it.`;
}
