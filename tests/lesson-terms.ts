// The words lessons use for things on the page — phrases in quotes, and the names of controls, curves
// and readouts they mention — so tests can check that each appears on the page as the lesson writes it.
import type { ClaimKind } from '../src/core/claims';
import { stepText, type Lesson } from '../src/app/lessons';

/** Names of controls, curves and readouts on the page that a lesson may use in its text (matched in any case). */
export const UI_NAMES = [
  'Reveal truth',
  'Auto-label',
  'Accept critique',
  'Reject critique',
  'Approve plan',
  'Reject plan',
  'Heat-map',
  'Learned reward',
  'Normalised score',
  'Apparent return',
  'True return',
  'Reset',
  'false approvals',
  'Tamper tile',
] as const;

/** Steps that quote the name of a claim kind: shown only while the assistant shows such a claim. */
export const CLAIM_STEP_KINDS: Readonly<Record<string, ClaimKind>> = {
  'accept-irreversible': 'irreversible',
  'accept-appearance': 'appearance-differs',
  'accept-off-switch': 'off-switch',
  'accept-tampering': 'tampering',
};

/** Phrases in quotes ("…" or “…”) in a text. */
export function quotedTerms(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"|“([^”]+)”/g)].map((m) => m[1] ?? m[2]);
}

/** One term a lesson uses: the step it comes from, whether it is quoted, and whether it is in the step's button. */
export interface LessonTerm {
  readonly stepId: string;
  readonly term: string;
  readonly quoted: boolean;
  readonly inAction: boolean;
}

/** Every term of a lesson's steps (both texts, and the step buttons): quoted phrases and the UI names they mention. */
export function lessonTerms(lesson: Lesson): LessonTerm[] {
  const terms = lesson.steps.flatMap((s) => {
    const of = (texts: string[], inAction: boolean): LessonTerm[] => [
      ...texts.flatMap(quotedTerms).map((term) => ({ stepId: s.id, term, quoted: true, inAction })),
      ...UI_NAMES.filter((n) => texts.some((t) => t.toLowerCase().includes(n.toLowerCase()))).map((term) => ({ stepId: s.id, term, quoted: false, inAction })),
    ];
    return [...of([stepText(s, true), stepText(s, false)], false), ...of(s.action ? [s.action.label] : [], true)];
  });
  return terms.filter((t, i) => terms.findIndex((u) => u.stepId === t.stepId && u.term === t.term) === i);
}
