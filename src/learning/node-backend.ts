/** Backend set-up for Node (the command-line tools and Node tests): WASM when it starts, else CPU. */
import { tf } from './tf';

/** Registers the WASM backend, makes it (or CPU) current, and returns the backend's name. */
export async function useNodeBackend(): Promise<string> {
  await import('@tensorflow/tfjs-backend-wasm');
  for (const name of ['wasm', 'cpu']) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return name;
      }
    } catch {
      // tf.setBackend throws for an unregistered backend: try the next one.
    }
  }
  throw new Error('neither the wasm nor the cpu TensorFlow.js backend could start');
}
