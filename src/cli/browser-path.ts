// Node-only: finds a Chromium/Chrome for Vitest browser mode, e2e tests and CLI tools.
// Browser downloads (`npx playwright install`) do not work on the project's machines, so every
// tool points Playwright at a system browser found here.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright';

/** System browsers tried, in order, after `CHROME_PATH` and before Playwright's bundled Chromium. */
export const SYSTEM_BROWSER_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * Launch flags for headless runs. `--enable-unsafe-webgpu` exposes `navigator.gpu` (on a machine
 * without a GPU the adapter is SwiftShader); the network flags stop Chromium from calling home on a
 * closed network; `--no-sandbox` because CI runs as root, where Chromium refuses to start sandboxed.
 */
export const BROWSER_ARGS: readonly string[] = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
  '--no-sandbox',
];

const INSTALL_HINT =
  'Set CHROME_PATH=/path/to/chrome, or on Debian/Ubuntu: sudo apt-get install chromium';

/** Playwright's own Chromium, or undefined when it was never downloaded (the usual case here). */
function playwrightChromium(): string | undefined {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Path of the browser executable to launch. Order: `CHROME_PATH`, {@link SYSTEM_BROWSER_PATHS},
 * Playwright's bundled Chromium. A `CHROME_PATH` that is set but points nowhere is an error rather
 * than silently falling through: the user asked for that browser, so say it is missing.
 * @throws Error naming what was searched when no browser exists.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROME_PATH?.trim();
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(
      `CHROME_PATH is set to "${fromEnv}", but no file exists there. ` +
        'Point CHROME_PATH at a Chromium or Chrome executable, or unset it to search the usual places.',
    );
  }
  for (const path of SYSTEM_BROWSER_PATHS) {
    if (existsSync(path)) return path;
  }
  const bundled = playwrightChromium();
  if (bundled) return bundled;
  throw new Error(
    `No Chromium or Chrome found (looked at CHROME_PATH, ${SYSTEM_BROWSER_PATHS.join(', ')} ` +
      `and Playwright's bundled Chromium). ${INSTALL_HINT}`,
  );
}
