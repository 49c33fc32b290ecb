// Launches the system Chromium for e2e tests with the project's headless flags.
import { chromium, type Browser, type Page } from 'playwright';
import { BROWSER_ARGS, findBrowser } from '../../src/cli/browser-path';

/** A headless Chromium found by findBrowser(); close it in afterAll. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findBrowser(), headless: true, args: [...BROWSER_ARGS] });
}

/** A page at `url` in a fresh 1280 × 900 context that accepts every dialog and records page errors in `problems`. */
export async function openPage(browser: Browser, url: string, problems: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  return page;
}
