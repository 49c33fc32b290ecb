/**
 * The one import of TensorFlow.js for the whole project.
 *
 * Everything in src/learning takes `tf` from here. The engine needs only tensor ops, gradients and
 * an optimiser, so a browser gets `@tensorflow/tfjs-core` with what it must register
 * (tfjs-registrations.ts) rather than the umbrella package, whose layers, converter and data parts
 * the engine never used: the worker's script is a fifth smaller and starts faster. webgpu and wasm
 * are imported when first chosen (backends.ts). Nothing outside src/learning may import this
 * module: tensors never leave the folder.
 */
import * as tf from '@tensorflow/tfjs-core';
import '#tfjs-registrations';

/** The TensorFlow.js namespace (cpu backend in Node; cpu and webgl in a browser). */
export { tf };
