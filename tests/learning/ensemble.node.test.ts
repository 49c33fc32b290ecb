// RewardEnsemble in Node: learning a planted reward, Equal labels, determinism, no tensor leaks,
// weight round-trips and validation. Runs on wasm when it initialises (several times faster),
// else on cpu; the determinism test pins cpu.
import { beforeAll, describe, expect, test } from 'vitest';
import { Rng } from '../../src/core/rng';
import { registerBackends, trySetBackend } from '../../src/learning/backends';
import { LABEL_SMOOTHING, RewardEnsemble, type PreferenceData, type RewardEnsembleOptions } from '../../src/learning/ensemble';
import { tf } from '../../src/learning/tf';

/**
 * n random pairs of L-step segments with Gaussian features and a hidden linear reward w·f,
 * labelled by a noiseless oracle; the last `heldOut` pairs are held out.
 */
function planted(seed: number, n: number, heldOut: number, L = 10, F = 12) {
  const rng = new Rng(seed);
  const normal = (): number => rng.normal();
  const w = Float32Array.from({ length: F }, normal);
  const left = Float32Array.from({ length: n * L * F }, normal);
  const right = Float32Array.from({ length: n * L * F }, normal);
  const target = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let diff = 0;
    for (let k = 0; k < L * F; k++) diff += w[k % F] * (left[i * L * F + k] - right[i * L * F + k]);
    target[i] = diff > 0 ? 1 : 0;
  }
  const data: PreferenceData = {
    featureDim: F,
    segmentLength: L,
    left,
    right,
    leftMask: new Float32Array(n * L).fill(1),
    rightMask: new Float32Array(n * L).fill(1),
    target,
  };
  const heldOutMask = new Uint8Array(n).fill(1, n - heldOut);
  return { data, heldOutMask };
}

/** Ensemble-mean P(left ≻ right) of every pair, computed from predict(). */
async function pairProbabilities(ens: RewardEnsemble, d: PreferenceData): Promise<Float32Array> {
  const n = d.target.length;
  const L = d.segmentLength;
  const E = ens.members;
  const both = new Float32Array(2 * d.left.length);
  both.set(d.left);
  both.set(d.right, d.left.length);
  const { members } = await ens.predict(both);
  const M = 2 * n * L;
  const p = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let e = 0; e < E; e++) {
      let diff = 0;
      for (let t = 0; t < L; t++) {
        diff += members[e * M + i * L + t] * d.leftMask[i * L + t];
        diff -= members[e * M + n * L + i * L + t] * d.rightMask[i * L + t];
      }
      p[i] += 1 / (1 + Math.exp(-diff)) / E;
    }
  }
  return p;
}

/** Held-out accuracy before and after training on 100 planted pairs (200 held out). */
async function plantedAccuracy(seed: number, model: Partial<RewardEnsembleOptions>, steps: number) {
  const { data, heldOutMask } = planted(seed, 300, 200);
  const ens = new RewardEnsemble({ featureDim: 12, seed, ...model });
  ens.setData(data, heldOutMask);
  expect([ens.trainingPairs, ens.heldOutPairs]).toEqual([100, 200]);
  const before = (await ens.heldOutAccuracy()) as number;
  const { loss } = await ens.trainSteps(steps);
  const after = (await ens.heldOutAccuracy()) as number;
  ens.dispose();
  expect(Number.isFinite(loss)).toBe(true);
  console.log(`planted seed ${seed} ${JSON.stringify(model)}: held-out accuracy ${before} → ${after}, loss ${loss.toFixed(3)}`);
  return { before, after };
}

const meanDistanceFromHalf = (p: Float32Array): number => p.reduce((s, x) => s + Math.abs(x - 0.5), 0) / p.length;

/** A small model for the tests that are about mechanics, not accuracy. */
const SMALL = { members: 3, hidden: [16, 16] } as const;

let backend = '';

beforeAll(async () => {
  await registerBackends();
  backend = (await trySetBackend('wasm')) ? 'wasm' : 'cpu';
  if (backend === 'cpu') await trySetBackend('cpu');
});

describe('RewardEnsemble', () => {
  // The planted reward is linear, so a linear reward model (hidden: []) is the matching learner:
  // with 100 noiseless labels it orders ≥ 90% of 200 held-out pairs. (Logistic regression on the
  // segment sums, without bootstrap, reaches about 0.95 on these data.)
  test.each([1, 2, 3])('a linear reward model learns a planted linear reward from 100 labels (seed %i)', async (seed) => {
    const acc = await plantedAccuracy(seed, { members: 5, hidden: [], learningRate: 0.03 }, 300);
    expect(acc.after).toBeGreaterThanOrEqual(0.9);
    expect(acc.after).toBeGreaterThan(acc.before);
  });

  // An MLP has room to fit the 100 labels with nonlinear detail that does not generalise: it
  // orders fewer held-out pairs (0.85–0.93 measured over seeds and sizes), but clearly learns.
  // Two seeds (25 s each on 2 cores): the linear model above covers three.
  test.each([1, 2])('an MLP ensemble learns the planted reward too (seed %i)', async (seed) => {
    const acc = await plantedAccuracy(seed, { members: 3, hidden: [32, 32] }, 150);
    expect(acc.after).toBeGreaterThanOrEqual(0.85);
    expect(acc.after).toBeGreaterThan(acc.before);
  });

  test('a label that the model contradicts by a wide margin still moves it to the label', async () => {
    // One linear member gives the feature +10: ten steps with it beat ten without by 100. The one
    // label says the opposite. A likelihood with a random-answer floor reads it as a random answer
    // and its gradient vanishes (about e^−100); the smoothed target pulls at full strength.
    const L = 10;
    const ens = new RewardEnsemble({ featureDim: 1, seed: 2, members: 1, hidden: [], weightDecay: 0, learningRate: 0.1 });
    try {
      const ones = new Float32Array(L).fill(1);
      ens.setData({ featureDim: 1, segmentLength: L, left: ones, right: new Float32Array(L), leftMask: ones, rightMask: ones, target: Float32Array.of(0) }, new Uint8Array(1));
      ens.setWeights({ shapes: [[1, 1, 1], [1, 1, 1]], values: [Float32Array.of(10), Float32Array.of(0)] });
      await ens.trainSteps(200);
      const { mean } = await ens.predict(Float32Array.of(1, 0));
      expect(mean[0] - mean[1], 'the feature now lowers the reward').toBeLessThan(0);
    } finally {
      ens.dispose();
    }
  });

  test('Equal labels (target 0.5) pull P(left ≻ right) toward 0.5', async () => {
    const { data } = planted(11, 32, 0, 5, 6);
    const strict = { ...data, target: new Float32Array(32).fill(1) };
    const equal = { ...data, target: new Float32Array(32).fill(0.5) };
    const a = new RewardEnsemble({ featureDim: 6, seed: 5, ...SMALL });
    const b = new RewardEnsemble({ featureDim: 6, seed: 5, ...SMALL });
    const atInit = meanDistanceFromHalf(await pairProbabilities(b, equal));
    a.setData(strict, new Uint8Array(32));
    b.setData(equal, new Uint8Array(32));
    await a.trainSteps(100);
    await b.trainSteps(100);
    const strictDistance = meanDistanceFromHalf(await pairProbabilities(a, strict));
    const equalDistance = meanDistanceFromHalf(await pairProbabilities(b, equal));
    expect(strictDistance).toBeGreaterThan(0.3);
    expect(equalDistance).toBeLessThan(0.05);
    expect(equalDistance).toBeLessThan(atInit);
    a.dispose();
    b.dispose();
  });

  test('training loss equals the smoothed Bradley–Terry cross-entropy computed in plain JS from predict()', async () => {
    // One member (no bootstrap), all pairs in one batch, no weight decay: the loss of a step is
    // that of the weights before it, so both paths (training and inference forward) must agree,
    // padding masks and Equal targets included.
    const { data } = planted(8, 12, 0, 6, 5);
    const leftMask = data.leftMask.slice();
    const rightMask = data.rightMask.slice();
    leftMask.fill(0, 3, 6); // pair 0's left segment ended after 3 steps
    rightMask.fill(0, 6 + 1, 12); // pair 1's right segment after 1 step
    const target = Float32Array.from(data.target, (t, i) => (i % 4 === 3 ? 0.5 : t));
    const d = { ...data, leftMask, rightMask, target };
    const ens = new RewardEnsemble({ featureDim: 5, seed: 3, members: 1, hidden: [8, 8], weightDecay: 0 });
    ens.setData(d, new Uint8Array(12));
    for (let round = 0; round < 3; round++) {
      const p = await pairProbabilities(ens, d);
      const smoothed = target.map((t) => (1 - LABEL_SMOOTHING) * t + LABEL_SMOOTHING / 2);
      const expected = p.reduce((s, pi, i) => s - (smoothed[i] * Math.log(pi) + (1 - smoothed[i]) * Math.log(1 - pi)), 0) / 12;
      expect((await ens.trainSteps(1)).loss).toBeCloseTo(expected, 4);
    }
    ens.dispose();
  });

  test('same seed ⇒ same weights after training, on cpu', async () => {
    expect(await trySetBackend('cpu')).toBe(true);
    try {
      const { data, heldOutMask } = planted(3, 40, 10, 4, 5);
      const train = async (seed: number) => {
        const ens = new RewardEnsemble({ featureDim: 5, seed, ...SMALL, batchSize: 16 });
        ens.setData(data, heldOutMask);
        await ens.trainSteps(15);
        const w = await ens.getWeights();
        ens.dispose();
        return w.values;
      };
      const [x, y, z] = [await train(42), await train(42), await train(43)];
      x.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(y[i])));
      expect(Array.from(x[0])).not.toEqual(Array.from(z[0]));
    } finally {
      await trySetBackend(backend);
    }
  });

  test('holds no extra tensors over 200 training steps, predictions and data changes', async () => {
    const { data, heldOutMask } = planted(4, 80, 20, 4, 6);
    const start = tf.memory().numTensors;
    const ens = new RewardEnsemble({ featureDim: 6, seed: 1, ...SMALL, batchSize: 32 });
    ens.setData(data, heldOutMask);
    await ens.trainSteps(1); // Adam creates its moment variables on the first step
    const baseline = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 200; i++) {
      await ens.trainSteps(1);
      counts.push(tf.memory().numTensors);
    }
    await ens.trainSteps(5);
    for (let i = 0; i < 10; i++) {
      await ens.predict(data.left);
      await ens.heldOutAccuracy();
      await ens.getWeights();
    }
    ens.setData(data, heldOutMask);
    counts.push(tf.memory().numTensors);
    expect(new Set(counts)).toEqual(new Set([baseline]));
    ens.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  test('predict returns [E, M] members, their mean and std, across chunk boundaries', async () => {
    const F = 4;
    const ens = new RewardEnsemble({ featureDim: F, seed: 9, ...SMALL });
    const rng = new Rng(9);
    const M = 20000; // more than one 8192-row chunk
    const x = Float32Array.from({ length: M * F }, () => rng.normal());
    const all = await ens.predict(x);
    expect(all.members.length).toBe(3 * M);
    expect(all.mean.length).toBe(M);
    const tail = await ens.predict(x.subarray((M - 100) * F));
    for (let e = 0; e < 3; e++) {
      for (let i = 0; i < 100; i++) expect(tail.members[e * 100 + i]).toBeCloseTo(all.members[e * M + M - 100 + i], 5);
    }
    const i = 12345;
    const col = [0, 1, 2].map((e) => all.members[e * M + i]);
    const mu = (col[0] + col[1] + col[2]) / 3;
    expect(all.mean[i]).toBeCloseTo(mu, 5);
    expect(all.std[i]).toBeCloseTo(Math.sqrt(col.reduce((s, v) => s + (v - mu) ** 2, 0) / 3), 5);
    expect((await ens.predict(new Float32Array(0))).mean.length).toBe(0);
    ens.dispose();
  });

  test('getWeights/setWeights round-trip gives identical predictions', async () => {
    const { data, heldOutMask } = planted(6, 30, 0, 4, 5);
    const a = new RewardEnsemble({ featureDim: 5, seed: 1, ...SMALL });
    a.setData(data, heldOutMask);
    await a.trainSteps(10);
    const w = structuredClone(await a.getWeights()); // plain and serialisable
    expect(w.shapes).toEqual([[3, 5, 16], [3, 1, 16], [3, 16, 16], [3, 1, 16], [3, 16, 1], [3, 1, 1]]);
    const b = new RewardEnsemble({ featureDim: 5, seed: 2, ...SMALL });
    b.setWeights(w);
    const [pa, pb] = [await a.predict(data.left), await b.predict(data.left)];
    expect(Array.from(pb.members)).toEqual(Array.from(pa.members));
    expect(() => b.setWeights({ shapes: w.shapes.slice(1), values: w.values.slice(1) })).toThrow(/expected 6 arrays/);
    a.dispose();
    b.dispose();
  });

  test('restart puts every member back at its initial weights, and training then moves them again', async () => {
    const { data, heldOutMask } = planted(6, 30, 0, 4, 5);
    const ens = new RewardEnsemble({ featureDim: 5, seed: 1, ...SMALL });
    const initial = await ens.getWeights();
    ens.setData(data, heldOutMask);
    await ens.trainSteps(20);
    const trained = await ens.getWeights();
    expect(trained.values.map((v) => Array.from(v))).not.toEqual(initial.values.map((v) => Array.from(v)));
    const tensors = tf.memory().numTensors;
    ens.restart();
    expect((await ens.getWeights()).values.map((v) => Array.from(v))).toEqual(initial.values.map((v) => Array.from(v)));
    await ens.trainSteps(5);
    expect((await ens.getWeights()).values.map((v) => Array.from(v))).not.toEqual(initial.values.map((v) => Array.from(v)));
    expect(tf.memory().numTensors).toBe(tensors); // the old optimiser's state went with it: nothing leaks
    ens.dispose();
  });

  test('validates its options and data with clear messages', async () => {
    expect(() => new RewardEnsemble({ featureDim: 4, seed: 1, members: 0 })).toThrow(
      'RewardEnsemble: members must be an integer in 1–8, got 0',
    );
    expect(() => new RewardEnsemble({ featureDim: 4, seed: 1, members: 9 })).toThrow(/members must be an integer in 1–8, got 9/);
    expect(() => new RewardEnsemble({ featureDim: 4, seed: 1.5 })).toThrow(/seed must be an integer/);
    expect(() => new RewardEnsemble({ featureDim: 4, seed: 1, hidden: [1, 2, 3, 4, 5] })).toThrow(/hidden must list 0–4/);
    expect(() => new RewardEnsemble({ featureDim: 4, seed: 1, learningRate: 0 })).toThrow(/learningRate must be in \(0, 1\]/);
    const ens = new RewardEnsemble({ featureDim: 4, seed: 1, members: 1, hidden: [8] });
    expect((await ens.trainSteps(3)).loss).toBeNaN(); // nothing to train on yet
    expect(await ens.heldOutAccuracy()).toBeNull();
    const { data } = planted(1, 5, 0, 3, 4);
    expect(() => ens.setData({ ...data, featureDim: 5 }, new Uint8Array(5))).toThrow(/featureDim 5/);
    expect(() => ens.setData({ ...data, left: data.left.subarray(1) }, new Uint8Array(5))).toThrow(/left has 59 values/);
    expect(() => ens.setData(data, new Uint8Array(4))).toThrow(/heldOutMask has 4 entries for 5 pairs/);
    await expect(ens.predict(new Float32Array(6))).rejects.toThrow(/not a multiple of featureDim 4/);
    ens.dispose();
    await expect(ens.trainSteps(1)).rejects.toThrow(/after dispose/);
  });
});
