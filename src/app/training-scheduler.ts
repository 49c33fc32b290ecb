/**
 * The training scheduler: when the learning engine trains and for how many steps, the pairs kept
 * ready, the snapshot and curve point after each burst (and an early snapshot after the first call
 * that trained on a new label, so the plan answers a click before the burst ends), and the
 * generation that drops the work of a session replaced meanwhile. Engine calls run one after another on one chain, so a click never
 * waits on training: it only adds a call to the chain.
 */
import type { QueryProposal } from '../core/queries';
import { SESSION_SCHEDULE } from '../core/schedule';
import type { EnsembleWeights } from '../learning/ensemble';
import type { EngineApi, EngineSnapshot } from '../learning/protocol';
import { EngineStoppedError, isEngineStopped } from './engine-client';
import type { CurvePoint, Notice, SessionView } from './session-types';

/** Training steps per burst after new labels. */
export const BURST_STEPS = SESSION_SCHEDULE.stepsPerLabel;
/** Training steps per engine call within a burst. */
export const CALL_STEPS = 10;
/** Pairs kept ready so the next one shows at once. */
export const QUEUE_SIZE = 2;

/** What the scheduler needs of the store. */
export interface SchedulerHost {
  /** The store's current view. */
  view(): SessionView;
  /** Changes the view and notifies its subscribers. */
  update(patch: Partial<SessionView>): void;
  /** Shows a notice to the person. */
  notify(kind: Notice['kind'], text: string): void;
  /** The running engine, or null while none runs. */
  engine(): EngineApi | null;
  /** Saves the session (called after a new curve point). */
  persist(): Promise<void>;
  /**
   * Called after a burst's last snapshot once no labels wait for training, with the number of labels
   * the engine trained on; it may read the model's weights (`weights`, in turn with the engine's other
   * calls) to keep them.
   */
  keepModel?(labels: number, weights: () => Promise<EnsembleWeights>): Promise<void>;
}

/** Schedules the engine's calls for one store; see the module doc. */
export class TrainingScheduler {
  private queue: QueryProposal[] = [];
  private work: Promise<void> = Promise.resolve();
  /** New labels since the last burst began. */
  private dirty = false;
  /** Labels were given that no training call has yet trained on and shown in a plan. */
  private planBehind = false;
  /** Generation of the running pump, or -1: one pump per generation. */
  private pumpingGen = -1;
  private gen = 0;
  /** The generation each pair was proposed in (or first shown in). */
  private readonly pairGeneration = new WeakMap<QueryProposal, number>();

  /** Creates a scheduler working for `host`. */
  constructor(private readonly host: SchedulerHost) {}

  /**
   * Bumped whenever the session or the engine's model is replaced (import, level change, reset,
   * rebuild, restart): pairs, answers and engine results of an older generation are dropped.
   */
  get generation(): number {
    return this.gen;
  }

  /** Moves to a new generation and drops the pairs kept ready; returns the new generation. */
  replace(): number {
    this.queue = [];
    return ++this.gen;
  }

  /** Moves `pair` (on screen, made for this session) into the current generation: an answer to it is stored. */
  adopt(pair: QueryProposal): void {
    this.pairGeneration.set(pair, this.gen);
  }

  /** Records that `pair` is on screen: a pair not proposed here belongs to the current generation. */
  shown(pair: QueryProposal): void {
    if (!this.pairGeneration.has(pair)) this.pairGeneration.set(pair, this.gen);
  }

  /** Whether `pair` belongs to the current generation (an answer to it may be stored). */
  isCurrent(pair: QueryProposal): boolean {
    return this.pairGeneration.get(pair) === this.gen;
  }

  /** Takes the next pair kept ready, or null. */
  nextPair(): QueryProposal | null {
    return this.queue.shift() ?? null;
  }

  /** Puts `pair` back at the head of the pairs kept ready (a question displaced it from the screen). */
  putBack(pair: QueryProposal): void {
    this.queue.unshift(pair);
  }

  /** Drops the pair on screen and those kept ready, and proposes fresh ones (a new query mode). */
  async freshPairs(): Promise<void> {
    this.queue = [];
    this.host.update({ query: null });
    await this.fillQueue(this.gen);
  }

  /** Runs an engine call after those queued before it; its failure is reported as a notice, except an engine that stopped. */
  enqueue(job: () => Promise<void>): Promise<void> {
    // A call cut short because the engine stopped is not this job's failure: the restart reports it.
    this.work = this.work.then(job).catch((err) => void (isEngineStopped(err) || this.host.notify('error', `Learning engine: ${(err as Error).message}`)));
    return this.work;
  }

  /** Runs `call` after the calls queued before it; its result or error is the caller's. */
  offline<T>(call: (engine: EngineApi) => Promise<T>): Promise<T> {
    const run = this.work.then(() => call(this.requireEngine()));
    this.work = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  /** No burst runs or waits: training has followed every label it was given and the pairs are ready. */
  get settled(): boolean {
    return this.pumpingGen === -1 && !this.dirty;
  }

  /** Settles once every call queued so far has (the calls of a stopped engine fail at once). */
  idle(): Promise<void> {
    return this.work;
  }

  /**
   * Trains generation `gen` in bursts of `steps` while new labels arrive (`retrain`: there are some
   * now), then refreshes the snapshot and curve and keeps the pairs ready; one pump per generation.
   */
  schedule(gen: number, steps: number, retrain = true): Promise<void> {
    this.dirty = retrain;
    if (retrain) this.planBehind = true;
    return this.pump(gen, steps);
  }

  private async pump(gen: number, steps: number): Promise<void> {
    // No engine, or one not loaded with the session yet: its load schedules training on every label.
    if (this.pumpingGen === gen || !this.host.engine()) return;
    this.pumpingGen = gen;
    try {
      // A pair for the screen if it has none; the pairs behind it wait until the burst's first call
      // has trained, so the plan that answers a click does not wait for a proposal.
      await this.fillQueue(gen, 0);
      while (this.dirty && gen === this.gen && this.host.engine()) {
        this.dirty = false;
        for (let done = 0; done < steps && gen === this.gen; done += CALL_STEPS) {
          const n = Math.min(CALL_STEPS, steps - done);
          this.host.update({ trainProgress: done / steps });
          await this.trainCall(gen, n, done + n >= steps);
          if (done + n < steps && (this.queue.length < QUEUE_SIZE || !this.host.view().query)) await this.fillQueue(gen);
        }
        this.host.update({ trainProgress: null });
        if (steps === 0) await this.refreshSnapshot(gen); // the last call showed the burst's snapshot
        this.queue = []; // pairs proposed under the old model are stale now
        await this.fillQueue(gen);
        if (steps > 0) await this.host.persist(); // the burst's curve point
      }
      if (!this.host.view().snapshot) await this.refreshSnapshot(gen);
      await this.fillQueue(gen);
    } finally {
      if (this.pumpingGen === gen) this.pumpingGen = -1;
      this.host.update({ trainProgress: null });
    }
  }

  /**
   * One engine call of `steps` training steps and, in the same turn of the chain (so no label reaches
   * the engine in between, and a snapshot's label count is the labels it trained on), a snapshot:
   * the burst's `last` one, with its curve point, or an early one when this call trained on labels
   * no plan on screen has seen yet, so the plan answers a click within one call, and the rest of
   * the burst refines it. Not before any plan is on screen: the first snapshot is a complete one.
   */
  private async trainCall(gen: number, steps: number, last: boolean): Promise<void> {
    await this.enqueue(async () => {
      const engine = this.requireEngine();
      const unseen = this.planBehind;
      this.planBehind = false;
      await engine.train(steps);
      if (gen !== this.gen) return;
      if (last) return this.showSnapshot(gen, await engine.snapshot(), true);
      // The early snapshot skips the saliency (27 predictions of the grid model): the plan comes sooner.
      if (unseen && this.host.view().snapshot !== null) return this.showSnapshot(gen, await engine.snapshot({ saliency: false }), false);
      this.planBehind ||= unseen; // a later call shows them
    });
  }

  /** Shows a fresh snapshot; a `complete` one (the end of a burst) also adds its curve point and is saved. */
  private async refreshSnapshot(gen: number, complete = true): Promise<void> {
    await this.enqueue(async () => this.showSnapshot(gen, await this.requireEngine().snapshot(), complete));
    if (complete) await this.host.persist();
  }

  /** Puts `snapshot` on screen (inside an engine call); a `complete` one adds its curve point and may keep the model. */
  private async showSnapshot(gen: number, snapshot: EngineSnapshot, complete: boolean): Promise<void> {
    if (gen !== this.gen) return;
    // An early snapshot without saliency keeps the bars on screen until the burst's last one replaces them.
    if (!complete) return this.host.update({ snapshot: { ...snapshot, saliency: snapshot.saliency ?? this.host.view().snapshot?.saliency ?? null } });
    const curve = withPoint(this.host.view().curve, curvePoint(snapshot.metrics));
    this.host.update({ snapshot, curve, trainProgress: null });
    // Kept once training has caught up with the labels, not after every burst of a fast run.
    const engine = this.requireEngine();
    if (!this.dirty) await this.host.keepModel?.(snapshot.metrics.labels, () => engine.getWeights());
  }

  /** Proposes a pair for the screen when it has none, and pairs behind it until `behind` wait. */
  private async fillQueue(gen: number, behind = QUEUE_SIZE): Promise<void> {
    while (gen === this.gen && this.host.engine() && (!this.host.view().query || this.queue.length < behind)) {
      let proposal: QueryProposal | null = null;
      await this.enqueue(async () => {
        proposal = await this.requireEngine().proposeQuery(this.host.view().settings.queryMode);
      });
      if (!proposal || gen !== this.gen) return;
      this.pairGeneration.set(proposal, gen);
      if (!this.host.view().query) this.host.update({ query: proposal });
      else this.queue.push(proposal);
    }
  }

  private requireEngine(): EngineApi {
    const engine = this.host.engine();
    // Gone since the call was queued (stopped, or restarting and not yet loaded): its restart reports.
    if (!engine) throw new EngineStoppedError('the learning engine is not running');
    return engine;
  }
}

/** The curve point of a snapshot's metrics. */
function curvePoint(m: CurvePoint): CurvePoint {
  return {
    labels: m.labels,
    trueReturn: m.trueReturn,
    apparentReturn: m.apparentReturn,
    learnedReturn: m.learnedReturn,
    normalizedReturn: m.normalizedReturn,
    heldOutAccuracy: m.heldOutAccuracy,
    disagreement: m.disagreement,
  };
}

/** `curve` with `point` added, unless a point for as many labels is there (a reload retrains from the saved labels). */
function withPoint(curve: readonly CurvePoint[], point: CurvePoint): readonly CurvePoint[] {
  const last = curve[curve.length - 1];
  return last && last.labels >= point.labels ? curve : [...curve, point];
}
