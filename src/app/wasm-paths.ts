/**
 * URLs of the TensorFlow.js WASM binaries, emitted by Vite into the static build (hashed names, so a
 * map rather than a folder). The learning worker passes them to `setWasmPaths`.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

/** File name → absolute URL of each WASM binary. */
export function wasmPaths(): Record<string, string> {
  const abs = (u: string) => new URL(u, document.baseURI).href;
  return {
    'tfjs-backend-wasm.wasm': abs(plain),
    'tfjs-backend-wasm-simd.wasm': abs(simd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(threaded),
  };
}
