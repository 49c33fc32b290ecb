/**
 * URLs of the TensorFlow.js WASM binaries, emitted by Vite into the static build (hashed names, so a
 * map rather than a folder). Browser-only (Vite `?url` imports): the worker entry and the main-thread
 * fallback pass them to the engine host, which hands them to `setWasmPaths`.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** File name → absolute URL of each WASM binary of the build. */
export function bundledWasmPaths(): Record<string, string> {
  const abs = (u: string) => new URL(u, self.location.href).href;
  return {
    'tfjs-backend-wasm.wasm': abs(plain),
    'tfjs-backend-wasm-simd.wasm': abs(simd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(threaded),
  };
}
