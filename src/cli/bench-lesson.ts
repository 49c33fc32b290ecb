/**
 * LESSON of `npm run bench`: the lesson "What a model of the screen looks at" (id `pixels`) played to
 * the end in the production build, as a learner would with Auto-label: Auto-label on, Reveal truth
 * on, the step's button to start again with the labeller who sees the truth, Auto-label on again.
 * For each step: whether it ticked, the labels given and seconds since the page opened when it did,
 * the agent's normalised score and the gap between the score on screen and the true one, and the
 * top of the saliency bars then. It measures how long the lesson takes and whether its story (the
 * model reads the tomatoes' look and parks on the tamper tile; truthful labels lift the true score)
 * holds in the page, on this machine's backend.
 */
import type { Page } from 'playwright';
import { lessonById } from '../app/lessons';
import { launch, open, type Site } from './bench-interaction';

/** Steps of the lesson LESSON plays. */
export const LESSON_STEPS = lessonById('pixels')!.steps.length;

type Log = (line: string) => void;

/** How long LESSON waits for each step to tick before calling it not done, ms. */
export interface LessonBenchSettings {
  readonly stepWaitMs: number;
}

/** One step of the lesson as it went. */
export interface LessonStepRun {
  readonly step: number;
  readonly done: boolean;
  readonly labels: number;
  readonly seconds: number;
  readonly normalizedReturn: number | null;
  /** Apparent minus true return of the agent's plan. */
  readonly gap: number | null;
  /** The saliency bars' first three channels. */
  readonly saliency: readonly string[];
}

/** What the page shows of the session (read through the element's controller). */
const STATE = `(() => {
  const v = document.querySelector('reward-playground')?.controller?.view;
  if (!v) return null;
  const m = v.snapshot?.metrics;
  return {
    labels: v.labels.length,
    normalizedReturn: m ? m.normalizedReturn : null,
    gap: m ? m.apparentReturn - m.trueReturn : null,
    saliency: (v.snapshot?.saliency ?? []).slice(0, 3).map((x) => x.channel + ' ' + x.value.toFixed(2)),
    backend: v.backend?.backend ?? null,
  };
})()`;

interface PageState {
  readonly labels: number;
  readonly normalizedReturn: number | null;
  readonly gap: number | null;
  readonly saliency: string[];
  readonly backend: string | null;
}

/** Plays lesson `pixels` to the end (or until a step does not tick within `stepWaitMs`). */
export async function runLessonBench(site: Site, settings: LessonBenchSettings, log: Log = () => {}) {
  const problems: string[] = [];
  const browser = await launch();
  try {
    const started = performance.now();
    const { context, page } = await open(browser, `${site.url}#lesson=pixels`, problems);
    const panel = page.locator('rp-lesson');
    const autoLabel = () => page.getByRole('button', { name: 'Auto-label', exact: true }).click();
    const steps: LessonStepRun[] = [];
    const waitStep = async (step: number): Promise<boolean> => {
      const ticked = panel.getByRole('button', { name: new RegExp(`^Step ${step}, done:`) });
      const done = await ticked.waitFor({ timeout: settings.stepWaitMs }).then(
        () => true,
        () => false,
      );
      const state = (await page.evaluate(STATE)) as PageState | null;
      const run: LessonStepRun = {
        step,
        done,
        labels: state?.labels ?? 0,
        seconds: (performance.now() - started) / 1000,
        normalizedReturn: state?.normalizedReturn ?? null,
        gap: state?.gap ?? null,
        saliency: state?.saliency ?? [],
      };
      steps.push(run);
      log(`LESSON pixels step ${step}: ${done ? 'done' : 'NOT done'} at ${run.labels} labels, ${run.seconds.toFixed(0)} s; normalised ${run.normalizedReturn?.toFixed(2)}, gap ${run.gap?.toFixed(0)}; bars ${run.saliency.join(', ')}`);
      return done;
    };
    await panel.getByText(`Step 1 of ${LESSON_STEPS}`, { exact: false }).waitFor({ timeout: 120_000 });
    const script: ((page: Page) => Promise<void>)[] = [
      async () => autoLabel(),
      async () => {},
      async (p) => p.getByLabel('Reveal truth').check(),
      async () => {
        await panel.getByRole('button', { name: 'Start again with the truthful labeller', exact: true }).click();
        await panel.getByText(`Step ${LESSON_STEPS} of ${LESSON_STEPS}`, { exact: false }).waitFor({ timeout: 10_000 });
        await page.getByRole('button', { name: 'Auto-label', exact: true }).waitFor({ timeout: 120_000 });
        await autoLabel();
      },
    ];
    if (script.length !== LESSON_STEPS) throw new Error(`LESSON plays ${script.length} steps; the lesson has ${LESSON_STEPS}`);
    for (let i = 0; i < script.length; i++) {
      await script[i](page);
      if (!(await waitStep(i + 1))) break;
    }
    const backend = ((await page.evaluate(STATE)) as PageState | null)?.backend ?? null;
    await context.close();
    if (problems.length) log(`LESSON: ${problems.length} page or console errors, first: ${problems[0]}`);
    return { settings, browser: browser.version(), backend, steps, problems: problems.slice(0, 20), problemCount: problems.length };
  } finally {
    await browser.close();
  }
}
