/**
 * The "features" reward model: per member a small MLP over a transition's hand-named feature row
 * (src/core/features.ts), with members batched as [E, …] matMuls.
 */
import type { Rng } from '../core/rng';
import { LEAKY_SLOPE, OUTPUT_INIT_SCALE, glorot, type RewardNet } from './reward-net';
import { tf } from './tf';

/** Hidden-layer nonlinearity. */
export type Activation = 'leakyRelu' | 'tanh';

/** Transitions per forward chunk in predict: bounds peak memory for M ≈ 50,000. */
const PREDICT_CHUNK = 8192;

/** E MLPs of widths featureDim → hidden… → 1. */
export class MlpNet implements RewardNet {
  readonly params: tf.Variable[] = [];
  readonly anchors: (tf.Tensor3D | null)[] = [];
  readonly rowsPerStep = false;
  private table: tf.Tensor3D | null = null;

  constructor(
    private readonly members: number,
    private readonly featureDim: number,
    hidden: readonly number[],
    private readonly activation: Activation,
    rng: Rng,
  ) {
    const widths = [featureDim, ...hidden, 1];
    for (let l = 0; l + 1 < widths.length; l++) {
      const [fanIn, fanOut] = [widths[l], widths[l + 1]];
      // Drawn member by member so each member starts elsewhere; the output layer smaller, so the
      // learned reward starts near 0 but members still disagree.
      const w = glorot(() => rng.next(), members, fanIn, fanOut, l + 2 === widths.length ? OUTPUT_INIT_SCALE : 1);
      this.anchors.push(tf.tensor3d(w, [members, fanIn, fanOut]), null);
      // tidy frees the initial-value tensors; variables survive it.
      this.params.push(tf.tidy(() => tf.variable(tf.tensor3d(w, [members, fanIn, fanOut]))));
      this.params.push(tf.tidy(() => tf.variable(tf.zeros([members, 1, fanOut]))));
    }
  }

  upload(table: Float32Array, rows: number): void {
    this.table?.dispose();
    const F = this.featureDim;
    this.table = rows === 0 ? null : tf.tidy(() => tf.tile(tf.tensor3d(table, [1, rows, F]), [this.members, 1, 1]) as tf.Tensor3D);
  }

  /** Every uploaded row (the rows are few: an MLP step on all of them costs less than choosing). */
  rewardOfRows(): tf.Tensor2D {
    const table = this.table as tf.Tensor3D;
    return tf.reshape(this.forward(table), [this.members, table.shape[1]]);
  }

  async predict(inputs: Float32Array, count: number): Promise<Float32Array> {
    const F = this.featureDim;
    const E = this.members;
    const out = new Float32Array(E * count);
    for (let start = 0; start < count; start += PREDICT_CHUNK) {
      const rows = Math.min(PREDICT_CHUNK, count - start);
      const y = tf.tidy(() => this.forwardShared(tf.tensor2d(inputs.subarray(start * F, (start + rows) * F), [rows, F])));
      const values = await y.data();
      y.dispose();
      for (let e = 0; e < E; e++) out.set(values.subarray(e * rows, (e + 1) * rows), e * count + start);
    }
    return out;
  }

  dispose(): void {
    this.table?.dispose();
    this.table = null;
    for (const p of this.params) p.dispose();
    for (const a of this.anchors) a?.dispose();
  }

  /** Member-wise MLP: x [E, R, F] → per-transition reward [E, R, 1]. */
  private forward(x: tf.Tensor3D): tf.Tensor3D {
    let h: tf.Tensor3D = x;
    const layers = this.params.length / 2;
    // Bias as ones[E, R, 1] · b[E, 1, out]: on the cpu backend a broadcast add (and the
    // reduction in its gradient) costs more than the layer's matMul; this is a same-shape add.
    const ones = tf.ones([this.members, x.shape[1], 1]) as tf.Tensor3D;
    for (let l = 0; l < layers; l++) {
      const bias = tf.matMul(ones, this.params[2 * l + 1] as tf.Tensor3D);
      h = this.activate(tf.add(tf.matMul(h, this.params[2 * l] as tf.Tensor3D), bias), l + 1 < layers);
    }
    return h;
  }

  /**
   * Every member on the same transitions, for inference: x [R, F] → [E, R]. One 2-D pass per
   * member: tfjs-wasm runs 2-D matMuls through XNNPACK but batched ones through a plain loop,
   * measured 4–5× slower at these sizes, and the shared input needs no [E, R, F] copy.
   */
  private forwardShared(x: tf.Tensor2D): tf.Tensor2D {
    const layers = this.params.length / 2;
    const ones = tf.ones([x.shape[0], 1]) as tf.Tensor2D;
    const perMember = this.params.map((p) => tf.unstack(p) as tf.Tensor2D[]); // [W|b][e]: 2-D
    const rows: tf.Tensor1D[] = [];
    for (let e = 0; e < this.members; e++) {
      let h = x;
      for (let l = 0; l < layers; l++) {
        const bias = tf.matMul(ones, perMember[2 * l + 1][e]);
        h = this.activate(tf.add(tf.matMul(h, perMember[2 * l][e]), bias), l + 1 < layers);
      }
      rows.push(tf.reshape(h, [-1]));
    }
    return tf.stack(rows) as tf.Tensor2D;
  }

  /** The hidden nonlinearity where `hidden`, identity on the output layer. */
  private activate<T extends tf.Tensor>(h: T, hidden: boolean): T {
    if (!hidden) return h;
    return this.activation === 'tanh' ? tf.tanh(h) : tf.leakyRelu(h, LEAKY_SLOPE);
  }
}
