/**
 * What the engine needs registered beside `@tensorflow/tfjs-core`, in a browser (page or worker):
 * gradients (training), the chained ops (`x.add(y)`), and the cpu and webgl backends. Node takes
 * the umbrella `@tensorflow/tfjs` in its place (package.json "imports"): these deep imports are ES
 * modules that Node cannot load, and the umbrella's Node bundle registers the same. The Vite servers
 * of the tests and the bench pre-bundle these (src/cli/tfjs-modules.ts).
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
