/**
 * Merging session files of one level into one dataset for a workshop: every participant exports a
 * file, the teacher merges them. Labels keep their provenance and gain their author (the label's own,
 * else its file's); a label whose pair and answer already appeared is dropped as a duplicate (the
 * first one, in file order, is kept); ids are renumbered `l1…`, `v1…`, `a1…`, and held-out flags
 * follow the session rule (every fifth label) in the merged order.
 *
 * The curve and the weights are not merged: they describe one person's run, and the store retrains
 * from the merged labels anyway. A label that does not fit the level (see `partitionLabels`) is
 * merged like any other, unchanged: the store sets it aside, and it stays in the merged export.
 */
import { isHeldOutIndex, type Answer, type Label, type Segment } from '../core/preferences';
import type { Verdict } from '../core/verdicts';
import { sameLevel, type SessionData } from './session-file';
import type { Approval } from './session-types';
import { oneLine } from './url-state';

/** The outcome of a merge: the merged session and what happened, or one line saying why not. */
export type MergeResult =
  | { readonly ok: true; readonly session: SessionData; readonly stats: MergeStats }
  | { readonly ok: false; readonly error: string };

/** Counts of a merge, for the message shown to the teacher. */
export interface MergeStats {
  readonly files: number;
  /** Labels in the merged session. */
  readonly labels: number;
  /** Labels dropped as duplicates. */
  readonly duplicates: number;
  /** Authors met, in order of first appearance ('' for labels with none). */
  readonly authors: readonly string[];
}

/**
 * A stable key of a label's content: both segments (start state, start step, length, transitions,
 * actions) and the answer. The pair is put in a canonical order, so "A vs B, left" and "B vs A, right" are
 * the same label. Author, id, provenance and held-out flag are not part of it.
 */
export function labelKey(label: Pick<Label, 'left' | 'right' | 'answer'>): string {
  const left = segmentKey(label.left),
    right = segmentKey(label.right);
  if (left <= right) return `${left}|${right}|${label.answer}`;
  const mirrored: Answer = label.answer === 'left' ? 'right' : label.answer === 'right' ? 'left' : label.answer;
  return `${right}|${left}|${mirrored}`;
}

// The actions follow from the transitions in a label that fits the level; one that does not fit may
// disagree, and two such labels that differ only there are not the same label.
function segmentKey(s: Segment): string {
  return `${s.start}@${s.startStep}/${s.length}:${s.transitions.join(',')}:${s.actions.join('')}`;
}

/**
 * Merges parsed session files of the same level (compared by canonical level text). The settings,
 * level id and author come from the first file; `author` overrides the merged session's author.
 */
export function mergeSessions(files: readonly SessionData[], author?: string): MergeResult {
  if (files.length === 0) return { ok: false, error: 'choose at least one session file to merge' };
  const first = files[0];
  for (let i = 1; i < files.length; i++) {
    if (!sameLevel(first.settings.levelText, files[i].settings.levelText)) {
      return {
        ok: false,
        error: `file ${i + 1}${who(files[i])} is for level "${levelName(files[i])}", file 1${who(first)} for "${levelName(first)}": only files of the same level can be merged`,
      };
    }
  }
  const seen = new Set<string>();
  const labels: Label[] = [];
  const authors: string[] = [];
  let duplicates = 0;
  for (const file of files) {
    for (const label of file.labels) {
      const key = labelKey(label);
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      seen.add(key);
      const by = label.author ?? file.author;
      if (!authors.includes(by ?? '')) authors.push(by ?? '');
      const index = labels.length;
      labels.push({
        id: `l${index + 1}`,
        left: label.left,
        right: label.right,
        answer: label.answer,
        provenance: label.provenance,
        heldOut: isHeldOutIndex(index),
        ...(by !== undefined ? { author: by } : {}),
      });
    }
  }
  const verdictKeys = new Set<string>();
  const verdicts: Verdict[] = [];
  for (const file of files) {
    for (const v of file.verdicts) {
      const key = `${v.claimId}|${v.kind}|${v.features.join(',')}|${v.accepted}|${v.strength}`;
      if (verdictKeys.has(key)) continue;
      verdictKeys.add(key);
      verdicts.push({ ...v, features: [...v.features], id: `v${verdicts.length + 1}` });
    }
  }
  const approvals: Approval[] = files.flatMap((f) => f.approvals).map((a, i) => ({ ...a, id: `a${i + 1}` }));
  const mergedAuthor = author ?? first.author;
  return {
    ok: true,
    session: {
      settings: first.settings,
      labels,
      verdicts,
      approvals,
      curve: [],
      ...(mergedAuthor !== undefined ? { author: mergedAuthor } : {}),
    },
    stats: { files: files.length, labels: labels.length, duplicates, authors },
  };
}

function who(file: SessionData): string {
  return file.author ? ` (${oneLine(file.author, 30)})` : '';
}

function levelName(file: SessionData): string {
  const match = /^\s*name:\s*(.*)$/m.exec(file.settings.levelText);
  return oneLine(match ? match[1].trim() : file.settings.levelId, 60);
}
