/**
 * The typed message protocol between the page and the learning worker. The page calls the methods
 * of `EngineApi`; each call travels as an `EngineRequest` and comes back as an `EngineResponse` with
 * the same id. Unsolicited `EngineEvent`s report progress and backend changes. Everything is plain,
 * structured-clone-safe data.
 */
import type { AgentMetrics, ChannelSaliency, EngineSettings, RewardModelKind } from './engine';
import type { GridState } from '../core/gridworld';
import type { Claim } from '../core/claims';
import type { LabelIssue } from '../core/label-quality';
import type { Label } from '../core/preferences';
import type { Verdict } from '../core/verdicts';
import type { QueryMode, QueryProposal } from '../core/queries';
import type { Trajectory } from '../core/planner';
import type { ProbeRow } from './backends';
import type { EnsembleWeights } from './ensemble';

/** Which backend to use: measured by the probe, or a named one. */
export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** The backend in use and the probe's table. */
export interface BackendReport {
  readonly backend: string;
  /** The probe's measurements (empty when the user named a backend). */
  readonly probe: readonly ProbeRow[];
  /** Why the backend changed, when it did on its own (e.g. a lost GPU device). */
  readonly note?: string;
  /** When the probe's table was measured (ms since 1970), and with which TensorFlow.js version. */
  readonly measuredAt?: number;
  readonly tfjs?: string;
  /** The choice of an earlier probe, taken again without measuring (see `EngineApi.init`). */
  readonly reused?: boolean;
  /** Started on the first backend that was ready, before any probe: the session measures them later. */
  readonly provisional?: boolean;
  /** Whose training step the probe timed (absent: the features model's, as before the grid model). */
  readonly model?: RewardModelKind;
}

/** A level loaded into the engine. */
export interface LevelInfo {
  readonly name: string;
  readonly numStates: number;
  readonly numTransitions: number;
  readonly optimalTrueReturn: number;
  readonly uniformTrueReturn: number;
  /** Whether the model took the weights it was given (false without any, or when they did not fit). */
  readonly restoredWeights: boolean;
}

/** What the page draws after each update: plain arrays, indexed by cell (y * width + x). */
export interface EngineSnapshot {
  readonly metrics: AgentMetrics;
  /** Mean learned reward of entering each cell (NaN where never entered). */
  readonly cellReward: Float32Array;
  /** Mean ensemble spread of entering each cell. */
  readonly cellUncertainty: Float32Array;
  /** [cells × 4] action probabilities at step 0 (up, down, left, right). */
  readonly cellPolicy: Float32Array;
  /** The agent's current greedy rollout, with the states for drawing. */
  readonly rollout: Trajectory;
  readonly rolloutStates: readonly GridState[];
  /** Per rollout step: learned reward of the transition (ensemble mean) and its spread. */
  readonly rolloutLearned: Float32Array;
  readonly rolloutSpread: Float32Array;
  /** The person's labels that the ensemble confidently contradicts or that form preference cycles. */
  readonly labelIssues: readonly LabelIssue[];
  /** The assistant's claims on the rollout, ranked by P(accept) × severity, with each P(accept). */
  readonly claims: readonly Claim[];
  readonly pAccept: readonly number[];
  /** The grid model only: which channels of the screen move its learned reward on the rollout, largest first. */
  readonly saliency: readonly ChannelSaliency[] | null;
}

/** What a snapshot may leave out, to come sooner. */
export interface SnapshotOptions {
  /** Whether to measure the grid model's saliency (default true); without it the snapshot's `saliency` is null. */
  readonly saliency?: boolean;
}

/** What a training call reports. */
export interface TrainReport {
  /** Loss of the last step (null without trainable labels). */
  readonly loss: number | null;
  readonly steps: number;
  readonly backend: string;
}

/** What an off-line simulated run asks for: `labels` labels from the exact labeller, queries chosen by `query`. */
export interface SimulateRequest {
  /** Labels to collect in all, 1 or more. */
  readonly labels: number;
  readonly query: QueryMode;
}

/** One point of an off-line curve: the agent's score after training on `labels` labels. */
export interface OfflinePoint {
  readonly labels: number;
  /** (R − R_uniform) / (R_optimal − R_uniform) in true reward: 1 = optimal, 0 = random moves. */
  readonly normalizedReturn: number;
  /** Expected true return of the agent's policy. */
  readonly trueReturn: number;
  /**
   * The label-quality check on the labels this model was trained on (a pooled curve's point with all
   * of them): labels it overrules and answers that go round. Absent on other points.
   */
  readonly labelIssues?: readonly LabelIssue[];
}

/** The outcome of an off-line simulated run: the final point and the curve that led there. */
export interface SimulateResult extends OfflinePoint {
  /** The curve, first point at 0 labels, one point per label. */
  readonly curve: readonly OfflinePoint[];
}

/** The engine's operations, as the page sees them (all async across the worker boundary). */
export interface EngineApi {
  /**
   * Registers backends and picks one (probe when 'auto'); `wasmPaths` maps WASM file names to URLs.
   * With 'auto' and `earlier` (an earlier probe's report in this browser, made with the same
   * TensorFlow.js version and model kind), its backend is taken again without measuring, when it
   * starts. `model` is the kind whose training step a probe times until a level is loaded (default
   * 'features'); afterwards the loaded level's kind is.
   */
  init(choice: BackendChoice, wasmPaths?: Readonly<Record<string, string>>, earlier?: BackendReport, model?: RewardModelKind): Promise<BackendReport>;
  /** Switches backend, keeping labels and retraining from them. */
  setBackend(choice: BackendChoice): Promise<BackendReport>;
  /**
   * Loads a level text with settings; replaces labels and verdicts. `weights` (a saved model trained
   * on these labels) are taken when they fit the model, so it needs no retraining.
   */
  loadLevel(levelText: string, settings: EngineSettings, labels: readonly Label[], verdicts?: readonly Verdict[], weights?: EnsembleWeights): Promise<LevelInfo>;
  /** Replaces the verdicts on claims and retrains the critique model. */
  setVerdicts(verdicts: readonly Verdict[]): Promise<void>;
  /** Replaces all labels (after a relabel) and re-derives the training data. */
  setLabels(labels: readonly Label[]): Promise<void>;
  /** Appends labels. */
  addLabels(labels: readonly Label[]): Promise<void>;
  /** Trains a number of steps. */
  train(steps: number): Promise<TrainReport>;
  /** Predicts, re-plans and returns the full snapshot (less what `options` leaves out). */
  snapshot(options?: SnapshotOptions): Promise<EngineSnapshot>;
  /** Proposes the next pair to label. */
  proposeQuery(mode: QueryMode): Promise<QueryProposal>;
  /** Exact metrics of the agent's current policy. */
  metrics(): Promise<AgentMetrics>;
  /** The reward model's weights as plain arrays (for export). */
  getWeights(): Promise<EnsembleWeights>;
  /** A seeded rollout of the agent (ε-greedy). */
  rollout(seed: number, epsilon: number): Promise<Trajectory>;
  /**
   * An off-line run on a fresh engine (the session's model is untouched): the exact labeller answers
   * `request.labels` queries chosen by `request.query`, on the session's schedule and seed.
   */
  simulate(levelText: string, settings: EngineSettings, request: SimulateRequest): Promise<SimulateResult>;
  /** For each n in `counts`, a fresh model trained on the first n `labels` (the reload schedule), and its agent's score. */
  curveFromLabels(levelText: string, settings: EngineSettings, labels: readonly Label[], counts: readonly number[]): Promise<OfflinePoint[]>;
}

/** A method name of EngineApi. */
export type EngineMethod = keyof EngineApi;

/** A call travelling to the worker. */
export interface EngineRequest<M extends EngineMethod = EngineMethod> {
  readonly id: number;
  readonly method: M;
  readonly args: Parameters<EngineApi[M]>;
}

/** The answer to one request. */
export type EngineResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Messages the worker sends on its own. */
export type EngineEvent =
  | { readonly event: 'progress'; readonly what: 'probe' | 'train'; readonly fraction: number; readonly detail: string }
  | { readonly event: 'backend'; readonly report: BackendReport };

/**
 * The worker's first message, once its modules loaded: the page waits for it before trusting the
 * worker. `lock` names a Web Lock the worker holds for its whole life (absent where Web Locks are not
 * available): the page asks for the same lock, which it gets only when the worker is gone.
 */
export interface WorkerReady {
  readonly event: 'ready';
  readonly lock?: string;
}

/** Every message from the worker. */
export type WorkerMessage = EngineResponse | EngineEvent | WorkerReady;
