// Lessons as data: every step's check on synthetic session views (false on an empty session, true
// once its condition holds), the progress reducer, and progress kept in localStorage — including a
// storage that fails.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_LEVELS, builtinLevel } from '../../src/app/builtin-levels';
import { advance, emptyProgress, goToStep, isComplete, loadProgress, progressKey, saveProgress, type ProgressStorage } from '../../src/app/lesson-progress';
import { LESSONS, lessonById, type Lesson } from '../../src/app/lessons';
import { HIDEABLE_CONTROLS } from '../../src/app/url-state';
import { initialView, type CurvePoint, type SessionView } from '../../src/app/session-types';
import { defaultSettings } from '../../src/app/settings';
import type { Label, Provenance } from '../../src/core/preferences';
import type { Verdict } from '../../src/core/verdicts';

type Snapshot = NonNullable<SessionView['snapshot']>;
type Returns = { trueReturn: number; apparentReturn: number; normalizedReturn: number };

const segment = { start: 0, startStep: 0, actions: [], transitions: [], length: 10 };
const labels = (n: number, provenance: Provenance): Label[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${provenance}${i}`, left: segment, right: segment, answer: 'left', provenance, heldOut: false }));
const verdict = (kind: Verdict['kind'], accepted = true): Verdict => ({ id: `v-${kind}`, claimId: `${kind}:3`, kind, features: [], accepted, strength: 2 });
const approvals = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, labels: 5, approved: true, trueReturn: -30, apparentReturn: 54, flawed: true }));
const point = (n: number, r: Returns): CurvePoint => ({ labels: n, ...r, learnedReturn: 0, heldOutAccuracy: null, disagreement: 0 });

/** A snapshot with the given returns, and a rollout that ends (or not) with a vase broken or a box moved. */
function snapshot(n: number, r: Returns, rollout: { terminated?: boolean; broken?: boolean; boxMoved?: boolean } = {}): Snapshot {
  const start = { agent: 10, broken: [false], boxes: [20], watered: [], collected: [], supervisorPresent: true };
  const end = { ...start, agent: 16, broken: [!!rollout.broken], boxes: [rollout.boxMoved ? 21 : 20] };
  return {
    metrics: { labels: n, learnedReturn: 0, optimalTrueReturn: 42, uniformTrueReturn: -26, heldOutAccuracy: null, disagreement: 0.1, ...r },
    cellReward: new Float32Array(0),
    cellUncertainty: new Float32Array(0),
    cellPolicy: new Float32Array(0),
    rollout: { states: [0, 1], actions: [3], transitions: [0], trueReturn: r.trueReturn, apparentReturn: r.apparentReturn, terminated: rollout.terminated ?? true, truncated: false },
    rolloutStates: [start, end],
    rolloutLearned: new Float32Array(1),
    rolloutSpread: new Float32Array(1),
    claims: [],
    pAccept: [],
    labelIssues: [],
  };
}

/** A fresh session on `levelId`, with `patch` applied. */
function view(levelId = 'warmup', patch: Partial<SessionView> = {}): SessionView {
  return { ...initialView(defaultSettings(levelId, builtinLevel(levelId)?.text ?? '')), phase: 'ready', runsIn: 'worker', ...patch };
}

const plain = { trueReturn: -10, apparentReturn: -10, normalizedReturn: 0.1 };
const fooled = { trueReturn: -30, apparentReturn: 54, normalizedReturn: -0.25 };
const reveal = { reveal: true };
const hidden = { reveal: false };

/** Per lesson, per step: a view (and Reveal switch) in which that step's condition holds. */
const satisfying: Record<string, [SessionView, { reveal: boolean }][]> = {
  clicks: [
    [view('warmup', { labels: labels(5, 'person') }), hidden],
    [view('warmup', { labels: labels(5, 'person'), snapshot: snapshot(5, plain) }), hidden],
    [view('warmup'), reveal],
    [view('warmup', { labels: labels(7, 'person'), snapshot: snapshot(7, { trueReturn: 42, apparentReturn: 42, normalizedReturn: 0.85 }) }), hidden],
  ],
  'side-effects': [
    [view('vase', { labels: labels(3, 'person') }), hidden],
    [view('vase', { verdicts: [verdict('irreversible')] }), hidden],
    [view('vase', { labels: labels(6, 'person'), snapshot: snapshot(6, plain) }), hidden],
    [view('vase'), reveal],
  ],
  fooled: [
    [view('tomato', { autoLabel: true }), hidden],
    [view('tomato', { labels: labels(10, 'labeller'), curve: [point(0, { trueReturn: -20, apparentReturn: -15, normalizedReturn: 0 })], snapshot: snapshot(10, fooled) }), hidden],
    [view('tomato'), reveal],
    [view('supervisor', { labels: labels(1, 'labeller') }), hidden],
    [view('supervisor', { labels: labels(10, 'labeller'), snapshot: snapshot(10, { trueReturn: 15, apparentReturn: 30, normalizedReturn: 0.7 }) }), hidden],
  ],
  assistant: [
    [view('tomato', { labels: labels(3, 'person') }), hidden],
    [view('tomato', { verdicts: [verdict('appearance-differs')] }), hidden],
    [view('tomato', { labels: labels(8, 'person'), verdicts: [verdict('appearance-differs'), verdict('uncertain', false)] }), hidden],
    [view('tomato', { approvals: approvals(3) }), hidden],
    [view('tomato', { approvals: approvals(3) }), reveal],
  ],
};

describe('lessons', () => {
  it('has at least four lessons with unique ids, built-in levels, known controls and short steps', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(4);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    const levelIds = BUILTIN_LEVELS.map((l) => l.id);
    for (const lesson of LESSONS) {
      expect(lessonById(lesson.id)).toBe(lesson);
      const presets = [lesson.preset, ...lesson.steps.flatMap((s) => (s.action ? [s.action.preset] : []))];
      for (const p of presets) {
        expect(levelIds).toContain(p.levelId);
        for (const h of p.hide) expect(HIDEABLE_CONTROLS).toContain(h);
        expect(p.hide).not.toContain('truth'); // steps ask for Reveal truth
        expect(JSON.parse(JSON.stringify(p))).toEqual(p); // plain data, fit for a URL or a file
      }
      expect(new Set(lesson.steps.map((s) => s.id)).size).toBe(lesson.steps.length);
      for (const s of lesson.steps) expect(s.text.length).toBeLessThanOrEqual(140);
      expect(satisfying[lesson.id]).toHaveLength(lesson.steps.length);
    }
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: each check is false on an empty session and true once its condition holds`, () => {
      const empty = view(lesson.preset.levelId);
      lesson.steps.forEach((step, i) => {
        expect(step.check(empty, hidden), `${step.id} on an empty session`).toBe(false);
        const [v, ui] = satisfying[lesson.id][i];
        expect(step.check(v, ui), `${step.id} once done`).toBe(true);
      });
    });
  }

  it('side effects: a rollout that breaks the vase, moves the box or never ends does not count', () => {
    const avoid = lessonById('side-effects')!.steps.find((s) => s.id === 'avoid')!;
    const base = { labels: labels(6, 'person') };
    expect(avoid.check(view('vase', { ...base, snapshot: snapshot(6, plain, { broken: true }) }), hidden)).toBe(false);
    expect(avoid.check(view('box', { ...base, snapshot: snapshot(6, plain, { boxMoved: true }) }), hidden)).toBe(false);
    expect(avoid.check(view('vase', { ...base, snapshot: snapshot(6, plain, { terminated: false }) }), hidden)).toBe(false);
    expect(avoid.check(view('vase', { snapshot: snapshot(0, plain) }), hidden)).toBe(false); // no labels yet: not the learner's doing
  });

  it('fooled: an honest gap or too few labels do not count', () => {
    const watch = lessonById('fooled')!.steps.find((s) => s.id === 'watch')!;
    expect(watch.check(view('tomato', { labels: labels(10, 'labeller'), snapshot: snapshot(10, plain) }), hidden)).toBe(false);
    expect(watch.check(view('tomato', { labels: labels(4, 'labeller'), snapshot: snapshot(4, fooled) }), hidden)).toBe(false);
  });

  it('a person’s labels do not count as Auto-label, nor the labeller’s as clicks', () => {
    const clicks = lessonById('clicks')!.steps[0];
    expect(clicks.check(view('warmup', { labels: labels(9, 'labeller') }), hidden)).toBe(false);
    const auto = lessonById('fooled')!.steps[0];
    expect(auto.check(view('tomato', { labels: labels(9, 'person') }), hidden)).toBe(false);
  });
});

describe('advance', () => {
  const lesson = lessonById('clicks')!;

  it('completes the step on screen when its check passes, and several at once when done ahead', () => {
    const p0 = emptyProgress(lesson);
    expect(advance(p0, lesson, view(), hidden)).toBe(p0); // unchanged: the same object
    expect(advance(p0, lesson, null, hidden)).toBe(p0);
    const p1 = advance(p0, lesson, view('warmup', { labels: labels(5, 'person') }), hidden);
    expect(p1).toEqual({ lessonId: 'clicks', done: ['label-5'], current: 1 });
    const all = view('warmup', { labels: labels(9, 'person'), snapshot: snapshot(9, { trueReturn: 44, apparentReturn: 44, normalizedReturn: 1 }) });
    const p2 = advance(p1, lesson, all, reveal);
    expect(p2.done).toEqual(['label-5', 'heat-map', 'reveal', 'score']);
    expect(p2.current).toBe(lesson.steps.length);
    expect(isComplete(p2, lesson)).toBe(true);
  });

  it('leaves a step the learner went back to on screen, and returns to a skipped step last', () => {
    const done = advance(emptyProgress(lesson), lesson, view('warmup', { labels: labels(5, 'person') }), hidden);
    const back = goToStep(done, lesson, 0);
    expect(advance(back, lesson, view('warmup', { labels: labels(5, 'person') }), hidden)).toBe(back);
    const skipped = goToStep(emptyProgress(lesson), lesson, 2); // Next, Next past open steps
    const p = advance(skipped, lesson, view(), reveal);
    expect(p).toEqual({ lessonId: 'clicks', done: ['reveal'], current: 3 }); // on to the next open step
    const good = view('warmup', { labels: labels(1, 'labeller'), snapshot: snapshot(1, { trueReturn: 44, apparentReturn: 44, normalizedReturn: 0.9 }) });
    expect(advance(p, lesson, good, reveal)).toEqual({ lessonId: 'clicks', done: ['reveal', 'score'], current: 0 }); // then back to a skipped one
  });

  it('treats a check that throws as not passed', () => {
    const bad: Lesson = { ...lesson, steps: [{ id: 'x', text: 'x', check: () => { throw new Error('half-built view'); } }] };
    const p = emptyProgress(bad);
    expect(advance(p, bad, view(), hidden)).toBe(p);
  });
});

describe('lesson progress storage', () => {
  const lesson = lessonById('side-effects')!;
  afterEach(() => localStorage.clear());

  it('persists per lesson in localStorage and reads it back', () => {
    const p = { lessonId: lesson.id, done: ['label-3'], current: 1 };
    expect(saveProgress(p)).toBe(true);
    expect(localStorage.getItem(progressKey(lesson.id))).not.toBeNull();
    expect(loadProgress(lesson)).toEqual(p);
    expect(loadProgress(lessonById('clicks')!)).toEqual(emptyProgress(lessonById('clicks')!));
    expect(loadProgress(lesson, { namespace: 'other-playground' })).toEqual(emptyProgress(lesson)); // kept apart
  });

  it('ignores corrupt or foreign stored data', () => {
    for (const raw of ['{', 'null', '42', '{"done":"label-3"}', '{"done":["nope",7],"current":99}']) {
      localStorage.setItem(progressKey(lesson.id), raw);
      expect(loadProgress(lesson), raw).toEqual(emptyProgress(lesson));
    }
    localStorage.setItem(progressKey(lesson.id), '{"done":["label-3","label-3","zzz"],"current":3}');
    expect(loadProgress(lesson)).toEqual({ lessonId: lesson.id, done: ['label-3'], current: 1 }); // not past the first open step
  });

  it('survives a storage that throws: nothing is saved, nothing throws, the lesson still advances', () => {
    const failing: ProgressStorage = {
      getItem: () => { throw new DOMException('blocked', 'SecurityError'); },
      setItem: () => { throw new DOMException('full', 'QuotaExceededError'); },
      removeItem: () => { throw new DOMException('blocked', 'SecurityError'); },
    };
    expect(loadProgress(lesson, { storage: failing })).toEqual(emptyProgress(lesson));
    const p = advance(emptyProgress(lesson), lesson, view('vase', { labels: labels(3, 'person') }), hidden);
    expect(saveProgress(p, { storage: failing })).toBe(false);
    expect(saveProgress(p, { storage: null })).toBe(false);
    expect(p.done).toEqual(['label-3']);
  });

  it('survives a window whose localStorage getter throws', () => {
    const own = Object.getOwnPropertyDescriptor(window, 'localStorage');
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    try {
      expect(loadProgress(lesson)).toEqual(emptyProgress(lesson));
      expect(saveProgress(emptyProgress(lesson))).toBe(false);
    } finally {
      if (own) Object.defineProperty(window, 'localStorage', own);
      else delete (window as { localStorage?: Storage }).localStorage;
    }
    expect(() => localStorage.length).not.toThrow();
  });
});
