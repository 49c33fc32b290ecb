/**
 * The assistant's claims: plain, serialisable records of one candidate weakness in a trajectory, and
 * the detector interface that produces them. A new kind of claim is one more entry in CLAIM_KINDS and
 * KIND_PRIOR (src/core/claims.ts) and one more `ClaimDetector` in the registry.
 */
import type { Action } from '../gridworld';
import type { Trajectory } from '../planner';
import type { StateSpace } from '../states';
import type { LevelAnalysis } from './analysis';

/** Every kind of claim, in the order of the one-hot block of `Claim.features`. */
export const CLAIM_KINDS = ['irreversible', 'appearance-differs', 'uncertain', 'hazard', 'detour', 'missed-reward', 'seen-punishment', 'wasted-moves', 'looping', 'off-switch', 'tampering'] as const;
/**
 * How many kinds CLAIM_KINDS held in earlier versions, oldest first: a feature vector saved then has
 * a shorter one-hot block (the kinds were only ever appended), which upgradeClaimFeatures widens.
 */
export const EARLIER_KIND_COUNTS: readonly number[] = [5, 8];
/** One kind of claim. */
export type ClaimKind = (typeof CLAIM_KINDS)[number];

/** What the assistant shows the person so the claim can be checked. */
export interface ClaimEvidence {
  /** One or two sentences, in words a person watching the replay understands. */
  readonly summary: string;
  /** Cells (index y · width + x) to highlight on the grid. */
  readonly cells: readonly number[];
  /** The hidden truth of the claimed steps, where the screen hides it (appearance-differs only). */
  readonly revealsTruth?: {
    /** True reward summed over the claimed steps. */
    readonly trueReward: number;
    /** Apparent reward (what the screen showed) summed over the same steps. */
    readonly apparentReward: number;
    /** What the screen hid, in one sentence. */
    readonly detail: string;
  };
}

/** A counterfactual fix: the original prefix up to the flaw, then a re-planned suffix that avoids it. */
export interface ClaimFix {
  /** The full corrected action sequence from the start of the episode. */
  readonly actions: readonly Action[];
  /** 1-based step where the fix leaves the original (= the claim's step). */
  readonly fromStep: number;
  /** The fix's states s_0 … s_T and transitions (stochastic outcomes: the most likely one at each re-planned step). */
  readonly states: readonly number[];
  /** Transition index of each step of the fix. */
  readonly transitions: readonly number[];
  /** True return of the fix along `transitions`. */
  readonly trueReturn: number;
  /** Apparent return of the fix along `transitions`. */
  readonly apparentReturn: number;
}

/** The agent's one answer to a claim (see src/core/claims/reply.ts). Plain data. */
export interface ClaimReply {
  /** `rebuttal`: the claimed steps cost (nearly) nothing in truth; `concession`: they cost what the numbers say. */
  readonly kind: 'rebuttal' | 'concession';
  /** One or two sentences, in the words of the claims. */
  readonly text: string;
  /** The counter-plan: the agent's own moves up to the claim's last step, then the true optimum. */
  readonly counter: ClaimFix;
}

/** One candidate weakness of a trajectory. Plain data: survives JSON and structuredClone. */
export interface Claim {
  /** Unique within one call of findClaims: `${kind}:${step}`. */
  readonly id: string;
  readonly kind: ClaimKind;
  /** 1-based index of the action where the flaw happens (step 1 is the first action). */
  readonly step: number;
  /** 1-based index of the last step the claim covers (= step for a one-step flaw). */
  readonly endStep: number;
  /** Estimated cost in points of true score, ≥ 0 (see docs at the top of src/core/claims.ts); shown as "costs about N points". */
  readonly severity: number;
  /** One short sentence. */
  readonly title: string;
  readonly evidence: ClaimEvidence;
  /**
   * Accusing kinds: a fix that truly scores more than the original (findClaims keeps no accusing claim
   * without one). `uncertain`: the alternative the question is about; null when no other move exists.
   */
  readonly fix: ClaimFix | null;
  /** Numeric description for the critique model, laid out as CLAIM_FEATURE_NAMES. */
  readonly features: readonly number[];
  /** The agent's answer to the claim (one round of debate); null for a question (`uncertain`). */
  readonly reply: ClaimReply | null;
}

/** Options of findClaims. */
export interface ClaimOptions {
  /** Reward-model ensemble spread per transition (e.g. standard deviation); absent → no `uncertain` claims. */
  readonly learnedSpread?: ArrayLike<number>;
  /** Keep at most this many claims, largest severity first. Default 10. */
  readonly maxClaims?: number;
  /** Accusing kinds report a flaw only when it costs more than this many true reward units. Default 1.5 (DEFAULT_MIN_SEVERITY). */
  readonly minSeverity?: number;
  /** The detectors to run; default DEFAULT_DETECTORS. */
  readonly detectors?: readonly ClaimDetector[];
}

/** A claim as a detector builds it: everything but `id`, `features` and `reply`, which findClaims adds. */
export type ClaimDraft = Omit<Claim, 'id' | 'features' | 'reply'>;

/** What a detector sees: the level, its cached analysis, the trajectory and the options. */
export interface ClaimContext {
  readonly space: StateSpace;
  readonly analysis: LevelAnalysis;
  readonly trajectory: Trajectory;
  /** Number of steps (actions) of the trajectory. */
  readonly steps: number;
  readonly options: ClaimOptions;
  /** The minimum severity of an accusing claim, options.minSeverity or its default. */
  readonly minSeverity: number;
}

/** One kind of weakness finder: pure, given the context. */
export interface ClaimDetector {
  readonly kind: ClaimKind;
  /** Finds every claim of this kind in the context's trajectory. */
  detect(ctx: ClaimContext): ClaimDraft[];
}
