/**
 * The one import of TensorFlow.js for the whole project.
 *
 * Everything in src/learning takes `tf` from here, so that swapping the umbrella package for
 * `@tensorflow/tfjs-core` plus chosen backends (a smaller bundle) is a one-file change.
 * Nothing outside src/learning may import this module: tensors never leave the folder.
 */
import * as tf from '@tensorflow/tfjs';

/** The TensorFlow.js namespace (cpu backend in Node; cpu and webgl in a browser). */
export { tf };
