/**
 * The person's verdicts on the assistant's claims: accept or reject, with a strength 1–3 (how sure, or
 * how much the weakness matters). They train the critique model — the recursive step: the assistant
 * itself learns from human feedback.
 */
import { upgradeClaimFeatures } from './claims/features';
import type { Claim, ClaimKind } from './claims/types';

/** One verdict on one claim. Plain and serialisable. */
export interface Verdict {
  /** Unique within a session (e.g. `v3`). */
  readonly id: string;
  /** The judged claim's id (`kind:step`) and kind. */
  readonly claimId: string;
  readonly kind: ClaimKind;
  /** The claim's feature vector when it was judged (CLAIM_FEATURE_NAMES). */
  readonly features: readonly number[];
  readonly accepted: boolean;
  /** 1 (unsure / minor) … 3 (certain / major). */
  readonly strength: 1 | 2 | 3;
  /** The critique model's P(accept) of the claim when it was judged, in [0, 1]; absent in older sessions. */
  readonly pAccept?: number;
}

/** Builds a verdict on a claim, with the P(accept) the critique model showed for it when known. */
export function verdictOn(claim: Claim, accepted: boolean, strength: 1 | 2 | 3, id: string, pAccept?: number): Verdict {
  const base = { id, claimId: claim.id, kind: claim.kind, features: [...claim.features], accepted, strength };
  return pAccept === undefined || !Number.isFinite(pAccept) ? base : { ...base, pAccept };
}

/** Verdicts with their claim features in today's layout: ones saved with fewer kinds widened (upgradeClaimFeatures), unreadable ones dropped. */
export function upgradeVerdicts(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.flatMap((v) => {
    const features = upgradeClaimFeatures(v.features);
    return features ? [{ ...v, features }] : [];
  });
}

/** One bin of a reliability diagram: verdicts whose predicted P(accept) fell in [lo, hi). */
export interface ReliabilityBin {
  /** Bounds of the bin's predicted P(accept); the last bin includes hi = 1. */
  readonly lo: number;
  readonly hi: number;
  /** Verdicts in the bin, and how many of them were accepts. */
  readonly count: number;
  readonly accepted: number;
  /** Mean predicted P(accept) of the bin's verdicts (NaN when empty). */
  readonly meanPredicted: number;
  /** Fraction accepted (NaN when empty). */
  readonly observed: number;
}

/**
 * The critique model's calibration: verdicts that carry a predicted P(accept), in `bins` equal bins
 * of [0, 1] (default 5), each with its count, mean prediction and the fraction the person accepted.
 */
export function reliabilityBins(verdicts: readonly Verdict[], bins = 5): ReliabilityBin[] {
  const n = Math.max(1, Math.floor(bins));
  const sums = Array.from({ length: n }, () => ({ count: 0, accepted: 0, predicted: 0 }));
  for (const v of verdicts) {
    if (v.pAccept === undefined || !Number.isFinite(v.pAccept)) continue;
    const p = Math.min(1, Math.max(0, v.pAccept));
    const b = sums[Math.min(n - 1, Math.floor(p * n))];
    b.count++;
    b.predicted += p;
    if (v.accepted) b.accepted++;
  }
  return sums.map((b, i) => ({
    lo: i / n,
    hi: (i + 1) / n,
    count: b.count,
    accepted: b.accepted,
    meanPredicted: b.count ? b.predicted / b.count : NaN,
    observed: b.count ? b.accepted / b.count : NaN,
  }));
}
