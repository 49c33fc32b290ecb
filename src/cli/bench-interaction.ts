/**
 * P2 and P3 of `npm run bench`: the page as a visitor meets it. The site is built for production
 * (`vite build` into a temporary folder), served on 127.0.0.1 under the strict CSP as the e2e tests
 * serve it, and driven with Playwright in the system Chromium. Every time is taken inside the page
 * (performance.now(), user-timing marks), so Playwright's round trips are not counted.
 *
 *   P2  navigation → first answerable pair (the four answer buttons enabled, both clips drawn), cold
 *       and after a reload with saved labels; click → next pair shown (`rp:pair-shown`) and click →
 *       a plan made after that label drawn (`rp:plan-drawn`, detail.labels ≥ the new count); the
 *       embedding example's two instances → both answerable.
 *   P3  main-thread long tasks (PerformanceObserver 'longtask', over 50 ms) during Auto-label at
 *       full speed (each answer as soon as training has followed the last one).
 *
 * The page hooks (PAGE_HOOKS) are installed with addInitScript as plain JavaScript text, and called
 * with string expressions: nothing from this file is serialised into the page.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { build } from 'vite';
import { BROWSER_ARGS, findBrowser } from './browser-path';
import { summarizeLatencies, summarizeLongTasks } from './bench-stats';
import { SITE_CSP, serveStatic } from './static-server';

type Log = (line: string) => void;

/** What P2 measures, and how often. */
export interface P2Settings {
  /** Cold loads (fresh browser context, empty storage) on the default level. */
  readonly coldLoads: number;
  /** Reloads of the default level's page after its clicks (its labels saved). */
  readonly reloads: number;
  /** Loads of the embedding example (two instances), each in a fresh context. */
  readonly embedLoads: number;
  /** Clicks per level. */
  readonly clicks: number;
  /** Levels to click on: null is the default level (no link, the visitor's own session), else a built-in id. */
  readonly levels: readonly (string | null)[];
  /** How long to wait for the next pair or plan after a click before counting a timeout, ms. */
  readonly waitMs: number;
  /** How long to wait for a page to become answerable before counting a timeout, ms. */
  readonly loadWaitMs: number;
}

/** What P3 measures. */
export interface P3Settings {
  /** Built-in level id. */
  readonly level: string;
  /** Seconds of Auto-label at full speed (0 ms between answers: each once training has followed the last). */
  readonly seconds: number;
}

/** A production build served on 127.0.0.1; `url` ends in '/'. */
export interface Site {
  readonly url: string;
  close(): Promise<void>;
}

/** Builds the site (as `npm run build`) into a temporary folder and serves it under /rp/ with the strict CSP. */
export async function serveBuild(root: string, log: Log = () => {}): Promise<Site> {
  const outDir = mkdtempSync(join(tmpdir(), 'rp-bench-site-'));
  const t0 = performance.now();
  try {
    await build({
      root,
      configFile: resolve(root, 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 100_000 },
    });
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
  const { server, url } = await serveStatic(outDir, '/rp/', { 'content-security-policy': SITE_CSP });
  log(`production build served at ${url} (built in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return {
    url,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(outDir, { recursive: true, force: true });
          done();
        });
      }),
  };
}

/**
 * Page hooks, as plain JavaScript run before the page's own scripts. `ready()` gives, per
 * `<reward-playground>`, the performance.now() at which it was first seen answerable (null until
 * then), checked every 10 ms (a task, not an animation frame: on a busy software-rendered page
 * frames can lag the DOM by seconds); `click(i, name)` records performance.now() and clicks that answer;
 * `done(t0, n)` finds the marks after t0 (a pair shown, a plan made after ≥ n labels drawn).
 */
export const PAGE_HOOKS = `(() => {
  const hosts = () => [...document.querySelectorAll('reward-playground')];
  const panel = (host) => (host && host.shadowRoot && host.shadowRoot.querySelector('rp-label-panel')) || null;
  const answerable = (host) => {
    const root = panel(host) && panel(host).shadowRoot;
    if (!root) return false;
    const buttons = [...root.querySelectorAll('.answers button')];
    if (buttons.length !== 4 || buttons.some((b) => b.disabled)) return false;
    const pair = root.querySelector('rp-clip-pair');
    if (!pair || pair.classList.contains('stale') || !pair.shadowRoot) return false;
    const clips = [...pair.shadowRoot.querySelectorAll('rp-clip')];
    return clips.length === 2 && clips.every((c) => { const cv = c.shadowRoot && c.shadowRoot.querySelector('canvas'); return !!cv && cv.width > 0; });
  };
  const readyAt = new Map();
  const watch = setInterval(() => {
    const all = hosts();
    for (const h of all) if (!readyAt.has(h) && answerable(h)) readyAt.set(h, performance.now());
    if (all.length > 0 && readyAt.size === all.length) clearInterval(watch);
  }, 10);
  const longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
  } catch (e) { /* no Long Tasks API: P3 reports none */ }
  // Long animation frames say what a long task ran: the scripts (who invoked them, where) and rendering.
  const frames = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const end = e.startTime + e.duration;
        frames.push({
          start: e.startTime,
          duration: Math.round(e.duration),
          renderMs: Math.round(e.renderStart ? end - e.renderStart : 0),
          scripts: e.scripts.map((x) => ({ invoker: x.invoker, source: (x.sourceURL || '').split('/').pop() + ':' + x.sourceCharPosition, fn: x.sourceFunctionName, ms: Math.round(x.duration), layoutMs: Math.round(x.forcedStyleAndLayoutDuration) })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) { /* no Long Animation Frames API: P3 names no scripts */ }
  const after = (t0, n) => {
    const pair = performance.getEntriesByName('rp:pair-shown', 'mark').find((e) => e.startTime >= t0);
    const plan = performance.getEntriesByName('rp:plan-drawn', 'mark').find((e) => e.startTime >= t0 && ((e.detail && e.detail.labels) ?? -1) >= n);
    return { pairMs: pair ? pair.startTime - t0 : null, planMs: plan ? plan.startTime - t0 : null };
  };
  window.__rpBench = {
    ready: () => hosts().map((h) => readyAt.get(h) ?? null),
    answerable: (i) => answerable(hosts()[i]),
    info: (i) => {
      const v = hosts()[i].store.view;
      return { level: v.settings.levelId, labels: v.labels.length, runsIn: v.runsIn, backend: v.backend ? v.backend.backend : null };
    },
    click: (i, name) => {
      const button = [...panel(hosts()[i]).shadowRoot.querySelectorAll('.answers button')].find((b) => b.textContent.trim().startsWith(name));
      const t = performance.now();
      button.click();
      return t;
    },
    after,
    done: (t0, n) => { const r = after(t0, n); return r.pairMs !== null && r.planMs !== null ? r : null; },
    longTasks: (from, to) => longTasks.filter(([s]) => s >= from && s < to).map(([, d]) => d),
    longFrames: (from, to) => frames.filter((f) => f.start >= from && f.start < to && f.duration > 50),
    firstMark: (name) => { const e = performance.getEntriesByName(name, 'mark')[0]; return e ? e.startTime : null; },
    now: () => performance.now(),
  };
})();`;

interface PageInfo {
  readonly level: string;
  readonly labels: number;
  readonly runsIn: string | null;
  readonly backend: string | null;
}
interface ClickResult {
  readonly pairMs: number | null;
  readonly planMs: number | null;
}

const args = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).join(', ');
/** Calls a page hook; the expression is text, so nothing is serialised from this file. */
const hook = <T>(page: Page, method: string, ...xs: unknown[]): Promise<T> => page.evaluate(`window.__rpBench.${method}(${args(xs)})`) as Promise<T>;

/**
 * Evaluates `expression` in the page every `intervalMs` until it is truthy; its value, or null after
 * `timeoutMs`. (Not page.waitForFunction: its in-page polling evaluates a string, which the site's
 * CSP forbids. The times measured are taken in the page, so the polling interval does not count.)
 */
async function poll<T>(page: Page, expression: string, timeoutMs: number, intervalMs: number): Promise<T | null> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const value = (await page.evaluate(expression)) as T;
    if (value) return value;
    if (performance.now() > end) return null;
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** The system Chromium, headless, with the project's flags. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: findBrowser(), headless: true, args: [...BROWSER_ARGS] });
}

/** A fresh context (empty storage) with the hooks, at `url`; page errors and console errors go to `problems`. */
export async function open(browser: Browser, url: string, problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ content: PAGE_HOOKS });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return { context, page };
}

/** When each of `count` instances became answerable, ms after navigation start (null: not within `waitMs`). */
async function readyTimes(page: Page, count: number, waitMs: number): Promise<(number | null)[]> {
  // Not all within the wait: report what there is.
  await poll(page, `(() => { const r = window.__rpBench.ready(); return r.length >= ${count} && r.every((x) => x !== null); })()`, waitMs, 100);
  const times = await hook<(number | null)[]>(page, 'ready');
  return Array.from({ length: count }, (_, i) => times[i] ?? null);
}

/** `clicks` answers (Left, Right, …), each timed to the next pair shown and to a plan made after it drawn. */
async function clickSeries(page: Page, clicks: number, waitMs: number, log: Log): Promise<ClickResult[]> {
  const out: ClickResult[] = [];
  for (let i = 0; i < clicks; i++) {
    if (!(await poll(page, 'window.__rpBench.answerable(0)', waitMs, 20))) {
      log(`  click ${i + 1}: no answerable pair within ${waitMs / 1000} s; the remaining clicks count as timeouts`);
      for (; i < clicks; i++) out.push({ pairMs: null, planMs: null });
      break;
    }
    const n = (await hook<PageInfo>(page, 'info', 0)).labels + 1;
    const t0 = await hook<number>(page, 'click', 0, i % 2 === 0 ? 'Left is better' : 'Right is better');
    const r = (await poll<ClickResult>(page, `window.__rpBench.done(${t0}, ${n})`, waitMs, 25)) ?? (await hook<ClickResult>(page, 'after', t0, n));
    out.push(r);
    log(`  click ${i + 1}: next pair ${r.pairMs === null ? 'timeout' : `${r.pairMs.toFixed(0)} ms`}, new plan ${r.planMs === null ? 'timeout' : `${r.planMs.toFixed(0)} ms`}`);
  }
  return out;
}

const firstPair = (times: readonly (number | null)[]) => (times.some((t) => t === null) ? null : Math.max(...(times as number[])));
const ms = (x: number | null) => (x === null ? 'timeout' : `${x.toFixed(0)} ms`);

/** P2: first pair (cold, after a reload), click → next pair, click → new plan, two embedded instances. */
export async function runP2(site: Site, settings: P2Settings, log: Log = () => {}) {
  const problems: string[] = [];
  const browser = await launch();
  try {
    const cold: (number | null)[] = [];
    // When the first pair was on screen (its clips drawn), answerable or not: where the wait goes.
    const coldDrawn: (number | null)[] = [];
    let defaultLevel = '';
    for (let i = 0; i < settings.coldLoads; i++) {
      const { context, page } = await open(browser, site.url, problems);
      cold.push(firstPair(await readyTimes(page, 1, settings.loadWaitMs)));
      coldDrawn.push(await hook<number | null>(page, 'firstMark', 'rp:pair-shown'));
      defaultLevel = (await hook<PageInfo>(page, 'info', 0)).level;
      log(`P2 cold load ${i + 1}: first pair answerable at ${ms(cold[i])} (drawn at ${ms(coldDrawn[i])})`);
      await context.close();
    }

    const levels = [];
    const reload: (number | null)[] = [];
    const reloadDrawn: (number | null)[] = [];
    const reloadPlan: (number | null)[] = [];
    let reloadLabels: number | null = null;
    let env: PageInfo | null = null;
    for (const level of settings.levels) {
      const { context, page } = await open(browser, level === null ? site.url : `${site.url}#level=${encodeURIComponent(level)}`, problems);
      await readyTimes(page, 1, settings.loadWaitMs);
      const info = await hook<PageInfo>(page, 'info', 0);
      log(`P2 ${info.level}${level === null ? ' (default level)' : ''}: ${settings.clicks} clicks`);
      const results = await clickSeries(page, settings.clicks, settings.waitMs, log);
      env = await hook<PageInfo>(page, 'info', 0);
      log(`P2 ${info.level}: the engine ran on ${env.backend ?? 'no backend'} (${env.runsIn ?? 'nowhere'})`);
      levels.push({
        level: info.level,
        isDefault: level === null,
        labels: env.labels,
        backend: env.backend,
        nextPair: { samples: results.map((r) => r.pairMs), ...summarizeLatencies(results.map((r) => r.pairMs)) },
        newPlan: { samples: results.map((r) => r.planMs), ...summarizeLatencies(results.map((r) => r.planMs)) },
      });
      if (level === null) {
        // The visitor's own session, its labels saved: reload it.
        for (let i = 0; i < settings.reloads; i++) {
          await page.reload();
          reload.push(firstPair(await readyTimes(page, 1, settings.loadWaitMs)));
          reloadDrawn.push(await hook<number | null>(page, 'firstMark', 'rp:pair-shown'));
          reloadPlan.push(await poll<number>(page, `window.__rpBench.firstMark('rp:plan-drawn')`, settings.loadWaitMs, 50));
          reloadLabels = (await hook<PageInfo>(page, 'info', 0)).labels;
          log(`P2 reload ${i + 1} with ${reloadLabels} saved labels: first pair answerable at ${ms(reload[i])} (drawn at ${ms(reloadDrawn[i])}), the agent's plan drawn at ${ms(reloadPlan[i])}`);
        }
      }
      await context.close();
    }

    const embed: (number | null)[][] = [];
    for (let i = 0; i < settings.embedLoads; i++) {
      const { context, page } = await open(browser, `${site.url}embed-example.html`, problems);
      embed.push(await readyTimes(page, 2, settings.loadWaitMs));
      log(`P2 embedding example ${i + 1}: instances answerable at ${embed[i].map(ms).join(' and ')}`);
      await context.close();
    }
    if (problems.length) log(`P2: ${problems.length} page or console errors, first: ${problems[0]}`);
    return {
      settings,
      browser: browser.version(),
      defaultLevel,
      runsIn: env?.runsIn ?? null,
      backend: env?.backend ?? null,
      firstPairCold: { samples: cold, drawn: coldDrawn, ...summarizeLatencies(cold) },
      firstPairReload: { samples: reload, drawn: reloadDrawn, labels: reloadLabels, ...summarizeLatencies(reload) },
      firstPlanReload: { samples: reloadPlan, labels: reloadLabels, ...summarizeLatencies(reloadPlan) },
      levels,
      embed: { samples: embed, ...summarizeLatencies(embed.map(firstPair)) },
      problems: problems.slice(0, 20),
      problemCount: problems.length,
    };
  } finally {
    await browser.close();
  }
}

/** A long animation frame during P3: its length, its rendering, and the scripts it ran. */
interface LongFrame {
  readonly start: number;
  readonly duration: number;
  readonly renderMs: number;
  readonly scripts: readonly { readonly invoker: string; readonly source: string; readonly fn: string; readonly ms: number; readonly layoutMs: number }[];
}

/** P3: long tasks on the main thread during `seconds` of Auto-label at full speed on one level. */
export async function runP3(site: Site, settings: P3Settings, log: Log = () => {}) {
  const problems: string[] = [];
  const browser = await launch();
  try {
    const { context, page } = await open(browser, `${site.url}#level=${encodeURIComponent(settings.level)}&delay=0`, problems);
    const [ready] = await readyTimes(page, 1, 120_000);
    if (ready === null) throw new Error(`no answerable pair on ${settings.level} within 120 s`);
    const from = await hook<number>(page, 'now');
    const before = await hook<PageInfo>(page, 'info', 0);
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    log(`P3 ${before.level}: Auto-label at full speed for ${settings.seconds} s`);
    await page.waitForTimeout(settings.seconds * 1000);
    const to = await hook<number>(page, 'now');
    const durations = await hook<number[]>(page, 'longTasks', from, to);
    const loading = await hook<number[]>(page, 'longTasks', 0, from);
    const frames = await hook<LongFrame[]>(page, 'longFrames', from, to);
    const after = await hook<PageInfo>(page, 'info', 0);
    await page.getByRole('button', { name: 'Auto-label', exact: true }).click(); // off again
    await context.close();
    const summary = summarizeLongTasks(durations);
    log(`P3: ${summary.count} long tasks in ${((to - from) / 1000).toFixed(0)} s, ${after.labels - before.labels} labels given`);
    if (problems.length) log(`P3: ${problems.length} page or console errors, first: ${problems[0]}`);
    return {
      settings,
      browser: browser.version(),
      level: after.level,
      runsIn: after.runsIn,
      backend: after.backend,
      windowMs: to - from,
      labels: after.labels - before.labels,
      firstPairMs: ready,
      longTasks: { ...summary, durations },
      // The long animation frames of the window, longest first (at most 10): what ran in them.
      longFrames: [...frames].sort((a, b) => b.duration - a.duration).slice(0, 10),
      duringLoad: summarizeLongTasks(loading),
      problems: problems.slice(0, 20),
      problemCount: problems.length,
    };
  } finally {
    await browser.close();
  }
}
