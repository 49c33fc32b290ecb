// The hidden truth stays hidden until the teacher reveals it: with Reveal truth off, the learning
// curves, the agent's readouts, a lesson's steps and the evaluation experiment put no true score, true
// return or normalised score on the page — not in text, not in a legend or table, not in an aria-label
// or title — while the apparent and learned figures show; with Reveal truth on, the true figures appear.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import { lessonById, stepText } from '../../src/app/lessons';
import { initialView, type CurvePoint, type SessionView } from '../../src/app/session-types';
import { defaultSettings } from '../../src/app/settings';
import { parseActions } from '../../src/core/gridworld';
import { cellMeans, cellPolicy } from '../../src/core/overlays';
import { followActions, planSoft } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import '../../src/components/rp-agent-view';
import '../../src/components/rp-curves';
import '../../src/components/rp-evaluation-panel';
import '../../src/components/rp-lesson';
import type { RpAgentView } from '../../src/components/rp-agent-view';
import type { RpCurves } from '../../src/components/rp-curves';
import type { RpEvaluationPanel } from '../../src/components/rp-evaluation-panel';
import type { RpLesson } from '../../src/components/rp-lesson';

/** Words that name a hidden figure (matched case-insensitively). */
const TRUTH_WORDS = [/true return/i, /true score/i, /normalised/i, /normalized/i];

/** Everything a reader or a screen reader gets from `root`: text, aria-labels and titles, shadow roots included. */
function readableText(root: Node): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const attr of ['aria-label', 'aria-valuetext', 'title', 'alt']) {
        const v = node.getAttribute(attr);
        if (v) out.push(v);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out.join(' ').replace(/\s+/g, ' ');
}

function expectNoTruth(text: string, figures: readonly string[]): void {
  for (const word of TRUTH_WORDS) expect(text).not.toMatch(word);
  for (const figure of figures) expect(text).not.toContain(figure);
}

// Distinctive true figures, so a match can only be the truth leaking.
const TRUE_RETURN = 13.37;
const NORMALIZED = 0.4321;
function curve(n: number): CurvePoint[] {
  return Array.from({ length: n }, (_, i) => ({
    labels: (i + 1) * 4,
    trueReturn: i === n - 1 ? TRUE_RETURN : -6 + i,
    apparentReturn: -4 + i * 2,
    learnedReturn: 0.1 * i,
    normalizedReturn: i === n - 1 ? NORMALIZED : 0.1,
    heldOutAccuracy: 0.5 + i * 0.05,
    disagreement: 0.3 / (i + 1),
  }));
}

describe('Reveal truth off: nothing true on the page', () => {
  it('the learning curves plot and tabulate only the apparent and learned figures', async () => {
    const points = curve(4);
    const screen = render(html`<rp-curves .curve=${points} .optimal=${undefined} .uniform=${undefined}></rp-curves>`);
    const el = screen.container.querySelector<RpCurves>('rp-curves')!;
    await el.updateComplete;
    await page.getByText('The numbers as a table').click();
    await el.updateComplete;
    await expect.element(page.getByRole('table', { name: 'Learning curve data' })).toBeVisible();
    const text = readableText(el);
    expectNoTruth(text, ['13.37', '0.43', 'Optimal']);
    expect(text).toContain('Apparent return');
    expect(text).toContain('Learned return');
    expect(text).toContain('2.00'); // the latest apparent return, in the legend and the table
    expect(el.shadowRoot!.querySelectorAll('.uplot')).toHaveLength(2);

    el.reveal = true;
    el.optimal = 42;
    await el.updateComplete;
    const revealed = readableText(el);
    expect(revealed).toContain('True return');
    expect(revealed).toContain('Normalised score');
    expect(revealed).toContain('13.37');
    expect(revealed).toContain('0.43');
    expect(revealed).toContain('Optimal true return');
    expect(el.shadowRoot!.querySelectorAll('.uplot')).toHaveLength(3);
  });

  it("the agent's readouts show the on-screen and learned scores, not the true or normalised one", async () => {
    const { space } = loadLevel(vaseText);
    const rollout = followActions(space, parseActions('rrrrrr'), new Rng(0));
    const learned = Float32Array.from(space.trueReward, (r) => r / 10);
    const snapshot: NonNullable<SessionView['snapshot']> = {
      metrics: {
        labels: 0,
        trueReturn: rollout.trueReturn,
        apparentReturn: rollout.apparentReturn,
        learnedReturn: 3.4,
        normalizedReturn: 0.62,
        optimalTrueReturn: 42,
        uniformTrueReturn: -20,
        heldOutAccuracy: null,
        disagreement: 0.1,
      },
      cellReward: cellMeans(space, learned),
      cellUncertainty: cellMeans(space, learned),
      cellPolicy: cellPolicy(space, planSoft(space, space.trueReward, { temperature: 0.5 })),
      rollout,
      rolloutStates: rollout.states.map((s) => space.states[s]),
      rolloutLearned: Float32Array.from(rollout.transitions, (k) => learned[k]),
      rolloutSpread: Float32Array.from(rollout.transitions, () => 0),
      claims: [],
      pAccept: [],
      labelIssues: [],
      saliency: null,
    };
    const screen = render(html`<div style="width: 576px"><rp-agent-view .space=${space} .snapshot=${snapshot} name="Vase room"></rp-agent-view></div>`);
    const el = screen.container.querySelector<RpAgentView>('rp-agent-view')!;
    await el.updateComplete;
    const text = readableText(el);
    expectNoTruth(text, ['0.62']);
    expect(text).toContain('Score on screen');
    expect(text).toContain('Learned score');

    el.reveal = true;
    await el.updateComplete;
    const revealed = readableText(el);
    expect(revealed).toContain('True score');
    expect(revealed).toContain('Normalised score');
    expect(revealed).toContain('0.62');
  });

  it("a lesson's steps that need the truth say so instead of showing it", async () => {
    const view: SessionView = { ...initialView(defaultSettings('warmup', '')), phase: 'ready', runsIn: 'worker' };
    for (const id of ['clicks', 'side-effects', 'fooled', 'assistant']) {
      const lesson = lessonById(id)!;
      const screen = render(html`<rp-lesson .lesson=${lesson} .view=${view} .storage=${null}></rp-lesson>`);
      const el = screen.container.querySelector<RpLesson>('rp-lesson')!;
      await el.updateComplete;
      expectNoTruth(readableText(el), [`reaches 0.8`, '10 points']);
      el.reveal = true;
      await el.updateComplete;
      for (const step of lesson.steps) expect(readableText(el)).toContain(stepText(step, true));
      screen.unmount();
    }
    expect(stepText(lessonById('clicks')!.steps.find((s) => s.id === 'score')!, false)).toContain('Reveal the truth to see this');
    expect(stepText(lessonById('clicks')!.steps.find((s) => s.id === 'score')!, true)).toContain('normalised score reaches 0.8');
  });

  it('the evaluation experiment reports the evaluator, not the agent’s true score', async () => {
    const { space } = loadLevel(vaseText);
    const screen = render(html`<rp-evaluation-panel .space=${space} .seed=${3}></rp-evaluation-panel>`);
    const el = screen.container.querySelector<RpEvaluationPanel>('rp-evaluation-panel')!;
    await el.updateComplete;
    await page.getByRole('spinbutton', { name: 'Plans judged (N)' }).fill('40');
    await el.run();
    expect(el.shadowRoot!.querySelector('table')).not.toBeNull();
    expectNoTruth(readableText(el), []);
  });
});
