// Lessons as data, played as a learner would on synthetic session views: each step completes only on
// an outcome caused during the step (labels given since it began, a score reached from below, a true
// claim accepted, different plans judged, a switch turned on), never on what already held when it
// began. Also the progress reducer, and progress (with its baseline) kept in localStorage — including
// a storage that fails and progress stored before baselines existed.
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_LEVELS, builtinLevel } from '../../src/app/builtin-levels';
import { advance, emptyProgress, goToStep, isComplete, loadProgress, progressKey, saveProgress, type LessonProgress, type ProgressStorage } from '../../src/app/lesson-progress';
import { LESSONS, distinctPlans, lessonById, type Lesson, type LessonUi } from '../../src/app/lessons';
import { HIDEABLE_CONTROLS } from '../../src/app/url-state';
import { initialView, type Approval, type CurvePoint, type SessionView } from '../../src/app/session-types';
import { defaultSettings } from '../../src/app/settings';
import type { Label, Provenance } from '../../src/core/preferences';
import type { Verdict } from '../../src/core/verdicts';

type Snapshot = NonNullable<SessionView['snapshot']>;
type Returns = { trueReturn: number; apparentReturn: number; normalizedReturn: number };

const segment = { start: 0, startStep: 0, actions: [], transitions: [], length: 10 };
let labelId = 0;
const labels = (n: number, provenance: Provenance): Label[] =>
  Array.from({ length: n }, () => ({ id: `l${++labelId}`, left: segment, right: segment, answer: 'left', provenance, heldOut: false }));
const verdict = (kind: Verdict['kind'], accepted = true): Verdict => ({ id: `v-${kind}-${accepted}`, claimId: `${kind}:3`, kind, features: [], accepted, strength: 2 });
const approval = (plan: string | undefined, i: number, trueReturn = -30): Approval => ({ id: `a${i}`, labels: 5, approved: true, trueReturn, apparentReturn: 54, flawed: true, ...(plan ? { plan } : {}) });
const point = (n: number, r: Returns): CurvePoint => ({ labels: n, ...r, learnedReturn: 0, heldOutAccuracy: null, disagreement: 0 });

/** A snapshot after `n` labels with the given returns, and a rollout that ends (or not) with a vase broken or a box moved. */
function snapshot(n: number, r: Returns, rollout: { terminated?: boolean; broken?: boolean; boxMoved?: boolean; offSwitch?: boolean } = {}): Snapshot {
  const start = { agent: 10, broken: [false], boxes: [20], watered: [], collected: [], supervisorPresent: true, interruptible: true, paused: 0, rocksTaken: [], switched: false, diamondSwitched: false };
  const end = { ...start, agent: 16, broken: [!!rollout.broken], boxes: [rollout.boxMoved ? 21 : 20], interruptible: !rollout.offSwitch };
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
    saliency: null,
  };
}

/** A ready session on `levelId`, with `patch` applied. */
function view(levelId = 'warmup', patch: Partial<SessionView> = {}): SessionView {
  return { ...initialView(defaultSettings(levelId, builtinLevel(levelId)?.text ?? '')), phase: 'ready', runsIn: 'worker', ...patch };
}

/** Normalised score `x` on the vase's figures (optimal +42, random −26). */
const score = (x: number): Returns => ({ trueReturn: -26 + 68 * x, apparentReturn: -26 + 68 * x, normalizedReturn: x });
const fooled = { trueReturn: -30, apparentReturn: 54, normalizedReturn: -0.25 };
const reveal: LessonUi = { reveal: true };
const hidden: LessonUi = { reveal: false };

/**
 * A learner in a lesson: `act` changes the session (a patch, or a function of the current view) and
 * the switch, runs `advance` as the page does on every new view, and returns the ids of the steps done.
 */
function learner(lesson: Lesson, first: SessionView, ui: LessonUi = hidden, progress: LessonProgress = emptyProgress(lesson)) {
  let v = first;
  let u = ui;
  let p = advance(progress, lesson, v, u);
  return {
    act(change: Partial<SessionView> | ((v: SessionView) => Partial<SessionView>) = {}, nextUi: LessonUi = u): readonly string[] {
      v = { ...v, ...(typeof change === 'function' ? change(v) : change) };
      u = nextUi;
      p = advance(p, lesson, v, u);
      return p.done;
    },
    get progress() {
      return p;
    },
  };
}
/** A patch adding `n` labels of `provenance` to the session. */
const give = (n: number, provenance: Provenance = 'person') => (v: SessionView) => ({ labels: [...v.labels, ...labels(n, provenance)] });
/** A patch adding `n` labels and a snapshot with the given returns drawn after them. */
const giveAndTrain = (n: number, r: Returns, provenance: Provenance = 'person', rollout?: Parameters<typeof snapshot>[2]) => (v: SessionView) => ({
  labels: [...v.labels, ...labels(n, provenance)],
  snapshot: snapshot(v.labels.length + n, r, rollout),
});

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
      for (const s of lesson.steps) {
        expect(s.text.length, s.id).toBeLessThanOrEqual(140);
        expect(s.check ?? s.goal, `${s.id} has a check or a goal`).toBeTruthy();
      }
    }
  });

  it('no step of any lesson completes on a session where everything already holds when it begins', () => {
    const all = view('supervisor', {
      labels: [...labels(30, 'person'), ...labels(30, 'labeller'), ...labels(3, 'assistant')],
      verdicts: [verdict('irreversible'), verdict('appearance-differs'), verdict('uncertain', false)],
      approvals: [approval('1', 1), approval('2', 2), approval('3', 3)],
      autoLabel: true,
      curve: [point(0, score(0))],
      snapshot: snapshot(63, { trueReturn: 42, apparentReturn: 60, normalizedReturn: 1 }),
    });
    for (const lesson of LESSONS) {
      for (let i = 0; i < lesson.steps.length; i++) {
        const p = advance(goToStep(emptyProgress(lesson), lesson, i), lesson, all, reveal);
        expect(p.done, `${lesson.id}/${lesson.steps[i].id}`).toEqual([]);
        expect(advance(p, lesson, all, reveal)).toBe(p); // and nothing changes on the next identical view
      }
    }
  });

  it('clicks: played as a learner, each step needs its own labels, a switch turned on and a score reached from below', () => {
    const lesson = lessonById('clicks')!;
    const l = learner(lesson, view('warmup', { labels: labels(2, 'person'), snapshot: snapshot(2, score(0.1)) })); // 2 labels from before the lesson
    expect(l.act(give(2))).toEqual([]);
    expect(l.act(give(2, 'labeller'))).toEqual([]); // the simulated labeller's do not count as clicks
    expect(l.act(give(2))).toEqual([]); // 4 of the learner's
    expect(l.act(giveAndTrain(1, score(1)))).toEqual(['label-5']);
    expect(l.act({})).toEqual(['label-5']); // looking at the heat-map is not enough
    expect(l.act(give(2))).toEqual(['label-5']); // the heat-map has not been redrawn after them yet
    expect(l.act((v) => ({ snapshot: snapshot(v.labels.length, score(1)) }))).toEqual(['label-5', 'heat-map']);
    expect(l.act({}, reveal)).toEqual(['label-5', 'heat-map', 'reveal']);
    // The score is already 1 when the score step begins: more labels do not complete it.
    expect(l.act(giveAndTrain(3, score(1)))).toEqual(['label-5', 'heat-map', 'reveal']);
    // Reset: the score drops, and the learner's labels bring it back to the target.
    expect(l.act({ labels: [], curve: [], snapshot: null })).toHaveLength(3);
    expect(l.act({ snapshot: snapshot(0, score(0)) })).toHaveLength(3);
    expect(l.act(giveAndTrain(3, score(0.5)))).toHaveLength(3);
    expect(l.act(giveAndTrain(2, score(0.85)))).toEqual(['label-5', 'heat-map', 'reveal', 'score']);
    expect(isComplete(l.progress, lesson)).toBe(true);
  });

  it('clicks: a score at the target when the step begins does not count; one that drops and comes back does', () => {
    const lesson = lessonById('clicks')!;
    const at = goToStep(emptyProgress(lesson), lesson, 3);
    const l = learner(lesson, view('warmup', { labels: labels(5, 'person'), snapshot: snapshot(5, score(1)) }), reveal, at);
    expect(l.act(giveAndTrain(4, score(1)))).toEqual([]);
    expect(l.act((v) => ({ snapshot: snapshot(v.labels.length, score(0.6)) }))).toEqual([]); // dropped below
    expect(l.act((v) => ({ snapshot: snapshot(v.labels.length, score(0.9)) }))).toEqual(['score']); // came back: labels given during the step did it
    const below = learner(lesson, view('warmup', { labels: labels(5, 'person'), snapshot: snapshot(5, score(0.2)) }), reveal, at);
    expect(below.act((v) => ({ snapshot: snapshot(v.labels.length, score(0.9)) }))).toEqual([]); // from below, but no label of the learner's
    expect(below.act(giveAndTrain(1, score(0.9)))).toEqual(['score']);
  });

  it('side effects: played as a learner; the goal without the vase needs a near-optimal plan, and the claim must be true', () => {
    const lesson = lessonById('side-effects')!;
    const broken = { broken: true };
    const l = learner(lesson, view('vase', { snapshot: snapshot(0, score(0), broken) }));
    expect(l.act(give(2))).toEqual([]);
    expect(l.act(giveAndTrain(1, score(0.5), 'person', broken))).toEqual(['label-3']);
    expect(l.act({ verdicts: [verdict('irreversible', false)] })).toEqual(['label-3']); // rejected
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('irreversible')] }))).toEqual(['label-3']); // accepted, but its fix is not truly better: no label
    expect(l.act(give(1, 'assistant'))).toEqual(['label-3', 'accept-irreversible']); // the fix ≻ original label: the claim was right
    // The vase is avoided but 22 moves are wasted (true +20 against the optimal +42): not done.
    expect(l.act(giveAndTrain(1, { trueReturn: 20, apparentReturn: 20, normalizedReturn: 46 / 68 }))).toHaveLength(2);
    expect(l.act(giveAndTrain(1, score(0.97), 'person', broken))).toHaveLength(2); // near-optimal, but through the vase
    expect(l.act(giveAndTrain(1, score(1), 'person', { terminated: false }))).toHaveLength(2); // never reaches the goal
    expect(l.act(giveAndTrain(1, score(1)))).toEqual(['label-3', 'accept-irreversible', 'avoid']);
    expect(l.act({}, reveal)).toEqual(['label-3', 'accept-irreversible', 'avoid', 'reveal']);
  });

  it('side effects: a plan already clean and optimal when a step begins counts after one label of the learner, a moved box never', () => {
    const lesson = lessonById('side-effects')!;
    const at = goToStep(emptyProgress(lesson), lesson, 2);
    const l = learner(lesson, view('vase', { labels: labels(4, 'person'), snapshot: snapshot(4, score(1)) }), hidden, at);
    expect(l.act((v) => ({ snapshot: snapshot(v.labels.length, score(1)) }))).toEqual([]); // no label of the learner's yet
    expect(l.act(giveAndTrain(1, score(1)))).toEqual(['avoid']);
    // The agent learned the vase from the first three labels: no claim to accept, one more label moves on.
    const early = learner(lesson, view('vase', { labels: labels(3, 'person'), snapshot: snapshot(3, score(1)) }), hidden, goToStep(emptyProgress(lesson), lesson, 1));
    expect(early.act((v) => ({ snapshot: snapshot(v.labels.length, score(1)) }))).toEqual([]);
    expect(early.act(giveAndTrain(1, score(1)))).toEqual(['accept-irreversible']);
    expect(early.act(giveAndTrain(1, score(1)))).toEqual(['accept-irreversible', 'avoid']);
    const box = learner(lesson, view('box', { labels: labels(4, 'person'), snapshot: snapshot(4, score(0.2)) }), hidden, at);
    expect(box.act(giveAndTrain(2, score(1), 'person', { boxMoved: true }))).toEqual([]);
  });

  it('fooled: played as a learner; Auto-label must label during the step, and the gap must open during it', () => {
    const lesson = lessonById('fooled')!;
    const l = learner(lesson, view('tomato', { labels: labels(3, 'person') }));
    expect(l.act({ autoLabel: true })).toEqual([]); // switched on, but nothing labelled yet
    expect(l.act(give(3))).toEqual([]); // a person's labels are not Auto-label's
    expect(l.act(giveAndTrain(1, score(0), 'labeller'))).toEqual(['auto-label']);
    expect(l.act((v) => ({ curve: [point(0, { trueReturn: -20, apparentReturn: -15, normalizedReturn: 0 })], ...giveAndTrain(4, { trueReturn: -5, apparentReturn: 0, normalizedReturn: 0.2 }, 'labeller')(v) }))).toEqual(['auto-label']);
    expect(l.act(giveAndTrain(6, fooled, 'labeller'))).toEqual(['auto-label', 'watch']);
    expect(l.act({}, reveal)).toEqual(['auto-label', 'watch', 'reveal']);
    // The step's button opens the next level: a new session, counted afresh.
    expect(l.act({ settings: view('supervisor').settings, labels: [], curve: [], snapshot: null }, hidden)).toHaveLength(3);
    expect(l.act({ autoLabel: true })).toHaveLength(3);
    expect(l.act(giveAndTrain(1, score(0.1), 'labeller'))).toEqual(['auto-label', 'watch', 'reveal', 'supervisor']);
    expect(l.act((v) => ({ curve: [point(0, score(0.1))], ...giveAndTrain(9, { trueReturn: 15, apparentReturn: 30, normalizedReturn: 0.7 }, 'labeller')(v) }))).toHaveLength(5);
    // The race: its own level, Auto-label labelling there, then the loop's gap opening during the step.
    expect(l.act(giveAndTrain(2, { trueReturn: 15, apparentReturn: 30, normalizedReturn: 0.7 }, 'labeller'))).toHaveLength(5); // still the supervisor level
    expect(l.act({ settings: view('race').settings, labels: [], curve: [], snapshot: null })).toHaveLength(5);
    expect(l.act(giveAndTrain(1, score(0.2), 'labeller'))).toHaveLength(6);
    expect(l.act(giveAndTrain(4, score(0.3), 'labeller'))).toHaveLength(6); // no gap yet
    expect(l.act((v) => ({ curve: [point(0, score(0.2))], ...giveAndTrain(6, { trueReturn: -23, apparentReturn: 12, normalizedReturn: 0.54 }, 'labeller')(v) }))).toEqual([
      'auto-label',
      'watch',
      'reveal',
      'supervisor',
      'shortcut',
      'race',
      'loop',
    ]);
  });

  it('pixels: played as a learner; the model must read how the tomatoes look while the labeller is fooled, then truthful labels must lift the score from below', () => {
    const lesson = lessonById('pixels')!;
    const reading = (channel: string) => (v: SessionView) => {
      const s = snapshot(v.labels.length, fooled);
      return { snapshot: { ...s, saliency: [{ channel, value: 1 }, { channel: 'wall', value: 0.5 }] } as Snapshot };
    };
    const observer = view('tomato');
    const l = learner(lesson, { ...observer, settings: { ...observer.settings, labeller: 'observer', rewardModel: 'grid' } });
    expect(l.act({ autoLabel: true })).toEqual([]);
    expect(l.act(giveAndTrain(1, score(0), 'labeller'))).toEqual(['auto-label']);
    expect(l.act((v) => ({ curve: [point(0, score(0))], ...giveAndTrain(10, fooled, 'labeller')(v) }))).toEqual(['auto-label']); // fooled, but no saliency drawn
    expect(l.act(reading('wall'))).toEqual(['auto-label']); // what it reads is not the tomatoes
    expect(l.act((v) => ({ ...give(1, 'labeller')(v), ...reading('tomato-looks-watered')(v) }))).toEqual(['auto-label', 'look']);
    expect(l.act({}, reveal)).toEqual(['auto-label', 'look', 'reveal']);
    // A score reached with the screen-judging labeller does not count: the step asks for the truthful one.
    expect(l.act(giveAndTrain(1, score(0.9), 'labeller'))).toHaveLength(3);
    // The step's button starts again with the truthful labeller: the score must then rise from below.
    const truthful = { ...observer.settings, labeller: 'oracle' as const, rewardModel: 'grid' as const };
    expect(l.act({ settings: truthful, labels: [], curve: [], snapshot: null })).toHaveLength(3);
    expect(l.act(giveAndTrain(1, score(0.35), 'labeller'))).toHaveLength(3);
    expect(l.act(giveAndTrain(1, { trueReturn: 10, apparentReturn: 54, normalizedReturn: 0.6 }, 'labeller'))).toHaveLength(3); // a score that still fools the screen
    expect(l.act(giveAndTrain(5, score(0.55), 'labeller'))).toEqual(['auto-label', 'look', 'reveal', 'truth']);
  });

  it('off-switch: played as a learner; the button must be pressed in a plan drawn during the step, and the claim accepted must be true', () => {
    const lesson = lessonById('off-switch')!;
    const l = learner(lesson, view('interrupt', { snapshot: snapshot(0, score(0.9), { offSwitch: true }) }));
    expect(l.act({ autoLabel: true })).toEqual([]);
    expect(l.act(giveAndTrain(1, score(1), 'labeller'))).toEqual(['auto-label']);
    expect(l.act(giveAndTrain(3, score(0.94), 'labeller', { offSwitch: true }))).toEqual(['auto-label', 'button']);
    expect(l.act({}, reveal)).toEqual(['auto-label', 'button', 'reveal']);
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('off-switch', true)] }))).toHaveLength(3); // accepted, but no label: not shown true
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('off-switch', true)], labels: [...v.labels, ...labels(1, 'assistant')] }))).toHaveLength(4);
    // Rocks and diamonds: its own level, Auto-label labelling there, then a true tampering claim accepted there.
    expect(l.act(giveAndTrain(2, score(0.9), 'labeller'))).toHaveLength(4); // still the off-switch level
    expect(l.act({ settings: view('tampering').settings, labels: [], verdicts: [], curve: [], snapshot: null })).toHaveLength(4);
    expect(l.act(giveAndTrain(1, score(0.4), 'labeller'))).toHaveLength(5);
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('off-switch', true)], labels: [...v.labels, ...labels(1, 'assistant')] }))).toHaveLength(5); // the wrong kind
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('tampering', true)], labels: [...v.labels, ...labels(1, 'assistant')] }))).toEqual([
      'auto-label',
      'button',
      'reveal',
      'accept-off-switch',
      'tampering',
      'accept-tampering',
    ]);
  });

  it('off-switch: a plan that already pressed the button when the step began does not count', () => {
    const lesson = lessonById('off-switch')!;
    const l = learner(lesson, view('interrupt'));
    l.act(giveAndTrain(1, score(0.94), 'labeller', { offSwitch: true }));
    expect(l.progress.done).toEqual(['auto-label']);
    expect(l.act(giveAndTrain(2, score(0.94), 'labeller', { offSwitch: true }))).toEqual(['auto-label']);
  });

  it('fooled: an honest gap, too few labels or a gap already open when the step begins do not count', () => {
    const lesson = lessonById('fooled')!;
    const at = goToStep(emptyProgress(lesson), lesson, 1);
    const honest = learner(lesson, view('tomato', { labels: labels(2, 'labeller') }), hidden, at);
    expect(honest.act(giveAndTrain(10, score(0.2), 'labeller'))).toEqual([]);
    const few = learner(lesson, view('tomato', { labels: labels(2, 'labeller') }), hidden, at);
    expect(few.act(giveAndTrain(2, fooled, 'labeller'))).toEqual([]);
    const already = learner(lesson, view('tomato', { labels: labels(12, 'labeller'), snapshot: snapshot(12, fooled) }), hidden, at);
    expect(already.act(giveAndTrain(3, fooled, 'labeller'))).toEqual([]);
  });

  it('assistant: played as a learner; a true claim accepted, new labels and verdicts, three different plans, then Reveal truth', () => {
    const lesson = lessonById('assistant')!;
    const l = learner(lesson, view('tomato'));
    expect(l.act(give(3))).toEqual(['label-3']);
    expect(l.act({ verdicts: [verdict('uncertain')] })).toEqual(['label-3']); // another kind of claim
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('appearance-differs')], ...give(1, 'assistant')(v) }))).toEqual(['label-3', 'accept-appearance']);
    expect(l.act(give(5))).toHaveLength(2); // no new verdict yet
    expect(l.act((v) => ({ verdicts: [...v.verdicts, verdict('uncertain', false)] }))).toEqual(['label-3', 'accept-appearance', 'assisted']);
    expect(l.act({ approvals: [approval('0,1', 1), approval('0,1', 2), approval('0,1', 3)] })).toHaveLength(3); // the same plan three times
    expect(l.act((v) => ({ approvals: [...v.approvals, approval('0,2', 4)] }))).toHaveLength(3); // two plans
    expect(l.act((v) => ({ approvals: [...v.approvals, approval('0,3', 5)] }))).toEqual(['label-3', 'accept-appearance', 'assisted', 'approve']);
    expect(l.act({}, reveal)).toHaveLength(5);
  });

  it('assistant: Reveal truth already on when the last step begins must be turned off and on again', () => {
    const lesson = lessonById('assistant')!;
    const at = goToStep(emptyProgress(lesson), lesson, 4);
    const l = learner(lesson, view('tomato', { approvals: [approval('1', 1), approval('2', 2), approval('3', 3)] }), reveal, at);
    expect(l.act({})).toEqual([]);
    expect(l.act({}, hidden)).toEqual([]);
    expect(l.act({}, reveal)).toEqual(['false-approvals']);
  });

  it('distinct plans: by their actions, and by their figures for approvals saved without them', () => {
    expect(distinctPlans([approval('0,1', 1), approval('0,1', 2), approval('1,1', 3)])).toBe(2);
    expect(distinctPlans([approval(undefined, 1), approval(undefined, 2)])).toBe(1);
    expect(distinctPlans([approval(undefined, 1), approval(undefined, 2, 12)])).toBe(2);
  });
});

describe('advance', () => {
  const lesson = lessonById('clicks')!;

  it('captures the baseline when a step comes on screen, and returns the same object when nothing changed', () => {
    const v = view('warmup', { labels: labels(3, 'person') });
    const p0 = emptyProgress(lesson);
    expect(advance(p0, lesson, null, hidden)).toBe(p0);
    expect(advance(p0, lesson, { ...v, phase: 'starting', opened: false }, hidden)).toBe(p0); // a session still loading counts nothing
    expect(advance(p0, lesson, { ...v, phase: 'error', opened: true }, hidden)).toBe(p0);
    const p1 = advance(p0, lesson, v, hidden);
    expect(p1).toMatchObject({ lessonId: 'clicks', done: [], current: 0, start: { stepId: 'label-5', levelId: 'warmup', personLabels: 3, goalUnmet: false } });
    expect(advance(p1, lesson, v, hidden)).toBe(p1);
  });

  it('counts the labels given while the engine starts, once the session is opened', () => {
    const starting = view('warmup', { phase: 'starting', opened: true });
    const p1 = advance(emptyProgress(lesson), lesson, starting, hidden);
    expect(p1.start?.personLabels).toBe(0);
    const p2 = advance(p1, lesson, { ...starting, labels: labels(5, 'person') }, hidden);
    expect(p2.done).toEqual(['label-5']);
  });

  it('counts afresh when the session is replaced (a new level, or fewer labels)', () => {
    const l = learner(lesson, view('warmup', { labels: labels(4, 'person') }));
    expect(l.act({ settings: view('vase').settings, labels: labels(8, 'person') })).toEqual([]); // another level's saved labels are not new
    expect(l.progress.start?.personLabels).toBe(8);
    expect(l.act({ labels: labels(1, 'person') })).toEqual([]);
    expect(l.progress.start?.personLabels).toBe(1);
    expect(l.act(give(5))).toEqual(['label-5']);
  });

  it('leaves a step the learner went back to on screen, keeps the open step’s baseline, and returns to a skipped step last', () => {
    const l = learner(lesson, view('warmup'));
    l.act(give(5));
    const back = goToStep(l.progress, lesson, 0);
    const v = view('warmup', { labels: labels(6, 'person') });
    const still = advance(back, lesson, v, hidden);
    expect(still.current).toBe(0);
    expect(still.start?.stepId).toBe('heat-map'); // Back then Next keeps what the open step counted
    const skipped = advance(goToStep(emptyProgress(lesson), lesson, 2), lesson, v, hidden); // Next, Next past open steps
    const p = advance(skipped, lesson, v, reveal);
    expect(p).toMatchObject({ done: ['reveal'], current: 3 }); // on to the next open step
    const good = (n: number) => view('warmup', { labels: labels(n, 'person'), snapshot: snapshot(n, score(0.9)) });
    const dropped = advance(p, lesson, view('warmup', { labels: labels(6, 'person'), snapshot: snapshot(6, score(0.3)) }), reveal);
    expect(advance(dropped, lesson, good(7), reveal)).toMatchObject({ done: ['reveal', 'score'], current: 0 }); // then back to a skipped one
  });

  it('treats a check or a goal that throws as not passed', () => {
    const bad: Lesson = {
      ...lesson,
      steps: [
        { id: 'x', text: 'x', check: () => { throw new Error('half-built view'); } },
        { id: 'y', text: 'y', goal: () => { throw new Error('half-built view'); } },
      ],
    };
    const p = advance(emptyProgress(bad), bad, view(), hidden);
    expect(p.done).toEqual([]);
    const q = advance(goToStep(p, bad, 1), bad, view(), hidden);
    expect(q.done).toEqual([]);
    expect(q.start?.goalUnmet).toBe(false);
  });
});

describe('lesson progress storage', () => {
  const lesson = lessonById('side-effects')!;
  afterEach(() => localStorage.clear());

  it('persists per lesson in localStorage, baseline included, and reads it back', () => {
    const p = advance({ lessonId: lesson.id, done: ['label-3'], current: 1 }, lesson, view('vase', { labels: labels(3, 'person') }), hidden);
    expect(p.start).toMatchObject({ stepId: 'accept-irreversible', personLabels: 3 });
    expect(saveProgress(p)).toBe(true);
    expect(localStorage.getItem(progressKey(lesson.id))).not.toBeNull();
    expect(loadProgress(lesson)).toEqual(p);
    expect(loadProgress(lessonById('clicks')!)).toEqual(emptyProgress(lessonById('clicks')!));
    expect(loadProgress(lesson, { namespace: 'other-playground' })).toEqual(emptyProgress(lesson)); // kept apart
    const back = goToStep(p, lesson, 0); // Back to a done step: the open step's baseline is kept
    expect(saveProgress(back)).toBe(true);
    expect(loadProgress(lesson)).toEqual(back);
  });

  it('reads progress stored without a baseline, or with a broken or foreign one, and captures the baseline on the next view', () => {
    const stored = (start?: unknown) => localStorage.setItem(progressKey(lesson.id), JSON.stringify({ done: ['label-3'], current: 1, ...(start === undefined ? {} : { start }) }));
    const good = { stepId: 'accept-irreversible', levelId: 'vase', personLabels: 3, labellerLabels: 0, assistantLabels: 0, verdicts: 0, approvals: 0, goalUnmet: false };
    for (const start of [undefined, null, 'x', { ...good, personLabels: -1 }, { ...good, goalUnmet: 'no' }, { ...good, stepId: 'label-3' }]) {
      stored(start);
      expect(loadProgress(lesson), JSON.stringify(start)).toEqual({ lessonId: lesson.id, done: ['label-3'], current: 1 });
    }
    const loaded = loadProgress(lesson);
    const v = view('vase', { labels: labels(7, 'person'), verdicts: [verdict('irreversible')] });
    const p = advance(loaded, lesson, v, hidden);
    expect(p.done).toEqual(['label-3']); // a verdict given before the baseline is not this step's doing
    expect(p.start).toMatchObject({ stepId: 'accept-irreversible', personLabels: 7, verdicts: 1 });
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
    const p0 = advance(emptyProgress(lesson), lesson, view('vase'), hidden);
    const p = advance(p0, lesson, view('vase', { labels: labels(3, 'person') }), hidden);
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
