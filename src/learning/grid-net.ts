/**
 * The "grid" reward model: per member a small convolutional net over what the screen shows, with no
 * hand-named events. A transition's input row is (observation before, observation after, action); each
 * observation is one-hot planes over the cells (src/core/observation-grid.ts). A shared trunk — a 1×1
 * convolution (what each cell holds), a 3×3 convolution (what lies beside it) and a global
 * mean-and-max pool — embeds each observation; a glimpse — a dense layer over the 3×3 cells round the
 * agent before and after the step, turned so that the move points right (turnCrop) — sees what
 * the agent stepped off and onto relative to its move, the same whichever way it went (a pooled
 * embedding cannot tie a tile under the agent to the action: entering a checkpoint the way its arrow
 * points or against it); a dense head reads both embeddings, the glimpse and the action, and gives
 * the step's reward. (A 3×3 first layer costs 1.5× as much per step on
 * WASM — 266 against 178 ms on the probe's workload — and through the second sees one cell further.)
 *
 * Convolutions are matMuls (the 3×3 one as nine shifted ones) and rows are picked by one-hot
 * matMuls: every op then has a gradient on every tfjs backend (tfjs-wasm has none for conv2d's
 * filter or for gather). Each distinct observation goes through the trunk once per step,
 * however many rows show it.
 */
import { NUM_ACTIONS, type Action } from '../core/gridworld';
import { GLIMPSE_SIZE, GRID_INPUT_DIM, turnCrop, writeAgentCrop } from '../core/observation-grid';
import type { Rng } from '../core/rng';
import { LEAKY_SLOPE, OUTPUT_INIT_SCALE, glorot, type RewardNet } from './reward-net';
import { tf } from './tf';

/** The grid a level's observations are drawn on. */
export interface GridShape {
  /** Height and width in cells. */
  readonly height: number;
  readonly width: number;
  /** C, one-hot channels per cell. */
  readonly channels: number;
  /** Writes observation `id`'s planes ([height, width, channels], 0/1) into `out` at `offset`. */
  readonly writePlanes: (id: number, out: Float32Array, offset: number) => void;
}

/** Channels of the two convolutions, units of the glimpse and of the head's hidden layer. */
export interface GridNetSize {
  readonly conv: readonly [number, number];
  readonly glimpse: number;
  readonly head: number;
}

/** The default size: 16 channels per convolution, 16 glimpse units, 64 head units. */
export const GRID_NET_SIZE: GridNetSize = { conv: [16, 16], glimpse: 16, head: 64 };

/** Activation values per trunk chunk in predict (observations × cells × first-layer channels × the nine shifts): bounds peak memory. */
const TRUNK_VALUES_PER_CHUNK = 2_000_000;
/** Transitions per head chunk in predict. */
const HEAD_CHUNK = 8192;

/**
 * The distinct observations the rows `picked` of `rows` ([·, 3]: before, after, action) show, and for
 * each picked row the slot of its observation before and after in that list.
 */
function observationSlots(rows: Float32Array, picked: Int32Array): { ids: number[]; before: Int32Array; after: Int32Array } {
  const local = new Map<number, number>();
  const ids: number[] = [];
  const slot = (id: number) => {
    let i = local.get(id);
    if (i === undefined) local.set(id, (i = ids.push(id) - 1));
    return i;
  };
  const before = Int32Array.from(picked, (r) => slot(rows[r * GRID_INPUT_DIM]));
  const after = Int32Array.from(picked, (r) => slot(rows[r * GRID_INPUT_DIM + 1]));
  return { ids, before, after };
}

/** E convolutional reward nets over one level's grid. */
export class GridNet implements RewardNet {
  readonly params: tf.Variable[] = [];
  readonly anchors: (tf.Tensor3D | null)[] = [];
  readonly rowsPerStep = true;
  /** The uploaded rows ([U, 3]: before, after, action) and the planes of the observations they show. */
  private rows = new Float32Array(0);
  private planes = new Map<number, Uint8Array>();
  /** Per uploaded row, the glimpse's input (see glimpseRow). */
  private glimpses = new Float32Array(0);

  constructor(
    private readonly members: number,
    private readonly shape: GridShape,
    private readonly size: GridNetSize,
    rng: Rng,
  ) {
    const [c1, c2] = size.conv;
    const layers: [number, number, number][] = [
      [shape.channels, c1, 1],
      [9 * c1, c2, 1],
      [2 * 2 * c2 + NUM_ACTIONS + size.glimpse, size.head, 1],
      [size.head, 1, OUTPUT_INIT_SCALE],
      [this.glimpseWidth, size.glimpse, 1],
    ];
    for (const [fanIn, fanOut, scale] of layers) {
      const w = glorot(() => rng.next(), members, fanIn, fanOut, scale);
      this.anchors.push(tf.tensor3d(w, [members, fanIn, fanOut]), null);
      this.params.push(tf.tidy(() => tf.variable(tf.tensor3d(w, [members, fanIn, fanOut]))));
      this.params.push(tf.tidy(() => tf.variable(tf.zeros([members, 1, fanOut]))));
    }
  }

  upload(table: Float32Array, rows: number): void {
    this.rows = table.slice(0, rows * GRID_INPUT_DIM);
    this.planes = new Map();
    const cellValues = this.shape.height * this.shape.width * this.shape.channels;
    const scratch = new Float32Array(cellValues);
    for (let r = 0; r < rows; r++) {
      for (const id of [this.rows[r * GRID_INPUT_DIM], this.rows[r * GRID_INPUT_DIM + 1]]) {
        if (this.planes.has(id)) continue;
        this.shape.writePlanes(id, scratch, 0);
        this.planes.set(id, Uint8Array.from(scratch));
      }
    }
    const G = this.glimpseWidth;
    this.glimpses = new Float32Array(rows * G);
    const cropOf = this.cropCache((id) => this.planes.get(id) as Uint8Array);
    for (let r = 0; r < rows; r++) this.glimpseRow(this.rows, r, cropOf, this.glimpses, r * G);
  }

  /** The agent's crop of each observation (writeAgentCrop), computed once per id from its planes as `planesOf` gives them. */
  private cropCache(planesOf: (id: number) => ArrayLike<number>): (id: number) => Float32Array {
    const crops = new Map<number, Float32Array>();
    return (id) => {
      let crop = crops.get(id);
      if (!crop) {
        crop = new Float32Array(GLIMPSE_SIZE);
        writeAgentCrop(planesOf(id), this.shape.height, this.shape.width, crop);
        crops.set(id, crop);
      }
      return crop;
    };
  }

  /** Values of a glimpse's input: the agent's glimpse before and after the step. */
  private get glimpseWidth(): number {
    return 2 * GLIMPSE_SIZE;
  }

  /** Writes row r's glimpse input (of `rows`, [·, 3]) into `out` at `offset`, from each observation's crop as `cropOf` gives it. */
  private glimpseRow(rows: Float32Array, r: number, cropOf: (id: number) => Float32Array, out: Float32Array, offset: number): void {
    const action = rows[r * GRID_INPUT_DIM + 2] as Action;
    for (let side = 0; side < 2; side++) turnCrop(cropOf(rows[r * GRID_INPUT_DIM + side]), 0, action, out, offset + side * GLIMPSE_SIZE);
  }

  rewardOfRows(rows: Int32Array | null): tf.Tensor2D {
    const picked = rows ?? Int32Array.from({ length: this.rows.length / GRID_INPUT_DIM }, (_, i) => i);
    const R = picked.length;
    const { ids, before, after } = observationSlots(this.rows, picked);
    const O = ids.length;
    const cellValues = this.shape.height * this.shape.width * this.shape.channels;
    const planes = new Float32Array(O * cellValues);
    ids.forEach((id, i) => planes.set(this.planes.get(id) as Uint8Array, i * cellValues));
    const oneHot = (cols: number, col: (r: number) => number) => {
      const m = new Float32Array(R * cols);
      for (let r = 0; r < R; r++) m[r * cols + col(r)] = 1;
      return tf.tensor2d(m, [R, cols]);
    };
    const pickBefore = oneHot(O, (r) => before[r]);
    const pickAfter = oneHot(O, (r) => after[r]);
    const action = oneHot(NUM_ACTIONS, (r) => this.rows[picked[r] * GRID_INPUT_DIM + 2]);
    const cells = tf.tensor2d(planes, [O * this.shape.height * this.shape.width, this.shape.channels]);
    const G = this.glimpseWidth;
    const glimpseValues = new Float32Array(R * G);
    picked.forEach((row, r) => glimpseValues.set(this.glimpses.subarray(row * G, (row + 1) * G), r * G));
    const glimpse = tf.tensor2d(glimpseValues, [R, G]);
    const perMember = this.params.map((p) => tf.unstack(p) as tf.Tensor2D[]);
    const rewards: tf.Tensor1D[] = [];
    for (let e = 0; e < this.members; e++) {
      const embedding = this.trunk(cells, O, perMember, e);
      const x = tf.concat([tf.matMul(pickBefore, embedding), tf.matMul(pickAfter, embedding), action], 1) as tf.Tensor2D;
      rewards.push(tf.reshape(this.head(x, glimpse, perMember, e), [-1]));
    }
    return tf.stack(rewards) as tf.Tensor2D;
  }

  predict(inputs: Float32Array, count: number): Promise<Float32Array> {
    return this.predictHiding(inputs, count, -1);
  }

  /**
   * Per channel, how much blanking it in every observation changes how the model ranks the options
   * in each group of rows ([count, 3]; `groups[r]` is row r's group, e.g. the moves from one state):
   * the mean absolute change, over members and rows, of each row's learned reward minus its group's
   * mean (occlusion saliency). A shift shared by a whole group changes no choice, so it counts nothing.
   */
  async channelSaliency(inputs: Float32Array, count: number, groups: Int32Array): Promise<Float32Array> {
    const centred = (values: Float32Array) => centreInGroups(values, count, groups);
    const base = centred(await this.predictHiding(inputs, count, -1));
    const out = new Float32Array(this.shape.channels);
    const shown = this.channelsShown(inputs, count);
    for (let c = 0; c < out.length; c++) {
      if (!shown[c]) continue; // no observation shows it: blanking it changes nothing
      const hidden = centred(await this.predictHiding(inputs, count, c));
      let sum = 0;
      for (let i = 0; i < base.length; i++) sum += Math.abs(hidden[i] - base[i]);
      out[c] = sum / Math.max(1, base.length);
    }
    return out;
  }

  /** Per channel, whether any observation of the rows ([count, 3]) shows it in some cell. */
  private channelsShown(inputs: Float32Array, count: number): Uint8Array {
    const { height, width, channels } = this.shape;
    const { ids } = observationSlots(inputs, Int32Array.from({ length: count }, (_, r) => r));
    const planes = new Float32Array(height * width * channels);
    const shown = new Uint8Array(channels);
    for (const id of ids) {
      this.shape.writePlanes(id, planes, 0);
      for (let v = 0; v < planes.length; v++) if (planes[v] !== 0) shown[v % channels] = 1;
    }
    return shown;
  }

  /** predict, with channel `hide` blanked in every observation (none when −1). */
  private async predictHiding(inputs: Float32Array, count: number, hide: number): Promise<Float32Array> {
    const E = this.members;
    const { ids, before, after } = observationSlots(inputs, Int32Array.from({ length: count }, (_, r) => r));
    const embeddings = await this.embed(ids, hide);
    const K = 2 * this.size.conv[1];
    const width = 2 * K + NUM_ACTIONS;
    const G = this.glimpseWidth;
    const cellValues = this.shape.height * this.shape.width * this.shape.channels;
    const scratch = new Float32Array(cellValues);
    const cropOf = this.cropCache((id) => {
      this.shape.writePlanes(id, scratch, 0);
      if (hide >= 0) for (let v = hide; v < cellValues; v += this.shape.channels) scratch[v] = 0;
      return scratch;
    });
    const out = new Float32Array(E * count);
    for (let start = 0; start < count; start += HEAD_CHUNK) {
      const n = Math.min(HEAD_CHUNK, count - start);
      const glimpseValues = new Float32Array(n * G);
      for (let i = 0; i < n; i++) this.glimpseRow(inputs, start + i, cropOf, glimpseValues, i * G);
      const glimpses = tf.tensor2d(glimpseValues, [n, G]); // one upload per chunk, read by every member
      for (let e = 0; e < E; e++) {
        const x = new Float32Array(n * width);
        for (let i = 0; i < n; i++) {
          const r = start + i;
          x.set(embeddings[e].subarray(before[r] * K, (before[r] + 1) * K), i * width);
          x.set(embeddings[e].subarray(after[r] * K, (after[r] + 1) * K), i * width + K);
          x[i * width + 2 * K + inputs[r * GRID_INPUT_DIM + 2]] = 1;
        }
        const y = tf.tidy(() => {
          const perMember = this.params.map((p) => tf.unstack(p) as tf.Tensor2D[]);
          return this.head(tf.tensor2d(x, [n, width]), glimpses, perMember, e);
        });
        out.set(await y.data(), e * count + start);
        y.dispose();
      }
      glimpses.dispose();
    }
    return out;
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    for (const a of this.anchors) a?.dispose();
    this.planes.clear();
  }

  /** Per member, the trunk's embedding of each observation in `ids` ([ids.length × 2·c2] row-major), channel `hide` blanked (none when −1). */
  private async embed(ids: readonly number[], hide: number): Promise<Float32Array[]> {
    const { height, width, channels } = this.shape;
    const cellValues = height * width * channels;
    const K = 2 * this.size.conv[1];
    const chunk = Math.max(1, Math.floor(TRUNK_VALUES_PER_CHUNK / (9 * height * width * this.size.conv[0])));
    const out = Array.from({ length: this.members }, () => new Float32Array(ids.length * K));
    const planes = new Float32Array(chunk * cellValues);
    for (let start = 0; start < ids.length; start += chunk) {
      const n = Math.min(chunk, ids.length - start);
      for (let i = 0; i < n; i++) this.shape.writePlanes(ids[start + i], planes, i * cellValues);
      if (hide >= 0) for (let v = hide; v < n * cellValues; v += channels) planes[v] = 0;
      const y = tf.tidy(() => {
        const cells = tf.tensor2d(planes.subarray(0, n * cellValues), [n * height * width, channels]);
        const perMember = this.params.map((p) => tf.unstack(p) as tf.Tensor2D[]);
        return tf.stack(Array.from({ length: this.members }, (_, e) => this.trunk(cells, n, perMember, e)));
      });
      const values = await y.data(); // [E, n, K]
      y.dispose();
      for (let e = 0; e < this.members; e++) out[e].set(values.subarray(e * n * K, (e + 1) * n * K), start * K);
    }
    return out;
  }

  /**
   * A 3×3 convolution, zero outside the grid: x [O, H, W, C] and kernel [9·C, out] (rows by offset
   * dy, dx, then channel) → [O·H·W, out], as the sum of nine shifted matMuls. (Concatenating the
   * nine shifts into patches first costs twice as much on WASM, where the concat's gradient is slow.)
   */
  private conv3x3(x: tf.Tensor4D, kernel: tf.Tensor2D): tf.Tensor2D {
    const [O, H, W, C] = x.shape;
    const padded = tf.pad(x, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    let sum: tf.Tensor2D | null = null;
    for (let d = 0; d < 9; d++) {
      const shifted = tf.reshape(tf.slice(padded, [0, Math.floor(d / 3), d % 3, 0], [O, H, W, C]), [O * H * W, C]) as tf.Tensor2D;
      const term = tf.matMul(shifted, tf.slice(kernel, [d * C, 0], [C, kernel.shape[1]])) as tf.Tensor2D;
      sum = sum === null ? term : (tf.add(sum, term) as tf.Tensor2D);
    }
    return sum as tf.Tensor2D;
  }

  /** Member e's embedding of O observations from their cells ([O·H·W, C]): [O, 2·c2] (mean and max over cells). */
  private trunk(cells: tf.Tensor2D, O: number, p: tf.Tensor2D[][], e: number): tf.Tensor2D {
    const { height: H, width: W } = this.shape;
    const [c1, c2] = this.size.conv;
    const h1 = tf.leakyRelu(tf.add(tf.matMul(cells, p[0][e]), p[1][e]), LEAKY_SLOPE);
    const h2 = tf.leakyRelu(tf.add(this.conv3x3(tf.reshape(h1, [O, H, W, c1]), p[2][e]), p[3][e]), LEAKY_SLOPE);
    const perCell = tf.reshape(h2, [O, H * W, c2]);
    return tf.concat([tf.mean(perCell, 1), tf.max(perCell, 1)], 1) as tf.Tensor2D;
  }

  /** Member e's reward of head inputs x [R, 4·c2 + actions] and glimpse inputs [R, glimpseWidth]: [R, 1]. */
  private head(x: tf.Tensor2D, glimpse: tf.Tensor2D, p: tf.Tensor2D[][], e: number): tf.Tensor2D {
    const g = tf.leakyRelu(tf.add(tf.matMul(glimpse, p[8][e]), p[9][e]), LEAKY_SLOPE);
    const h = tf.leakyRelu(tf.add(tf.matMul(tf.concat([x, g], 1), p[4][e]), p[5][e]), LEAKY_SLOPE);
    return tf.add(tf.matMul(h, p[6][e]), p[7][e]);
  }
}

/** Each member's values ([members × count] row-major) minus the mean of their group's values in that member. */
function centreInGroups(values: Float32Array, count: number, groups: Int32Array): Float32Array {
  const groupCount = groups.reduce((m, g) => Math.max(m, g + 1), 0);
  const out = new Float32Array(values.length);
  const sum = new Float64Array(groupCount),
    size = new Uint32Array(groupCount);
  for (let r = 0; r < count; r++) size[groups[r]]++;
  for (let start = 0; start < values.length; start += count) {
    sum.fill(0);
    for (let r = 0; r < count; r++) sum[groups[r]] += values[start + r];
    for (let r = 0; r < count; r++) out[start + r] = values[start + r] - sum[groups[r]] / size[groups[r]];
  }
  return out;
}
