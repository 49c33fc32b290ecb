/**
 * The label-quality check: the assistant points at the person's own labels that
 * look inconsistent, so they can relabel or keep them.
 *
 * - **Contradicted**: the reward-model ensemble, trained on all the labels, still confidently
 *   disagrees with this one. Each member e gives P_e(left ≻ right) = 0.05 + 0.9 σ(R_e(left) −
 *   R_e(right)) (the 10% random-answer model, as in src/core/queries.ts); the label is contradicted
 *   when the ensemble mean on the side the label did *not* choose is at least
 *   CONTRADICTION_THRESHOLD and the members agree (their standard deviation of P is at most
 *   MAX_MEMBER_SPREAD). An `equal` label is contradicted when either side reaches the threshold. A
 *   trained label that the models still overrule is outweighed by the rest; a held-out label was
 *   never trained on, so its contradiction is an independent check.
 * - **Cycle**: strict preferences among labels whose clips are identical (same start state and
 *   transitions) that go round — A ≻ B, B ≻ C, C ≻ A; also A ≻ B and B ≻ A (the same pair answered
 *   both ways) and A ≻ A (one clip preferred to itself). A graph over distinct clips with an edge
 *   "better → worse" per `left`/`right` label; its shortest directed cycle is reported, that cycle's
 *   edges are removed and the search repeated until the graph is acyclic, so every reported cycle is
 *   a concrete loop the person can read, and no two issues share a label. `equal` answers are
 *   not strict and make no edge.
 *
 * Only labels with a provenance in options.provenances (default: person and simulated labeller) are
 * checked; "Can't tell" labels never are. Pure and deterministic.
 */
import type { Answer, Label, Provenance, Segment } from './preferences';
import { memberCount, memberSegmentReturns, pairDisagreement } from './queries';

/** Ensemble-mean P of the side a label did not choose at or above which the models contradict it (0.5–0.95). */
export const CONTRADICTION_THRESHOLD = 0.85;
/** Largest standard deviation across members of P(left ≻ right) for the contradiction to count as agreed. */
export const MAX_MEMBER_SPREAD = 0.1;
/** Provenances checked by default: the labels a person (or the simulated labeller standing in) gave. */
export const CHECKED_PROVENANCES: readonly Provenance[] = ['person', 'labeller'];

/** One suspicious finding about labels. Plain and serialisable. */
export interface LabelIssue {
  /** `contradicted`: one label the models overrule; `cycle`: labels whose preferences go round. */
  readonly kind: 'contradicted' | 'cycle';
  /** The labels involved (one for `contradicted`; the cycle's labels in order for `cycle`). */
  readonly labelIds: readonly string[];
  /** One or two sentences for the person. */
  readonly detail: string;
  /** `contradicted` only: ensemble-mean probability (0.05–0.95) of the side the label did not choose. */
  readonly confidence?: number;
}

/** The ensemble's per-member learned reward, as LearningEngine.learnedReward holds it. */
export interface MemberRewards {
  /** [E × numTransitions] row-major, learned reward of each transition per member. */
  readonly members: Float32Array;
}

/** Options of findLabelIssues. */
export interface LabelQualityOptions {
  /** Default CONTRADICTION_THRESHOLD. */
  readonly threshold?: number;
  /** Default MAX_MEMBER_SPREAD. */
  readonly maxSpread?: number;
  /** Default CHECKED_PROVENANCES. */
  readonly provenances?: readonly Provenance[];
  /** findLabelIssues only: ids of labels the person already reviewed and kept (see dropReviewed). */
  readonly reviewed?: Iterable<string>;
}

const ANSWER_WORDS: Readonly<Record<Answer, string>> = { left: 'Left is better', right: 'Right is better', equal: 'Equal', 'cant-tell': "Can't tell" };
const percent = (p: number) => `${Math.round(100 * p)}%`;

/** A key that is equal for identical clips: start state and transitions. */
export function clipKey(segment: Segment): string {
  return `${segment.start}:${segment.transitions.join(',')}`;
}

/** A clip in words: "the clip from step 5 (r r d)". */
function clipWords(segment: Segment): string {
  const moves = segment.actions.map((a) => 'udlr'[a]).join('');
  return `the clip from step ${segment.startStep + 1}${moves ? ` (${moves})` : ''}`;
}

/** Labels the ensemble confidently contradicts, most confident first; [] without a learned reward. */
export function contradictedLabels(labels: readonly Label[], numTransitions: number, learned: MemberRewards | null, options: LabelQualityOptions = {}): LabelIssue[] {
  if (!learned) return [];
  const E = memberCount(learned.members, numTransitions);
  const threshold = options.threshold ?? CONTRADICTION_THRESHOLD;
  const maxSpread = options.maxSpread ?? MAX_MEMBER_SPREAD;
  const checked = labels.filter((l) => l.answer !== 'cant-tell' && isChecked(l, options));
  const segments = checked.flatMap((l) => [l.left, l.right]);
  const returns = memberSegmentReturns(segments, learned.members, numTransitions);
  const issues: LabelIssue[] = [];
  checked.forEach((label, n) => {
    const { mean, variance } = pairDisagreement(returns, segments.length, 2 * n, 2 * n + 1);
    if (!(Math.sqrt(variance) <= maxSpread)) return; // NaN (a clip outside the level) never counts
    const other = label.answer === 'left' ? 1 - mean : label.answer === 'right' ? mean : Math.max(mean, 1 - mean);
    if (!(other >= threshold)) return;
    const side = label.answer === 'left' ? 'Right' : label.answer === 'right' ? 'Left' : mean >= 0.5 ? 'Left' : 'Right';
    const why = label.heldOut ? ' This label is held out, so the models never trained on it.' : ' The models trained on it and still disagree: your other labels outweigh it.';
    issues.push({
      kind: 'contradicted',
      labelIds: [label.id],
      confidence: other,
      detail: `You answered "${ANSWER_WORDS[label.answer]}"; the reward models give ${side} a ${percent(other)} chance of being better, and all ${E} agree.${why}`,
    });
  });
  return issues.sort((a, b) => (b.confidence as number) - (a.confidence as number));
}

interface Edge {
  readonly from: number;
  readonly to: number;
  /** Labels stating this preference (duplicates of one pair share an edge). */
  readonly labels: Label[];
}

/** Preference cycles among labels on identical clips; each issue lists its labels in cycle order. */
export function preferenceCycles(labels: readonly Label[], options: LabelQualityOptions = {}): LabelIssue[] {
  const nodes = new Map<string, number>();
  const clips: Segment[] = [];
  const node = (s: Segment) => {
    const key = clipKey(s);
    let i = nodes.get(key);
    if (i === undefined) nodes.set(key, (i = clips.push(s) - 1));
    return i;
  };
  const edges = new Map<string, Edge>();
  for (const l of labels) {
    if ((l.answer !== 'left' && l.answer !== 'right') || !isChecked(l, options)) continue;
    const [better, worse] = l.answer === 'left' ? [l.left, l.right] : [l.right, l.left];
    const from = node(better),
      to = node(worse);
    const key = `${from}>${to}`;
    const edge = edges.get(key) ?? { from, to, labels: [] };
    edge.labels.push(l);
    edges.set(key, edge);
  }
  const issues: LabelIssue[] = [];
  for (;;) {
    const cycle = shortestCycle(clips.length, [...edges.values()]);
    if (!cycle) return issues;
    for (const e of cycle) edges.delete(`${e.from}>${e.to}`);
    issues.push(cycleIssue(cycle, clips));
  }
}

/** The issue for one cycle of edges. */
function cycleIssue(cycle: readonly Edge[], clips: readonly Segment[]): LabelIssue {
  const labelIds = cycle.flatMap((e) => e.labels.map((l) => l.id));
  const ids = (e: Edge) => e.labels.map((l) => l.id).join(', ');
  let detail: string;
  if (cycle.length === 1) {
    detail = `Label ${ids(cycle[0])} compares ${clipWords(clips[cycle[0].from])} with an identical clip, yet prefers one of them.`;
  } else if (cycle.length === 2) {
    detail = `Labels ${ids(cycle[0])} and ${ids(cycle[1])} compare the same two clips and disagree: each prefers a different one.`;
  } else {
    const letter = (i: number) => String.fromCharCode(65 + (i % 26));
    const order = cycle.map((e) => e.from);
    const name = (c: number) => letter(order.indexOf(c));
    const chain = cycle.map((e) => `${name(e.from)} ≻ ${name(e.to)} (${ids(e)})`).join(', ');
    const legend = order.map((c, i) => `${letter(i)} is ${clipWords(clips[c])}`).join('; ');
    detail = `These preferences go round in a circle: ${chain}. ${legend}. At least one of them must be wrong.`;
  }
  return { kind: 'cycle', labelIds, detail };
}

/**
 * The shortest directed cycle of the graph (a self-loop counts), or null. Breadth-first search from
 * each node in turn; ties go to the lowest start node, so the result is deterministic.
 */
function shortestCycle(numNodes: number, edges: readonly Edge[]): Edge[] | null {
  const out: Edge[][] = Array.from({ length: numNodes }, () => []);
  for (const e of edges) out[e.from].push(e);
  let best: Edge[] | null = null;
  for (let s = 0; s < numNodes; s++) {
    const via: (Edge | null)[] = new Array(numNodes).fill(null);
    const seen = new Uint8Array(numNodes);
    seen[s] = 1;
    let frontier = [s];
    let closing: Edge | null = null;
    for (let depth = 1; frontier.length > 0 && !closing && (!best || depth < best.length); depth++) {
      const next: number[] = [];
      for (const u of frontier) {
        for (const e of out[u]) {
          if (e.to === s) closing ??= e;
          else if (!seen[e.to]) {
            seen[e.to] = 1;
            via[e.to] = e;
            next.push(e.to);
          }
        }
      }
      frontier = next;
    }
    if (!closing) continue;
    const path = [closing];
    for (let v = closing.from; v !== s; v = (via[v] as Edge).from) path.unshift(via[v] as Edge);
    if (!best || path.length < best.length) best = path;
  }
  return best;
}

function isChecked(label: Label, options: LabelQualityOptions): boolean {
  return (options.provenances ?? CHECKED_PROVENANCES).includes(label.provenance);
}

/** Issues whose labels the person has not all reviewed and kept. */
export function dropReviewed(issues: readonly LabelIssue[], reviewed: Iterable<string>): LabelIssue[] {
  const kept = new Set(reviewed);
  return issues.filter((i) => i.labelIds.some((id) => !kept.has(id)));
}

/**
 * Every label issue: cycles first (certain inconsistencies, no model needed), then the labels the
 * ensemble contradicts, most confident first, less the issues whose labels were all reviewed.
 * `learned` null (no model yet) → cycles only.
 */
export function findLabelIssues(labels: readonly Label[], numTransitions: number, learned: MemberRewards | null, options: LabelQualityOptions = {}): LabelIssue[] {
  const issues = [...preferenceCycles(labels, options), ...contradictedLabels(labels, numTransitions, learned, options)];
  return options.reviewed ? dropReviewed(issues, options.reviewed) : issues;
}
