/**
 * "Try again with the assistant": a summary of one run on a level (labels given, labels fooled, the
 * agent's latest true, normalised and apparent score, whether the assistant was shown), and the
 * comparison of two runs. run-store.ts keeps the recorded run.
 */
import type { StateSpace } from '../core/states';
import { replayRows } from './label-truth';
import type { RunSummary } from './run-store';
import type { SessionView } from './session-types';

/** The summary of the session on screen: its labels judged on `space`, its scores from the latest snapshot (else the curve's last point). */
export function summarizeRun(space: StateSpace, view: SessionView, levelName: string, assistant: boolean): RunSummary {
  const rows = replayRows(space, view.labels);
  const latest = view.snapshot?.metrics ?? view.curve.at(-1) ?? null;
  const num = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
  return {
    levelId: view.settings.levelId,
    levelName,
    labels: rows.length,
    fooled: rows.filter((r) => r.fooled === true).length,
    trueReturn: num(latest?.trueReturn),
    normalizedReturn: num(latest?.normalizedReturn),
    apparentReturn: num(latest?.apparentReturn),
    assistant,
  };
}

/** One line of the comparison card: a figure of the recorded run and of the current one. */
export interface ComparisonRow {
  readonly key: 'normalizedReturn' | 'trueReturn' | 'apparentReturn' | 'labels' | 'fooled';
  readonly name: string;
  readonly before: number | null;
  readonly after: number | null;
  /** Which run did better on this figure (higher scores, a smaller share of fooled labels); null on a tie, without both or for plain counts. */
  readonly better: 'before' | 'after' | null;
  /** Whether the figure shows the hidden truth (shown only under Reveal truth). */
  readonly truth: boolean;
}

/** The comparison card's lines: the recorded run ("before") against the current one ("after"). */
export function compareRuns(before: RunSummary, after: RunSummary): ComparisonRow[] {
  const row = (key: ComparisonRow['key'], name: string, truth: boolean, higherIsBetter: boolean | null): ComparisonRow => {
    const b = before[key],
      a = after[key];
    // Fooled labels compare as a share of the labels given: fewer labels are not fewer mistakes.
    const [vb, va] = key === 'fooled' ? [share(before), share(after)] : [b, a];
    const d = vb === null || va === null || higherIsBetter === null ? 0 : (va - vb) * (higherIsBetter ? 1 : -1);
    return { key, name, before: b, after: a, better: Math.abs(d) < 1e-9 ? null : d > 0 ? 'after' : 'before', truth };
  };
  return [
    row('normalizedReturn', 'True score (normalised)', true, true),
    row('trueReturn', 'True score', true, true),
    row('apparentReturn', 'Score on screen', false, null),
    row('labels', 'Labels', false, null),
    row('fooled', 'Fooled labels', true, false),
  ];
}

function share(run: RunSummary): number | null {
  return run.labels > 0 ? run.fooled / run.labels : null;
}
