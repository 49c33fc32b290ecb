// <rp-lesson>: renders a lesson from a session view, advances by itself when a step's outcome is
// reached during the step (not on labels given before it), Next / Back, progress kept in (a stand-in
// for) localStorage, a failing storage, its events, and claim kinds named as the assistant names them.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-lit';
import { progressKey, type ProgressStorage } from '../../src/app/lesson-progress';
import { LESSONS, lessonById, stepText, type Lesson } from '../../src/app/lessons';
import { initialView, type SessionView } from '../../src/app/session-types';
import { defaultSettings } from '../../src/app/settings';
import type { Claim } from '../../src/core/claims';
import type { Label } from '../../src/core/preferences';
import '../../src/components/rp-assistant';
import '../../src/components/rp-lesson';
import type { RpAssistant } from '../../src/components/rp-assistant';
import type { LessonPresetDetail, LessonProgressDetail, RpLesson } from '../../src/components/rp-lesson';
import { CLAIM_STEP_KINDS, quotedTerms } from '../lesson-terms';

const segment = { start: 0, startStep: 0, actions: [], transitions: [], length: 10 };
const personLabels = (n: number): Label[] => Array.from({ length: n }, (_, i) => ({ id: `l${i}`, left: segment, right: segment, answer: 'left', provenance: 'person', heldOut: false }));

function view(patch: Partial<SessionView> = {}): SessionView {
  return { ...initialView(defaultSettings('vase', '')), phase: 'ready', runsIn: 'worker', ...patch };
}

/** A Map-backed storage that records what is written. */
function mapStorage(): ProgressStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

async function mount(lesson: Lesson, opts: { view?: SessionView; storage?: ProgressStorage | null; reveal?: boolean } = {}) {
  const events: { type: string; detail: unknown }[] = [];
  const log = (e: Event) => events.push({ type: e.type, detail: (e as CustomEvent).detail });
  const screen = render(html`<div @lesson-exit=${log} @lesson-progress=${log} @lesson-action=${log} @lesson-restart=${log}>
    <rp-lesson .lesson=${lesson} .view=${opts.view ?? view()} ?reveal=${opts.reveal ?? false} .storage=${opts.storage === undefined ? mapStorage() : opts.storage}></rp-lesson>
  </div>`);
  const el = screen.container.querySelector<RpLesson>('rp-lesson')!;
  await el.updateComplete;
  return { el, events };
}

const sideEffects = lessonById('side-effects')!;

describe('<rp-lesson>', () => {
  it('shows the title, the step on screen, "Step 1 of N" and the step list', async () => {
    await mount(sideEffects);
    await expect.element(page.getByRole('heading', { name: sideEffects.title })).toBeVisible();
    await expect.element(page.getByText(`Step 1 of ${sideEffects.steps.length}`)).toBeVisible();
    await expect.element(page.getByText(sideEffects.steps[0].text, { exact: true }).first()).toBeVisible();
    const items = page.getByRole('list', { name: 'Steps' }).getByRole('button');
    expect(items.all()).toHaveLength(sideEffects.steps.length);
    await expect.element(items.first()).toHaveAttribute('aria-current', 'step');
    await expect.element(page.getByRole('button', { name: 'Back' })).toBeDisabled();
  });

  it('advances by itself when the check passes, marks the step ✓ and reports progress', async () => {
    const storage = mapStorage();
    const { el, events } = await mount(sideEffects, { storage });
    el.view = view({ labels: personLabels(3) });
    await el.updateComplete;
    await expect.element(page.getByText(`Step 2 of ${sideEffects.steps.length}`)).toBeVisible();
    await expect.element(page.getByRole('button', { name: /^Step 1, done:/ })).toBeVisible();
    expect(el.shadowRoot!.querySelector('ol li .mark')!.textContent).toBe('✓'); // a text mark, not only colour
    const progress = events.filter((e) => e.type === 'lesson-progress').map((e) => e.detail as LessonProgressDetail);
    expect(progress.at(-1)).toMatchObject({ progress: { lessonId: 'side-effects', done: ['label-3'], current: 1 }, complete: false });
    expect(JSON.parse(storage.map.get(progressKey('side-effects'))!)).toMatchObject({ done: ['label-3'], current: 1, start: { stepId: 'accept-irreversible', personLabels: 3 } });
  });

  it('does not tick a step on labels given before it came on screen', async () => {
    const { el } = await mount(sideEffects, { view: view({ labels: personLabels(6) }) });
    await expect.element(page.getByText(`Step 1 of ${sideEffects.steps.length}`)).toBeVisible();
    el.view = view({ labels: personLabels(8) });
    await el.updateComplete;
    await expect.element(page.getByText(`Step 1 of ${sideEffects.steps.length}`)).toBeVisible();
    el.view = view({ labels: personLabels(9) }); // the third label given during the step
    await el.updateComplete;
    await expect.element(page.getByText(`Step 2 of ${sideEffects.steps.length}`)).toBeVisible();
  });

  it('Back shows a done step without jumping forward again; Next moves on', async () => {
    const { el } = await mount(sideEffects);
    el.view = view({ labels: personLabels(3) });
    await el.updateComplete;
    await expect.element(page.getByText(`Step 2 of ${sideEffects.steps.length}`)).toBeVisible();
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.element(page.getByText('Step 1 of')).toHaveTextContent('✓ done');
    el.view = view({ labels: personLabels(4) }); // a new view must not push the learner forward
    await el.updateComplete;
    await expect.element(page.getByText('Step 1 of')).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.element(page.getByText(`Step 2 of ${sideEffects.steps.length}`)).toBeVisible();
    await page.getByRole('button', { name: 'Next' }).click(); // a learner who is stuck may skip ahead
    await expect.element(page.getByText(`Step 3 of ${sideEffects.steps.length}`)).toBeVisible();
  });

  it('resumes from stored progress, and keeps going when storage fails', async () => {
    const storage = mapStorage();
    storage.setItem(progressKey('side-effects'), JSON.stringify({ done: ['label-3', 'accept-irreversible'], current: 2 }));
    const first = await mount(sideEffects, { storage });
    await expect.element(page.getByText(`Step 3 of ${sideEffects.steps.length}`)).toBeVisible();
    first.el.remove();

    const failing: ProgressStorage = {
      getItem: () => { throw new DOMException('blocked', 'SecurityError'); },
      setItem: () => { throw new DOMException('full', 'QuotaExceededError'); },
      removeItem: () => { throw new DOMException('blocked', 'SecurityError'); },
    };
    const { el } = await mount(sideEffects, { storage: failing });
    await expect.element(page.getByText(`Step 1 of ${sideEffects.steps.length}`)).toBeVisible();
    el.view = view({ labels: personLabels(3) });
    await el.updateComplete;
    await expect.element(page.getByText(`Step 2 of ${sideEffects.steps.length}`)).toBeVisible();
  });

  it('offers a step action for its preset, and emits lesson-exit', async () => {
    const fooled = lessonById('fooled')!;
    const i = fooled.steps.findIndex((s) => s.action);
    const { events } = await mount(fooled);
    await page.getByRole('button', { name: new RegExp(`^Step ${i + 1}:`) }).click();
    await page.getByRole('button', { name: fooled.steps[i].action!.label }).click();
    const action = events.find((e) => e.type === 'lesson-action')!.detail as LessonPresetDetail;
    expect(action).toEqual({ lessonId: 'fooled', stepId: fooled.steps[i].id, preset: fooled.steps[i].action!.preset });
    await page.getByRole('button', { name: 'Exit lesson' }).click();
    expect(events.filter((e) => e.type === 'lesson-exit').map((e) => e.detail)).toEqual([{ lessonId: 'fooled' }]);
  });

  it('says when the lesson is complete, and Start over clears progress and asks for the preset', async () => {
    const clicks = lessonById('clicks')!;
    const storage = mapStorage();
    const trained = (n: number, normalizedReturn: number) => view({
      labels: personLabels(n),
      snapshot: { metrics: { labels: n, trueReturn: 0, apparentReturn: 0, learnedReturn: 0, normalizedReturn, optimalTrueReturn: 44, uniformTrueReturn: -10, heldOutAccuracy: null, disagreement: 0 } } as unknown as SessionView['snapshot'],
    });
    const { el, events } = await mount(clicks, { storage });
    const play = async (v: SessionView, reveal = el.reveal) => {
      el.view = v;
      el.reveal = reveal;
      await el.updateComplete;
    };
    await play(trained(5, 1)); // label 5 pairs
    await play(trained(7, 1)); // 2 more, and the heat-map drawn after them
    await play(trained(7, 1), true); // Reveal truth
    await expect.element(page.getByText(`Step 4 of ${clicks.steps.length}`)).toBeVisible(); // the score is already at the target: not done
    await play(view()); // Reset
    await play(trained(0, 0));
    await play(trained(3, 0.9));
    await expect.element(page.getByText(`✓ Lesson complete: all ${clicks.steps.length} steps done`)).toBeVisible();
    expect((events.filter((e) => e.type === 'lesson-progress').at(-1)!.detail as LessonProgressDetail).complete).toBe(true);
    await play(view(), false);
    await page.getByRole('button', { name: 'Start over' }).click();
    await expect.element(page.getByText(`Step 1 of ${clicks.steps.length}`)).toBeVisible();
    expect(events.find((e) => e.type === 'lesson-restart')!.detail).toEqual({ lessonId: 'clicks', preset: clicks.preset });
    expect(JSON.parse(storage.map.get(progressKey('clicks'))!)).toMatchObject({ done: [], current: 0 });
  });

  it('names each claim kind in quotes with the words the assistant shows for it', async () => {
    const kinds = CLAIM_STEP_KINDS;
    const claimSteps = LESSONS.flatMap((l) => l.steps).filter((s) => s.id in kinds);
    expect(claimSteps.length).toBeGreaterThanOrEqual(2);
    for (const step of claimSteps) {
      const kind = kinds[step.id];
      const claim: Claim = { id: `${kind}:3`, kind, step: 3, endStep: 3, severity: 10, title: 'A claim.', evidence: { summary: 'Evidence.', cells: [] }, fix: null, features: [], reply: null };
      const screen = render(html`<rp-assistant .claims=${[claim]} .pAccept=${[0.8]}></rp-assistant>`);
      const el = screen.container.querySelector<RpAssistant>('rp-assistant')!;
      await el.updateComplete;
      const shown = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
      const quoted = quotedTerms(stepText(step, true));
      expect(quoted.length, step.id).toBeGreaterThan(0);
      for (const term of quoted) expect(shown.toLowerCase(), `${step.id}: "${term}"`).toContain(term.toLowerCase());
      cleanup();
    }
  });
});
