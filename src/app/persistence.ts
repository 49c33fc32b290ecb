/**
 * Saving the session in IndexedDB (through idb-keyval): every label is written the moment it is
 * given. When storage fails (quota, private mode, a blocked database), the caller is told once and the
 * session carries on in memory: nothing already given is lost from the page.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { Label } from '../core/preferences';
import type { Verdict } from '../core/verdicts';
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
  load(): Promise<SavedSession | undefined>;
  save(session: SavedSession): Promise<void>;
  clear(): Promise<void>;
}

/** IndexedDB storage under `key` (one key per embedded instance). */
export function indexedDbStorage(key = 'session'): SessionStorage {
  let store: UseStore | null = null;
  const db = () => (store ??= createStore('reward-playground', 'sessions'));
  return {
    load: async () => {
      const value = await get<SavedSession>(key, db());
      return value && value.version === 1 ? value : undefined;
    },
    save: (session) => set(key, session, db()),
    clear: () => del(key, db()),
  };
}

/** Storage that keeps nothing (the page works in memory only). */
export function memoryStorage(): SessionStorage {
  let saved: SavedSession | undefined;
  return {
    load: async () => (saved ? structuredClone(saved) : undefined),
    save: async (s) => void (saved = structuredClone(s)),
    clear: async () => void (saved = undefined),
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
