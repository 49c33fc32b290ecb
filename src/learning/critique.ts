/**
 * The critique model: predicts the probability that the person accepts a claim of the assistant,
 * from the claim's features, trained on the person's verdicts (weighted by their strength 1–3).
 *
 * Model: logistic regression with the kind's prior as an offset,
 *   P(accept) = σ(logit(KIND_PRIOR[kind]) + w·x + b),
 * with an L2 penalty on w and b. With no verdicts w = b = 0, so the prediction is exactly the
 * documented prior (src/core/claims.ts KIND_PRIOR); each verdict pulls it towards what the person
 * does. Ranking = P(accept) × severity (rankClaims).
 */
import { CLAIM_FEATURE_NAMES, KIND_PRIOR } from '../core/claims';
import type { Claim } from '../core/claims/types';
import type { Verdict } from '../core/verdicts';
import { tf } from './tf';

const logit = (p: number) => Math.log(p / (1 - p));

/** Options of the critique model. */
export interface CritiqueOptions {
  /** L2 coefficient on w and b (default 0.01). */
  readonly l2?: number;
  /** Adam step size (default 0.05). */
  readonly learningRate?: number;
}

/** P(accept) of claims, learned from verdicts; see the module doc. */
export class CritiqueModel {
  private readonly w: tf.Variable;
  private readonly b: tf.Variable;
  private readonly optimizer: tf.Optimizer;
  private readonly l2: number;
  private verdicts: Verdict[] = [];

  /** A fresh model that predicts the prior. */
  constructor(options: CritiqueOptions = {}) {
    this.l2 = options.l2 ?? 0.01;
    this.w = tf.tidy(() => tf.variable(tf.zeros([CLAIM_FEATURE_NAMES.length, 1])));
    this.b = tf.tidy(() => tf.variable(tf.zeros([1])));
    this.optimizer = tf.train.adam(options.learningRate ?? 0.05);
  }

  /** Verdicts trained on. */
  get data(): readonly Verdict[] {
    return this.verdicts;
  }

  /** Replaces the training verdicts. */
  setVerdicts(verdicts: readonly Verdict[]): void {
    this.verdicts = [...verdicts];
  }

  /** Trains `steps` full-batch steps on the verdicts; returns the last loss (null without verdicts). */
  async train(steps = 100): Promise<number | null> {
    if (this.verdicts.length === 0) return null;
    const v = this.verdicts;
    const x = tf.tensor2d(v.map((d) => [...d.features]), [v.length, CLAIM_FEATURE_NAMES.length]);
    const offset = tf.tensor2d(v.map((d) => [logit(KIND_PRIOR[d.kind])]), [v.length, 1]);
    const y = tf.tensor2d(v.map((d) => [d.accepted ? 1 : 0]), [v.length, 1]);
    const weight = tf.tensor2d(v.map((d) => [d.strength]), [v.length, 1]);
    let last: tf.Scalar | null = null;
    try {
      for (let i = 0; i < steps; i++) {
        last?.dispose();
        last = this.optimizer.minimize(() => {
          const z = tf.add(tf.add(tf.matMul(x, this.w), this.b), offset);
          const ce = tf.losses.sigmoidCrossEntropy(y, z, weight, undefined, tf.Reduction.SUM_BY_NONZERO_WEIGHTS);
          const reg = tf.mul(this.l2, tf.add(tf.sum(tf.square(this.w)), tf.sum(tf.square(this.b))));
          return tf.add(ce, reg) as tf.Scalar;
        }, true) as tf.Scalar;
      }
      return last ? (await last.data())[0] : null;
    } finally {
      last?.dispose();
      tf.dispose([x, offset, y, weight]);
    }
  }

  /** P(accept) for each claim. */
  async predict(claims: readonly Claim[]): Promise<number[]> {
    if (claims.length === 0) return [];
    const z = tf.tidy(() => {
      const x = tf.tensor2d(claims.map((c) => [...c.features]), [claims.length, CLAIM_FEATURE_NAMES.length]);
      const offset = tf.tensor2d(claims.map((c) => [logit(KIND_PRIOR[c.kind])]), [claims.length, 1]);
      return tf.sigmoid(tf.add(tf.add(tf.matMul(x, this.w), this.b), offset));
    });
    const p = Array.from(await z.data());
    z.dispose();
    return p;
  }

  /** Frees the model's tensors. */
  dispose(): void {
    this.w.dispose();
    this.b.dispose();
    this.optimizer.dispose();
  }
}
