/**
 * The person's verdicts on the assistant's claims: accept or reject, with a strength 1–3 (how sure, or
 * how much the weakness matters). They train the critique model — the recursive step: the assistant
 * itself learns from human feedback.
 */
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
}

/** Builds a verdict on a claim. */
export function verdictOn(claim: Claim, accepted: boolean, strength: 1 | 2 | 3, id: string): Verdict {
  return { id, claimId: claim.id, kind: claim.kind, features: [...claim.features], accepted, strength };
}
