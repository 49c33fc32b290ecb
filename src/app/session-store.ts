/**
 * The session store: the one owner of the session's state. Commands (`answer`, `setLevel`,
 * `updateSettings`, …) change it, persist labels at once, drive the learning engine, and notify
 * subscribers with a fresh immutable `SessionView`. Training runs in the background in short bursts:
 * a click is accepted and the next pair shown at once, never waiting on training.
 *
 * Its parts: `TrainingScheduler` (training-scheduler.ts) decides when the engine trains and owns the
 * generation that drops the work of a replaced session; `SessionWriter` (session-writer.ts) writes
 * the session to storage; session-replacement.ts works out the session a start, an import, a
 * backup or another tab's session replaces this one with. The store keeps the engine's life (start,
 * restart after a stop), the writer lock across tabs, and the commands.
 */
import { claimLabel, claimQuery } from '../core/assistant-labels';
import type { Claim } from '../core/claims';
import { simulatedAnswer } from '../core/labellers';
import { verdictOn } from '../core/verdicts';

import { isHeldOutIndex, type Answer, type Label, type Provenance } from '../core/preferences';
import type { QueryProposal } from '../core/queries';
import { Rng } from '../core/rng';
import type { StateSpace } from '../core/states';
import { loadLevelOffPage, loadLevelOnce } from './level-spaces';
import { SESSION_SCHEDULE } from '../core/schedule';
import type { EnsembleWeights } from '../learning/ensemble';
import type { BackendChoice, BackendReport, EngineApi, EngineEvent } from '../learning/protocol';
import { budgetLeft, countsAgainstBudget } from './challenge';
import { BUILTIN_LEVELS, DEFAULT_LEVEL_ID, builtinLevel, levelById } from './builtin-levels';
import { connectEngine, EngineStoppedError, isEngineStopped, type ConnectOptions, type EngineConnection } from './engine-client';
import type { SavedSession, SessionStorage } from './persistence';
import { modelFingerprint, type SavedModel } from './model-memory';
import { claimSessionLock, type SessionLock } from './session-lock';
import {
  adoptedSession,
  backupText,
  misfitIds,
  openingSession,
  readSessionFiles,
  replacementPatch,
  restoredText,
  setAsideText,
  trainableLabels,
} from './session-replacement';
import { initialView, type Approval, type Notice, type NoticeAction, type SessionView } from './session-types';
import { savedSessionOf, SessionWriter } from './session-writer';
import { defaultSettings, engineSettingsOf as engineSettings, sanitizeSettings, type Settings } from './settings';
import { BURST_STEPS, TrainingScheduler } from './training-scheduler';

/** Backend start-up and measuring, loaded with the engine rather than with the page's first script. */
const backendStart = () => import('./backend-start');

/** Restarts of a stopped worker after which the engine runs on the main thread instead. */
const MAX_WORKER_RESTARTS = 2;
/** The notice of a tab that only shows a session another tab writes. */
const READ_ONLY_TEXT = 'This session is open in another tab; this tab is read-only. Close the other tab or open your own session here.';

/** Runs a call on the learning engine in turn with the session's own calls (see `SessionStore.offline`). */
export type OfflineRunner = <T>(call: (engine: EngineApi) => Promise<T>) => Promise<T>;

/** Options of the store. */
export interface StoreOptions {
  readonly storage: SessionStorage;
  /** Starts the engine (default: the worker, or the main thread where no worker starts); `options` asks for the main thread after repeated failures. */
  readonly connect?: (onEvent: (e: EngineEvent) => void, options: Pick<ConnectOptions, 'forceMainThread'>) => Promise<EngineConnection>;
  /** Settings that override the saved ones at start (e.g. from the URL). */
  readonly initial?: Partial<Settings>;
  /** WASM file name → URL for the browser backend (default: the binaries of the build, chosen by the engine). */
  readonly wasmPaths?: Readonly<Record<string, string>>;
  /** The kept reward model is written to storage at most this often (default MODEL_WRITE_INTERVAL_MS). */
  readonly modelWriteIntervalMs?: number;
}

/**
 * While labels come fast the reward model is written at most this often, the latest one at the end
 * of the wait: writing it after every burst took about 10 ms of the page's thread each time. A page
 * closed within the wait retrains from the labels on its next load; no label waits.
 */
export const MODEL_WRITE_INTERVAL_MS = 5000;

/** Owns one session; see the module doc. */
export class SessionStore {
  private view: SessionView;
  private readonly listeners = new Set<(view: SessionView) => void>();
  private engine: EngineApi | null = null;
  /**
   * Whether the running engine has been sent the session (its level and the labels of that moment).
   * Until then the scheduler sees no engine: labels wait in the view, which the engine is loaded
   * with, and the pairs on screen are opening pairs (src/core/opening-pair.ts).
   */
  private sessionLoaded = false;
  /**
   * Ids of the labels answered while the engine starts (null once it has caught up): the engine is
   * loaded without them and gets them after its first snapshot, as answers, so what they changed
   * shows as a click's effect does.
   */
  private heldLabels: Set<string> | null = null;
  private connection: EngineConnection | null = null;
  /** Training, pairs kept ready and the session's generation. */
  private readonly scheduler = new TrainingScheduler({
    view: () => this.view,
    update: (patch) => this.update(patch),
    notify: (kind, text) => this.notify(kind, text),
    engine: () => this.loadedEngine(),
    persist: () => this.persist(),
    keepModel: (labels, weights) => this.keepModel(labels, weights),
  });
  /** The reward model last saved or loaded with the session (model-memory.ts), its read at start and the save under way. */
  private savedModel: SavedModel | undefined;
  private modelRead: Promise<void> = Promise.resolve();
  private modelWrite: Promise<void> = Promise.resolve();
  /** When the model was last written (performance.now()), and the timer of a write waiting for the interval. */
  private lastModelWrite = -Infinity;
  private modelWriteTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the engine's backend started, so a reload of the session may leave the error phase. */
  private engineStarted = false;
  private noticeId = 0;
  /** Writes the session to storage (never while read-only). */
  private readonly writer: SessionWriter;
  private autoTimer: ReturnType<typeof setTimeout> | null = null;
  /** Times the engine stopped on its own and was restarted; the restart under way, if any. */
  private restarts = 0;
  private restarting: Promise<void> | null = null;
  private closed = false;
  /** A watch for a quiet moment to measure the backends runs (measureWhenQuiet). */
  private watchingQuiet = false;
  /** The claim on the session's writer lock (one writer per storage key across tabs), and `start()` under way. */
  private writerLock: SessionLock | null = null;
  private starting: Promise<void> = Promise.resolve();

  /** Creates a store; call `start()` to load the saved session and the engine. */
  constructor(private readonly options: StoreOptions) {
    const level = builtinLevel(DEFAULT_LEVEL_ID) ?? BUILTIN_LEVELS[0];
    this.view = initialView(defaultSettings(level.id, level.text));
    this.writer = new SessionWriter(options.storage, (message) => this.notify('warning', message));
    // A page being left, or hidden (a phone's tab may never come back), writes the model that waits.
    globalThis.addEventListener?.('pagehide', this.flushModel);
    globalThis.document?.addEventListener('visibilitychange', this.flushModel);
  }

  /** Writes at once a kept model that waits for the write interval. */
  private readonly flushModel = (): void => {
    if (this.modelWriteTimer !== undefined) this.writeModel();
  };

  /** The current view. */
  get state(): SessionView {
    return this.view;
  }

  /** Calls `fn` with every new view; returns the unsubscribe function. */
  subscribe(fn: (view: SessionView) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private update(patch: Partial<SessionView>): void {
    // A pair put on screen by any path belongs to the session of this moment.
    if (patch.query) this.scheduler.shown(patch.query);
    this.view = Object.freeze({ ...this.view, ...patch });
    for (const fn of this.listeners) fn(this.view);
  }

  /** Shows a notice to the person, optionally with a command it offers as a button. */
  notify(kind: Notice['kind'], text: string, action?: NoticeAction): void {
    this.update({ notices: [...this.view.notices.slice(-4), { id: ++this.noticeId, kind, text, ...(action ? { action } : {}) }] });
  }

  /** Removes a notice. */
  dismissNotice(id: number): void {
    this.update({ notices: this.view.notices.filter((n) => n.id !== id) });
  }

  /** Loads the saved session (if any), starts the engine, retrains from the saved labels. */
  start(): Promise<void> {
    this.starting = this.startSession();
    return this.starting;
  }

  private async startSession(): Promise<void> {
    // Loaded beside the saved session rather than with the page's first script, which it would grow.
    const pairMaker = import('../core/opening-pair').then((m) => (this.openingPairs = m)).catch(() => null);
    await this.claimWriter();
    const saved = await this.writer.load();
    // Read beside the first pair, not before it: only the engine's load needs it.
    this.modelRead = saved ? this.writer.loadModel().then((model) => void (this.savedModel ??= model)) : Promise.resolve();
    // A large level (a link's, or a saved custom one) is enumerated in the page worker, not here.
    const opening = await openingSession(saved, this.options.initial, this.view.settings, loadLevelOffPage);
    for (const { kind, text } of opening.notices) this.notify(kind, text);
    let { settings } = opening.session;
    if (opening.space) this.spaceCache = { text: settings.levelText, space: opening.space };
    let levelChanged = saved !== undefined && (this.options.initial?.levelText ?? saved.settings.levelText) !== saved.settings.levelText;
    if (levelChanged && saved && saved.labels.length > 0 && !(await this.keepBackup(saved, settings))) {
      // Without a backup the saved labels would be lost: the saved session keeps its level.
      settings = { ...settings, levelId: saved.settings.levelId, levelText: saved.settings.levelText };
      levelChanged = false;
    }
    this.update(levelChanged ? { settings, labels: [], curve: [], verdicts: [], approvals: [], reviewedLabels: [] } : { ...opening.session, settings });
    // A pair to answer at once: the engine (tfjs, the backend probe, retraining) starts behind it.
    await pairMaker;
    this.update({ query: this.openingPair(this.view.labels), opened: true });
    try {
      await this.bootEngine();
      const fallback = this.connection?.fallbackReason;
      if (fallback) this.notify('warning', `The learning engine runs on the page itself, which may pause during training: ${fallback}.`);
      this.update({ phase: 'ready' });
    } catch (err) {
      // A worker that stopped while starting is being replaced: that restart decides how this ends.
      if (isEngineStopped(err) && this.restarting) {
        while (this.restarting) await this.restarting;
        return;
      }
      this.update({ phase: 'error', probeProgress: null });
      this.notify('error', `The learning engine could not start: ${(err as Error).message}`);
    }
  }

  /** Connects an engine, starts its backend and loads the session into it. */
  private async bootEngine(): Promise<void> {
    this.sessionLoaded = false;
    this.heldLabels = new Set();
    const connect = this.options.connect ?? ((onEvent, options) => connectEngine(onEvent, options));
    const connection = await connect((e) => this.onEngineEvent(e), { forceMainThread: this.restarts > MAX_WORKER_RESTARTS });
    if (this.closed) {
      connection.close();
      throw new EngineStoppedError('the session was closed');
    }
    this.connection = connection;
    this.engine = connection.api;
    connection.onStop?.((reason) => this.restartEngine(connection, reason));
    const { backend: choice } = this.view.settings;
    this.update({ runsIn: connection.runsIn, probeProgress: null }); // a probe, if one runs now, reports its progress
    const backend = await this.initBackend(choice);
    this.update({ backend, probeProgress: null });
    this.engineStarted = true;
    await this.reloadEngine(true);
  }

  /**
   * Replaces an engine that stopped on its own (a worker that crashed, ended or stopped answering):
   * a fresh worker, or the main thread after MAX_WORKER_RESTARTS, loaded with the session's level and
   * labels, which retrains from them (a dead worker's weights are gone). The calls it was running
   * fail quietly; one notice tells the person, once the engine is back (or could not come back).
   */
  private restartEngine(connection: EngineConnection, reason: string): void {
    if (connection !== this.connection || this.closed) return;
    this.restarts++;
    this.sessionLoaded = false;
    connection.close();
    this.scheduler.replace(); // pairs and results of the stopped engine are dropped
    this.update({ query: this.openingPair(this.view.labels), trainProgress: null, probeProgress: null });
    const restart: Promise<void> = this.rebootAfterStop(reason).finally(() => {
      if (this.restarting === restart) this.restarting = null;
    });
    this.restarting = restart;
  }

  private async rebootAfterStop(reason: string): Promise<void> {
    await this.scheduler.idle(); // the stopped engine's queued calls fail at once: let them drain first
    const cause = `${reason[0].toUpperCase()}${reason.slice(1).replace(/\.$/, '')}`;
    try {
      await this.bootEngine();
      this.update({ phase: 'ready' });
      this.notify('warning', `The learning engine stopped and was restarted; your labels are safe. (${cause}.)`);
    } catch (err) {
      if (isEngineStopped(err)) return; // stopped again while starting: that restart reports
      this.update({ phase: 'error', probeProgress: null });
      this.notify('error', `The learning engine stopped (${cause}) and could not be restarted: ${(err as Error).message}. Your labels are saved; reload the page to try again.`);
    }
  }

  /**
   * Starts the engine on the backend asked for. A named backend (from a link or a saved choice) is
   * only a preference: where it is not available, the probe measures and chooses one instead, the
   * setting becomes 'auto', and a notice says so.
   */
  private async initBackend(choice: BackendChoice): Promise<BackendReport> {
    const engine = this.requireEngine();
    try {
      return choice === 'auto' ? await this.initAuto(engine) : await engine.init(choice, this.options.wasmPaths);
    } catch (err) {
      if (choice === 'auto' || isEngineStopped(err)) throw err;
      this.update({ settings: { ...this.view.settings, backend: 'auto' } });
      const report = await this.initAuto(engine);
      const using = report.provisional ? `using ${report.backend} until the backends are measured` : `using ${report.backend}, the fastest available one measured`;
      this.notify('warning', `The ${choice} backend is not available here (${(err as Error).message}); ${using}.`);
      await this.persist();
      return report;
    }
  }

  /** Starts the engine for the 'auto' choice (backend-start.ts); one started before any probe is measured once the session is quiet. */
  private async initAuto(engine: EngineApi): Promise<BackendReport> {
    const { startAutoBackend, PROBE_WHEN_IDLE_MS } = await backendStart();
    const report = await startAutoBackend(engine, this.options.wasmPaths, this.view.settings.rewardModel);
    if (report.provisional) this.measureWhenQuiet(PROBE_WHEN_IDLE_MS);
    return report;
  }

  /**
   * Measures the backends once the session has been quiet for `quietMs`: no training, no new label,
   * Auto-label off (it answers as training allows, so it is never quiet). Checked a few times a
   * second until the engine has a measured backend.
   */
  private measureWhenQuiet(quietMs: number): void {
    if (this.watchingQuiet) return; // one watch, through engine restarts
    this.watchingQuiet = true;
    let quietSince = Date.now();
    let labels = this.view.labels.length;
    const check = (): void => {
      const v = this.view;
      if (this.closed || !v.backend?.provisional || v.settings.backend !== 'auto') return void (this.watchingQuiet = false);
      if (!this.scheduler.settled || v.autoLabel || v.probeProgress !== null || v.labels.length !== labels || v.phase !== 'ready') {
        quietSince = Date.now();
        labels = v.labels.length;
      } else if (Date.now() - quietSince >= quietMs) {
        this.watchingQuiet = false;
        return void this.remeasureBackend(true);
      }
      setTimeout(check, 250);
    };
    setTimeout(check, 250);
  }

  /**
   * Keeps `saved` (a session with labels that `next` is about to replace) as the backup and offers
   * it back in a notice. False when it could not be kept: the caller must then not replace it.
   */
  private async keepBackup(saved: SavedSession, next: Settings): Promise<boolean> {
    if (!(await this.writer.keepBackup(saved, this.view.readOnly))) return false;
    this.notify('info', backupText(saved, next), 'restore-backup');
    return true;
  }

  /** Brings back the session kept as a backup; the current one (if it has labels) becomes the backup in turn. */
  async restoreBackup(): Promise<boolean> {
    if (this.refused()) return false;
    const storage = this.options.storage;
    let backup: SavedSession | undefined;
    try {
      backup = await storage.loadBackup?.();
    } catch (err) {
      this.notify('error', `The backup could not be read: ${(err as Error).message}`);
      return false;
    }
    if (!backup) {
      this.notify('warning', 'There is no backup session to restore.');
      return false;
    }
    const { labels } = this.view;
    if (labels.length > 0) {
      try {
        await storage.saveBackup?.(savedSessionOf(this.view));
      } catch (err) {
        this.notify('error', `The backup was not restored: the current session could not be kept (${(err as Error).message}).`);
        return false;
      }
    }
    this.update({ notices: this.view.notices.filter((n) => n.action !== 'restore-backup') });
    await this.replaceSession(adoptedSession(backup, this.view.settings));
    this.notify('info', restoredText(backup.labels.length, this.view.settings, labels.length > 0), labels.length > 0 ? 'restore-backup' : undefined);
    return true;
  }

  /**
   * Takes the session's writer lock, or opens read-only while another tab (another store on the
   * same storage key) holds it; this store then writes once it is granted.
   */
  private async claimWriter(): Promise<void> {
    const key = this.options.storage.key;
    if (key === undefined || this.closed) return;
    const { writer, lock } = await claimSessionLock(key, { onGranted: () => void this.becomeWriter(), onStepDown: () => this.becomeReader() });
    this.writerLock = lock;
    if (this.closed) lock.release();
    else if (!writer) this.becomeReader();
  }

  private becomeReader(): void {
    this.setAutoLabel(false);
    this.update({ readOnly: true });
    this.refused();
  }

  /** Granted the lock: the session the other tab wrote is loaded from storage and this tab carries on with it. */
  private async becomeWriter(): Promise<void> {
    await this.starting.catch(() => {});
    if (this.closed) return;
    this.update({ readOnly: false, notices: this.view.notices.filter((n) => n.action !== 'take-over') });
    const saved = await this.writer.load();
    if (!saved || this.closed) return;
    await this.replaceSession(adoptedSession(saved, this.view.settings));
    this.notify('info', 'The other tab let go of this session: this tab now keeps it, with every label given there.');
  }

  /** True while another tab writes the session, after making sure the read-only notice shows: commands that change the session are refused. */
  private refused(): boolean {
    if (!this.view.readOnly) return false;
    if (!this.view.notices.some((n) => n.action === 'take-over')) this.notify('warning', READ_ONLY_TEXT, 'take-over');
    return true;
  }

  /** Asks the tab that writes this session to hand it over; this tab becomes the writer when it does. */
  takeOver(): void {
    this.writerLock?.requestTakeover();
  }

  /** Stops the engine and timers, and lets go of the session's writer lock. */
  close(): void {
    this.flushModel();
    globalThis.removeEventListener?.('pagehide', this.flushModel);
    globalThis.document?.removeEventListener('visibilitychange', this.flushModel);
    this.closed = true;
    this.writerLock?.release();
    this.setAutoLabel(false);
    this.connection?.close();
    this.engine = null;
  }

  private onEngineEvent(e: EngineEvent): void {
    if (e.event === 'progress') {
      if (e.what === 'probe') this.update({ probeProgress: e.fraction });
    } else {
      this.update({ backend: e.report });
      if (e.report.note) this.notify('warning', e.report.note);
    }
  }

  /**
   * Loads the current level, settings and labels into the engine and retrains. With `keepPair` (the
   * engine's start) the pair on screen stays answerable: it was made for this session, without it.
   */
  private async reloadEngine(keepPair = false): Promise<void> {
    if (keepPair) await this.modelRead;
    const engine = this.requireEngine();
    const gen = this.scheduler.replace();
    const held = keepPair ? (this.heldLabels ?? new Set<string>()) : new Set<string>();
    this.heldLabels = keepPair ? held : null;
    const { settings, labels } = this.view;
    const kept = keepPair ? this.view.query : null;
    if (kept) this.scheduler.adopt(kept);
    // A label that does not fit the level (made on another level, or edited by hand) stays in the
    // session and its export but is not trained on: one bad label never stops the others loading.
    const before = new Set(this.view.setAsideLabels);
    const setAsideLabels = this.misfits(labels);
    this.update({ query: kept, snapshot: null, setAsideLabels });
    const newlySetAside = setAsideLabels.filter((id) => !before.has(id)).length;
    if (newlySetAside > 0) this.noticeSetAside(setAsideLabels.length);
    const trainable = this.engineLabels();
    // The model saved with these very labels (a reload, a restart): no retraining before the first plan.
    const model = keepPair && trainable.length > 0 && this.savedModel?.fingerprint === modelFingerprint(settings, trainable) ? this.savedModel : undefined;
    let loaded = false;
    try {
      const loading = engine.loadLevel(settings.levelText, engineSettings(settings), trainable, this.view.verdicts, model?.weights);
      // Sent: later labels travel as addLabels, after the load.
      this.sessionLoaded = true;
      const level = await loading;
      if (gen !== this.scheduler.generation) return;
      this.update({ level });
      const retrain = trainable.length > 0 && !level.restoredWeights;
      await this.scheduler.schedule(gen, retrain ? SESSION_SCHEDULE.reloadSteps : 0, retrain);
      loaded = true;
    } finally {
      // Held no longer: sent now, or (the load failed) left to the next load, which reads the view.
      if (this.heldLabels === held) {
        this.heldLabels = null;
        if (loaded) this.sendHeldLabels(gen, held);
      }
    }
  }

  /**
   * Keeps the model's weights with the session after a burst trained on the first `labels` labels
   * the engine holds (the trainable ones, those still held left out), unless the same are kept.
   */
  private async keepModel(labels: number, weights: () => Promise<EnsembleWeights>): Promise<void> {
    if (this.view.readOnly || !this.writer.ok) return;
    const trained = this.engineLabels();
    if (labels === 0 || labels > trained.length) return;
    const fingerprint = modelFingerprint(this.view.settings, trained.slice(0, labels));
    if (this.savedModel?.fingerprint === fingerprint) return;
    const model: SavedModel = { fingerprint, weights: await weights() };
    this.savedModel = model;
    this.scheduleModelWrite();
  }

  /** Writes the kept model now, or at the end of the write interval if one was written less than that ago. */
  private scheduleModelWrite(): void {
    if (this.modelWriteTimer !== undefined) return; // that write takes the latest model
    const wait = this.lastModelWrite + (this.options.modelWriteIntervalMs ?? MODEL_WRITE_INTERVAL_MS) - performance.now();
    if (wait > 0) this.modelWriteTimer = setTimeout(() => this.writeModel(), wait);
    else this.writeModel();
  }

  private writeModel(): void {
    clearTimeout(this.modelWriteTimer);
    this.modelWriteTimer = undefined;
    this.lastModelWrite = performance.now();
    const model = this.savedModel;
    if (model) this.modelWrite = this.modelWrite.then(() => this.writer.saveModel(model, this.view.readOnly));
  }

  /** Sends the engine the labels answered while it started (in their order), and trains on them. */
  private sendHeldLabels(gen: number, held: ReadonlySet<string>): void {
    const labels = this.trainable(this.view.labels).filter((l) => held.has(l.id));
    if (labels.length === 0 || gen !== this.scheduler.generation) return;
    void this.scheduler.enqueue(async () => {
      if (gen === this.scheduler.generation) await this.requireEngine().addLabels(labels);
    });
    void this.scheduler.schedule(gen, BURST_STEPS);
  }

  /** Ids of the labels that do not fit the current level (none when the level itself does not load: the engine reports that). */
  private misfits(labels: readonly Label[]): string[] {
    let space;
    try {
      space = this.engineSpace;
    } catch {
      return [];
    }
    return misfitIds(space, labels);
  }

  /** The labels the engine trains on: all but those set aside. */
  private trainable(labels: readonly Label[]): Label[] {
    return trainableLabels(labels, this.view.setAsideLabels);
  }

  /** The trainable labels the engine holds or is loaded with: those answered while it starts wait (`heldLabels`). */
  private engineLabels(): Label[] {
    const held = this.heldLabels;
    return this.trainable(this.view.labels).filter((l) => !held?.has(l.id));
  }

  private noticeSetAside(n: number): void {
    this.notify('warning', setAsideText(n));
  }

  /**
   * Records an answer to the pair on screen (from a click, a key, or the simulated labeller). `pair`
   * is the pair the person saw (default: the one on screen); an answer to any other pair — one of a
   * session replaced since by an import, a level change or a reset — is dropped, never stored.
   */
  async answer(answer: Answer, provenance: Provenance = 'person', pair: QueryProposal | null = this.view.query): Promise<void> {
    if (this.refused()) return;
    const query = this.view.query;
    if (!query || pair !== query || !this.scheduler.isCurrent(query)) return;
    const index = this.view.labels.length;
    const label: Label = {
      id: `l${index + 1}`,
      left: query.left,
      right: query.right,
      answer,
      provenance,
      heldOut: isHeldOutIndex(index),
    };
    await this.addLabel(label);
  }

  /**
   * Appends a label (any provenance), persists it, retrains in the background; with `advance` (an
   * answer to the pair on screen) the next pair shows at once.
   */
  async addLabel(label: Label, advance = true): Promise<void> {
    if (this.refused()) return;
    // A label-budget challenge takes no more of the person's labels once its budget is spent.
    if (countsAgainstBudget(label) && budgetLeft(this.view.settings, this.view.labels) === 0) return;
    if (budgetLeft(this.view.settings, [...this.view.labels, label]) === 0) this.setAutoLabel(false);
    // The label belongs to the session of this moment: if that session is replaced while it is
    // being saved, the engine (already loaded with the new one) never hears of it.
    const gen = this.scheduler.generation;
    const fits = this.misfits([label]).length === 0;
    const labels = [...this.view.labels, label];
    const setAsideLabels = fits ? this.view.setAsideLabels : [...this.view.setAsideLabels, label.id];
    // While the engine starts the label waits (in the same step as it joins the view, so an engine
    // loaded meanwhile is loaded without it and never gets it twice).
    const held = fits ? this.heldLabels : null;
    held?.add(label.id);
    if (advance) this.update({ labels, setAsideLabels, query: this.scheduler.nextPair() ?? (this.sessionLoaded ? null : this.openingPair(labels)) });
    else this.update({ labels, setAsideLabels });
    if (!fits) this.noticeSetAside(1);
    await this.persist();
    if (!fits || held || gen !== this.scheduler.generation) return;
    void this.scheduler.enqueue(async () => {
      if (gen === this.scheduler.generation) await this.requireEngine().addLabels([label]);
    });
    void this.scheduler.schedule(gen, BURST_STEPS);
  }

  /** Switches to a built-in or generated (`gen:SEED`) level (discarding labels: the page asks first). */
  async setLevel(levelId: string): Promise<void> {
    if (this.refused()) return;
    const level = levelById(levelId);
    if (!level) return this.notify('error', levelId.startsWith('gen:') ? `"${levelId}" is not a generated level (gen: and a whole number from 0 to ${2 ** 31 - 1}).` : `There is no built-in level "${levelId}".`);
    await this.changeLevel(levelId, level.text);
  }

  /** Switches to a level given as text; a bad level is rejected with its line and column, changing nothing. */
  async setLevelText(text: string): Promise<boolean> {
    if (this.refused()) return false;
    try {
      // Parses and enumerates (a large level in the page worker, unless its check kept it already);
      // the space is kept for the page, not built twice.
      this.spaceCache = { text, space: (await loadLevelOffPage(text)).space };
    } catch (err) {
      this.notify('error', `That level was not loaded: ${(err as Error).message}`);
      return false;
    }
    await this.changeLevel('custom', text);
    return true;
  }

  private async changeLevel(levelId: string, levelText: string): Promise<void> {
    await this.replaceSession({ settings: { ...this.view.settings, levelId, levelText } });
  }

  /**
   * Replaces the session in one step: the new settings and labels, and no pair, queue or snapshot of
   * the old one, in a single update before anything is awaited; the generation moves on, so a pair,
   * an answer or training still in flight for the old session is dropped. The engine's reload is
   * sent in the same step (before any later label can reach it), then the session is saved.
   */
  private async replaceSession(patch: Partial<SessionView>): Promise<void> {
    this.setAutoLabel(false);
    this.scheduler.replace();
    this.update(replacementPatch(patch));
    if (this.heldLabels) this.heldLabels = new Set(); // those held were the old session's
    // With no engine yet, the new session gets an opening pair; otherwise its reload proposes pairs.
    if (!this.engine) this.update({ query: this.openingPair(this.view.labels) });
    const reload = this.engine ? this.reloadEngine() : Promise.resolve();
    const [, reloaded] = await Promise.allSettled([this.persist(), reload]);
    if (reloaded.status === 'rejected') {
      // An engine that stopped is being restarted with this session: its restart reports.
      if (!isEngineStopped(reloaded.reason)) this.notify('error', `The learning engine could not load the session: ${(reloaded.reason as Error).message}`);
    } else if (this.engineStarted && this.view.phase === 'error') {
      // The engine runs and took the new session: whatever failed before (a level, labels) is gone.
      this.update({ phase: 'ready' });
    }
  }

  /** Changes settings; model settings (members, segment length, seed) rebuild the model from the labels. */
  async updateSettings(patch: Partial<Settings>): Promise<void> {
    if (this.refused()) return;
    const before = this.view.settings;
    const settings = sanitizeSettings({ ...before, ...patch }, before);
    this.update({ settings });
    await this.persist();
    if (!this.engine) return;
    if (settings.backend !== before.backend) {
      this.update({ probeProgress: settings.backend === 'auto' ? 0 : null });
      await this.scheduler.enqueue(async () => {
        try {
          const engine = this.requireEngine();
          const backend = settings.backend === 'auto' ? await (await backendStart()).measureBackends(engine, false, settings.rewardModel) : await engine.setBackend(settings.backend);
          this.update({ backend, probeProgress: null });
        } catch (err) {
          // The engine stays on the backend it had: so does the setting, saved as well.
          this.update({ settings: { ...settings, backend: before.backend }, probeProgress: null });
          await this.persist();
          throw err;
        }
      });
    }
    const rebuild = settings.members !== before.members || settings.rewardModel !== before.rewardModel || settings.segmentLength !== before.segmentLength || settings.seed !== before.seed;
    if (rebuild) await this.reloadEngine();
    else if (settings.queryMode !== before.queryMode) await this.scheduler.freshPairs();
    // Another kind of model trains fastest on another backend: take the choice remembered for it, or measure.
    if (settings.rewardModel !== before.rewardModel && settings.backend === 'auto') await this.remeasureBackend(true);
  }

  /**
   * Measures the backends again and switches to the fastest (the choice is remembered for this
   * browser); with `reuse`, takes instead a choice another tab or instance remembered meanwhile.
   */
  async remeasureBackend(reuse = false): Promise<void> {
    if (this.refused() || !this.engine || this.view.settings.backend !== 'auto') return;
    const before = this.view.backend;
    this.update({ probeProgress: 0 });
    await this.scheduler.enqueue(async () => {
      try {
        const backend = await (await backendStart()).measureBackends(this.requireEngine(), reuse, this.view.settings.rewardModel);
        this.update({ backend });
        if (before?.provisional && backend.backend !== before.backend) {
          this.notify('info', `The backends were measured: the reward model now trains on ${backend.backend}, the fastest here (it started on ${before.backend}, the first ready).`);
        } else if (before && (before.model ?? 'features') !== (backend.model ?? 'features') && backend.backend !== before.backend) {
          this.notify('info', `The ${backend.model ?? 'features'} model trains fastest on ${backend.backend} here: it moved there from ${before.backend}.`);
        }
      } finally {
        this.update({ probeProgress: null });
      }
    });
  }

  /** Starts a label-budget challenge of `budget` labels: a new session on the same level (the page asks first). */
  async startChallenge(budget: number): Promise<void> {
    if (this.refused()) return;
    await this.replaceSession({ settings: sanitizeSettings({ ...this.view.settings, budget }, this.view.settings) });
  }

  /**
   * Runs an off-line engine call (`simulate`, `curveFromLabels`: a fresh model, the session's
   * untouched) after the calls queued before it; its result or error is the caller's. Bound, so the
   * page can hand it to an element as it is.
   */
  readonly offline: OfflineRunner = (call) => this.scheduler.offline(call);

  /** Discards every label and starts again on the same level (the page asks first). */
  async newSession(): Promise<void> {
    if (this.refused()) return;
    await this.replaceSession({});
  }

  /** The reward model's current weights (plain arrays). */
  weights() {
    return this.requireEngine().getWeights();
  }

  /** The session as a file (JSON text), with the features model's current weights (a grid model retrains from the labels). */
  async exportFile(author?: string): Promise<{ name: string; text: string }> {
    const { settings, labels, verdicts, approvals, curve } = this.view;
    let weights;
    try {
      if (settings.rewardModel === 'features') weights = await this.requireEngine().getWeights();
    } catch {
      weights = undefined; // the labels are what matters: the model retrains from them on import
    }
    const data = { settings, labels, verdicts, approvals, curve, ...(weights ? { weights } : {}), ...(author ? { author } : {}) };
    const { exportSession, sessionFileName } = await import('./session-file');
    return { name: sessionFileName(data), text: exportSession(data) };
  }

  /**
   * Replaces the session with one read from session files (several are merged: duplicates dropped,
   * authors kept). On any problem it shows one clear message and changes nothing.
   */
  async importFiles(files: readonly { name: string; text: string }[]): Promise<boolean> {
    if (this.refused()) return false;
    const read = await readSessionFiles(files, this.view.settings.backend);
    if (!read.ok) {
      this.notify('error', `Nothing was imported — ${read.error}`);
      return false;
    }
    if (read.notice) this.notify('info', read.notice);
    await this.replaceSession(read.session);
    return true;
  }

  /** The person's new answer to a label the assistant questioned; the reward model starts again and retrains. */
  async relabel(labelId: string, answer: Answer): Promise<void> {
    await this.relabelAll([{ labelId, answer }]);
  }

  /** The person's new answers to several labels at once (the replay's correction of fooled labels); the reward model starts again and retrains once. */
  async relabelAll(changes: readonly { readonly labelId: string; readonly answer: Answer }[]): Promise<void> {
    if (this.refused() || changes.length === 0) return;
    const answers = new Map(changes.map((c) => [c.labelId, c.answer]));
    const labels = this.view.labels.map((l) => {
      const answer = answers.get(l.id);
      return answer === undefined ? l : { ...l, answer, provenance: 'person' as const };
    });
    const gen = this.scheduler.generation;
    this.update({ labels, reviewedLabels: [...new Set([...this.view.reviewedLabels, ...answers.keys()])] });
    await this.persist();
    if (gen !== this.scheduler.generation) return; // the session was replaced meanwhile
    void this.scheduler.enqueue(async () => {
      // Labels still held reach the engine later, as they are then.
      if (gen === this.scheduler.generation && this.sessionLoaded) await this.requireEngine().setLabels(this.engineLabels());
    });
    // A changed answer starts the model again from its initial weights (LearningEngine.setLabels):
    // it trains as on a reload.
    void this.scheduler.schedule(gen, SESSION_SCHEDULE.reloadSteps);
  }

  /** Keeps a questioned label as it is (it is not raised again). */
  async keepLabel(labelId: string): Promise<void> {
    if (this.refused()) return;
    this.update({ reviewedLabels: [...new Set([...this.view.reviewedLabels, labelId])] });
    await this.persist();
  }

  /** The next label id and whether that label is held out. */
  nextLabelSlot(): { id: string; heldOut: boolean } {
    const n = this.view.labels.length;
    return { id: `l${n + 1}`, heldOut: isHeldOutIndex(n) };
  }

  /**
   * The person's verdict on a claim of the assistant about the agent's current trajectory. Every
   * verdict trains the critique model. An accepted accusing claim also becomes the label "fix ≻
   * original" (provenance 'assistant') when its fix truly scores more, and the reward model retrains.
   * An accepted `uncertain` claim is a question, never a label: its pair (the agent's plan vs the
   * alternative) becomes the pair on screen for the person to answer; the pair it displaces is next.
   */
  async judgeClaim(claim: Claim, accepted: boolean, strength: 1 | 2 | 3): Promise<void> {
    if (this.refused()) return;
    const snapshot = this.view.snapshot;
    if (!snapshot) return;
    const shown = snapshot.claims.findIndex((c) => c.id === claim.id); // the P(accept) the person saw, for the reliability diagram
    const verdict = verdictOn(claim, accepted, strength, `v${this.view.verdicts.length + 1}`, shown >= 0 ? snapshot.pAccept[shown] : undefined);
    const verdicts = [...this.view.verdicts, verdict];
    this.update({ verdicts });
    const question = accepted ? claimQuery(this.engineSpace, snapshot.rollout, claim, this.view.settings.segmentLength, this.view.settings.queryMode) : null;
    if (question) {
      if (this.view.query) this.scheduler.putBack(this.view.query);
      this.update({ query: question });
    }
    const label = accepted ? claimLabel(this.engineSpace, snapshot.rollout, claim, this.view.settings.segmentLength, this.nextLabelSlot().id, this.nextLabelSlot().heldOut) : null;
    if (label) await this.addLabel(label, false);
    else await this.persist();
    void this.scheduler.enqueue(async () => {
      await this.requireEngine().setVerdicts(verdicts);
    });
    // Without a new label, a snapshot alone re-ranks the claims by the critique model.
    if (!label) void this.scheduler.schedule(this.scheduler.generation, 0);
  }

  /** Records the person's approval or rejection of the agent's current plan, judged later against the hidden truth. */
  async judgePlan(approved: boolean): Promise<void> {
    if (this.refused()) return;
    const snapshot = this.view.snapshot;
    if (!snapshot) return;
    const { judgeByTruth } = await import('../core/evaluation'); // loaded on first use: keeps the first paint light
    const truth = judgeByTruth(this.engineSpace, snapshot.rollout);
    const approval: Approval = {
      id: `a${this.view.approvals.length + 1}`,
      labels: this.view.labels.length,
      approved,
      trueReturn: snapshot.rollout.trueReturn,
      apparentReturn: snapshot.rollout.apparentReturn,
      flawed: truth.flawed,
      plan: snapshot.rollout.actions.join(','),
    };
    this.update({ approvals: [...this.view.approvals, approval] });
    await this.persist();
  }

  /** Turns the simulated labeller on or off; it answers through the same path as a click. */
  setAutoLabel(on: boolean): void {
    if (this.autoTimer) clearTimeout(this.autoTimer);
    this.autoTimer = null;
    if (on && this.refused()) return;
    if (on && this.view.settings.budget !== null) return this.notify('info', 'Auto-label is off during a label-budget challenge: the labels are yours to choose.');
    this.update({ autoLabel: on });
    if (on) this.autoStep();
  }

  /**
   * One answer of Auto-label, once the model has learnt from its last one: it answers only when the
   * engine has trained on every label and no burst runs, so the pair it answers and the model that
   * proposed it do not depend on the machine's speed, and an Auto-label run is the same on every
   * machine for the same seed.
   */
  private autoStep(): void {
    if (!this.view.autoLabel) return;
    const { query, settings, labels, snapshot, setAsideLabels } = this.view;
    const delay = settings.autoLabelDelayMs;
    const caughtUp = this.sessionLoaded && this.scheduler.settled && (snapshot?.metrics.labels ?? -1) >= labels.length - setAsideLabels.length;
    if (!caughtUp) {
      this.autoTimer = setTimeout(() => this.autoStep(), 50);
      return;
    }
    if (query && this.engineSpace) {
      const rng = new Rng(settings.seed).split(`auto-${labels.length}`);
      const answer = simulatedAnswer(this.engineSpace, query.left, query.right, { kind: settings.labeller, noise: settings.labellerNoise, temperature: settings.labellerTemperature }, rng);
      void this.answer(answer, 'labeller');
    }
    this.autoTimer = setTimeout(() => this.autoStep(), Math.max(delay, query ? 0 : 100));
  }

  /** The level's state space on the page side (for the simulated labeller and reveal-truth views). */
  get engineSpace() {
    const text = this.view.settings.levelText;
    if (this.spaceCache?.text !== text) this.spaceCache = { text, space: loadLevelOnce(text).space };
    return this.spaceCache.space;
  }
  private spaceCache: { text: string; space: StateSpace } | null = null;

  private persist(): Promise<void> {
    return this.writer.persist(this.view);
  }

  /** The engine, once it has been sent the session; null before. */
  private loadedEngine(): EngineApi | null {
    return this.sessionLoaded ? this.engine : null;
  }

  /** Makes opening pairs, once loaded (see `startSession`). */
  private openingPairs: typeof import('../core/opening-pair') | null = null;

  /** A pair made without the engine (null where the level is too large for one, or does not load). */
  private openingPair(labels: readonly Label[]): QueryProposal | null {
    const { seed, segmentLength } = this.view.settings;
    try {
      return this.openingPairs?.openingPair({ space: this.engineSpace, seed, segmentLength, labels }) ?? null;
    } catch {
      return null; // the engine reports what is wrong with the level
    }
  }

  private requireEngine(): EngineApi {
    if (!this.engine) throw new Error('the learning engine is not running');
    return this.engine;
  }
}

