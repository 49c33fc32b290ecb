/**
 * The reward-model ensemble: E small networks trained from pairwise preferences as one batched
 * computation (weights stacked on a leading ensemble axis), Bradley–Terry loss on summed segment
 * rewards (Christiano et al. 2017), one bootstrap resample of the pairs per member. The networks are
 * MLPs over hand-named features (the "features" model, mlp-net.ts) or convolutional nets over the
 * grid as seen (the "grid" model, grid-net.ts).
 *
 * The members keep their disagreement where no label has spoken: the weight penalty pulls each
 * member toward its own random initial weights (its "anchor"), not toward zero — randomised MAP
 * sampling (Pearce et al. 2018), the regularised form of randomised prior functions (Osband et al.
 * 2018). A run of "Equal" answers then makes the members agree on what those clips showed, and
 * nowhere else, so active queries stay informative.
 *
 * Everything that crosses this module's boundary is plain: numbers, Float32Arrays, records.
 */
import { GRID_INPUT_DIM } from '../core/observation-grid';
import { Rng } from '../core/rng';
import { GRID_NET_SIZE, GridNet, type GridNetSize, type GridShape } from './grid-net';
import { MlpNet, type Activation } from './mlp-net';
import type { RewardNet } from './reward-net';
import { tf } from './tf';

export type { Activation } from './mlp-net';
export type { GridShape } from './grid-net';

/** Pairs of segments and their labels, all row-major and plain (no tensors). */
export interface PreferenceData {
  /** F: features per transition (≥ 1); must equal the ensemble's featureDim. */
  readonly featureDim: number;
  /** L: steps per segment (≥ 1); shorter segments are padded and masked out. */
  readonly segmentLength: number;
  /** Features of each pair's left segment, [N, L, F]. */
  readonly left: Float32Array;
  /** Features of each pair's right segment, [N, L, F]. */
  readonly right: Float32Array;
  /** [N, L]: 1 = a real step of the left segment, 0 = padding after it ended. */
  readonly leftMask: Float32Array;
  /** [N, L]: 1 = a real step of the right segment, 0 = padding after it ended. */
  readonly rightMask: Float32Array;
  /** [N]: P(left ≻ right) in [0, 1]: 1 left better, 0 right better, 0.5 Equal. */
  readonly target: Float32Array;
}

/** Constructor options; everything but featureDim and seed has a default. */
export interface RewardEnsembleOptions {
  /** F, features per transition: integer 1–4096. */
  readonly featureDim: number;
  /** Integer seed of all randomness (initial weights, bootstraps, minibatches). */
  readonly seed: number;
  /** E, ensemble members: integer 1–8, default 5. */
  readonly members?: number;
  /** Features model: hidden layer widths, 0–4 layers of 1–1024 units, default [64, 64]; [] = linear reward. */
  readonly hidden?: readonly number[];
  /** Features model: hidden nonlinearity, default 'leakyRelu' (slope 0.2 below zero). */
  readonly activation?: Activation;
  /** When given, the members are grid models over this grid (featureDim must be GRID_INPUT_DIM); default: features MLPs. */
  readonly grid?: GridShape | null;
  /** Grid model: convolution channels and head units, default GRID_NET_SIZE. */
  readonly gridSize?: GridNetSize;
  /** Adam step size in (0, 1], default 3e-3. */
  readonly learningRate?: number;
  /** L2 coefficient pulling the weight matrices (not biases) toward their initial values, in [0, 1], default 1e-4. */
  readonly weightDecay?: number;
  /** Pairs per member per step: integer 1–4096, default 64 (all pairs when fewer). */
  readonly batchSize?: number;
}

/** Predicted per-transition learned reward; raw model units (see RewardEnsemble.predict). */
export interface RewardPrediction {
  /** [M]: mean over members. */
  readonly mean: Float32Array;
  /** [M]: standard deviation over members (population, divides by E; 0 when E = 1). */
  readonly std: Float32Array;
  /** [E, M]: each member's prediction, member-major. */
  readonly members: Float32Array;
}

/** All weights as plain arrays, in layer order W1, b1, W2, b2, …; survives structuredClone. */
export interface EnsembleWeights {
  /** Shape of each array: W [E, in, out], b [E, 1, out] (a grid model's kernels too: [E, C, c1] for its 1×1 convolution, [E, 9·c1, c2] for its 3×3, rows by offset, then channel). */
  readonly shapes: number[][];
  /** Row-major values of each array. */
  readonly values: Float32Array[];
}

/**
 * Share of a side's answer moved to the other side in its training target (a side trains toward
 * P = 0.99, Equal stays at ½). Margins stay bounded (logit 0.99 ≈ 4.6), so a later label that every
 * member contradicts still pulls at full strength. Christiano et al. (2017) mix a 10% random-answer
 * chance into the likelihood instead; its gradient vanishes once a member contradicts a label by a
 * margin of about 3, and one decisive trade-off answer was then ignored by every member.
 */
export const LABEL_SMOOTHING = 0.02;

/**
 * The data set, stored once per distinct input row: segments of one level share most of their
 * transitions, so a step runs the networks on the U distinct rows (tens to hundreds) instead of all
 * 2·B·L steps of the minibatch (thousands), then gathers each step's reward by index. Same maths.
 */
interface DataTensors {
  /** [U, F]: the distinct input rows (the network holds them too, see RewardNet.upload). */
  readonly values: Float32Array;
  /** U, distinct rows. */
  readonly rows: number;
  /** [N, L] row of each step of each pair's left / right segment. */
  readonly leftRow: Int32Array;
  readonly rightRow: Int32Array;
  readonly leftMask: Float32Array;
  readonly rightMask: Float32Array;
  readonly target: Float32Array;
}

/**
 * E reward MLPs trained together. Methods are async because reading results back from a GPU
 * is; call them one at a time (the learning worker serialises its messages anyway).
 */
export class RewardEnsemble {
  /** F, features per transition. */
  readonly featureDim: number;
  /** E, number of members. */
  readonly members: number;
  /** The options in force, defaults filled in. */
  readonly options: Readonly<Required<RewardEnsembleOptions>>;

  private readonly rng: Rng;
  /** The E member networks, batched. */
  private readonly net: RewardNet;
  private optimizer: tf.Optimizer;
  private data: DataTensors | null = null;
  private segmentLength = 0;
  private trainIndex = new Int32Array(0);
  private heldOutIndex = new Int32Array(0); // held-out pairs whose target is not 0.5
  private heldOutTarget = new Float32Array(0);
  private bootstraps: Int32Array[] = [];
  private disposed = false;

  constructor(options: RewardEnsembleOptions) {
    const o = options;
    const hidden = o.hidden ?? [64, 64];
    if (!Array.isArray(hidden) || hidden.length > 4) {
      throw new Error(`RewardEnsemble: hidden must list 0–4 layer widths, got ${String(hidden)}`);
    }
    const activation = o.activation ?? 'leakyRelu';
    if (activation !== 'leakyRelu' && activation !== 'tanh') {
      throw new Error(`RewardEnsemble: activation must be 'leakyRelu' or 'tanh', got ${String(activation)}`);
    }
    if (!Number.isInteger(o.seed)) throw new Error(`RewardEnsemble: seed must be an integer, got ${String(o.seed)}`);
    const grid = o.grid ?? null;
    if (grid && o.featureDim !== GRID_INPUT_DIM) {
      throw new Error(`RewardEnsemble: a grid model reads rows of ${GRID_INPUT_DIM} values (before, after, action), got featureDim ${o.featureDim}`);
    }
    this.options = Object.freeze({
      featureDim: checkInt('featureDim', o.featureDim, 1, 4096),
      seed: o.seed,
      members: checkInt('members', o.members ?? 5, 1, 8),
      hidden: Object.freeze(hidden.map((h, i) => checkInt(`hidden[${i}]`, h, 1, 1024))),
      activation,
      learningRate: checkRange('learningRate', o.learningRate ?? 3e-3, 0, 1, false),
      weightDecay: checkRange('weightDecay', o.weightDecay ?? 1e-4, 0, 1, true),
      batchSize: checkInt('batchSize', o.batchSize ?? 64, 1, 4096),
      grid,
      gridSize: o.gridSize ?? GRID_NET_SIZE,
    });
    this.featureDim = this.options.featureDim;
    this.members = this.options.members;
    this.rng = new Rng(o.seed).split('reward-ensemble');
    this.net = grid
      ? new GridNet(this.members, grid, this.options.gridSize, this.rng)
      : new MlpNet(this.members, this.featureDim, this.options.hidden, activation, this.rng);
    this.optimizer = tf.train.adam(this.options.learningRate);
  }

  /** Number of pairs currently used for training (not held out). */
  get trainingPairs(): number {
    return this.trainIndex.length;
  }

  /** Number of held-out pairs with a non-Equal target (those heldOutAccuracy scores). */
  get heldOutPairs(): number {
    return this.heldOutIndex.length;
  }

  /**
   * Replaces the data set. heldOutMask[i] = 1 keeps pair i out of training (it is only scored
   * by heldOutAccuracy). Redraws every member's bootstrap resample of the training pairs.
   */
  setData(data: PreferenceData, heldOutMask: Uint8Array): void {
    this.checkAlive();
    const n = checkData(data, this.featureDim);
    if (heldOutMask.length !== n) {
      throw new Error(`RewardEnsemble.setData: heldOutMask has ${heldOutMask.length} entries for ${n} pairs`);
    }
    this.disposeData();
    const L = data.segmentLength;
    const F = data.featureDim;
    const train: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < n; i++) {
      if (heldOutMask[i] === 0) train.push(i);
      else if (data.target[i] !== 0.5) held.push(i);
    }
    this.segmentLength = L;
    this.trainIndex = Int32Array.from(train);
    this.heldOutIndex = Int32Array.from(held);
    this.heldOutTarget = Float32Array.from(held, (i) => data.target[i]);
    if (n > 0) {
      const index = new Map<string, number>();
      const values: number[] = [];
      const rowsOf = (x: Float32Array) =>
        Int32Array.from({ length: n * L }, (_, i) => {
          const row = x.subarray(i * F, (i + 1) * F);
          const key = row.join(',');
          let r = index.get(key);
          if (r === undefined) {
            r = index.size;
            index.set(key, r);
            for (const v of row) values.push(v);
          }
          return r;
        });
      const leftRow = rowsOf(data.left);
      const rightRow = rowsOf(data.right);
      const rows = index.size;
      const table = Float32Array.from(values);
      this.net.upload(table, rows);
      this.data = {
        values: table,
        rows,
        leftRow,
        rightRow,
        leftMask: data.leftMask.slice(),
        rightMask: data.rightMask.slice(),
        target: data.target.slice(),
      };
    }
    // One bootstrap multiset per member; a single member trains on the pairs as they are.
    const t = this.trainIndex;
    this.bootstraps = Array.from({ length: this.members }, () =>
      this.members === 1 ? t.slice() : Int32Array.from(t, () => t[this.rng.int(t.length)]),
    );
  }

  /**
   * Runs n Adam steps (integer 1–100000). Returns the last step's loss averaged over members:
   * mean cross-entropy of its minibatch plus weightDecay·Σ(W − W₀)². NaN (and no step) without
   * training pairs.
   */
  async trainSteps(n: number): Promise<{ loss: number }> {
    this.checkAlive();
    checkInt('trainSteps n', n, 1, 100000);
    if (this.data === null || this.trainIndex.length === 0) return { loss: Number.NaN };
    for (let s = 0; s + 1 < n; s++) this.step().dispose();
    const last = this.step();
    const value = (await last.data())[0]; // the one readback: waits for all n steps
    last.dispose();
    return { loss: value / this.members };
  }

  /**
   * Fraction of held-out non-Equal pairs where the ensemble-mean P(left ≻ right) falls on the
   * target's side (a tie at exactly 0.5 counts as wrong); null when there are none.
   */
  async heldOutAccuracy(): Promise<number | null> {
    this.checkAlive();
    const h = this.heldOutIndex.length;
    if (this.data === null || h === 0) return null;
    const p = await this.meanPreference(this.heldOutIndex);
    let right = 0;
    for (let i = 0; i < h; i++) {
      const t = this.heldOutTarget[i];
      if ((t > 0.5 && p[i] > 0.5) || (t < 0.5 && p[i] < 0.5)) right++;
    }
    return right / h;
  }

  /** The ensemble-mean P(left ≻ right) of each of `pairs` (indices into the data). */
  private async meanPreference(pairs: Int32Array): Promise<Float32Array> {
    const diffs = await this.memberDiffs(pairs);
    const n = pairs.length;
    const p = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let e = 0; e < this.members; e++) sum += 1 / (1 + Math.exp(-diffs[e * n + i]));
      p[i] = sum / this.members;
    }
    return p;
  }

  /** [E, pairs.length]: each member's summed reward of the left segment minus the right's, one forward pass over the distinct rows. */
  private async memberDiffs(pairs: Int32Array): Promise<Float32Array> {
    const d = this.data as DataTensors;
    const r = await this.net.predict(d.values, d.rows); // [E, U]
    const L = this.segmentLength;
    const n = pairs.length;
    const diffs = new Float32Array(this.members * n);
    for (let e = 0; e < this.members; e++) {
      pairs.forEach((pair, i) => {
        let diff = 0;
        for (let l = 0; l < L; l++) {
          diff += r[e * d.rows + d.leftRow[pair * L + l]] * d.leftMask[pair * L + l];
          diff -= r[e * d.rows + d.rightRow[pair * L + l]] * d.rightMask[pair * L + l];
        }
        diffs[e * n + i] = diff;
      });
    }
    return diffs;
  }

  /**
   * Learned reward of M transitions ([M, F] row-major), in chunks, one readback per chunk.
   * Values are raw model outputs: the Bradley–Terry link fixes their scale (a difference of 1
   * in summed segment reward ≈ sigmoid(1) preference) but not their offset, so callers that
   * need a canonical scale should normalise (e.g. subtract the level mean, divide by its std).
   */
  async predict(features: Float32Array): Promise<RewardPrediction> {
    this.checkAlive();
    const F = this.featureDim;
    if (features.length % F !== 0) {
      throw new Error(`RewardEnsemble.predict: ${features.length} values is not a multiple of featureDim ${F}`);
    }
    const M = features.length / F;
    const E = this.members;
    const members = await this.net.predict(features, M);
    const mean = new Float32Array(M);
    const std = new Float32Array(M);
    for (let i = 0; i < M; i++) {
      let sum = 0;
      for (let e = 0; e < E; e++) sum += members[e * M + i];
      mean[i] = sum / E;
      let squares = 0;
      for (let e = 0; e < E; e++) squares += (members[e * M + i] - mean[i]) ** 2;
      std[i] = Math.sqrt(squares / E);
    }
    return { mean, std, members };
  }

  /**
   * A grid model's occlusion saliency on M transitions' input rows ([M, 3]) in groups of options
   * (`groups[r]`, default one group): per channel, how much blanking it changes the learned reward of
   * each row relative to its group's mean (GridNet.channelSaliency); null for a features model.
   */
  async channelSaliency(inputs: Float32Array, groups?: Int32Array): Promise<Float32Array | null> {
    this.checkAlive();
    const count = inputs.length / this.featureDim;
    return this.net instanceof GridNet ? this.net.channelSaliency(inputs, count, groups ?? new Int32Array(count)) : null;
  }

  /** Copies of all weights (not the Adam moments), plain and serialisable. */
  async getWeights(): Promise<EnsembleWeights> {
    this.checkAlive();
    const values = await Promise.all(this.net.params.map(async (p) => new Float32Array(await p.data())));
    return { shapes: this.net.params.map((p) => p.shape.slice()), values };
  }

  /**
   * Puts every member back at its initial weights (its anchor; biases 0) with a fresh optimiser, so
   * that it learns changed answers as they are, with nothing left of the old ones.
   */
  restart(): void {
    this.checkAlive();
    tf.tidy(() => this.net.params.forEach((p, i) => p.assign(this.net.anchors[i] ?? tf.zerosLike(p))));
    this.freshOptimizer();
  }

  /** Drops the optimiser's state (Adam's moments belong to the weights it was stepping). */
  private freshOptimizer(): void {
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.options.learningRate);
  }

  /** Loads weights from getWeights() of an ensemble of the same shape; resets Adam's state. */
  setWeights(weights: EnsembleWeights): void {
    this.checkAlive();
    const params = this.net.params;
    if (weights.shapes.length !== params.length || weights.values.length !== params.length) {
      throw new Error(`RewardEnsemble.setWeights: expected ${params.length} arrays, got ${weights.shapes.length}`);
    }
    params.forEach((p, i) => {
      const [shape, values] = [weights.shapes[i], weights.values[i]];
      if (shape.join() !== p.shape.join() || values.length !== p.size) {
        throw new Error(
          `RewardEnsemble.setWeights: array ${i} has shape [${shape}] and ${values.length} values, expected [${p.shape}]`,
        );
      }
    });
    tf.tidy(() => params.forEach((p, i) => p.assign(tf.tensor(weights.values[i], p.shape))));
    this.freshOptimizer();
  }

  /** Frees every tensor the ensemble holds; any later call throws. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeData();
    this.optimizer.dispose();
    this.net.dispose();
  }

  /** One Adam step on a fresh minibatch per member; returns the summed objective. */
  private step(): tf.Scalar {
    const { indices, batch } = this.sampleMinibatch();
    const d = this.data as DataTensors;
    const E = this.members;
    const L = this.segmentLength;
    // Each segment's reward sum is a weighted count of its distinct rows: counts [E, U, 2B] (left
    // segments in columns 0…B−1, right in B…2B−1), so sums = reward [E, 1, U] · counts — a matMul,
    // differentiable on every backend (tfjs-wasm has no gradient kernel for gather). A costly network
    // runs only on the rows this minibatch uses (`picked`, renumbered by `slot`).
    const picked = this.net.rowsPerStep ? this.rowsUsed(indices) : null;
    const slot = new Int32Array(d.rows);
    picked?.forEach((row, i) => (slot[row] = i));
    const U = picked ? picked.length : d.rows;
    const at = (row: number) => (picked ? slot[row] : row);
    const counts = new Float32Array(E * U * 2 * batch);
    const targetValues = new Float32Array(E * batch);
    for (let e = 0; e < E; e++) {
      for (let j = 0; j < batch; j++) {
        const pair = indices[e * batch + j];
        targetValues[e * batch + j] = d.target[pair];
        for (let l = 0; l < L; l++) {
          counts[(e * U + at(d.leftRow[pair * L + l])) * 2 * batch + j] += d.leftMask[pair * L + l];
          counts[(e * U + at(d.rightRow[pair * L + l])) * 2 * batch + batch + j] += d.rightMask[pair * L + l];
        }
      }
    }
    return tf.tidy(() => {
      const countTensor = tf.tensor3d(counts, [E, U, 2 * batch]);
      const target = tf.tensor2d(targetValues, [E, batch]);
      const { value, grads } = this.optimizer.computeGradients(() => {
        const perRow = tf.reshape(this.net.rewardOfRows(picked), [E, 1, U]); // reward of each distinct row, per member
        const sums = tf.reshape(tf.matMul(perRow, countTensor), [E, 2 * batch]);
        const [sumLeft, sumRight] = tf.split(sums, 2, 1); // [E, B] each
        const ce = smoothedCrossEntropy(tf.sub(sumLeft, sumRight), target);
        let objective: tf.Tensor = tf.sum(tf.mean(ce, 1)); // each member's mean, summed
        if (this.options.weightDecay > 0) {
          const params = this.net.params;
          const l2 = tf.addN(params.flatMap((p, i) => (this.net.anchors[i] ? [tf.sum(tf.square(tf.sub(p, this.net.anchors[i] as tf.Tensor)))] : [])));
          objective = tf.add(objective, tf.mul(this.options.weightDecay, l2));
        }
        return objective as tf.Scalar;
      }, this.net.params);
      this.optimizer.applyGradients(grads);
      tf.dispose(grads);
      return value;
    });
  }

  /** The distinct rows that real steps of the given pairs use, ascending. */
  private rowsUsed(pairs: Int32Array): Int32Array {
    const d = this.data as DataTensors;
    const L = this.segmentLength;
    const used = new Uint8Array(d.rows);
    for (const pair of pairs) {
      for (let l = 0; l < L; l++) {
        if (d.leftMask[pair * L + l] > 0) used[d.leftRow[pair * L + l]] = 1;
        if (d.rightMask[pair * L + l] > 0) used[d.rightRow[pair * L + l]] = 1;
      }
    }
    const rows: number[] = [];
    used.forEach((u, row) => u && rows.push(row));
    return Int32Array.from(rows);
  }

  /** Per member, `batch` indices from its bootstrap multiset: all of it when small. */
  private sampleMinibatch(): { indices: Int32Array; batch: number } {
    const n = this.trainIndex.length;
    const E = this.members;
    if (n <= this.options.batchSize) {
      const indices = new Int32Array(E * n);
      this.bootstraps.forEach((b, e) => indices.set(b, e * n));
      return { indices, batch: n };
    }
    const batch = this.options.batchSize;
    const indices = new Int32Array(E * batch);
    for (let e = 0; e < E; e++) {
      const b = this.bootstraps[e];
      for (let j = 0; j < batch; j++) indices[e * batch + j] = b[this.rng.int(n)];
    }
    return { indices, batch };
  }

  private disposeData(): void {
    this.net.upload(new Float32Array(0), 0);
    this.data = null;
  }

  private checkAlive(): void {
    if (this.disposed) throw new Error('RewardEnsemble: used after dispose()');
  }
}

/**
 * Cross-entropy of P(left ≻ right) = sigmoid(diff) against the answer's target moved toward ½ by
 * LABEL_SMOOTHING: softplus(diff) − t·diff, which no large margin overflows.
 */
function smoothedCrossEntropy(diff: tf.Tensor, target: tf.Tensor): tf.Tensor {
  const t = tf.add(tf.mul(1 - LABEL_SMOOTHING, target), LABEL_SMOOTHING / 2);
  return tf.sub(tf.softplus(diff), tf.mul(t, diff));
}

/** Validates shapes and values; returns N. */
function checkData(d: PreferenceData, featureDim: number): number {
  const where = 'RewardEnsemble.setData';
  if (d.featureDim !== featureDim) {
    throw new Error(`${where}: data has featureDim ${d.featureDim}, the ensemble ${featureDim}`);
  }
  const L = checkInt(`${where} segmentLength`, d.segmentLength, 1, 100000);
  const n = d.target.length;
  const sizes: [string, Float32Array, number][] = [
    ['left', d.left, n * L * featureDim],
    ['right', d.right, n * L * featureDim],
    ['leftMask', d.leftMask, n * L],
    ['rightMask', d.rightMask, n * L],
  ];
  for (const [name, arr, want] of sizes) {
    if (arr.length !== want) {
      throw new Error(`${where}: ${name} has ${arr.length} values, expected ${want} for ${n} pairs`);
    }
  }
  for (let i = 0; i < n; i++) {
    const t = d.target[i];
    if (!(t >= 0 && t <= 1)) throw new Error(`${where}: target[${i}] = ${t} is not in [0, 1]`);
  }
  return n;
}

function checkInt(name: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new Error(`RewardEnsemble: ${name} must be an integer in ${lo}–${hi}, got ${String(v)}`);
  }
  return v;
}

function checkRange(name: string, v: number, lo: number, hi: number, loInclusive: boolean): number {
  const ok = Number.isFinite(v) && (loInclusive ? v >= lo : v > lo) && v <= hi;
  if (!ok) {
    throw new Error(`RewardEnsemble: ${name} must be in ${loInclusive ? '[' : '('}${lo}, ${hi}], got ${String(v)}`);
  }
  return v;
}
