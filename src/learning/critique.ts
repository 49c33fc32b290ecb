/**
 * The critique model: predicts the probability that the person accepts a claim of the assistant,
 * from the claim's features, trained on the person's verdicts (weighted by their strength 1–3).
 *
 * **Model.** Bayesian logistic regression with the kind's prior as an offset,
 *   P(accept) = σ(logit(KIND_PRIOR[kind]) + w·x + b),
 * and a Gaussian prior θ = (w, b) ~ N(0, Σ), Σ diagonal: variance KIND_VARIANCE on each kind's
 * one-hot weight, BIAS_VARIANCE on b, FEATURE_VARIANCE on each of the seven continuous features.
 * The prior is centred on the kind's prior: with no verdicts θ = 0 and the prediction is exactly
 * KIND_PRIOR (src/core/claims.ts). The model predicts with the MAP θ, the unique minimum of
 *   F(θ) = Σᵢ sᵢ·[softplus(zᵢ) − yᵢ·zᵢ] + ½ θᵀΣ⁻¹θ   (sᵢ = strength, yᵢ = 1 for accept),
 * found by Newton's method to machine precision from θ = 0 on every `train` — exact, so the bound
 * below holds, and deterministic: the same verdicts give bit-identical predictions on any seed or
 * backend. With 13 parameters this is cheaper in plain numbers than in tensors.
 *
 * **Strength of the prior.** Each verdict of strength s adds s·p(1−p) ≤ s/4 to the precision of a
 * claim's logit, so a logit prior of variance v weighs as much as 4/v verdicts at p = ½. A claim's
 * kind-and-bias logit has variance KIND_VARIANCE + BIAS_VARIANCE = 0.6: about 7 pseudo-verdicts,
 * a prior that fades as the person's verdicts outnumber them.
 *
 * **Bound.** F is strongly convex with Hessian ⪰ Σ⁻¹ whatever the data, so adding one verdict
 * (features x, label y, strength s) moves θ by ‖Δθ‖_Σ⁻¹ ≤ s·|y − p′|·‖x‖_Σ, where p′ is the judged
 * claim's P(accept) after it, and moves the logit of any claim q by
 *   |Δ logit P(q)| ≤ s·|y − p′|·‖x‖_Σ·‖x_q‖_Σ ≤ s·R·|y − p′| < s·R,
 * with R = MAX_LOGIT_SHIFT = KIND_VARIANCE + BIAS_VARIANCE + 7·FEATURE_VARIANCE ≈ 0.81 the largest
 * x̃ᵀΣx̃ of any feature vector. So one verdict moves P(accept) by at most s·R/4 ≈ 0.2·s, and a
 * reject of strength s from p leaves the judged claim at least rejectFloor(p, s): from 0.95 one
 * reject of strength 3 (the most) leaves at least 0.75, of strength 2 at least 0.83. The bound holds
 * at every verdict; the actual step shrinks as evidence accumulates, and many consistent verdicts
 * drive P(accept) as far as they say. Ranking = P(accept) × severity (rankClaims).
 */
import { CLAIM_FEATURE_NAMES, CLAIM_KINDS, KIND_PRIOR } from '../core/claims';
import type { Claim } from '../core/claims/types';
import type { Verdict } from '../core/verdicts';

/** Default prior variance of each kind's one-hot weight (logit units²). */
export const KIND_VARIANCE = 0.4;
/** Default prior variance of the bias b, shared by every kind (logit units²). */
export const BIAS_VARIANCE = 0.2;
/** Default prior variance of the weight of each continuous feature (logit units²). */
export const FEATURE_VARIANCE = 0.03;

const KINDS = CLAIM_KINDS.length;
const FEATURES = CLAIM_FEATURE_NAMES.length;
/** Parameters: one weight per feature, then the bias. */
const DIM = FEATURES + 1;

/**
 * R = the largest x̃ᵀΣx̃ over feature vectors with their bias input (one kind, every continuous
 * feature at most 1 in size): one verdict of strength s moves any logit by less than s·R.
 */
export function maxLogitShift(kindVariance = KIND_VARIANCE, biasVariance = BIAS_VARIANCE, featureVariance = FEATURE_VARIANCE): number {
  return kindVariance + biasVariance + (FEATURES - KINDS) * featureVariance;
}

/** MAX_LOGIT_SHIFT with the default variances (≈ 0.81): see the module doc. */
export const MAX_LOGIT_SHIFT = maxLogitShift();

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * The lowest P(accept) one reject of strength s can leave a claim at p (in (0, 1)): the p* with
 * logit p* = logit p − s·R·p* (the bound of the module doc, with the judged claim as q).
 */
export function rejectFloor(p: number, strength: number, r = MAX_LOGIT_SHIFT): number {
  const z = logit(p);
  // z* + s·R·σ(z*) is increasing in z*: bisect on [z − s·R, z].
  let lo = z - strength * r;
  let hi = z;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (mid + strength * r * sigmoid(mid) < z) lo = mid;
    else hi = mid;
  }
  return sigmoid(lo);
}

/** Options of the critique model: the prior variances (logit units²). */
export interface CritiqueOptions {
  /** Prior variance of each kind's weight (default KIND_VARIANCE = 0.4). */
  readonly kindVariance?: number;
  /** Prior variance of the bias (default BIAS_VARIANCE = 0.2). */
  readonly biasVariance?: number;
  /** Prior variance of each continuous feature's weight (default FEATURE_VARIANCE = 0.03). */
  readonly featureVariance?: number;
}

/** Solves A·x = b for a symmetric positive definite A (row-major, n×n) by Cholesky; A is overwritten. */
function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] ** 2;
    const l = Math.sqrt(d);
    a[j * n + j] = l;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / l;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) x[i] -= a[i * n + k] * x[k];
    x[i] /= a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) x[i] -= a[k * n + i] * x[k];
    x[i] /= a[i * n + i];
  }
  return x;
}

/** P(accept) of claims, learned from verdicts; see the module doc. */
export class CritiqueModel {
  /** Prior precision (1 / variance) of each parameter. */
  private readonly precision: Float64Array;
  private theta = new Float64Array(DIM);
  private verdicts: Verdict[] = [];
  /** R of the module doc for this model's variances: one verdict of strength s moves a logit by < s·R. */
  readonly maxLogitShift: number;

  /** A fresh model that predicts the prior. */
  constructor(options: CritiqueOptions = {}) {
    const kind = options.kindVariance ?? KIND_VARIANCE;
    const bias = options.biasVariance ?? BIAS_VARIANCE;
    const feature = options.featureVariance ?? FEATURE_VARIANCE;
    if (!(kind > 0 && bias > 0 && feature > 0)) throw new Error('CritiqueModel: prior variances must be positive');
    this.precision = Float64Array.from({ length: DIM }, (_, j) => 1 / (j < KINDS ? kind : j < FEATURES ? feature : bias));
    this.maxLogitShift = maxLogitShift(kind, bias, feature);
  }

  /** Verdicts trained on. */
  get data(): readonly Verdict[] {
    return this.verdicts;
  }

  /** Replaces the training verdicts. */
  setVerdicts(verdicts: readonly Verdict[]): void {
    this.verdicts = [...verdicts];
  }

  /**
   * Finds the MAP parameters from θ = 0 with at most `steps` Newton steps (about 10 reach machine
   * precision); returns F at the result, the negative log posterior (null without verdicts).
   */
  async train(steps = 100): Promise<number | null> {
    this.theta = new Float64Array(DIM);
    if (this.verdicts.length === 0) return null;
    const rows = this.verdicts.map((d) => ({ x: Float64Array.from([...d.features, 1]), offset: logit(KIND_PRIOR[d.kind]), y: d.accepted ? 1 : 0, s: d.strength }));
    const objective = (theta: Float64Array) => {
      let f = 0;
      for (let j = 0; j < DIM; j++) f += 0.5 * this.precision[j] * theta[j] ** 2;
      for (const r of rows) {
        let z = r.offset;
        for (let j = 0; j < DIM; j++) z += r.x[j] * theta[j];
        f += r.s * (softplus(z) - r.y * z);
      }
      return f;
    };
    let theta = this.theta;
    let f = objective(theta);
    for (let step = 0; step < steps; step++) {
      const grad = new Float64Array(DIM);
      const hess = new Float64Array(DIM * DIM);
      for (let j = 0; j < DIM; j++) {
        grad[j] = this.precision[j] * theta[j];
        hess[j * DIM + j] = this.precision[j];
      }
      for (const r of rows) {
        let z = r.offset;
        for (let j = 0; j < DIM; j++) z += r.x[j] * theta[j];
        const p = sigmoid(z);
        const g = r.s * (p - r.y);
        const h = r.s * p * (1 - p);
        for (let i = 0; i < DIM; i++) {
          grad[i] += g * r.x[i];
          const hx = h * r.x[i];
          for (let j = 0; j <= i; j++) hess[i * DIM + j] += hx * r.x[j];
        }
      }
      for (let i = 0; i < DIM; i++) for (let j = 0; j < i; j++) hess[j * DIM + i] = hess[i * DIM + j];
      const delta = solveSpd(hess, grad, DIM);
      // Backtracking keeps every step a descent of F (plain Newton is already one near the minimum).
      let t = 1;
      let next = theta.map((v, j) => v - t * delta[j]);
      let fNext = objective(next);
      while (fNext > f && t > 1e-6) {
        t /= 2;
        next = theta.map((v, j) => v - t * delta[j]);
        fNext = objective(next);
      }
      if (fNext > f) break;
      const moved = Math.max(...delta.map((d) => Math.abs(t * d)));
      theta = next;
      f = fNext;
      if (moved < 1e-12) break;
    }
    this.theta = theta;
    return f;
  }

  /** P(accept) for each claim, in (0, 1). */
  async predict(claims: readonly Claim[]): Promise<number[]> {
    return claims.map((c) => {
      let z = logit(KIND_PRIOR[c.kind]) + this.theta[FEATURES];
      for (let j = 0; j < FEATURES; j++) z += c.features[j] * this.theta[j];
      return sigmoid(z);
    });
  }

  /** Releases nothing: the model holds no tensors (kept so owners can dispose every model alike). */
  dispose(): void {
    this.verdicts = [];
  }
}
