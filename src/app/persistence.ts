/**
 * Saving the session in IndexedDB (through idb-keyval): every label is written the moment it is
 * given. When storage fails (quota, private mode, a blocked database), the caller is told once and the
 * session carries on in memory: nothing already given is lost from the page.
 *
 * Layout: the labels are stored in records of `LABELS_PER_RECORD` labels each, under the array keys
 * `[key, 0]`, `[key, 1]`, …, and the rest of the session (settings, curve, verdicts, approvals, the
 * label count) is one small head record under `key`. An answer then rewrites the last label record
 * and the head — not the whole session, whose one record took 0.1 s and more to write at 20 000
 * labels. Labels are grouped rather than one record each because a record costs about 0.1 ms to write
 * and read whatever its size: one per label made a whole save of 20 000 labels take 2 s, and a load
 * 0.5 s. Head and labels are written in one transaction, so the count never disagrees with the
 * records. Sessions saved before this layout (the whole session in one record under `key`) still
 * load; the next whole save moves them over. The backup stays one record, and so does the reward
 * model's last weights (`key:model`, see model-memory.ts).
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import type { Label } from '../core/preferences';
import { upgradeVerdicts, type Verdict } from '../core/verdicts';
import type { SavedModel } from './model-memory';
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
  /** Writes the whole session, replacing every stored label (labels beyond its count are removed). */
  save(session: SavedSession): Promise<void>;
  /**
   * Writes `session` when its first `from` labels are the ones stored: only the new labels (in
   * IndexedDB, the label record they join and any after it) and the rest of the session. Throws
   * `StaleAppendError`, writing nothing, when the stored session does not hold exactly `from` labels
   * in this layout; the caller then calls `save`. Absent: the caller always calls `save`.
   */
  appendLabels?(session: SavedSession, from: number): Promise<void>;
  clear(): Promise<void>;
  /** Keeps a copy of a session that is about to be replaced, beside the current one (one copy; the last wins). */
  saveBackup?(session: SavedSession): Promise<void>;
  /** The copy kept by `saveBackup`, if any. */
  loadBackup?(): Promise<SavedSession | undefined>;
  /** Keeps the reward model's weights beside the session (one copy; the last wins; `clear` removes it). */
  saveModel?(model: SavedModel): Promise<void>;
  /** The model kept by `saveModel`, if any (unchecked: see `isSavedModel`). */
  loadModel?(): Promise<unknown>;
}

/** `appendLabels` found a stored session other than the one it was told of; nothing was written. */
export class StaleAppendError extends Error {
  override readonly name = 'StaleAppendError';
}

/** The record under a session's key in the layout with label records. */
interface SessionHead {
  readonly version: 2;
  readonly labelCount: number;
  /** How many labels each label record holds (records written with another size are rewritten whole, never appended to). */
  readonly labelsPerRecord: number;
  /** Everything else of the session. */
  readonly session: Omit<SavedSession, 'labels'>;
}

/** The IndexedDB database and object store every session lives in. */
export const SESSION_DATABASE = { name: 'reward-playground', store: 'sessions' } as const;

/** How many labels one label record holds: an answer rewrites at most this many (about 2 ms at 128). */
export const LABELS_PER_RECORD = 128;

/** The key of label record `record` (0-based; labels `record × LABELS_PER_RECORD` on) of the session stored under `key`. */
export function labelRecordKey(key: string, record: number): [string, number] {
  return [key, record];
}

/** Every label record of `key` from record `from` on. */
const labelRange = (key: string, from = 0) => IDBKeyRange.bound(labelRecordKey(key, from), labelRecordKey(key, Infinity));

function headOf(session: SavedSession): SessionHead {
  const { labels, ...rest } = session;
  return { version: 2, labelCount: labels.length, labelsPerRecord: LABELS_PER_RECORD, session: rest };
}

/** Puts the label records of `labels` from the one holding label `from` to the last. */
function putLabelRecords(store: IDBObjectStore, key: string, labels: readonly Label[], from: number): void {
  for (let r = Math.floor(from / LABELS_PER_RECORD); r * LABELS_PER_RECORD < labels.length; r++) {
    store.put(labels.slice(r * LABELS_PER_RECORD, (r + 1) * LABELS_PER_RECORD), labelRecordKey(key, r));
  }
}

/**
 * Runs `write` in the store's transaction and resolves when it commits. `write` (or a request
 * handler it sets) calls `fail` to abort: nothing it wrote is kept, and the promise rejects with
 * that error. A `write` that throws (a value that cannot be stored) fails the same way, so the
 * records put before the throw never commit without the rest.
 */
function commit(store: IDBObjectStore, write: (fail: (err: unknown) => void) => void): Promise<void> {
  const tx = store.transaction;
  return new Promise((resolve, reject) => {
    let failure: unknown;
    const fail = (err: unknown) => {
      failure ??= err;
      try {
        tx.abort();
      } catch {
        // already finished or aborting: the handlers below report it
      }
    };
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(failure ?? tx.error ?? new DOMException('The write was aborted.', 'AbortError'));
    try {
      write(fail);
    } catch (err) {
      fail(err);
    }
  });
}

/** A request's result, as a promise. */
function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * IndexedDB storage under `key` (one key per embedded instance or per link level), its backup
 * under `key:backup`. While `key` holds nothing, `load` reads `fallbackKey` (never written): a
 * session saved under an older key is found again.
 */
export function indexedDbStorage(key = 'session', fallbackKey?: string): SessionStorage {
  let store: UseStore | null = null;
  const db = () => (store ??= createStore(SESSION_DATABASE.name, SESSION_DATABASE.store));
  const upgrade = (value: SavedSession) => (value.verdicts ? { ...value, verdicts: upgradeVerdicts(value.verdicts) } : value);
  const readWhole = async (k: string) => {
    const value = await get<SavedSession>(k, db());
    // Verdicts saved when there were fewer kinds of claim get today's feature layout.
    return value?.version === 1 ? upgrade(value) : undefined;
  };
  const read = (k: string) =>
    db()('readonly', async (s) => {
      // Both requests in one transaction: the head and the labels are read as one consistent state.
      const [value, records] = await Promise.all([result(s.get(k) as IDBRequest<SavedSession | SessionHead | undefined>), result(s.getAll(labelRange(k)) as IDBRequest<Label[][]>)]);
      if (value?.version === 1) return upgrade(value);
      if (value?.version !== 2) return undefined;
      return upgrade({ ...value.session, version: 1, labels: records.flat().slice(0, value.labelCount) });
    });
  return {
    key,
    load: async () => (await read(key)) ?? (fallbackKey !== undefined ? await read(fallbackKey) : undefined),
    save: (session) =>
      db()('readwrite', (s) =>
        commit(s, () => {
          s.put(headOf(session), key);
          putLabelRecords(s, key, session.labels, 0);
          s.delete(labelRange(key, Math.ceil(session.labels.length / LABELS_PER_RECORD)));
        }),
      ),
    appendLabels: (session, from) =>
      db()('readwrite', (s) =>
        commit(s, (fail) => {
          // The head is read in the same transaction as the writes: the count it checks cannot change before they land.
          const head = s.get(key) as IDBRequest<SavedSession | SessionHead | undefined>;
          head.onsuccess = () => {
            const stored = head.result;
            if (stored?.version !== 2 || stored.labelCount !== from || stored.labelsPerRecord !== LABELS_PER_RECORD || session.labels.length < from) {
              const holds = stored?.version === 2 ? `${stored.labelCount} labels, ${stored.labelsPerRecord} a record` : stored ? 'the older layout' : 'nothing';
              return fail(new StaleAppendError(`the stored session holds ${holds}, not ${from} labels, ${LABELS_PER_RECORD} a record`));
            }
            try {
              // The record holding label `from` is rewritten with the new labels: its first labels are the stored ones.
              if (session.labels.length > from) putLabelRecords(s, key, session.labels, from);
              s.put(headOf(session), key);
            } catch (err) {
              fail(err);
            }
          };
        }),
      ),
    clear: () =>
      db()('readwrite', (s) =>
        commit(s, () => {
          s.delete(key);
          s.delete(labelRange(key));
          s.delete(`${key}:model`);
        }),
      ),
    saveBackup: (session) => set(`${key}:backup`, session, db()),
    loadBackup: () => readWhole(`${key}:backup`),
    saveModel: (model) => set(`${key}:model`, model, db()),
    loadModel: () => get(`${key}:model`, db()),
  };
}

/** Storage that keeps nothing beyond the page (the page works in memory only); appends like IndexedDB. */
export function memoryStorage(): SessionStorage {
  let saved: SavedSession | undefined;
  let backup: SavedSession | undefined;
  let model: SavedModel | undefined;
  return {
    load: async () => (saved ? structuredClone(saved) : undefined),
    save: async (s) => void (saved = structuredClone(s)),
    appendLabels: async (s, from) => {
      if (saved?.labels.length !== from || s.labels.length < from) throw new StaleAppendError(`the stored session holds ${saved ? `${saved.labels.length} labels` : 'nothing'}, not ${from} labels`);
      // Only the new labels are copied, as IndexedDB writes only their records.
      const { labels, ...rest } = structuredClone({ ...s, labels: s.labels.slice(from) });
      saved = { ...rest, labels: [...saved.labels, ...labels] };
    },
    clear: async () => void ((saved = undefined), (model = undefined)),
    saveBackup: async (s) => void (backup = structuredClone(s)),
    loadBackup: async () => (backup ? structuredClone(backup) : undefined),
    saveModel: async (m) => void (model = structuredClone(m)),
    loadModel: async () => (model ? structuredClone(model) : undefined),
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
