/**
 * The learning engine: one level's state space and features, the labels, the reward-model ensemble,
 * and the agent that plans against the learned reward. The worker, the main-thread fallback and the
 * command-line experiment all drive this one class. Everything it returns is plain data.
 */
import { allTransitionFeatures, FEATURE_DIM } from '../core/features';
import { NUM_ACTIONS } from '../core/gridworld';
import type { Level } from '../core/level';
import { GRID_CHANNELS, GRID_CHANNEL_COUNT, GRID_INPUT_DIM, gridInputs } from '../core/observation-grid';
import {
  evaluatePolicy,
  normalizedScore,
  planSoft,
  referenceReturns,
  rollout,
  type Plan,
  type ReferenceReturns,
  type Trajectory,
} from '../core/planner';
import { checkSegment, preferenceArrays, type Label, type Segment } from '../core/preferences';
import { detourReason, differenceKey, memberPreferences, memberSegmentReturns, pairKey, proposePair, type QueryMode, type QueryProposal, type SegmentSource } from '../core/queries';
import { CandidatePool, coverageClip, cutAtRandomPhase, detourTrajectory, drawRareGroup, episodeClip, featureRows, labelCoverage, lookKey, observationIds, rowGroups, type FeatureRows } from '../core/query-sources';
import { Rng } from '../core/rng';
import { loadLevel, type StateSpace } from '../core/states';
import { findClaims, rankClaims, type Claim } from '../core/claims';
import type { Verdict } from '../core/verdicts';
import { CritiqueModel } from './critique';
import { RewardEnsemble, type EnsembleWeights } from './ensemble';

/**
 * Every this many queries, one clip of the pair comes from the agent's current plan. Disagreement
 * alone never asks about what the agent does once the members agree on it, rightly or not (after a
 * few labels fooled by the screen, they agree that the exploit is good): these pairs keep every
 * answer about the agent's own behaviour within reach.
 */
export const POLICY_QUERY_EVERY = 2;
/** Every this many queries, the pair compares long clips from the start of an episode. */
export const LONG_QUERY_EVERY = 4;
/** A long clip is this many times the segment length (at most the level's max_steps). */
export const LONG_QUERY_FACTOR = 4;
/**
 * Every this many queries (a long one), the pair is the agent's whole episode against a detour that
 * avoids its every step (see detourTrajectory), unless that pair was asked before or looks the same.
 */
export const DETOUR_QUERY_EVERY = 8;

/** What the reward model reads: hand-named features of each step, or the grid as the screen shows it. */
export type RewardModelKind = 'features' | 'grid';

/** The reward model kinds, in the order the page offers them. */
export const REWARD_MODEL_KINDS: readonly RewardModelKind[] = ['features', 'grid'];

/** Engine settings; all but the seed have defaults. */
export interface EngineSettings {
  /** Session seed: same seed, same labels ⇒ same run. */
  readonly seed: number;
  /** Ensemble members E, 1–8 (default 5). */
  readonly members?: number;
  /** Segment length in steps (default 10). */
  readonly segmentLength?: number;
  /** How queries are chosen (default 'active'). */
  readonly queryMode?: QueryMode;
  /** Agent's Boltzmann temperature, in units of the learned reward's spread (default PLAN_TEMPERATURE). */
  readonly planTemperature?: number;
  /** Chance of a random action in the policy's query rollouts (default 0.1). */
  readonly exploration?: number;
  /** Rollouts per query of each rollout source: policy, optimistic, random (default 2). */
  readonly rolloutsPerQuery?: number;
  /** Paths planned per query to what the labels have shown least (default 3). */
  readonly coveragePerQuery?: number;
  /** β: the optimistic and the cautious query policies plan on mean ± β·std of the ensemble (default 1). */
  readonly optimism?: number;
  /** κ: the agent plans on mean − κ·std, so it never exploits what no label contrasted (default 0.5). */
  readonly pessimism?: number;
  /** Hidden layer widths of each member of the features model (default [64, 64]). */
  readonly hidden?: readonly number[];
  /** The reward model's kind (default 'features'). */
  readonly rewardModel?: RewardModelKind;
}

/** How much one channel of the screen moves the grid model's learned reward (see LearningEngine.channelSaliency). */
export interface ChannelSaliency {
  readonly channel: (typeof GRID_CHANNELS)[number];
  /** Mean absolute change of a move's learned reward, relative to the other moves from its state, when the channel is blanked (learned units). */
  readonly value: number;
}

/**
 * The agent's Boltzmann temperature, as a share of the spread of the learned reward over all moves:
 * near greedy, because a lava death learned at −50 makes that spread large, and at 0.05 the agent in
 * a lava-lined corridor stepped back and forth until its episode ended.
 */
export const PLAN_TEMPERATURE = 0.02;

/** An engine's proposals so far (see `LearningEngine.proposalState`). */
export interface ProposalState {
  /** Pairs proposed so far: the index of the next. */
  readonly count: number;
  /** Pairs proposed since the labels last changed (as labels answered "can't tell"). */
  readonly pending: readonly Label[];
}

/** What the agent currently achieves, measured exactly against the hidden truth. */
export interface AgentMetrics {
  /** Labels stored (all answers, "Can't tell" included). */
  readonly labels: number;
  /** Expected true / apparent / learned return of the agent's policy. */
  readonly trueReturn: number;
  readonly apparentReturn: number;
  readonly learnedReturn: number;
  /** (R − R_uniform) / (R_optimal − R_uniform) in true reward. */
  readonly normalizedReturn: number;
  readonly optimalTrueReturn: number;
  readonly uniformTrueReturn: number;
  /** Fraction of held-out pairs the ensemble orders like the labeller; null without any. */
  readonly heldOutAccuracy: number | null;
  /** Mean over transitions of the ensemble's spread (std) of learned reward, in learned units. */
  readonly disagreement: number;
}

/** The learned reward of every transition, for overlays and the assistant. */
export interface LearnedReward {
  /** [numTransitions] ensemble mean. */
  readonly mean: Float32Array;
  /** [numTransitions] ensemble standard deviation. */
  readonly std: Float32Array;
  /** [E × numTransitions] per member. */
  readonly members: Float32Array;
}

/** Runs preference learning on one level. Call methods one at a time (they are async). */
export class LearningEngine {
  readonly settings: Required<EngineSettings>;
  readonly level: Level;
  readonly space: StateSpace;
  readonly reference: ReferenceReturns;
  /** [numTransitions × FEATURE_DIM] observation features (what coverage aims at, whatever the model reads). */
  readonly features: Float32Array;
  /** [numTransitions × inputDim]: what the reward model reads of each transition (the features, or grid input rows). */
  private readonly modelInputs: Float32Array;
  private readonly inputDim: number;
  /** Per state, an id of what the screen shows (equal ids look the same). */
  private readonly observation: Int32Array;
  /** The level's distinct feature rows, which coverage aims at. */
  private readonly rows: FeatureRows;
  private readonly ensemble: RewardEnsemble;
  private readonly critique = new CritiqueModel();
  private readonly rng: Rng;
  private labels: Label[] = [];
  private learned: LearnedReward | null = null;
  private plan: Plan | null = null;
  private queries = 0;
  /**
   * Pairs proposed since the labels last changed. With the labels themselves they are the pairs
   * already asked, which the next proposals avoid: a round of several queries between two trainings
   * (or the page's queue of pairs) asks about different things.
   */
  private pending: Label[] = [];

  /** Loads a level (throws LevelError on a bad one) and builds a fresh ensemble. */
  constructor(levelText: string, settings: EngineSettings) {
    this.settings = {
      members: 5,
      segmentLength: 10,
      queryMode: 'active',
      planTemperature: PLAN_TEMPERATURE,
      exploration: 0.1,
      rolloutsPerQuery: 2,
      coveragePerQuery: 3,
      optimism: 1,
      pessimism: 0.5,
      hidden: [64, 64],
      rewardModel: 'features',
      ...settings,
    };
    const { level, space } = loadLevel(levelText);
    this.level = level;
    this.space = space;
    this.reference = referenceReturns(space);
    this.rng = new Rng(this.settings.seed).split('engine');
    this.features = allTransitionFeatures(space);
    this.observation = observationIds(space);
    this.rows = featureRows(this.features);
    const grid = this.settings.rewardModel === 'grid' ? gridInputs(space) : null;
    this.modelInputs = grid ? grid.rows : this.features;
    this.inputDim = grid ? GRID_INPUT_DIM : FEATURE_DIM;
    this.ensemble = new RewardEnsemble({
      featureDim: this.inputDim,
      members: this.settings.members,
      hidden: this.settings.hidden,
      seed: this.settings.seed,
      grid: grid && { height: grid.height, width: grid.width, channels: GRID_CHANNEL_COUNT, writePlanes: grid.writePlanes },
    });
  }

  /** All labels held, in order. */
  get allLabels(): readonly Label[] {
    return this.labels;
  }

  /** Replaces the labels (e.g. after a reload or a backend switch) and re-derives training data. */
  setLabels(labels: readonly Label[]): void {
    for (const l of labels) {
      checkSegment(this.space, l.left);
      checkSegment(this.space, l.right);
    }
    // An answer changed (a relabel, a correction of fooled labels): the model starts again from its
    // initial weights, so nothing it learned from the old answers lingers (see RewardEnsemble.restart).
    const before = new Map(this.labels.map((l) => [l.id, l.answer]));
    if (labels.some((l) => before.has(l.id) && before.get(l.id) !== l.answer)) this.ensemble.restart();
    this.labels = [...labels];
    this.pending = [];
    const data = preferenceArrays(this.modelInputs, this.labels, this.inputDim);
    this.ensemble.setData(data, data.heldOut);
  }

  /** Appends labels. */
  addLabels(labels: readonly Label[]): void {
    this.setLabels([...this.labels, ...labels]);
  }

  /** Trains `steps` steps (no-op without trainable labels); returns the last loss or null. */
  async train(steps: number): Promise<number | null> {
    if (this.ensemble.trainingPairs === 0) return null;
    return (await this.ensemble.trainSteps(steps)).loss;
  }

  /** Predicts the learned reward of every transition and re-plans the agent on its mean. */
  async refresh(): Promise<LearnedReward> {
    const prediction = await this.ensemble.predict(this.modelInputs);
    this.learned = { mean: prediction.mean, std: prediction.std, members: prediction.members };
    this.plan = this.hasTrainableLabels() ? this.planOnLearned(this.learned, -this.settings.pessimism) : null;
    return this.learned;
  }

  /** The current learned reward (null before the first refresh). */
  get learnedReward(): LearnedReward | null {
    return this.learned;
  }

  /** The agent's current plan (null while it acts at random, before any trainable label). */
  get agentPlan(): Plan | null {
    return this.plan;
  }

  private hasTrainableLabels(): boolean {
    return this.ensemble.trainingPairs > 0;
  }

  /** Plans on mean + c·std of the learned reward (c < 0: pessimistic, c > 0: optimistic). */
  private planOnLearned(learned: LearnedReward, c: number): Plan {
    const reward = learned.mean.map((m, k) => m + c * learned.std[k]);
    let sum = 0,
      sumSq = 0;
    for (const r of reward) {
      sum += r;
      sumSq += r * r;
    }
    const spread = Math.sqrt(Math.max(sumSq / reward.length - (sum / reward.length) ** 2, 0)) + 1e-6;
    return planSoft(this.space, reward, { temperature: this.settings.planTemperature * spread });
  }

  /** One seeded rollout of the agent's policy (uniform before any label), with exploration ε. */
  rolloutAgent(rng: Rng, epsilon = 0): Trajectory {
    return rollout(this.space, this.plan ?? 'uniform', rng, { epsilon });
  }

  /**
   * Proposes the next pair to label. Candidates are cut at random offsets from rollouts of the agent's
   * plan, of an optimistic and a cautious plan (mean ± β·std) and of random moves, from paths planned
   * to what the labels have shown least, and from the demonstrations; every POLICY_QUERY_EVERY-th
   * pair has a clip of the agent's plan, every LONG_QUERY_EVERY-th compares long clips from the
   * episode's start, and every DETOUR_QUERY_EVERY-th the agent's episode with a detour. Pairs that look the same, or that were already
   * labelled or proposed, are not offered while another is left: a person is never asked the same
   * question twice (training after every label would otherwise ask again until the models agree).
   */
  async proposeQuery(mode: QueryMode = this.settings.queryMode): Promise<QueryProposal> {
    if (!this.learned) await this.refresh();
    const learned = this.learned as LearnedReward;
    const index = this.queries++;
    const rng = this.rng.split(`query-${index}`);
    // Every LONG_QUERY_EVERY-th pair compares long clips from the start of the episode: short clips
    // cannot show a trade-off longer than themselves (a goal 20 steps away against an early end).
    const long = index % LONG_QUERY_EVERY === LONG_QUERY_EVERY - 1;
    const L = long ? Math.min(this.space.world.level.maxSteps, LONG_QUERY_FACTOR * this.settings.segmentLength) : this.settings.segmentLength;
    const pool = new CandidatePool(this.space, this.observation);
    const addClips = (trajectory: Trajectory, source: SegmentSource, startStep = 0) => {
      if (!long) for (const seg of cutAtRandomPhase(trajectory, L, rng, startStep)) pool.add(seg, source);
      else if (startStep === 0) {
        const clip = episodeClip(trajectory, L);
        if (clip) pool.add(clip, source);
      }
    };
    const optimistic = this.plan ? this.planOnLearned(learned, this.settings.optimism) : null;
    const cautious = this.plan ? this.planOnLearned(learned, -this.settings.optimism) : null;
    for (let i = 0; i < this.settings.rolloutsPerQuery; i++) {
      addClips(this.rolloutAgent(rng, this.plan ? this.settings.exploration : 1), this.plan ? 'policy' : 'random');
      if (optimistic) addClips(rollout(this.space, optimistic, rng, { epsilon: this.settings.exploration }), 'optimistic');
      if (cautious) addClips(rollout(this.space, cautious, rng, { epsilon: this.settings.exploration }), 'cautious');
      addClips(rollout(this.space, 'uniform', rng), 'random');
    }
    const groups = rowGroups(this.space, this.rows, labelCoverage(this.rows, this.space, this.labels));
    for (let i = 0; i < this.settings.coveragePerQuery; i++) {
      const found = coverageClip(this.space, drawRareGroup(groups, rng).transitions, this.settings.segmentLength, rng, this.plan ? learned.mean : undefined);
      if (found && long) addClips(found.trajectory, 'coverage');
      else if (found) pool.add(found.clip, 'coverage');
    }
    for (const label of this.labels) {
      if (label.provenance === 'demonstration') addClips(segmentTrajectory(this.space, label.left), 'demonstration', label.left.startStep);
    }
    for (let attempt = 0; pool.distinctLooks < 2; attempt++) {
      if (attempt > 50) throw new Error('could not find two clips that look different in this level');
      addClips(rollout(this.space, 'uniform', rng), 'random');
    }
    const segments = pool.candidates.map((c) => c.segment);
    const returns = memberSegmentReturns(segments, learned.members, this.space.numTransitions);
    const asked = new Set([...this.labels, ...this.pending].map((p) => pairKey(lookKey(this.space, this.observation, p.left), lookKey(this.space, this.observation, p.right))));
    const anchor = this.plan && index % POLICY_QUERY_EVERY === 0 ? 'policy' : undefined;
    const detour = mode === 'active' && long && index % DETOUR_QUERY_EVERY === DETOUR_QUERY_EVERY - 1 ? this.detourProposal(learned, L, asked, rng) : null;
    const proposal = detour ?? proposePair(pool.candidates, returns, mode, rng, { asked, anchor, ...(mode === 'active' ? this.earlierQuestions(learned) : {}) });
    this.pending.push({ id: `pending-${index}`, left: proposal.left, right: proposal.right, answer: 'cant-tell', provenance: 'labeller', heldOut: false });
    return proposal;
  }

  /**
   * What active selection needs of the pairs asked before, under the current members: each
   * unanswered pair's member preferences, and the differenceKey of every labelled or unanswered pair.
   */
  private earlierQuestions(learned: LearnedReward): { pending: Float64Array[]; askedDifferences: Set<string> } {
    const returns = [...this.labels, ...this.pending].map((q) => memberSegmentReturns([q.left, q.right], learned.members, this.space.numTransitions));
    return {
      pending: returns.slice(this.labels.length).map((r) => memberPreferences(r, 2, 0, 1)),
      askedDifferences: new Set(returns.map((r) => differenceKey(r, 2, 0, 1))),
    };
  }

  /**
   * The agent's whole episode (greedy, from a drawn start) beside a detour from the same start that
   * avoids its every step, as `length`-step clips from the start, with its own reason; null before any
   * plan, when the two look alike, or when that pair was asked already.
   */
  private detourProposal(learned: LearnedReward, length: number, asked: ReadonlySet<string>, rng: Rng): QueryProposal | null {
    if (!this.plan) return null;
    const own = rollout(this.space, this.plan, rng);
    const other = detourTrajectory(this.space, learned.mean, own, rng);
    const pool = new CandidatePool(this.space, this.observation);
    for (const [trajectory, source] of [[own, 'policy'], [other, 'detour']] as const) {
      const clip = episodeClip(trajectory, length);
      if (clip) pool.add(clip, source);
    }
    const [a, b] = pool.candidates;
    if (!b || a.lookKey === b.lookKey || asked.has(pairKey(a.lookKey, b.lookKey))) return null;
    const proposal = proposePair([a, b], memberSegmentReturns([a.segment, b.segment], learned.members, this.space.numTransitions), 'active', rng);
    return { ...proposal, reason: detourReason(proposal.information, proposal.sources) };
  }

  /** Where the proposals stand: how many were made, and those not answered since the labels last changed. */
  proposalState(): ProposalState {
    return { count: this.queries, pending: [...this.pending] };
  }

  /**
   * Goes on from another engine's proposals (one this engine replaces on another backend, with its
   * labels and weights): the next pair is drawn as that engine's next would have been, and the pairs
   * it proposed are not proposed again.
   */
  resumeProposals(state: ProposalState): void {
    this.queries = state.count;
    this.pending = [...state.pending];
  }

  /** The agent's current greedy rollout (seeded by the session seed): the trajectory shown and critiqued. */
  agentTrajectory(): Trajectory {
    return this.rolloutAgent(new Rng(this.settings.seed).split('agent-rollout'), 0);
  }

  /**
   * For the grid model, which channels of the screen move its choices along `trajectory`: at each
   * state the agent passes, the learned rewards of all its moves are compared with each channel
   * blanked in turn (occlusion), relative to their mean there, so what shifts every move alike counts
   * nothing; largest first. Null for the features model, which reads named events, not the screen.
   */
  async channelSaliency(trajectory: Trajectory): Promise<ChannelSaliency[] | null> {
    if (this.settings.rewardModel !== 'grid' || trajectory.transitions.length === 0) return null;
    const { offset } = this.space;
    const options: number[] = [],
      groups: number[] = [];
    trajectory.states.slice(0, trajectory.transitions.length).forEach((s, step) => {
      for (let k = offset[s * NUM_ACTIONS]; k < offset[(s + 1) * NUM_ACTIONS]; k++) {
        options.push(k);
        groups.push(step);
      }
    });
    const D = this.inputDim;
    const rows = new Float32Array(options.length * D);
    options.forEach((k, i) => rows.set(this.modelInputs.subarray(k * D, (k + 1) * D), i * D));
    const values = await this.ensemble.channelSaliency(rows, Int32Array.from(groups));
    if (!values) return null;
    return GRID_CHANNELS.map((channel, c) => ({ channel, value: values[c] })).sort((a, b) => b.value - a.value);
  }

  /** The assistant's claims on a trajectory (default: the agent's), ranked by P(accept) × severity. */
  async claims(trajectory: Trajectory = this.agentTrajectory()): Promise<{ claims: Claim[]; pAccept: number[] }> {
    const found = findClaims(this.space, trajectory, this.learned ? { learnedSpread: this.learned.std } : {});
    const p = await this.critique.predict(found);
    const pOf = new Map(found.map((c, i) => [c.id, p[i]]));
    const ranked = rankClaims(found, (c) => pOf.get(c.id) ?? 0);
    return { claims: ranked, pAccept: ranked.map((c) => pOf.get(c.id) ?? 0) };
  }

  /** Replaces the person's verdicts on claims and retrains the critique model on them. */
  async setVerdicts(verdicts: readonly Verdict[]): Promise<void> {
    this.critique.setVerdicts(verdicts);
    await this.critique.train(150);
  }

  /** Exact metrics of the agent's current policy. */
  async metrics(): Promise<AgentMetrics> {
    if (!this.learned) await this.refresh();
    const learned = this.learned as LearnedReward;
    const policy = this.plan ?? 'uniform';
    const [trueReturn, apparentReturn, learnedReturn] = evaluatePolicy(this.space, policy, [this.space.trueReward, this.space.apparentReward, learned.mean]);
    let spread = 0;
    for (const s of learned.std) spread += s;
    return {
      labels: this.labels.length,
      trueReturn,
      apparentReturn,
      learnedReturn,
      normalizedReturn: normalizedScore(trueReturn, this.reference),
      optimalTrueReturn: this.reference.optimal,
      uniformTrueReturn: this.reference.uniform,
      heldOutAccuracy: await this.ensemble.heldOutAccuracy(),
      disagreement: spread / Math.max(1, learned.std.length),
    };
  }

  /** The ensemble's weights as plain arrays (for export and backend switches). */
  getWeights(): Promise<EnsembleWeights> {
    return this.ensemble.getWeights();
  }

  /** Loads weights saved by getWeights. */
  setWeights(weights: EnsembleWeights): void {
    this.ensemble.setWeights(weights);
  }

  /** Frees the models' tensors. */
  dispose(): void {
    this.ensemble.dispose();
    this.critique.dispose();
  }
}

/** A segment as a trajectory (to cut clips from a demonstration). */
function segmentTrajectory(space: StateSpace, segment: Segment): Trajectory {
  const states = [segment.start, ...segment.transitions.map((k) => space.next[k])];
  let trueReturn = 0,
    apparentReturn = 0;
  for (const k of segment.transitions) {
    trueReturn += space.trueReward[k];
    apparentReturn += space.apparentReward[k];
  }
  const last = segment.transitions[segment.transitions.length - 1];
  const terminated = last !== undefined && space.terminated[last] === 1;
  return { states, actions: [...segment.actions], transitions: [...segment.transitions], trueReturn, apparentReturn, terminated, truncated: false };
}
