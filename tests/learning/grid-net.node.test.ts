// The grid reward model in Node: it learns the score on screen from the pixels alone (one-hot planes,
// no hand-named events), its inference path agrees with its training path, the same seed gives the
// same model, and it holds no extra tensors. Runs on wasm when it initialises, else on cpu.
import { beforeAll, describe, expect, test } from 'vitest';
import { GRID_CHANNELS, GRID_CHANNEL_COUNT, GRID_INPUT_DIM, gridInputs } from '../../src/core/observation-grid';
import { followActions, rollout } from '../../src/core/planner';
import { cutSegments, preferenceArrays, type Label } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { ACTION_LETTERS, parseActions, type Action } from '../../src/core/gridworld';
import { registerBackends, trySetBackend } from '../../src/learning/backends';
import { RewardEnsemble } from '../../src/learning/ensemble';
import { GridNet } from '../../src/learning/grid-net';
import { tf } from '../../src/learning/tf';
import { loadBuiltin } from '../core/helpers';

/** A small grid model: the tests are about what it can learn and how, not about its best size. */
const SIZE = { conv: [8, 8], glimpse: 8, head: 32 } as const;

/**
 * `n` pairs of 10-step clips of random play on a built-in level, labelled exactly by the score on
 * screen (pairs that tie are left out), with the grid inputs the model reads.
 */
function screenLabels(level: string, n: number, seed: number) {
  const { space } = loadBuiltin(level);
  const inputs = gridInputs(space);
  const rng = new Rng(seed);
  const labels: Label[] = [];
  const sum = (t: readonly number[]) => t.reduce((s, k) => s + space.apparentReward[k], 0);
  while (labels.length < n) {
    const [a, b] = [0, 1].map(() => {
      const clips = cutSegments(rollout(space, 'uniform', rng), 10);
      return clips[rng.int(clips.length)];
    });
    if (!a || !b || sum(a.transitions) === sum(b.transitions)) continue;
    const answer = sum(a.transitions) > sum(b.transitions) ? 'left' : 'right';
    labels.push({ id: `l${labels.length}`, left: a, right: b, answer, provenance: 'labeller', heldOut: labels.length % 2 === 1 });
  }
  const grid = { height: inputs.height, width: inputs.width, channels: GRID_CHANNEL_COUNT, writePlanes: inputs.writePlanes };
  return { data: preferenceArrays(inputs.rows, labels, GRID_INPUT_DIM), grid, inputs };
}

beforeAll(async () => {
  await registerBackends();
  if (!(await trySetBackend('wasm'))) await trySetBackend('cpu');
});

describe('grid reward model', () => {
  // Every event of Vase room's score (the step cost, a vase broken, the goal) is a change between
  // two frames; the model is told none of them.
  test('learns the score on screen of Vase room from the pixels alone', async () => {
    const { data, grid } = screenLabels('vase', 200, 4);
    const ens = new RewardEnsemble({ featureDim: GRID_INPUT_DIM, seed: 4, members: 3, grid, gridSize: SIZE });
    ens.setData(data, data.heldOut);
    const before = (await ens.heldOutAccuracy()) as number;
    await ens.trainSteps(200);
    const after = (await ens.heldOutAccuracy()) as number;
    ens.dispose();
    console.log(`grid model, vase: held-out accuracy ${before.toFixed(2)} → ${after.toFixed(2)} on ${ens.heldOutPairs} pairs`);
    expect(after).toBeGreaterThanOrEqual(0.85);
    expect(after).toBeGreaterThan(before + 0.2);
  });

  // The glimpse sees each step in the frame of its move, so what one checkpoint teaches holds for all
  // four: trained only on clips along the race's top row (its one right-pointing checkpoint), the
  // model ranks entering each of the other three the way its arrow points above entering it against.
  test('learns from one checkpoint of the boat race what entering any checkpoint the way its arrow points is worth', async () => {
    const { space } = loadBuiltin('race');
    const inputs = gridInputs(space);
    const rng = new Rng(6);
    const sum = (t: readonly number[]) => t.reduce((s, k) => s + space.trueReward[k], 0);
    const topRowClip = () => {
      const moves = Array.from({ length: 10 }, () => 'lrru'[rng.int(4)]).join('');
      return cutSegments(followActions(space, parseActions(moves), rng), 10)[0];
    };
    const labels: Label[] = [];
    while (labels.length < 120) {
      const [a, b] = [topRowClip(), topRowClip()];
      if (sum(a.transitions) === sum(b.transitions)) continue;
      labels.push({ id: `l${labels.length}`, left: a, right: b, answer: sum(a.transitions) > sum(b.transitions) ? 'left' : 'right', provenance: 'labeller', heldOut: false });
    }
    const W = inputs.width;
    const rowsShown = new Set(labels.flatMap((l) => [...l.left.transitions, ...l.right.transitions]).map((k) => Math.floor(space.states[space.next[k]].agent / W)));
    expect([...rowsShown]).toEqual([1]); // every clip stays on the top row
    const grid = { height: inputs.height, width: W, channels: GRID_CHANNEL_COUNT, writePlanes: inputs.writePlanes };
    const data = preferenceArrays(inputs.rows, labels, GRID_INPUT_DIM);
    const ens = new RewardEnsemble({ featureDim: GRID_INPUT_DIM, seed: 6, members: 3, grid, gridSize: SIZE });
    ens.setData(data, data.heldOut);
    await ens.trainSteps(150);
    const { mean } = await ens.predict(inputs.rows);
    ens.dispose();
    const step = (x: number, y: number, letter: (typeof ACTION_LETTERS)[number]) => {
      const state = space.states.findIndex((s) => s.agent === y * W + x);
      return mean[space.offset[state * 4 + (ACTION_LETTERS.indexOf(letter) as Action)]];
    };
    // Down the right side, left along the bottom, up the left side: each checkpoint from either side.
    const entering = [
      { along: step(5, 2, 'd'), against: step(5, 4, 'u') },
      { along: step(4, 5, 'l'), against: step(2, 5, 'r') },
      { along: step(1, 4, 'u'), against: step(1, 2, 'd') },
    ];
    console.log(`grid model, race, trained on the top row: entering along / against ${entering.map((e) => `${e.along.toFixed(2)} / ${e.against.toFixed(2)}`).join(', ')}`);
    for (const e of entering) expect(e.along).toBeGreaterThan(e.against);
  });

  test('saliency: a channel the level never shows moves nothing; what it shows moves the learned reward', async () => {
    const { data, grid, inputs } = screenLabels('vase', 40, 5);
    const ens = new RewardEnsemble({ featureDim: GRID_INPUT_DIM, seed: 5, members: 2, grid, gridSize: SIZE });
    ens.setData(data, data.heldOut);
    await ens.trainSteps(30);
    const rows = inputs.rows.slice(0, 200 * GRID_INPUT_DIM);
    const saliency = (await ens.channelSaliency(rows)) as Float32Array;
    const of = (c: string) => saliency[GRID_CHANNELS.indexOf(c as (typeof GRID_CHANNELS)[number])];
    for (const absent of ['lava', 'tamper', 'coin', 'box']) expect(of(absent), absent).toBe(0);
    for (const shown of ['agent', 'wall', 'goal']) expect(of(shown), shown).toBeGreaterThan(0);
    // Saliency compares options: where each row is alone in its group, nothing changes a choice.
    const alone = (await ens.channelSaliency(rows, Int32Array.from({ length: 200 }, (_, r) => r))) as Float32Array;
    expect(Math.max(...alone)).toBe(0);
    ens.dispose();
    const features = new RewardEnsemble({ featureDim: 4, seed: 1, members: 1 });
    expect(await features.channelSaliency(new Float32Array(8))).toBeNull();
    features.dispose();
  });

  test('predicting (embeddings gathered per transition) gives what training computes (one-hot picks)', async () => {
    const { data, grid, inputs } = screenLabels('tampering', 20, 2);
    const net = new GridNet(2, grid, SIZE, new Rng(7));
    const rows = inputs.rows.slice(0, 300 * GRID_INPUT_DIM);
    net.upload(rows, 300);
    const trained = tf.tidy(() => net.rewardOfRows(null));
    const viaTraining = await trained.data();
    trained.dispose();
    const viaPredict = await net.predict(rows, 300);
    net.dispose();
    expect(viaPredict.length).toBe(600);
    viaPredict.forEach((v, i) => expect(v).toBeCloseTo(viaTraining[i], 4));
    expect(data.target.length).toBe(20);
  });

  test('same seed, same labels ⇒ same learned reward; no tensors left behind', async () => {
    const { data, grid, inputs } = screenLabels('warmup', 30, 1);
    const run = async () => {
      const ens = new RewardEnsemble({ featureDim: GRID_INPUT_DIM, seed: 3, members: 2, grid, gridSize: SIZE });
      ens.setData(data, data.heldOut);
      await ens.trainSteps(20);
      const { mean } = await ens.predict(inputs.rows);
      ens.restart();
      ens.dispose();
      return mean;
    };
    const first = await run();
    const tensors = tf.memory().numTensors;
    const second = await run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Array.from(second)).toEqual(Array.from(first));
  });
});
