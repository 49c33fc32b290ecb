// Test configuration: three projects, run one after another by `npm test` (`vitest run`).
//   node    — pure core, CLI and Node-side learning tests            (fast, most tests)
//   browser — Lit elements, browser backends, app: real headless Chromium via Playwright
//   e2e     — the built site, served on 127.0.0.1, driven by Playwright from Node
// Machines here have 2 cores and no GPU: projects run in sequence (`sequence.groupOrder`) and
// browser/e2e files one at a time, so tfjs on CPU never fights a second suite for the cores. Node
// files, each one single-threaded process, use every core (Vitest's default leaves one free).
import { availableParallelism } from 'node:os';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, mergeConfig } from 'vitest/config';
import { BROWSER_ARGS, findBrowser } from './src/cli/browser-path.js';
import { BROWSER_TFJS_MODULES } from './src/cli/tfjs-modules.js';
import viteConfig from './vite.config.js';

export default mergeConfig(
  viteConfig,
  defineConfig({
    // Pre-bundle what browser tests import, so Vite does not discover a dependency mid-run and
    // reload the page under a running test.
    optimizeDeps: {
      include: [
        'lit',
        'lit/decorators.js',
        'lit/directive.js',
        'vitest-browser-lit',
        ...BROWSER_TFJS_MODULES,
        'uplot',
        'idb-keyval',
      ],
    },
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            environment: 'node',
            include: [
              'tests/core/**/*.test.ts',
              'tests/cli/**/*.test.ts',
              'tests/learning/**/*.node.test.ts',
              'tests/appnode/**/*.test.ts',
            ],
            testTimeout: 60_000,
            hookTimeout: 60_000,
            maxWorkers: Math.max(2, availableParallelism()),
            sequence: { groupOrder: 0 },
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: [
              'tests/components/**/*.test.ts',
              'tests/learning/**/*.browser.test.ts',
              'tests/app/**/*.test.ts',
            ],
            // tfjs on SwiftShader/CPU is slow: a single training step can take over a second.
            testTimeout: 120_000,
            hookTimeout: 120_000,
            // One test file (one page) at a time: the browser and Vite already share 2 cores.
            fileParallelism: false,
            sequence: { groupOrder: 1 },
            browser: {
              enabled: true,
              headless: true,
              provider: playwright({
                launchOptions: {
                  // A getter, so the browser is looked up only when this project is set up:
                  // `vitest run --project node` still works on a machine with no Chromium.
                  get executablePath() {
                    return findBrowser();
                  },
                  args: [...BROWSER_ARGS],
                },
              }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['tests/e2e/**/*.e2e.test.ts'],
            // Builds dist/ and serves it on 127.0.0.1 (or uses E2E_BASE_URL); provides `baseURL`.
            globalSetup: ['tests/e2e/global-setup.ts'],
            testTimeout: 180_000,
            hookTimeout: 180_000,
            fileParallelism: false,
            sequence: { groupOrder: 2 },
          },
        },
      ],
    },
  }),
);
