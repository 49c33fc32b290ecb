/**
 * The reward model in TensorFlow.js's own "layers model" format — a `model.json` (Keras-style
 * topology + weights manifest) and a binary weights file — built from plain `EnsembleWeights`
 * without importing tfjs, so `tf.loadLayersModel` loads it anywhere (and `tensorflowjs_converter
 * --input_format=tfjs_layers_model --output_format=keras` turns it into a Keras model for Python).
 *
 * Input: one row of FEATURE_NAMES features per transition, [N, F]. Each member is the same MLP as
 * src/learning/ensemble.ts: Dense layers with LeakyReLU (slope 0.2) between them and a linear output.
 * `memberModel` exports one member as a plain Sequential stack. `ensembleModel` exports all members
 * as ONE Sequential stack whose layers are the members side by side (the first layer concatenates
 * every member's units; later layers are block-diagonal, so members never mix), giving either every
 * member's reward [N, E] or their mean [N, 1] — the learned reward the agent plans with. Outputs are
 * raw model units: the Bradley–Terry link fixes their scale but not their offset.
 */
import { FEATURE_NAMES } from '../core/features';
import type { EnsembleWeights } from '../learning/ensemble';

/** Slope below zero of the hidden LeakyReLU (the value src/learning/ensemble.ts trains with). */
export const LEAKY_SLOPE = 0.2;
const KERAS_VERSION = 'tfjs-layers 4.22.0';

/** One entry of a weights manifest. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
}

/** A tfjs `model.json` of format "layers-model". */
export interface LayersModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: null;
  readonly modelTopology: Record<string, unknown>;
  readonly weightsManifest: readonly [{ readonly paths: readonly string[]; readonly weights: readonly WeightSpec[] }];
  readonly userDefinedMetadata: Record<string, unknown>;
}

/** A model ready to save: the JSON (manifest pointing at `weightsFile`) and the bytes of that file. */
export interface LayersModelArtifacts {
  readonly modelJson: LayersModelJson;
  /** Float32 little-endian values of every weight in manifest order. */
  readonly weightData: ArrayBuffer;
}

/** Options of the exports. */
export interface ModelExportOptions {
  /** Hidden nonlinearity the ensemble was built with (default 'leakyRelu'). */
  readonly activation?: 'leakyRelu' | 'tanh';
  /** File name the manifest points at (default 'model.weights.bin', next to model.json). */
  readonly weightsFile?: string;
  /** Extra facts for `userDefinedMetadata` (e.g. the level id); plain JSON only. */
  readonly metadata?: Record<string, unknown>;
}

interface Layer {
  readonly kernel: Float32Array;
  readonly bias: Float32Array;
  readonly inputs: number;
  readonly units: number;
  /** Followed by the hidden nonlinearity. */
  readonly hidden: boolean;
}

/** One ensemble member (0-based) as a Sequential model: [N, F] features → [N, 1] learned reward. */
export function memberModel(weights: EnsembleWeights, member: number, options: ModelExportOptions = {}): LayersModelArtifacts {
  const { members, widths } = checkWeights(weights);
  if (!Number.isInteger(member) || member < 0 || member >= members) throw new RangeError(`memberModel: member must be 0–${members - 1}, got ${member}`);
  const layers = widths.slice(1).map((units, l): Layer => {
    const inputs = widths[l];
    const w = weights.values[2 * l],
      b = weights.values[2 * l + 1];
    return {
      kernel: w.slice(member * inputs * units, (member + 1) * inputs * units),
      bias: b.slice(member * units, (member + 1) * units),
      inputs,
      units,
      hidden: l + 2 < widths.length,
    };
  });
  return build(layers, options, { output: 'member', member, members });
}

/**
 * Every member in one Sequential model: [N, F] → [N, E] (each member's reward, `output: 'members'`)
 * or [N, 1] (their mean, the default `output: 'mean'`).
 */
export function ensembleModel(weights: EnsembleWeights, options: ModelExportOptions & { readonly output?: 'mean' | 'members' } = {}): LayersModelArtifacts {
  const { members: E, widths } = checkWeights(weights);
  const layers: Layer[] = widths.slice(1).map((units, l) => {
    const inputs = widths[l];
    const w = weights.values[2 * l],
      b = weights.values[2 * l + 1];
    // The first layer reads the shared input; later ones read their member's block only.
    const rows = l === 0 ? inputs : E * inputs;
    const kernel = new Float32Array(rows * E * units);
    for (let e = 0; e < E; e++) {
      for (let i = 0; i < inputs; i++) {
        const row = l === 0 ? i : e * inputs + i;
        for (let j = 0; j < units; j++) kernel[row * E * units + e * units + j] = w[(e * inputs + i) * units + j];
      }
    }
    return { kernel, bias: b.slice(), inputs: rows, units: E * units, hidden: l + 2 < widths.length };
  });
  const output = options.output ?? 'mean';
  if (output === 'mean') {
    layers.push({ kernel: new Float32Array(E).fill(1 / E), bias: new Float32Array(1), inputs: E, units: 1, hidden: false });
  }
  return build(layers, options, { output, members: E });
}

/** The two files to offer for download: `<base>.json` (model.json) and `<base>.weights.bin`. */
export function modelFiles(
  make: (options: ModelExportOptions) => LayersModelArtifacts,
  baseName: string,
  options: ModelExportOptions = {},
): { readonly name: string; readonly type: string; readonly data: string | ArrayBuffer }[] {
  const weightsFile = `${baseName}.weights.bin`;
  const artifacts = make({ ...options, weightsFile });
  return [
    { name: `${baseName}.json`, type: 'application/json', data: `${JSON.stringify(artifacts.modelJson, null, 1)}\n` },
    { name: weightsFile, type: 'application/octet-stream', data: artifacts.weightData },
  ];
}

/** Checks the EnsembleWeights layout (W [E, in, out], b [E, 1, out], chained, one output); returns E and the widths. */
function checkWeights(weights: EnsembleWeights): { members: number; widths: number[] } {
  const { shapes, values } = weights;
  if (shapes.length < 2 || shapes.length % 2 !== 0 || values.length !== shapes.length) throw new Error('model export: expected a weight matrix and a bias per layer');
  const members = shapes[0][0];
  const widths = [shapes[0][1]];
  for (let i = 0; i < shapes.length; i += 2) {
    const [e, inputs, units] = shapes[i];
    const [be, one, bunits] = shapes[i + 1];
    if (e !== members || be !== members || inputs !== widths[widths.length - 1] || one !== 1 || bunits !== units) {
      throw new Error(`model export: layer ${i / 2 + 1} has shapes [${shapes[i]}] and [${shapes[i + 1]}], which do not chain`);
    }
    if (values[i].length !== e * inputs * units || values[i + 1].length !== e * units) throw new Error(`model export: layer ${i / 2 + 1} has the wrong number of values`);
    widths.push(units);
  }
  if (widths[widths.length - 1] !== 1) throw new Error('model export: the last layer must give one output per member');
  return { members, widths };
}

function build(layers: readonly Layer[], options: ModelExportOptions, about: Record<string, unknown>): LayersModelArtifacts {
  const activation = options.activation ?? 'leakyRelu';
  const topology: Record<string, unknown>[] = [];
  const specs: WeightSpec[] = [];
  const total = layers.reduce((n, l) => n + l.kernel.length + l.bias.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  layers.forEach((layer, i) => {
    const name = `dense_${i + 1}`;
    topology.push({
      class_name: 'Dense',
      config: {
        units: layer.units,
        activation: layer.hidden && activation === 'tanh' ? 'tanh' : 'linear',
        use_bias: true,
        kernel_initializer: { class_name: 'Zeros', config: {} },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
        name,
        trainable: true,
        ...(i === 0 ? { batch_input_shape: [null, layer.inputs] } : {}),
        dtype: 'float32',
      },
    });
    if (layer.hidden && activation === 'leakyRelu') {
      topology.push({ class_name: 'LeakyReLU', config: { alpha: LEAKY_SLOPE, name: `leaky_re_lu_${i + 1}`, trainable: true, dtype: 'float32' } });
    }
    specs.push({ name: `${name}/kernel`, shape: [layer.inputs, layer.units], dtype: 'float32' });
    specs.push({ name: `${name}/bias`, shape: [layer.units], dtype: 'float32' });
    data.set(layer.kernel, offset);
    offset += layer.kernel.length;
    data.set(layer.bias, offset);
    offset += layer.bias.length;
  });
  const modelJson: LayersModelJson = {
    format: 'layers-model',
    generatedBy: 'Reward Playground',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: 'reward_model', layers: topology },
      keras_version: KERAS_VERSION,
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: [options.weightsFile ?? 'model.weights.bin'], weights: specs }],
    userDefinedMetadata: {
      input: 'one row of features per transition, in feature_names order (see docs/export-formats.md)',
      feature_names: [...FEATURE_NAMES],
      activation,
      ...about,
      ...(options.metadata ?? {}),
    },
  };
  return { modelJson, weightData: littleEndian(data) };
}

/** The bytes of float32 values in little-endian order, whatever the platform's. */
function littleEndian(values: Float32Array): ArrayBuffer {
  const buffer = new ArrayBuffer(values.length * 4);
  const view = new DataView(buffer);
  values.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return buffer;
}
