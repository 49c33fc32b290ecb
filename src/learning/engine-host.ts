/**
 * The engine's host: owns the backend choice and one LearningEngine, implements `EngineApi`, and
 * survives backend failures. The worker wraps it (src/learning/worker.ts); where a worker cannot
 * start, the page runs it on the main thread in small slices. On a failing backend or a lost GPU
 * device it moves to the next backend (webgpu → webgl → wasm → cpu), rebuilds the model and retrains
 * from the stored labels: no label is ever lost.
 */
import { findLabelIssues } from '../core/label-quality';
import { cellMeans, cellPolicy } from '../core/overlays';
import type { Label } from '../core/preferences';
import type { Verdict } from '../core/verdicts';
import { Rng } from '../core/rng';
import type { QueryMode } from '../core/queries';
import {
  activeBackend,
  appProbe,
  ensembleProbe,
  fallbackChain,
  onDeviceLost,
  probeBackends,
  registerBackends,
  trySetBackend,
} from './backends';
import { LearningEngine, type EngineSettings, type ProposalState } from './engine';
import { pooledCurve, simulateRun } from './offline';
import type { BackendChoice, BackendReport, EngineApi, EngineEvent, EngineSnapshot, LevelInfo, OfflinePoint, SimulateRequest, SimulateResult, SnapshotOptions, TrainReport } from './protocol';
import { FEATURE_DIM } from '../core/features';
import { SESSION_SCHEDULE } from '../core/schedule';
import type { RewardModelKind } from './engine';
import type { EnsembleWeights } from './ensemble';
import { tf } from './tf';

/** Training steps per slice: between slices the host yields, so progress and other calls get through. */
const SLICE_STEPS = 5;
/** At most this many steps are replayed when a model is rebuilt after a backend failure. */
const MAX_RETRAIN_STEPS = 400;

/** Implements EngineApi on the current thread; `emit` receives progress and backend events. */
export class EngineHost implements EngineApi {
  private engine: LearningEngine | null = null;
  private level: { text: string; settings: EngineSettings } | null = null;
  private labels: Label[] = [];
  private verdicts: Verdict[] = [];
  private stepsTrained = 0;
  private probe: BackendReport['probe'] = [];
  private measuredAt: number | undefined;
  /** The model kind probed until a level is loaded, and the kind whose step `probe` timed. */
  private initModel: RewardModelKind = 'features';
  private probedModel: RewardModelKind = 'features';
  private deviceLost: string | null = null;
  private unsubscribeLoss: () => void = () => {};

  /**
   * Creates a host; `emit` gets progress and backend-change events; `pause` runs between training
   * slices; `defaultWasmPaths` locates the WASM binaries when `init` is given none.
   */
  constructor(
    private readonly emit: (event: EngineEvent) => void = () => {},
    private readonly pause: () => Promise<void> = () => Promise.resolve(),
    private readonly defaultWasmPaths?: Readonly<Record<string, string>>,
  ) {}

  async init(choice: BackendChoice, wasmPaths?: Readonly<Record<string, string>>, earlier?: BackendReport, model: RewardModelKind = 'features'): Promise<BackendReport> {
    const paths = wasmPaths ?? this.defaultWasmPaths;
    await registerBackends(paths === undefined ? {} : { wasmPaths: paths });
    this.initModel = model;
    const fits = earlier && earlier.tfjs === tf.version_core && earlier.probe.length > 0 && (earlier.model ?? 'features') === model;
    if (choice === 'auto' && earlier && fits && (await trySetBackend(earlier.backend))) {
      this.probe = earlier.probe;
      this.measuredAt = earlier.measuredAt;
      this.probedModel = model;
      this.watchDevice();
      await this.rebuild(null);
      return { ...this.report(), reused: true };
    }
    return this.setBackend(choice);
  }

  async setBackend(choice: BackendChoice): Promise<BackendReport> {
    const weights = this.engine ? await this.engine.getWeights().catch(() => null) : null;
    const proposals = this.retire();
    let note: string | undefined;
    if (choice === 'auto') {
      const model = this.level?.settings.rewardModel ?? this.initModel;
      const workload = ensembleProbe(model === 'grid' ? { kind: model } : { featureDim: FEATURE_DIM });
      try {
        const result = await probeBackends(workload.run, {
          ...appProbe(model),
          onProgress: (fraction, backend) => this.emit({ event: 'progress', what: 'probe', fraction, detail: backend }),
        });
        this.probe = result.table;
        this.measuredAt = Date.now();
        this.probedModel = model;
        note = result.note;
      } finally {
        workload.dispose();
      }
    } else if (!(await trySetBackend(choice))) {
      // The previous backend is still active: the model goes back onto it before the refusal.
      await this.rebuild(weights, proposals);
      throw new Error(`the ${choice} backend is not available in this browser`);
    }
    this.watchDevice();
    await this.rebuild(weights, proposals);
    return this.report(note);
  }

  async loadLevel(levelText: string, settings: EngineSettings, labels: readonly Label[], verdicts: readonly Verdict[] = [], weights?: EnsembleWeights): Promise<LevelInfo> {
    const engine = new LearningEngine(levelText, settings); // throws LevelError before anything changes
    engine.setLabels(labels);
    if (verdicts.length) await engine.setVerdicts(verdicts);
    let restoredWeights = false;
    if (weights) {
      try {
        engine.setWeights(weights);
        restoredWeights = true;
      } catch {
        // Weights of another model shape: the caller retrains from the labels.
      }
    }
    this.verdicts = [...verdicts];
    this.engine?.dispose();
    this.engine = engine;
    this.level = { text: levelText, settings };
    this.labels = [...labels];
    // Restored weights stand for the reload's training: a rebuild on another backend replays that.
    this.stepsTrained = restoredWeights ? SESSION_SCHEDULE.reloadSteps : 0;
    return {
      restoredWeights,
      name: engine.level.name,
      numStates: engine.space.numStates,
      numTransitions: engine.space.numTransitions,
      optimalTrueReturn: engine.reference.optimal,
      uniformTrueReturn: engine.reference.uniform,
    };
  }

  async setLabels(labels: readonly Label[]): Promise<void> {
    this.requireEngine().setLabels(labels);
    this.labels = [...labels];
  }

  async addLabels(labels: readonly Label[]): Promise<void> {
    this.requireEngine().addLabels(labels);
    this.labels.push(...labels);
  }

  async train(steps: number): Promise<TrainReport> {
    let loss: number | null = null;
    for (let done = 0; done < steps; done += SLICE_STEPS) {
      const n = Math.min(SLICE_STEPS, steps - done);
      loss = await this.guarded((engine) => engine.train(n));
      this.stepsTrained += n;
      this.emit({ event: 'progress', what: 'train', fraction: Math.min(1, (done + n) / steps), detail: `${done + n}/${steps} steps` });
      await this.pause();
    }
    return { loss, steps, backend: activeBackend() ?? 'none' };
  }

  async snapshot(options: SnapshotOptions = {}): Promise<EngineSnapshot> {
    return this.guarded(async (engine) => {
      const learned = await engine.refresh();
      const metrics = await engine.metrics();
      const rollout = engine.agentTrajectory();
      const { claims, pAccept } = await engine.claims(rollout);
      return {
        metrics,
        cellReward: cellMeans(engine.space, learned.mean),
        cellUncertainty: cellMeans(engine.space, learned.std),
        cellPolicy: cellPolicy(engine.space, engine.agentPlan),
        rollout,
        rolloutStates: rollout.states.map((s) => engine.space.states[s]),
        rolloutLearned: Float32Array.from(rollout.transitions, (k) => learned.mean[k]),
        rolloutSpread: Float32Array.from(rollout.transitions, (k) => learned.std[k]),
        claims,
        pAccept,
        labelIssues: findLabelIssues(engine.allLabels, engine.space.numTransitions, learned),
        saliency: options.saliency === false ? null : await engine.channelSaliency(rollout),
      };
    });
  }

  async setVerdicts(verdicts: readonly Verdict[]): Promise<void> {
    this.verdicts = [...verdicts];
    await this.guarded((engine) => engine.setVerdicts(verdicts));
  }

  proposeQuery(mode: QueryMode) {
    return this.guarded((engine) => engine.proposeQuery(mode));
  }

  metrics() {
    return this.guarded((engine) => engine.metrics());
  }

  getWeights() {
    return this.guarded((engine) => engine.getWeights());
  }

  async rollout(seed: number, epsilon: number) {
    return this.requireEngine().rolloutAgent(new Rng(seed).split('rollout'), epsilon);
  }

  simulate(levelText: string, settings: EngineSettings, request: SimulateRequest): Promise<SimulateResult> {
    return simulateRun(levelText, settings, request, this.pause);
  }

  curveFromLabels(levelText: string, settings: EngineSettings, labels: readonly Label[], counts: readonly number[]): Promise<OfflinePoint[]> {
    return pooledCurve(levelText, settings, labels, counts, this.pause);
  }

  /** The backend report for the UI. */
  report(note?: string): BackendReport {
    const measured = this.probe.length > 0 && this.measuredAt !== undefined ? { measuredAt: this.measuredAt, tfjs: tf.version_core, model: this.probedModel } : {};
    return { backend: activeBackend() ?? 'none', probe: this.probe, ...measured, ...(note ? { note } : {}) };
  }

  private requireEngine(): LearningEngine {
    if (!this.engine) throw new Error('no level is loaded in the learning engine');
    return this.engine;
  }

  /** Runs `work`; on a backend failure moves to the next backend, rebuilds from the labels and retries once. */
  private async guarded<T>(work: (engine: LearningEngine) => Promise<T>): Promise<T> {
    if (this.deviceLost) await this.fallBack(this.deviceLost);
    try {
      return await work(this.requireEngine());
    } catch (err) {
      if (!this.engine || !isBackendFailure(err)) throw err;
      await this.fallBack(`the ${activeBackend()} backend failed (${err instanceof Error ? err.message : String(err)})`);
      return work(this.requireEngine());
    }
  }

  private async fallBack(reason: string): Promise<void> {
    this.deviceLost = null;
    const failed = activeBackend() ?? 'webgpu';
    let next = fallbackChain(failed);
    while (next && !(await trySetBackend(next))) next = fallbackChain(next);
    if (!next) throw new Error(`${reason}; no other backend could start`);
    this.watchDevice();
    await this.rebuild(null, this.retire());
    const note = `${reason}; switched to ${next} and retrained from the ${this.labels.length} stored labels`;
    this.emit({ event: 'backend', report: this.report(note) });
  }

  /** Disposes of the engine (its backend is about to change) and gives where its proposals stood. */
  private retire(): ProposalState | null {
    const proposals = this.engine?.proposalState() ?? null;
    this.engine?.dispose();
    this.engine = null;
    return proposals;
  }

  /**
   * Rebuilds the engine on the active backend from the stored level and labels, with weights or by
   * retraining, going on from the old engine's `proposals` (so a backend switch does not change the
   * pairs a seed draws).
   */
  private async rebuild(weights: Awaited<ReturnType<LearningEngine['getWeights']>> | null, proposals: ProposalState | null = null): Promise<void> {
    if (!this.level) return;
    const engine = new LearningEngine(this.level.text, this.level.settings);
    engine.setLabels(this.labels);
    if (this.verdicts.length) await engine.setVerdicts(this.verdicts);
    if (weights) engine.setWeights(weights);
    else if (this.stepsTrained > 0) await engine.train(Math.min(this.stepsTrained, MAX_RETRAIN_STEPS));
    if (proposals) engine.resumeProposals(proposals);
    this.engine = engine;
  }

  private watchDevice(): void {
    this.unsubscribeLoss();
    this.unsubscribeLoss = onDeviceLost((info) => {
      this.deviceLost = `the ${info.backend} device was lost (${info.reason}${info.message ? `: ${info.message}` : ''})`;
    });
  }
}

/** Errors that mean the backend itself broke (not a bad argument). */
function isBackendFailure(err: unknown): boolean {
  const text = err instanceof Error ? `${err.name} ${err.message}` : String(err);
  return /device|webgpu|webgl|context|backend|GPU|wasm|OperationError|out of memory/i.test(text) && !/no level is loaded/.test(text);
}
