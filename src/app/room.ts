/**
 * The room: a leaderboard and a teacher's view built from a workshop's exported session files, after
 * the session (it shows the hidden truth). Pure: no DOM, no tfjs; the files are parsed already.
 *
 * Per file (one person): the labels they gave (provenance `person` or `demonstration`), how many of
 * those were *fooled* — the answer differs from what the exact oracle labeller would answer by the
 * clips' true returns (`left`/`right` for the truly worse or an equally good clip, `equal` for clips
 * whose true returns differ; "Can't tell" never counts) — and the true score their agent reached (the
 * last point of the file's curve). Files are grouped by level (canonical level text); rows are ranked
 * by normalised true score (highest first, a file without one last), then fewer labels, then fewer
 * fooled labels — like with like: a label-budget challenge's files are ranked among the files of the
 * same budget (files without a budget first, then budgets from the smallest), each budget from rank 1.
 * Per level, the teacher's summary: labels per person, agreement on pairs answered by two or more
 * people, and the room's fooled share; and the room's pooled labels, for a curve of a model trained
 * on them (`curveCounts` picks its label counts) and the label-quality check on them by person
 * (`roomLabelCheck`).
 */
import type { LabelIssue } from '../core/label-quality';
import { parseLevel, serializeLevel } from '../core/level';
import { isHeldOutIndex, partitionLabels, type Label } from '../core/preferences';
import type { StateSpace } from '../core/states';
import { loadLevelOnce } from './level-spaces';
import { isFooled } from './label-truth';
import { labelKey } from './merge';
import type { SessionData } from './session-file';
import type { Settings } from './settings';

/** One parsed session file and the name of the file it came from. */
export interface RoomFile {
  readonly fileName: string;
  readonly session: SessionData;
}

/** One person's line on the leaderboard. */
export interface RoomRow {
  /** 1 for the best; rows equal on every ranking key share a rank. */
  readonly rank: number;
  /** The file's author, else its file name. */
  readonly person: string;
  readonly fileName: string;
  /** Labels the person gave: provenance `person` or `demonstration`. */
  readonly labels: number;
  /** Of those, labels whose answer disagrees with the true-score ordering of the two clips. */
  readonly fooled: number;
  /** Of those, labels that could not be judged (a clip that does not fit the level). */
  readonly unjudged: number;
  /** Normalised true score at the last curve point (1 = optimal, 0 = random), or null without one. */
  readonly normalizedReturn: number | null;
  /** True return at the last curve point, or null without one. */
  readonly trueReturn: number | null;
  /** The label-budget challenge's budget the file was made under, or null (no challenge); rank counts within it. */
  readonly budget: number | null;
}

/** The teacher's summary of one level's files. */
export interface RoomSummary {
  /** People (files) on this level. */
  readonly people: number;
  /** Labels given by everyone together. */
  readonly labels: number;
  /** Labels per person, in leaderboard order. */
  readonly labelsPerPerson: readonly { readonly person: string; readonly labels: number }[];
  /** Pairs (either order) answered by two or more people ("Can't tell" left out). */
  readonly sharedPairs: number;
  /** Of those, pairs on which every person's answer agrees. */
  readonly agreedPairs: number;
  /** agreedPairs / sharedPairs, or null when no pair is shared. */
  readonly agreement: number | null;
  /** Labels that could be judged against the truth (both clips fit the level). */
  readonly judged: number;
  /** Fooled labels of everyone together. */
  readonly fooled: number;
  /** fooled / judged labels, or null when no label could be judged. */
  readonly fooledShare: number | null;
}

/** One level's group: its leaderboard and its summary. */
export interface RoomLevel {
  /** The level id of its first file (`vase`, `gen:42`, `custom`). */
  readonly levelId: string;
  /** The level's display name (from its text). */
  readonly levelName: string;
  /** The level's text (of its first file). */
  readonly levelText: string;
  /** The first file's settings (seed, ensemble size, clip length), for a model trained on the pooled labels. */
  readonly settings: Settings;
  readonly rows: readonly RoomRow[];
  readonly summary: RoomSummary;
  /**
   * Everyone's own labels pooled: taken in turn (each person's first label, then each one's second, …,
   * in leaderboard order), identical labels once (merge.ts `labelKey`), only those that fit the level,
   * numbered `l1…` with the session's held-out rule.
   */
  readonly pooledLabels: readonly Label[];
  /** Whose each pooled label is (the person of the file it was first found in), by index. */
  readonly pooledBy: readonly string[];
}

/** The label-quality check on a room's pooled labels, by person. */
export interface RoomLabelCheck {
  /** Labels the model trained on all pooled labels confidently overrules, per person (most first). */
  readonly overruled: readonly { readonly person: string; readonly labels: number }[];
  /** Answers that go round (A ≻ B, B ≻ A, …): the people whose labels take part, and how many labels. */
  readonly cycles: readonly { readonly people: readonly string[]; readonly labels: number }[];
}

/** Attributes the label-quality issues found on `level.pooledLabels` to the people who gave those labels. */
export function roomLabelCheck(level: RoomLevel, issues: readonly LabelIssue[]): RoomLabelCheck {
  const index = new Map(level.pooledLabels.map((l, i) => [l.id, i]));
  const personOf = (id: string) => level.pooledBy[index.get(id) ?? -1] ?? 'someone';
  const overruled = new Map<string, number>();
  const cycles: { people: string[]; labels: number }[] = [];
  for (const issue of issues) {
    if (issue.kind === 'contradicted') for (const id of issue.labelIds) overruled.set(personOf(id), (overruled.get(personOf(id)) ?? 0) + 1);
    else cycles.push({ people: [...new Set(issue.labelIds.map(personOf))].sort((a, b) => a.localeCompare(b)), labels: issue.labelIds.length });
  }
  return {
    overruled: [...overruled].map(([person, labels]) => ({ person, labels })).sort((a, b) => b.labels - a.labels || a.person.localeCompare(b.person)),
    cycles,
  };
}

/** Provenances that count as a person's own labels. */
const OWN: ReadonlySet<Label['provenance']> = new Set(['person', 'demonstration']);

/** Builds the room: one group per level, in order of each level's first file. */
export function buildRoom(files: readonly RoomFile[]): RoomLevel[] {
  const groups = new Map<string, RoomFile[]>();
  for (const file of files) {
    const key = canonicalLevel(file.session.settings.levelText);
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return [...groups.values()].map(levelGroup);
}

function levelGroup(files: readonly RoomFile[]): RoomLevel {
  const text = files[0].session.settings.levelText;
  const space = spaceOf(text);
  const scored = files.map((file) => ({ file, row: personRow(space, file) }));
  scored.sort((a, b) => budgetOrder(a.row) - budgetOrder(b.row) || compareRows(a.row, b.row) || a.row.person.localeCompare(b.row.person));
  const rows: RoomRow[] = [];
  let first = 0; // index of the first row of the current budget
  scored.forEach(({ row }, i) => {
    const prev = rows[i - 1];
    const sameBudget = prev !== undefined && prev.budget === row.budget;
    if (!sameBudget) first = i;
    rows.push({ ...row, rank: sameBudget && compareRows(prev, row) === 0 ? prev.rank : i - first + 1 });
  });
  const agreement = pairAgreement(scored.map(({ file }) => ownLabels(file.session)));
  const labels = rows.reduce((n, r) => n + r.labels, 0);
  const fooled = rows.reduce((n, r) => n + r.fooled, 0);
  const judged = labels - rows.reduce((n, r) => n + r.unjudged, 0);
  return {
    levelId: files[0].session.settings.levelId,
    levelName: levelName(text),
    levelText: text,
    settings: files[0].session.settings,
    rows,
    summary: {
      people: rows.length,
      labels,
      labelsPerPerson: rows.map((r) => ({ person: r.person, labels: r.labels })),
      ...agreement,
      judged,
      fooled,
      fooledShare: judged > 0 ? fooled / judged : null,
    },
    ...(space ? pool(space, scored.map(({ file, row }) => ({ person: row.person, labels: ownLabels(file.session) }))) : { pooledLabels: [], pooledBy: [] }),
  };
}

/** The pooled labels of a level's people and whose each is (see `RoomLevel.pooledLabels`). */
function pool(space: StateSpace, people: readonly { readonly person: string; readonly labels: readonly Label[] }[]): { pooledLabels: Label[]; pooledBy: string[] } {
  const seen = new Set<string>();
  const out: Label[] = [];
  const by: string[] = [];
  const longest = Math.max(0, ...people.map((p) => p.labels.length));
  for (let i = 0; i < longest; i++) {
    for (const { person, labels } of people) {
      const label = labels[i];
      if (!label || partitionLabels(space, [label]).misfits.length > 0) continue;
      const key = labelKey(label);
      if (seen.has(key)) continue;
      seen.add(key);
      const index = out.length;
      out.push({ id: `l${index + 1}`, left: label.left, right: label.right, answer: label.answer, provenance: label.provenance, heldOut: isHeldOutIndex(index) });
      by.push(person);
    }
  }
  return { pooledLabels: out, pooledBy: by };
}

/**
 * Label counts for a curve of `total` pooled labels: 0, 5, 10, 20, 40, … (doubling), then `total`
 * itself, at most `maxPoints` (≥ 2) counts in all; where the doubling would pass the limit, the last
 * counts are spread evenly up to `total`.
 */
export function curveCounts(total: number, maxPoints = 8): number[] {
  const n = Math.max(0, Math.floor(total));
  const limit = Math.max(2, Math.floor(maxPoints));
  const steps = [0];
  for (let c = 5; c < n; c *= 2) steps.push(c);
  if (n > 0) steps.push(n);
  if (steps.length <= limit) return steps;
  // Too many: keep 0 and `total`, and spread the others evenly between.
  return [...new Set(Array.from({ length: limit }, (_, i) => Math.round((i * n) / (limit - 1))))];
}

function personRow(space: StateSpace | null, { fileName, session }: RoomFile): Omit<RoomRow, 'rank'> {
  const own = ownLabels(session);
  let fooled = 0,
    unjudged = 0;
  for (const label of own) {
    const verdict = space ? isFooled(space, label) : null;
    if (verdict === null) unjudged++;
    else if (verdict) fooled++;
  }
  const last = session.curve.at(-1);
  return {
    person: session.author ?? fileName,
    fileName,
    labels: own.length,
    fooled,
    unjudged,
    normalizedReturn: finiteOrNull(last?.normalizedReturn),
    trueReturn: finiteOrNull(last?.trueReturn),
    budget: session.settings.budget ?? null,
  };
}

/** Files without a budget first, then budgets from the smallest. */
function budgetOrder(r: Pick<RoomRow, 'budget'>): number {
  return r.budget ?? 0;
}

/** Highest normalised score first (none last), then fewer labels, then fewer fooled labels. */
function compareRows(a: Omit<RoomRow, 'rank'>, b: Omit<RoomRow, 'rank'>): number {
  const score = (r: Omit<RoomRow, 'rank'>) => r.normalizedReturn ?? -Infinity;
  return score(b) - score(a) || a.labels - b.labels || a.fooled - b.fooled;
}

/** Pairs answered by two or more people, and those on which all agree; a person's last answer to a pair counts. */
function pairAgreement(people: readonly (readonly Label[])[]): Pick<RoomSummary, 'sharedPairs' | 'agreedPairs' | 'agreement'> {
  const answers = new Map<string, string[]>();
  for (const labels of people) {
    const mine = new Map<string, string>();
    for (const label of labels) {
      if (label.answer === 'cant-tell') continue;
      const key = labelKey(label); // "<pair>|<answer>", the pair in canonical order
      const cut = key.lastIndexOf('|');
      mine.set(key.slice(0, cut), key.slice(cut + 1));
    }
    for (const [pair, answer] of mine) answers.set(pair, [...(answers.get(pair) ?? []), answer]);
  }
  const shared = [...answers.values()].filter((a) => a.length >= 2);
  const agreed = shared.filter((a) => a.every((x) => x === a[0])).length;
  return { sharedPairs: shared.length, agreedPairs: agreed, agreement: shared.length > 0 ? agreed / shared.length : null };
}

function ownLabels(session: SessionData): Label[] {
  return session.labels.filter((l) => OWN.has(l.provenance));
}

function canonicalLevel(text: string): string {
  try {
    return serializeLevel(parseLevel(text));
  } catch {
    return text;
  }
}

function spaceOf(text: string): StateSpace | null {
  try {
    return loadLevelOnce(text).space;
  } catch {
    return null;
  }
}

function levelName(text: string): string {
  try {
    return parseLevel(text).name;
  } catch {
    return 'unknown level';
  }
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}
