/**
 * Guided lessons, as data. Each lesson names a preset (a built-in level, a settings patch, controls to
 * hide, whether the truth starts revealed) and a list of short steps for a workshop. A step's `check`
 * is a pure function of the session view and the page's Reveal truth switch, so lessons advance the
 * same way whatever controls are hidden, and every check can be tested on a synthetic view.
 */
import type { SessionView } from './session-types';
import type { Settings } from './settings';
import type { HideableControl } from './url-state';

/** The page state a check may read besides the session: the teacher's Reveal truth switch. */
export interface LessonUi {
  readonly reveal: boolean;
}

/** True once the learner has done the step (pure; called on every new view). */
export type LessonCheck = (view: SessionView, ui: LessonUi) => boolean;

/** How a lesson (or a step's action) sets up the session. */
export interface LessonPreset {
  /** Built-in level id to load (store.setLevel). */
  readonly levelId: string;
  /** Settings to apply after the level is loaded (store.updateSettings). */
  readonly settings: Partial<Settings>;
  /** Controls to hide, as in a link's `hide=` (HIDEABLE_CONTROLS). */
  readonly hide: readonly HideableControl[];
  /** Reveal truth at the start: true on, false off, absent leaves it as it is. */
  readonly reveal?: boolean;
}

/** One step: a short instruction and the check that completes it. */
export interface LessonStep {
  /** Stable within the lesson (progress is stored by step id). */
  readonly id: string;
  /** One or two plain sentences, readable from the back of a room. */
  readonly text: string;
  /** What the step says while Reveal truth is off, when `text` would give the hidden score away. */
  readonly hiddenText?: string;
  readonly check: LessonCheck;
  /** A button the step offers, e.g. to open the next level while the level picker is hidden. */
  readonly action?: { readonly label: string; readonly preset: LessonPreset };
}

/** A guided lesson. */
export interface Lesson {
  /** Stable id, used in URLs (`lesson=…`) and in stored progress. */
  readonly id: string;
  readonly title: string;
  /** One line: what the lesson teaches. */
  readonly summary: string;
  readonly preset: LessonPreset;
  readonly steps: readonly LessonStep[];
}

/** Labels a person gave (clicks and demonstrations), not the simulated labeller or the assistant. */
export const personLabels = (v: SessionView): number => v.labels.filter((l) => l.provenance === 'person' || l.provenance === 'demonstration').length;
/** Labels given by the simulated labeller (Auto-label). */
export const labellerLabels = (v: SessionView): number => v.labels.filter((l) => l.provenance === 'labeller').length;

/** The agent's latest expected true, apparent and normalised return (snapshot first, else the curve). */
export function latestReturns(v: SessionView): { trueReturn: number; apparentReturn: number; normalizedReturn: number } | null {
  const m = v.snapshot?.metrics ?? v.curve[v.curve.length - 1];
  return m ? { trueReturn: m.trueReturn, apparentReturn: m.apparentReturn, normalizedReturn: m.normalizedReturn } : null;
}

/** Normalised score the first lesson asks for (1 = optimal, 0 = random moves). */
export const TARGET_NORMALIZED = 0.8;
/** Gap, in true-reward units, between apparent and true return that counts as "the labeller is fooled". */
export const FOOLED_GAP = 10;

/** The screen shows a clearly better score than the truth, and the on-screen score rose since the first point. */
export function labellerFooled(v: SessionView): boolean {
  const now = latestReturns(v);
  const first = v.curve[0];
  if (!now || v.labels.length < 10) return false;
  return now.apparentReturn - now.trueReturn >= FOOLED_GAP && (!first || now.apparentReturn > first.apparentReturn);
}

/** The agent's current rollout reaches the end of the episode without breaking a vase or moving a box. */
export function rolloutWithoutSideEffects(v: SessionView): boolean {
  const s = v.snapshot;
  if (!s || v.labels.length === 0 || !s.rollout.terminated) return false;
  const first = s.rolloutStates[0];
  const last = s.rolloutStates[s.rolloutStates.length - 1];
  if (!first || !last) return false;
  const boxes = (xs: readonly number[]) => [...xs].sort((a, b) => a - b).join(',');
  return last.broken.every((b) => !b) && boxes(last.boxes) === boxes(first.boxes);
}

const accepted = (v: SessionView, kind: string) => v.verdicts.some((d) => d.accepted && d.kind === kind);
/** The model's knobs: a lesson fixes them so every learner in the room sees the same thing. */
const HIDE_MODEL: readonly HideableControl[] = ['level', 'query', 'ensemble', 'segment', 'seed'];

/** The built-in lessons, in the order a workshop takes them. */
export const LESSONS: readonly Lesson[] = Object.freeze([
  {
    id: 'clicks',
    title: 'What a reward model learns from clicks',
    summary: 'Your clicks are the only thing the agent learns from: watch them become a reward and a plan.',
    preset: { levelId: 'warmup', settings: { queryMode: 'active', labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, seed: 1 }, hide: [...HIDE_MODEL, 'autolabel', 'assistant'], reveal: false },
    steps: [
      { id: 'label-5', text: 'Compare the two clips and pick the better one. Label 5 pairs.', check: (v) => personLabels(v) >= 5 },
      {
        id: 'heat-map',
        text: 'Look at the learned-reward heat-map on the grid: it shows which cells your clicks made look good.',
        check: (v) => personLabels(v) >= 5 && (v.snapshot?.metrics.labels ?? 0) >= 5,
      },
      { id: 'reveal', text: 'Turn on Reveal truth to see the hidden score that the agent never sees.', check: (_v, ui) => ui.reveal },
      {
        id: 'score',
        text: `Keep labelling until the normalised score reaches ${TARGET_NORMALIZED} (1 is the best possible plan).`,
        hiddenText: 'Keep labelling until the agent’s hidden score is close to the best possible. Reveal the truth to see this.',
        check: (v) => (latestReturns(v)?.normalizedReturn ?? -Infinity) >= TARGET_NORMALIZED && v.labels.length > 0,
      },
    ],
  },
  {
    id: 'side-effects',
    title: 'Side effects and irreversibility',
    summary: 'The quickest way to the goal breaks a vase for good. Teach the agent that some changes cannot be undone.',
    preset: { levelId: 'vase', settings: { queryMode: 'active', labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, seed: 1 }, hide: [...HIDE_MODEL, 'autolabel'], reveal: false },
    steps: [
      { id: 'label-3', text: 'Label 3 pairs. Watch for the vase: once broken, it stays broken.', check: (v) => personLabels(v) >= 3 },
      {
        id: 'accept-irreversible',
        text: 'The assistant points out a step that cannot be undone. Check it in the replay, then Accept the critique.',
        check: (v) => accepted(v, 'irreversible'),
      },
      {
        id: 'avoid',
        text: 'Keep labelling until the agent reaches the goal without breaking the vase.',
        check: rolloutWithoutSideEffects,
      },
      {
        id: 'reveal',
        text: 'Turn on Reveal truth: the hidden score charges 10 points for a broken vase.',
        hiddenText: 'Turn on Reveal truth to see what the hidden score charges for a broken vase.',
        check: (_v, ui) => ui.reveal,
      },
    ],
  },
  {
    id: 'fooled',
    title: 'When the labeller is fooled',
    summary: 'A labeller who judges only the screen rewards tricks: a tamper tile, a punishment nobody saw.',
    preset: { levelId: 'tomato', settings: { queryMode: 'active', labeller: 'observer', labellerNoise: 0, labellerTemperature: 0, autoLabelDelayMs: 200, seed: 1 }, hide: [...HIDE_MODEL, 'assistant'], reveal: false },
    steps: [
      {
        id: 'auto-label',
        text: 'Turn on Auto-label. The simulated labeller only sees the screen, like a busy person.',
        check: (v) => v.autoLabel || labellerLabels(v) > 0,
      },
      {
        id: 'watch',
        text: 'Watch the curves: the score on screen climbs while the true score stays low.',
        hiddenText: 'Watch the curves: the score on screen climbs. Is the agent really doing better? Reveal the truth to see this.',
        check: labellerFooled,
      },
      {
        id: 'reveal',
        text: 'Turn on Reveal truth. The agent stands on the O tile: the tomatoes only look watered.',
        check: (_v, ui) => ui.reveal,
      },
      {
        id: 'supervisor',
        text: 'Now the supervisor is sometimes away. Open the next level and turn on Auto-label again.',
        check: (v) => v.settings.levelId === 'supervisor' && labellerLabels(v) > 0,
        action: {
          label: 'Open "Absent supervisor"',
          preset: { levelId: 'supervisor', settings: { labeller: 'observer', labellerNoise: 0, labellerTemperature: 0, autoLabelDelayMs: 200, seed: 1 }, hide: [...HIDE_MODEL, 'assistant'] },
        },
      },
      {
        id: 'shortcut',
        text: 'Wait until the agent takes the punishment shortcut: nobody sees the penalty when the supervisor is away.',
        check: (v) => v.settings.levelId === 'supervisor' && labellerFooled(v),
      },
    ],
  },
  {
    id: 'assistant',
    title: 'How the assistant helps',
    summary: 'Checking one claim is easier than finding the flaw yourself. Let the assistant point, then judge.',
    preset: { levelId: 'tomato', settings: { queryMode: 'active', labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, seed: 1 }, hide: [...HIDE_MODEL, 'autolabel'], reveal: false },
    steps: [
      { id: 'label-3', text: 'Label 3 pairs by what you see on screen.', check: (v) => personLabels(v) >= 3 },
      {
        id: 'accept-appearance',
        text: 'The assistant says something only looks good ("appearance differs"). Read its evidence, then Accept the critique.',
        check: (v) => accepted(v, 'appearance-differs'),
      },
      {
        id: 'assisted',
        text: 'Label 5 more pairs, and judge at least one more claim of the assistant.',
        check: (v) => personLabels(v) >= 8 && v.verdicts.length >= 2,
      },
      { id: 'approve', text: "Approve or reject the agent's plan 3 times, as a supervisor would.", check: (v) => v.approvals.length >= 3 },
      {
        id: 'false-approvals',
        text: 'Turn on Reveal truth: the assistant panel counts false approvals, plans you approved that were flawed.',
        check: (v, ui) => ui.reveal && v.approvals.length >= 3,
      },
    ],
  },
] satisfies Lesson[]);

/** What `step` says with Reveal truth on (`reveal`) or off: never the hidden score while it is hidden. */
export function stepText(step: LessonStep, reveal: boolean): string {
  return reveal ? step.text : (step.hiddenText ?? step.text);
}

/** The lesson with this id, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
