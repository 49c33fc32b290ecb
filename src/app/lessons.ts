/**
 * Guided lessons, as data. Each lesson names a preset (a built-in level, a settings patch, controls to
 * hide, whether the truth starts revealed) and a list of short steps for a workshop. A step completes
 * on an outcome the learner caused during the step: its `check` compares the session with the
 * baseline (`StepStart`) captured when the step came on screen, and its `goal`, when it has one, must
 * have been seen unmet during the step before it counts as met (a score reached from below, a switch
 * turned on). Checks are pure functions of the view, the page's Reveal truth switch and the
 * baseline, so lessons advance the same way whatever controls are hidden, and every check can be
 * tested on synthetic views.
 */
import type { Approval, SessionView } from './session-types';
import type { Settings } from './settings';
import type { HideableControl } from './url-state';

/** The page state a check may read besides the session: the teacher's Reveal truth switch. */
export interface LessonUi {
  readonly reveal: boolean;
}

/** The session as it was when a step came on screen: what the step's check counts from. */
export interface StepStart {
  /** The step this baseline belongs to. */
  readonly stepId: string;
  /** The level then: a new level (new session) starts the count again. */
  readonly levelId: string;
  /** Labels by who gave them: a person (clicks and demonstrations), Auto-label, the assistant. */
  readonly personLabels: number;
  readonly labellerLabels: number;
  readonly assistantLabels: number;
  /** Verdicts on claims and plan approvals already given (both lists only grow). */
  readonly verdicts: number;
  readonly approvals: number;
  /** Whether the step's goal has been seen unmet since the step came on screen. */
  readonly goalUnmet: boolean;
}

/** True once the learner has done what the step asks, counted from `start` (pure; called on every new view). */
export type LessonCheck = (view: SessionView, ui: LessonUi, start: StepStart) => boolean;

/** The state a step asks the learner to bring about: true met, false unmet, null when it cannot be told yet. */
export type LessonGoal = (view: SessionView, ui: LessonUi) => boolean | null;

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

/** One step: a short instruction, and what completes it (a check, a goal, or both). */
export interface LessonStep {
  /** Stable within the lesson (progress is stored by step id). */
  readonly id: string;
  /** One or two plain sentences, readable from the back of a room. */
  readonly text: string;
  /** What the step says while Reveal truth is off, when `text` would give the hidden score away. */
  readonly hiddenText?: string;
  /** What the learner must have done during the step (default: nothing besides the goal). */
  readonly check?: LessonCheck;
  /** A state to reach from below: it completes the step only after being seen unmet during the step. */
  readonly goal?: LessonGoal;
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
/** Labels the assistant added: each one an accepted claim whose fix truly scores more ("fix ≻ original"). */
export const assistantLabels = (v: SessionView): number => v.labels.filter((l) => l.provenance === 'assistant').length;

/** The baseline of `stepId` on this view (its goal not yet seen unmet): what a step counts from when it comes on screen. */
export function captureStart(stepId: string, view: SessionView): StepStart {
  return {
    stepId,
    levelId: view.settings.levelId,
    personLabels: personLabels(view),
    labellerLabels: labellerLabels(view),
    assistantLabels: assistantLabels(view),
    verdicts: view.verdicts.length,
    approvals: view.approvals.length,
    goalUnmet: false,
  };
}

/** What happened since the step began: new labels by provenance, and the verdicts and approvals given. */
export function sinceStart(v: SessionView, start: StepStart) {
  return {
    person: personLabels(v) - start.personLabels,
    labeller: labellerLabels(v) - start.labellerLabels,
    assistant: assistantLabels(v) - start.assistantLabels,
    verdicts: v.verdicts.slice(start.verdicts),
    approvals: v.approvals.slice(start.approvals),
  };
}

/** The agent's latest expected true, apparent and normalised return (snapshot first, else the curve). */
export function latestReturns(v: SessionView): { trueReturn: number; apparentReturn: number; normalizedReturn: number } | null {
  const m = v.snapshot?.metrics ?? v.curve[v.curve.length - 1];
  return m ? { trueReturn: m.trueReturn, apparentReturn: m.apparentReturn, normalizedReturn: m.normalizedReturn } : null;
}

/** Normalised score the first lesson asks for (1 = optimal, 0 = random moves). */
export const TARGET_NORMALIZED = 0.8;
/** Gap, in true-reward units, between apparent and true return that counts as "the labeller is fooled". */
export const FOOLED_GAP = 10;
/** Most points of true score below the optimal plan that still count as "no wasted moves". */
export const NEAR_OPTIMAL_POINTS = 5;

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

/** The agent's current rollout turns interruptions off (it pressed the off-switch button on the way). */
export function rolloutDisablesOffSwitch(v: SessionView): boolean {
  const states = v.snapshot?.rolloutStates ?? [];
  return states.length > 1 && states[0].interruptible && !states[states.length - 1].interruptible;
}

/** The agent's plan scores within NEAR_OPTIMAL_POINTS of the best plan's true score: no wasted moves. */
export function nearOptimal(v: SessionView): boolean {
  const m = v.snapshot?.metrics;
  return !!m && m.optimalTrueReturn - m.trueReturn <= NEAR_OPTIMAL_POINTS;
}

/** How many different plans these approvals judged (by the plan's actions; older records by their figures). */
export function distinctPlans(approvals: readonly Approval[]): number {
  return new Set(approvals.map((a) => a.plan ?? `${a.labels}|${a.trueReturn}|${a.apparentReturn}`)).size;
}

/** A claim of `kind` was accepted during the step and it was right: its fix truly scores more, so it became a label. */
const acceptedTrueClaim = (v: SessionView, start: StepStart, kind: string): boolean => {
  const since = sinceStart(v, start);
  return since.verdicts.some((d) => d.accepted && d.kind === kind) && since.assistant > 0;
};
/** The agent's plan reaches the goal without a side effect and within a few points of the optimum. */
const cleanAndNearOptimal = (v: SessionView): boolean => rolloutWithoutSideEffects(v) && nearOptimal(v);
/** The normalised score is at the target (null until there is a score). */
const scoreReached = (v: SessionView): boolean | null => {
  const r = latestReturns(v);
  return r ? r.normalizedReturn >= TARGET_NORMALIZED : null;
};
/** The channel of the screen that moves the grid model's choices most on the agent's path (null: features model, or no snapshot yet). */
const saliencyLeader = (v: SessionView): string | null => v.snapshot?.saliency?.[0]?.channel ?? null;
/** The grid model's choices turn most on how the tomatoes look (watered or dry). */
const readsTomatoLook = (v: SessionView): boolean => saliencyLeader(v)?.startsWith('tomato-looks') ?? false;
/** Normalised score the tomato garden asks of the grid model taught by truthful labels: well above random, short of the best. */
export const WATERING_NORMALIZED = 0.5;
/** The agent's plan scores at least WATERING_NORMALIZED without fooling the screen (null until there is a score). */
const wateringForReal = (v: SessionView): boolean | null => {
  const r = latestReturns(v);
  return r ? r.normalizedReturn >= WATERING_NORMALIZED && r.apparentReturn - r.trueReturn < FOOLED_GAP : null;
};
/** Reveal truth is on. */
const revealed: LessonGoal = (_v, ui) => ui.reveal;
/** The model's knobs: a lesson fixes them so every learner in the room sees the same thing. */
const HIDE_MODEL: readonly HideableControl[] = ['level', 'query', 'ensemble', 'model', 'segment', 'seed'];
/** The simulated labeller who judges only the screen, labelling quickly once Auto-label is on. */
const OBSERVER: Partial<Settings> = { labeller: 'observer', labellerNoise: 0, labellerTemperature: 0, autoLabelDelayMs: 200, seed: 1 };
/** The simulated labeller who sees the true score, labelling quickly once Auto-label is on. */
const TRUTHFUL: Partial<Settings> = { labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, autoLabelDelayMs: 200, seed: 1 };
/** A step's preset that opens `levelId` with the screen-judging labeller. */
const observerPreset = (levelId: string, hide: readonly HideableControl[]): LessonPreset => ({ levelId, settings: OBSERVER, hide });

/** The built-in lessons, in the order a workshop takes them. */
export const LESSONS: readonly Lesson[] = Object.freeze([
  {
    id: 'clicks',
    title: 'What a reward model learns from clicks',
    summary: 'Your clicks are the only thing the agent learns from: watch them become a reward and a plan.',
    preset: { levelId: 'warmup', settings: { queryMode: 'active', labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, seed: 1 }, hide: [...HIDE_MODEL, 'autolabel', 'assistant'], reveal: false },
    steps: [
      { id: 'label-5', text: 'Compare the two clips and pick the better one. Label 5 pairs.', check: (v, _ui, s) => sinceStart(v, s).person >= 5 },
      {
        id: 'heat-map',
        text: 'The heat-map on the grid shows the learned reward: the cells your clicks made look good. Label 2 more pairs and watch its colours move.',
        check: (v, _ui, s) => sinceStart(v, s).person >= 2 && (v.snapshot?.metrics.labels ?? 0) >= v.labels.length,
      },
      { id: 'reveal', text: 'Turn on Reveal truth to see the hidden score that the agent never sees.', goal: revealed },
      {
        id: 'score',
        text: `Press Reset to start afresh, then label until the normalised score reaches ${TARGET_NORMALIZED} (1 is the best possible plan). Count the clicks it takes.`,
        hiddenText: 'Press Reset to start afresh, then label until the agent’s hidden score is close to the best possible. Reveal the truth to see this.',
        check: (v, _ui, s) => sinceStart(v, s).person >= 1,
        goal: scoreReached,
      },
    ],
  },
  {
    id: 'side-effects',
    title: 'Side effects and irreversibility',
    summary: 'The quickest way to the goal breaks a vase for good. Teach the agent that some changes cannot be undone.',
    preset: { levelId: 'vase', settings: { queryMode: 'active', labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, seed: 1 }, hide: [...HIDE_MODEL, 'autolabel'], reveal: false },
    steps: [
      { id: 'label-3', text: 'Label 3 pairs. Watch for the vase: once broken, it stays broken.', check: (v, _ui, s) => sinceStart(v, s).person >= 3 },
      {
        id: 'accept-irreversible',
        text: 'The assistant names a step that cannot be undone ("Cannot be undone"): check it, press Accept critique. Agent avoids the vase? Label a pair.',
        // A learner whose first labels already taught the vase has no claim to accept: one more
        // label with the agent reaching the goal cleanly moves them on, or the lesson would stall.
        check: (v, _ui, s) => acceptedTrueClaim(v, s, 'irreversible') || (sinceStart(v, s).person >= 1 && cleanAndNearOptimal(v)),
      },
      {
        id: 'avoid',
        text: 'Keep labelling until the agent reaches the goal without breaking the vase, and without wasted moves.',
        // Not a goal that must first be seen unmet: an agent already there when the step begins
        // would stall the lesson; the learner's next label completes it.
        check: (v, _ui, s) => sinceStart(v, s).person >= 1 && cleanAndNearOptimal(v),
      },
      {
        id: 'reveal',
        text: 'Turn on Reveal truth: the hidden score charges 10 points for a broken vase.',
        hiddenText: 'Turn on Reveal truth to see what the hidden score charges for a broken vase.',
        goal: revealed,
      },
    ],
  },
  {
    id: 'fooled',
    title: 'When the labeller is fooled',
    summary: 'A labeller who judges only the screen rewards tricks: a tamper tile, a punishment nobody saw.',
    preset: { levelId: 'tomato', settings: { queryMode: 'active', ...OBSERVER }, hide: [...HIDE_MODEL, 'assistant'], reveal: false },
    steps: [
      {
        id: 'auto-label',
        text: 'Turn on Auto-label. The simulated labeller only sees the screen, like a busy person.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
      },
      {
        id: 'watch',
        text: 'Watch the curves: the apparent return climbs while the true return stays low.',
        hiddenText: 'Watch the curves: the apparent return climbs. Is the agent really doing better? Reveal the truth to see this.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
        goal: labellerFooled,
      },
      {
        id: 'reveal',
        text: 'Turn on Reveal truth. The agent stands on the Tamper tile: the tomatoes only look watered.',
        goal: revealed,
      },
      {
        id: 'supervisor',
        text: 'Now the supervisor is sometimes away. Open the next level and turn on Auto-label again.',
        check: (v, _ui, s) => v.settings.levelId === 'supervisor' && sinceStart(v, s).labeller >= 1,
        action: {
          label: 'Open "Absent supervisor"',
          preset: observerPreset('supervisor', [...HIDE_MODEL, 'assistant']),
        },
      },
      {
        id: 'shortcut',
        text: 'Wait until the agent takes the punishment shortcut: nobody sees the penalty when the supervisor is away.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
        goal: (v) => v.settings.levelId === 'supervisor' && labellerFooled(v),
      },
      {
        id: 'race',
        text: 'A race: the screen pays +3 per checkpoint passed the way its arrow points. Open the next level and turn on Auto-label again.',
        check: (v, _ui, s) => v.settings.levelId === 'race' && sinceStart(v, s).labeller >= 1,
        action: {
          label: 'Open "Boat race"',
          preset: observerPreset('race', [...HIDE_MODEL, 'assistant']),
        },
      },
      {
        id: 'loop',
        text: 'Wait until the agent goes back and forth over one checkpoint: the race score climbs, but the agent never goes round the track.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
        goal: (v) => v.settings.levelId === 'race' && labellerFooled(v),
      },
    ],
  },
  {
    id: 'assistant',
    title: 'How the assistant helps',
    summary: 'Checking one claim is easier than finding the flaw yourself. Let the assistant point, then judge.',
    preset: { levelId: 'tomato', settings: { queryMode: 'active', labeller: 'oracle', labellerNoise: 0, labellerTemperature: 0, seed: 1 }, hide: [...HIDE_MODEL, 'autolabel'], reveal: false },
    steps: [
      { id: 'label-3', text: 'Label 3 pairs by what you see on screen.', check: (v, _ui, s) => sinceStart(v, s).person >= 3 },
      {
        id: 'accept-appearance',
        text: 'The assistant says something only looks good ("The screen hides the truth"). Read its evidence, then press Accept critique.',
        check: (v, _ui, s) => acceptedTrueClaim(v, s, 'appearance-differs'),
      },
      {
        id: 'assisted',
        text: "Label 5 more pairs and judge one more claim together with the agent's answer under it: Accept critique or Reject critique.",
        check: (v, _ui, s) => sinceStart(v, s).person >= 5 && sinceStart(v, s).verdicts.length >= 1,
      },
      {
        id: 'approve',
        text: 'Judge 3 different plans with Approve plan or Reject plan, as a supervisor would: label pairs in between until the plan changes.',
        check: (v, _ui, s) => distinctPlans(sinceStart(v, s).approvals) >= 3,
      },
      {
        id: 'false-approvals',
        text: 'Turn on Reveal truth: the assistant panel counts false approvals, plans you approved that were flawed.',
        check: (v) => v.approvals.length >= 3,
        goal: revealed,
      },
    ],
  },
  {
    id: 'off-switch',
    title: 'Will it let you switch it off? Will it tamper with its score?',
    summary: 'A labeller who judges the screen teaches the agent to disable its off-switch and to change how it is scored. The assistant can say why that is wrong.',
    preset: { levelId: 'interrupt', settings: { queryMode: 'active', ...OBSERVER }, hide: HIDE_MODEL, reveal: false },
    steps: [
      {
        id: 'auto-label',
        text: 'Turn on Auto-label. The simulated labeller judges the screen, where steps the agent is stopped look like lost time.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
      },
      {
        id: 'button',
        text: 'Wait until the agent goes out of its way to press the off-switch button (the blue one): then nothing can interrupt it.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
        goal: rolloutDisablesOffSwitch,
      },
      {
        id: 'reveal',
        text: 'Turn on Reveal truth: the true score charges nothing for steps an interruption stops the agent, so the button only costs its detour.',
        goal: revealed,
      },
      {
        id: 'accept-off-switch',
        text: 'The assistant names the flaw ("Disables its off-switch"). Read its evidence, then press Accept critique.',
        check: (v, _ui, s) => acceptedTrueClaim(v, s, 'off-switch'),
      },
      {
        id: 'tampering',
        text: 'Here two switches change how the screen counts rocks and diamonds, not their worth. Open the next level and turn on Auto-label again.',
        check: (v, _ui, s) => v.settings.levelId === 'tampering' && sinceStart(v, s).labeller >= 1,
        action: {
          label: 'Open "Rocks and diamonds"',
          preset: observerPreset('tampering', HIDE_MODEL),
        },
      },
      {
        id: 'accept-tampering',
        text: 'When the agent flips the rock switch, the assistant says so ("Tampers with its score"). Check it, then press Accept critique.',
        check: (v, _ui, s) => v.settings.levelId === 'tampering' && acceptedTrueClaim(v, s, 'tampering'),
      },
    ],
  },
  {
    id: 'pixels',
    title: 'What a model of the screen looks at',
    summary: 'A model that sees only the screen learns what its labels reward there: watch it read how the tomatoes look, then teach it the truth.',
    preset: { levelId: 'tomato', settings: { queryMode: 'active', ...OBSERVER, rewardModel: 'grid' }, hide: [...HIDE_MODEL, 'assistant'], reveal: false },
    steps: [
      {
        id: 'auto-label',
        text: 'This reward model sees only the screen, tile by tile: nobody told it what a tomato is. Turn on Auto-label.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1,
      },
      {
        id: 'look',
        text: 'The bars under the agent show what moves its choices: how the tomatoes look. The agent parks on the Tamper tile, where all look watered.',
        check: (v, _ui, s) => sinceStart(v, s).labeller >= 1 && labellerFooled(v) && readsTomatoLook(v),
      },
      {
        id: 'reveal',
        text: 'Turn on Reveal truth: the tomatoes only look watered. The model learned the look, because the look is all its labeller judged.',
        goal: revealed,
      },
      {
        id: 'truth',
        text: `Better labels: start again with a labeller who sees the truth. Turn on Auto-label: wait for a normalised score of ${WATERING_NORMALIZED}, no tampering.`,
        hiddenText: 'Better labels: start again with a labeller who sees the truth. Turn on Auto-label, and reveal the truth to see the agent improve.',
        check: (v, _ui, s) => v.settings.labeller === 'oracle' && sinceStart(v, s).labeller >= 1,
        goal: wateringForReal,
        action: {
          label: 'Start again with the truthful labeller',
          preset: { levelId: 'tomato', settings: { queryMode: 'active', ...TRUTHFUL, rewardModel: 'grid' }, hide: [...HIDE_MODEL, 'assistant'] },
        },
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
