/**
 * The one import of TensorFlow.js for the whole project.
 *
 * Everything in src/learning takes `tf` from here. The engine needs only tensor ops, gradients and
 * an optimiser, so it takes `@tensorflow/tfjs-core` with the cpu and webgl backends rather than the
 * umbrella package, whose layers, converter and data parts it never used: the worker's script is
 * about half as large and starts in half the time. webgpu and wasm are imported when first chosen
 * (backends.ts). Nothing outside src/learning may import this module: tensors never leave the folder.
 */
import * as tf from '@tensorflow/tfjs-core';
// What the umbrella package registered: gradients (training) and the chained ops (`x.add(y)`).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';

/** The TensorFlow.js namespace (cpu backend in Node; cpu and webgl in a browser). */
export { tf };
