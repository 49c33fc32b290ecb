/**
 * What the ensemble asks of its member networks: E networks of one kind, their parameters stacked on a
 * leading member axis, mapping each transition's input row to a reward. The ensemble owns the data,
 * the loss, the optimiser and the bootstraps; a network owns its shape and how it reads a row.
 */
import { tf } from './tf';

/** E member networks of one kind, batched. */
export interface RewardNet {
  /** Every trainable array, each with the member axis first ([E, …]); all start at `anchors` or 0. */
  readonly params: tf.Variable[];
  /** Per param, the initial value the weight penalty pulls it toward, or null for a bias (starts at 0, not penalised). */
  readonly anchors: readonly (tf.Tensor | null)[];
  /** True when a training step should evaluate only the rows its minibatch uses (a costly network). */
  readonly rowsPerStep: boolean;
  /** Takes a data set's distinct input rows ([rows, D] row-major), replacing any before. */
  upload(table: Float32Array, rows: number): void;
  /** [E, R]: each member's reward of the uploaded rows `rows` (all of them when null); differentiable, call inside a tidy. */
  rewardOfRows(rows: Int32Array | null): tf.Tensor2D;
  /** [E × count] member-major: each member's reward of `count` input rows ([count, D]), for inference. */
  predict(inputs: Float32Array, count: number): Promise<Float32Array>;
  /** Frees every tensor the network holds. */
  dispose(): void;
}

/** Slope below zero of the hidden layers' leaky ReLU. */
export const LEAKY_SLOPE = 0.2;

/**
 * Output-layer init relative to Glorot. The loss saturates once training pairs are ordered with
 * a margin, so whatever random function the init adds is never unlearned: a small start
 * generalises better (planted-reward held-out accuracy up by about 2 points).
 */
export const OUTPUT_INIT_SCALE = 0.1;

/** Glorot-uniform values for E members' [fanIn, fanOut] matrices, member by member, scaled by `scale`. */
export function glorot(next: () => number, members: number, fanIn: number, fanOut: number, scale = 1): Float32Array {
  const limit = scale * Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(members * fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * next() - 1) * limit;
  return w;
}
