// Node-only: the TensorFlow.js modules a browser loads (src/learning/tf.ts, tfjs-registrations.ts and
// the backends imported on first use), for the Vite servers of the browser tests and the bench.

/** Pre-bundled before a page opens: a module Vite found mid-run would make it reload the page under a running test or bench. */
export const BROWSER_TFJS_MODULES: readonly string[] = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-core/dist/register_all_gradients',
  '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs-backend-wasm',
];
