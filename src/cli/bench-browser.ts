/**
 * Node driver of the browser half of `npm run bench`: starts a Vite dev server on 127.0.0.1 (a secure
 * context, so Chromium exposes WebGPU), opens bench/browser.html in the system Chromium (findBrowser)
 * with Playwright, runs the page's P1 and returns its JSON.
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { BROWSER_ARGS, findBrowser } from './browser-path';
import type { P1Options } from './bench-p1';
import type { BrowserBenchResult } from './bench-page';
import { BROWSER_TFJS_MODULES } from './tfjs-modules';

/** What the browser run reports, with the browser's version. */
export type BrowserBench = BrowserBenchResult & { readonly browser: string; readonly executablePath: string };

/** Runs P1 in headless Chromium; `root` is the repository root. */
export async function runBrowserBench(root: string, options: P1Options & { log?: (line: string) => void } = {}): Promise<BrowserBench> {
  const log = options.log ?? (() => {});
  const executablePath = findBrowser();
  const server = await createServer({
    root,
    configFile: resolve(root, 'vite.config.ts'),
    logLevel: 'warn',
    clearScreen: false,
    // Its own dependency cache, so a bench run never invalidates `npm start`'s or Vitest's.
    cacheDir: resolve(root, 'node_modules/.vite/bench'),
    server: { host: '127.0.0.1', port: 0, strictPort: false, open: false, hmr: false, watch: null },
    // Pre-bundle tfjs up front: a dependency found mid-run would make Vite reload the page under the bench.
    optimizeDeps: {
      entries: ['bench/browser.html'],
      include: [...BROWSER_TFJS_MODULES],
    },
  });
  try {
    await server.listen();
    const address = server.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error(`the Vite dev server gave no TCP address: ${String(address)}`);
    const url = `http://127.0.0.1:${address.port}/bench/browser.html`;
    log(`bench page at ${url}, browser ${executablePath}`);
    const browser = await chromium.launch({ executablePath, headless: true, args: [...BROWSER_ARGS] });
    try {
      const page = await browser.newPage();
      page.on('console', (m) => {
        if (m.type() === 'info') log(`  [chromium] ${m.text()}`);
        else if (m.type() === 'error' && !/status of 404/.test(m.text())) log(`  [chromium error] ${m.text()}`);
      });
      page.on('pageerror', (e) => log(`  [chromium page error] ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) log(`  [chromium] HTTP ${r.status()} for ${r.url()}`);
      });
      await page.goto(url);
      await page.waitForFunction(() => 'rpBench' in window, null, { timeout: 180_000 });
      const { log: _log, ...pageOptions } = options;
      void _log;
      const result = await page.evaluate(
        (o) => (window as unknown as { rpBench: { run(o: P1Options): Promise<BrowserBenchResult> } }).rpBench.run(o),
        pageOptions,
      );
      return { ...result, browser: browser.version(), executablePath };
    } finally {
      await browser.close();
    }
  } finally {
    await server.close();
  }
}
