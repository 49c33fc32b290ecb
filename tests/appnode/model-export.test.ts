/**
 * The reward model export is loadable for real: a trained RewardEnsemble's weights are written as
 * model.json + weights.bin files in a temp dir, loaded back with tfjs-layers' `loadLayersModel` through an
 * IOHandler that reads those files the way the HTTP loader resolves the manifest (and, separately,
 * through `tf.io.fromMemory`), and its predictions on every transition of a real level equal
 * `RewardEnsemble.predict` within 1e-5 — per member, all members side by side, and their mean.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensembleModel, memberModel, modelFiles, type LayersModelArtifacts, type LayersModelJson } from '../../src/app/model-export';
import { FEATURE_DIM, FEATURE_NAMES, allTransitionFeatures } from '../../src/core/features';
import { preferenceArrays } from '../../src/core/preferences';
import { loadLevel } from '../../src/core/states';
import { useNodeBackend } from '../../src/learning/node-backend';
import { RewardEnsemble, type RewardEnsembleOptions } from '../../src/learning/ensemble';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { tf } from '../../src/learning/tf';
import { builtinText } from '../core/helpers';
import { realSession } from './sessions';

const dir = mkdtempSync(join(tmpdir(), 'rp-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await useNodeBackend();
});

/** Writes the download files of a model to `dir` and returns the model.json path. */
function writeFiles(files: ReturnType<typeof modelFiles>): string {
  for (const f of files) writeFileSync(join(dir, f.name), typeof f.data === 'string' ? f.data : new Uint8Array(f.data));
  return join(dir, files[0].name);
}

/** Loads a model.json from disk, resolving its weights manifest next to it (as tf.io.http does). */
function fileHandler(modelPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelPath, 'utf8')) as LayersModelJson;
      const folder = modelPath.slice(0, modelPath.lastIndexOf('/') + 1);
      const buffers = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(folder + p)));
      const bytes = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology as unknown as tf.io.ModelArtifacts['modelTopology'],
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as tf.io.WeightsManifestEntry[],
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        userDefinedMetadata: json.userDefinedMetadata as Record<string, never>,
      };
    },
  };
}

async function predictWith(model: LayersModel, features: Float32Array): Promise<Float32Array> {
  const x = tf.tensor2d(features, [features.length / FEATURE_DIM, FEATURE_DIM]);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  model.dispose();
  return out;
}

/** A small ensemble trained a few steps on real labels of a real level; its predictions on every transition. */
async function trained(levelId: string, options: Partial<RewardEnsembleOptions>) {
  const { space } = loadLevel(builtinText(levelId));
  const features = allTransitionFeatures(space);
  const session = realSession(levelId, { labels: 40, seed: 5 });
  const data = preferenceArrays(features, session.labels);
  const ens = new RewardEnsemble({ featureDim: FEATURE_DIM, seed: 3, ...options });
  ens.setData(data, data.heldOut);
  await ens.trainSteps(25);
  const weights = await ens.getWeights();
  const prediction = await ens.predict(features);
  ens.dispose();
  return { features, weights, prediction, M: space.numTransitions };
}

function expectClose(actual: Float32Array, expected: Float32Array) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
}

describe.each([
  ['combined', { members: 3, hidden: [64, 64] }],
  ['tomato', { members: 5, hidden: [32], activation: 'tanh' as const }],
  ['vase', { members: 2, hidden: [] }],
])('reward model of %s %j', (levelId, options) => {
  let t: Awaited<ReturnType<typeof trained>>;
  beforeAll(async () => {
    t = await trained(levelId, options);
  });
  const activation = 'activation' in options ? options.activation : 'leakyRelu';
  const E = options.members;

  it('each member, written to disk and loaded with loadLayersModel, predicts what RewardEnsemble.predict does', async () => {
    for (let e = 0; e < E; e++) {
      const path = writeFiles(modelFiles((o) => memberModel(t.weights, e, o), `${levelId}-member-${e + 1}`, { activation }));
      const model = await loadLayersModel(fileHandler(path));
      expect(model.inputs[0].shape).toEqual([null, FEATURE_DIM]);
      expect(model.outputs[0].shape).toEqual([null, 1]);
      expectClose(await predictWith(model, t.features), t.prediction.members.subarray(e * t.M, (e + 1) * t.M));
    }
  });

  it('the whole ensemble as one model gives the mean, or every member side by side', async () => {
    const path = writeFiles(modelFiles((o) => ensembleModel(t.weights, o), `${levelId}-ensemble`, { activation, metadata: { level: levelId } }));
    const model = await loadLayersModel(fileHandler(path));
    expect(model.getUserDefinedMetadata()).toMatchObject({ level: levelId, output: 'mean', members: E, feature_names: [...FEATURE_NAMES] });
    expectClose(await predictWith(model, t.features), t.prediction.mean);

    const all = ensembleModel(t.weights, { activation, output: 'members' });
    const fromMemory = await loadLayersModel(tf.io.fromMemory({ modelTopology: all.modelJson.modelTopology as never, weightSpecs: all.modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[], weightData: all.weightData }));
    const side = await predictWith(fromMemory, t.features); // [M, E]
    const memberMajor = new Float32Array(E * t.M);
    for (let i = 0; i < t.M; i++) for (let e = 0; e < E; e++) memberMajor[e * t.M + i] = side[i * E + e];
    expectClose(memberMajor, t.prediction.members);
  });
});

describe('model files', () => {
  it('the manifest names the weights file next to the model, with every weight in order', async () => {
    const { weights } = await trained('warmup', { members: 2, hidden: [8] });
    const [json, bin] = modelFiles((o) => ensembleModel(weights, o), 'rp-warmup');
    expect(json.name).toBe('rp-warmup.json');
    expect(bin.name).toBe('rp-warmup.weights.bin');
    const model = JSON.parse(json.data as string) as LayersModelJson;
    expect(model.format).toBe('layers-model');
    expect(model.weightsManifest[0].paths).toEqual(['rp-warmup.weights.bin']);
    const floats = model.weightsManifest[0].weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    expect((bin.data as ArrayBuffer).byteLength).toBe(floats * 4);
  });

  it('refuses weights that do not chain and members out of range', () => {
    const ok: LayersModelArtifacts = memberModel({ shapes: [[1, 20, 1], [1, 1, 1]], values: [new Float32Array(20), new Float32Array(1)] }, 0);
    expect(ok.modelJson.weightsManifest[0].weights.map((w) => w.shape)).toEqual([[20, 1], [1]]);
    expect(() => memberModel({ shapes: [[1, 20, 4], [1, 1, 4]], values: [new Float32Array(80), new Float32Array(4)] }, 0)).toThrow(/one output/);
    expect(() => memberModel({ shapes: [[1, 20, 1], [1, 1, 1]], values: [new Float32Array(20), new Float32Array(1)] }, 1)).toThrow(/member must be 0–0/);
  });
});
