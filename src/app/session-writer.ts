/**
 * Writes the store's session to storage. Writes run one after another, so each knows which labels
 * the one before it left stored: a change that only adds labels (an answer, a demonstration, an
 * accepted critique) or none (a curve point, a setting) appends; anything else (an import, a
 * relabel, a reset) saves the whole session. A read-only view (another tab writes the session) is
 * never written. The first storage failure gives one notice; nothing is written after it.
 */
import type { Label } from '../core/preferences';
import { isSavedModel, type SavedModel } from './model-memory';
import { StaleAppendError, storageFailureMessage, type SavedSession, type SessionStorage } from './persistence';
import type { SessionView } from './session-types';

/** The saved part of a view. */
export function savedSessionOf(view: SessionView): SavedSession {
  const { settings, labels, curve, verdicts, approvals, reviewedLabels } = view;
  return { version: 1, settings, labels, curve, verdicts, approvals, reviewedLabels };
}

/** Writes one storage key's session for one store; see the module doc. */
export class SessionWriter {
  private working = true;
  /** The labels the storage holds as far as this writer knows (null: unknown, the next write saves the whole session). */
  private stored: readonly Label[] | null = null;
  private writing: Promise<void> = Promise.resolve();

  /** Creates a writer on `storage`; `onFailure` shows the storage-failure notice (once). */
  constructor(
    private readonly storage: SessionStorage,
    private readonly onFailure: (message: string) => void,
  ) {}

  /** False once the storage failed: the session carries on in memory. */
  get ok(): boolean {
    return this.working;
  }

  /** Loads the saved session and remembers its labels as stored; a failure gives the notice and undefined. */
  async load(): Promise<SavedSession | undefined> {
    try {
      const saved = await this.storage.load();
      this.stored = saved?.labels ?? null;
      return saved;
    } catch (err) {
      this.failed(err);
      return undefined;
    }
  }

  /** Saves `view`'s session after the writes before it; resolves once it is written (or failed). */
  async persist(view: SessionView): Promise<void> {
    // A read-only tab never saves: its copy would overwrite what the writing tab saved since.
    if (!this.working || view.readOnly) return;
    const session = savedSessionOf(view);
    this.writing = this.writing.then(() => this.write(session));
    await this.writing;
  }

  /** Keeps `saved` as the backup; false when there is no backup store, the storage failed, the view is read-only or the copy could not be written. */
  async keepBackup(saved: SavedSession, readOnly: boolean): Promise<boolean> {
    const { saveBackup } = this.storage;
    if (!saveBackup || !this.working || readOnly) return false;
    try {
      await saveBackup.call(this.storage, saved);
      return true;
    } catch {
      return false;
    }
  }

  /** The saved reward model, when the storage keeps one and it reads back whole; never throws. */
  async loadModel(): Promise<SavedModel | undefined> {
    try {
      const model = await this.storage.loadModel?.();
      return isSavedModel(model) ? model : undefined;
    } catch {
      return undefined; // the model is retrained from the labels
    }
  }

  /** Keeps the reward model's weights (not in a read-only view, nor after a storage failure); a failure costs only a retrain on the next load. */
  async saveModel(model: SavedModel, readOnly: boolean): Promise<void> {
    if (!this.working || readOnly) return;
    try {
      await this.storage.saveModel?.(model);
    } catch {
      // The labels are what matters; they are saved apart.
    }
  }

  /** Marks the storage as failed, with the one notice. */
  failed(err: unknown): void {
    if (!this.working) return;
    this.working = false;
    this.onFailure(storageFailureMessage(err));
  }

  private async write(session: SavedSession): Promise<void> {
    if (!this.working) return;
    const { storage } = this;
    const stored = this.stored;
    this.stored = null; // unknown until this write lands
    try {
      if (stored && storage.appendLabels && startsWith(session.labels, stored)) {
        try {
          await storage.appendLabels(session, stored.length);
          this.stored = session.labels;
          return;
        } catch (err) {
          if (!(err instanceof StaleAppendError)) throw err;
        }
      }
      await storage.save(session);
      this.stored = session.labels;
    } catch (err) {
      this.failed(err);
    }
  }
}

/** Whether `labels` begins with exactly the label records of `prefix` (the same objects, in order). */
function startsWith(labels: readonly Label[], prefix: readonly Label[]): boolean {
  if (labels.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (labels[i] !== prefix[i]) return false;
  return true;
}
