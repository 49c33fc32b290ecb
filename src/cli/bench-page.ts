/**
 * The browser half of `npm run bench` (loaded by bench/browser.html): registers the backends with the
 * bundled WASM binaries, runs P1 on every backend Chromium offers, and reports the WebGPU adapter.
 * `window.rpBench.run()` returns plain JSON for the Node driver (src/cli/bench-browser.ts).
 */
import { BACKEND_ORDER, registerBackends } from '../learning/backends';
import { bundledWasmPaths } from '../learning/wasm-paths';
import { runP1, type P1Options, type P1Result } from './bench-p1';

/** What the page reports. */
export interface BrowserBenchResult {
  readonly userAgent: string;
  readonly registered: readonly string[];
  /** The WebGPU adapter as the page sees it; null without navigator.gpu or an adapter. */
  readonly adapter: { readonly vendor: string; readonly architecture: string; readonly description: string; readonly isFallbackAdapter: boolean } | null;
  readonly p1: P1Result;
  /** P1 with the grid model's workload. */
  readonly p1Grid: P1Result;
}

async function describeAdapter(): Promise<BrowserBenchResult['adapter']> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const info = adapter.info;
  const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
  return { vendor: info.vendor, architecture: info.architecture, description: info.description, isFallbackAdapter: fallback };
}

const logEl = document.getElementById('log') as HTMLElement;
const log = (line: string): void => {
  logEl.textContent += `\n${line}`;
  console.info(line);
};

async function run(options: P1Options = {}): Promise<BrowserBenchResult> {
  const registered = await registerBackends({ wasmPaths: bundledWasmPaths() });
  const adapter = await describeAdapter();
  const candidates = BACKEND_ORDER.filter((b) => registered.includes(b));
  const p1 = await runP1(candidates, { ...options, log });
  const p1Grid = await runP1(candidates, { ...options, log, model: 'grid' });
  return { userAgent: navigator.userAgent, registered, adapter, p1, p1Grid };
}

(window as unknown as { rpBench: { run: typeof run } }).rpBench = { run };
logEl.textContent = 'ready';
