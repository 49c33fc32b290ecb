/**
 * The critique model's input for a claim (a fixed-length feature vector: one-hot kind, then a few
 * continuous features), and the widening of vectors saved when there were fewer kinds. Kept apart
 * from the detectors so the page can read saved verdicts without loading them.
 */
import { CLAIM_KINDS, EARLIER_KIND_COUNTS, type ClaimDraft } from './types';

/** Severity at which the `severity` feature reaches 0.5 (it is severity / (severity + SEVERITY_SCALE)). */
export const SEVERITY_SCALE = 10;

/** Names of Claim.features, in order; each is in [0, 1] except `fix-length-change` in (−1, 1). */
export const CLAIM_FEATURE_NAMES = [
  ...CLAIM_KINDS.map((k) => `kind:${k}` as const),
  'severity',
  'step-fraction',
  'span-fraction',
  'reveals-truth',
  'hidden-gap',
  'has-fix',
  'fix-length-change',
] as const;

/**
 * The critique model's input for a claim: one-hot kind (CLAIM_KINDS order); severity / (severity + 10);
 * step / T; (endStep − step + 1) / T; 1 if the evidence reveals the truth; (apparent − true) / (|…| + 10)
 * of the revealed steps, clipped at 0; 1 if there is a fix; (fix length − T) / max(fix length, T).
 */
export function claimFeatures(claim: ClaimDraft, steps: number): number[] {
  const T = Math.max(1, steps);
  const gap = claim.evidence.revealsTruth ? Math.max(0, claim.evidence.revealsTruth.apparentReward - claim.evidence.revealsTruth.trueReward) : 0;
  const fixLength = claim.fix ? claim.fix.actions.length : T;
  return [
    ...CLAIM_KINDS.map((k) => (k === claim.kind ? 1 : 0)),
    claim.severity / (claim.severity + SEVERITY_SCALE),
    claim.step / T,
    (claim.endStep - claim.step + 1) / T,
    claim.evidence.revealsTruth ? 1 : 0,
    gap / (gap + SEVERITY_SCALE),
    claim.fix ? 1 : 0,
    (fixLength - T) / Math.max(fixLength, T),
  ];
}

/** Number of continuous features after the one-hot kind block. */
const CONTINUOUS_FEATURES = CLAIM_FEATURE_NAMES.length - CLAIM_KINDS.length;

/**
 * A saved claim feature vector in today's layout: one written when CLAIM_KINDS was shorter
 * (EARLIER_KIND_COUNTS) gets zeros for the kinds added since; today's length is copied; any other
 * length gives null.
 */
export function upgradeClaimFeatures(features: readonly number[]): number[] | null {
  if (features.length === CLAIM_FEATURE_NAMES.length) return [...features];
  const kinds = EARLIER_KIND_COUNTS.find((n) => n + CONTINUOUS_FEATURES === features.length);
  if (kinds === undefined) return null;
  return [...features.slice(0, kinds), ...new Array<number>(CLAIM_KINDS.length - kinds).fill(0), ...features.slice(kinds)];
}

