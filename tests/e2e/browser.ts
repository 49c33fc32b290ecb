// Launches the system Chromium for e2e tests with the project's headless flags.
import { chromium, type Browser } from 'playwright';
import { BROWSER_ARGS, findBrowser } from '../../src/cli/browser-path';

/** A headless Chromium found by findBrowser(); close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findBrowser(), headless: true, args: [...BROWSER_ARGS] });
}
