/** The session's public shapes: what components render (SessionView) and the learning curve. */
import type { Label } from '../core/preferences';
import type { Verdict } from '../core/verdicts';
import type { QueryProposal } from '../core/queries';
import type { BackendReport, EngineSnapshot, LevelInfo } from '../learning/protocol';
import type { Settings } from './settings';

/** A point of an off-line curve (`simulate`, `curveFromLabels`): labels and the agent's normalised and true return. */
export type { OfflinePoint } from '../learning/protocol';

/** One point of the learning curve, recorded after each training burst. */
export interface CurvePoint {
  readonly labels: number;
  readonly trueReturn: number;
  readonly apparentReturn: number;
  readonly learnedReturn: number;
  readonly normalizedReturn: number;
  readonly heldOutAccuracy: number | null;
  readonly disagreement: number;
}

/** Everything the page shows, as one immutable snapshot. */
export interface SessionView {
  readonly settings: Settings;
  readonly labels: readonly Label[];
  /** Ids of labels kept in the session (and its export) but not trained on: they do not fit the level. */
  readonly setAsideLabels: readonly string[];
  /** The pair on screen, or null while one is being prepared. */
  readonly query: QueryProposal | null;
  readonly snapshot: EngineSnapshot | null;
  readonly curve: readonly CurvePoint[];
  readonly level: LevelInfo | null;
  readonly backend: BackendReport | null;
  /** 0–1 progress of the backend probe, or null when not probing. */
  readonly probeProgress: number | null;
  /** 0–1 progress of the current training burst, or null when idle. */
  readonly trainProgress: number | null;
  /** 'starting' until the engine is ready; 'error' when it could not start. */
  readonly phase: 'starting' | 'ready' | 'error';
  /**
   * True once the saved (or linked) session is on screen, which comes before the engine: from then
   * on, labels are given in this session, answering the pairs made while the engine starts.
   */
  readonly opened: boolean;
  /** Where the engine runs. */
  readonly runsIn: 'worker' | 'main-thread' | null;
  /** Notices for the person (storage failure, backend change, a rejected level), newest last. */
  readonly notices: readonly Notice[];
  readonly autoLabel: boolean;
  /** The person's verdicts on the assistant's claims. */
  readonly verdicts: readonly Verdict[];
  /** Every Approve / Reject plan, judged afterwards against the hidden truth. */
  readonly approvals: readonly Approval[];
  /** Ids of labels the person reviewed (kept or relabelled) after the assistant questioned them. */
  readonly reviewedLabels: readonly string[];
  /** True while another tab writes this session: this one shows it but changes nothing. */
  readonly readOnly: boolean;
}

/** One plan approval or rejection by the person, with the hidden truth about the plan. */
export interface Approval {
  readonly id: string;
  /** Labels given when the plan was judged. */
  readonly labels: number;
  readonly approved: boolean;
  /** The plan's true and apparent return along the judged rollout. */
  readonly trueReturn: number;
  readonly apparentReturn: number;
  /** Flawed by the hidden truth (regret above the evaluation's margin). */
  readonly flawed: boolean;
  /** The judged plan's actions, comma-separated: tells one plan from another (absent in older sessions and in files). */
  readonly plan?: string;
}

/** The view of a session that has just begun on `settings`: no labels, engine not yet started. */
export function initialView(settings: Settings): SessionView {
  return {
    settings,
    labels: [],
    setAsideLabels: [],
    query: null,
    snapshot: null,
    curve: [],
    level: null,
    backend: null,
    probeProgress: null,
    trainProgress: null,
    phase: 'starting',
    opened: false,
    runsIn: null,
    notices: [],
    autoLabel: false,
    verdicts: [],
    approvals: [],
    reviewedLabels: [],
    readOnly: false,
  };
}

/** A message shown to the person. */
export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'warning' | 'error';
  readonly text: string;
  /** A command the notice offers as a button: 'restore-backup' brings back the session kept as a backup, 'take-over' makes a read-only tab the writer. */
  readonly action?: NoticeAction;
}

/** A command a notice may offer. */
export type NoticeAction = 'restore-backup' | 'take-over';
