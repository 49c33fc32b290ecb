/**
 * Query selection: which pair of clips to show the labeller next. Candidate clips come from several
 * sources (see SEGMENT_SOURCES); `active` scores every pair by the expected information its answer
 * gives about the reward model (BALD: the entropy of the ensemble-mean answer minus the members' mean
 * entropy, Houlsby et al. 2011), counting what the pairs proposed and not yet answered will tell
 * (BatchBALD), passing over pairs that no member tells apart, and drawing at random among pairs
 * within INFORMATION_TIE of the best; `random` picks a pair uniformly. Either way a pair is offered
 * only if its two clips look different on screen. Each proposal carries its score and where its
 * clips came from: the reason shown to the person.
 */
import type { Rng } from './rng';
import type { Segment } from './preferences';

/** How the next pair is chosen. */
export type QueryMode = 'active' | 'random';

/** Where a candidate clip came from. */
export type SegmentSource = 'policy' | 'optimistic' | 'cautious' | 'coverage' | 'detour' | 'demonstration' | 'random';

/** What each source is, in the words the page shows. */
export const SEGMENT_SOURCES: Readonly<Record<SegmentSource, string>> = {
  policy: "the agent's current plan (with a little random exploration)",
  optimistic: 'an optimistic plan that heads where the reward models disagree',
  cautious: 'a cautious plan that keeps away from where the reward models disagree',
  coverage: 'a path to something the labels have shown least',
  detour: "another way: the best the reward models see that avoids every step of the agent's plan",
  demonstration: 'a demonstration',
  random: 'random moves',
};

/** A clip offered as a query candidate: the segment, where it came from, and what the screen shows. */
export interface Candidate {
  readonly segment: Segment;
  readonly source: SegmentSource;
  /** Identifies what the screen shows over the clip: equal keys ⇒ the clips look the same. */
  readonly lookKey: string;
}

/** A proposed pair with the reason it was chosen. */
export interface QueryProposal {
  readonly left: Segment;
  readonly right: Segment;
  readonly mode: QueryMode;
  /** Where the left and the right clip came from. */
  readonly sources: readonly [SegmentSource, SegmentSource];
  /** Expected information of the answer about the reward model, in nats (0–ln 2). */
  readonly information: number;
  /** Variance across ensemble members of P(left ≻ right), 0–0.25. */
  readonly disagreement: number;
  /** Ensemble-mean P(left ≻ right). */
  readonly meanPreference: number;
  /** One sentence for the person: why this pair, and where its clips came from. */
  readonly reason: string;
}

/**
 * Per-member predicted returns of each segment: `memberRewards` is [E × numTransitions] (row-major);
 * steps after the episode ended count 0, as in the reward model. Returns [E × numSegments].
 */
export function memberSegmentReturns(segments: readonly Segment[], memberRewards: Float32Array, numTransitions: number): Float32Array {
  const E = memberCount(memberRewards, numTransitions);
  const out = new Float32Array(E * segments.length);
  for (let e = 0; e < E; e++) {
    const base = e * numTransitions;
    segments.forEach((seg, j) => {
      let sum = 0;
      for (const k of seg.transitions) sum += memberRewards[base + k];
      out[e * segments.length + j] = sum;
    });
  }
  return out;
}

/** E, the members in a row-major [E × numTransitions] array; throws a RangeError on any other length. */
export function memberCount(memberRewards: Float32Array, numTransitions: number): number {
  const E = memberRewards.length / numTransitions;
  if (!(Number.isInteger(E) && E >= 1)) throw new RangeError(`member rewards have ${memberRewards.length} entries, not a whole number of members × ${numTransitions} transitions`);
  return E;
}

/** Binary entropy in nats. */
function entropy(p: number): number {
  return p <= 0 || p >= 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/** Each member's P(i ≻ j) under the 10% random-answer model, 0.05 + 0.9·σ(R_i − R_j), [E]. */
export function memberPreferences(returns: Float32Array, numSegments: number, i: number, j: number): Float64Array {
  const E = returns.length / numSegments;
  const p = new Float64Array(E);
  for (let e = 0; e < E; e++) p[e] = 0.05 + 0.9 / (1 + Math.exp(-(returns[e * numSegments + i] - returns[e * numSegments + j])));
  return p;
}

/** Expected information (nats) of one answer whose members' preferences are `p`: H(mean p) − mean H(p). */
function pairInformation(p: Float64Array): number {
  let sum = 0,
    sumH = 0;
  for (const x of p) {
    sum += x;
    sumH += entropy(x);
  }
  return Math.max(0, entropy(sum / p.length) - sumH / p.length);
}

/**
 * Scores of the pair (i, j) under the members' returns: mean and variance across members of
 * P(i ≻ j) (see memberPreferences), and the expected information H(mean P) − mean H(P).
 */
export function pairDisagreement(returns: Float32Array, numSegments: number, i: number, j: number): { mean: number; variance: number; information: number } {
  const p = memberPreferences(returns, numSegments, i, j);
  let sum = 0,
    sumSq = 0;
  for (const x of p) {
    sum += x;
    sumSq += x * x;
  }
  const mean = sum / p.length;
  return { mean, variance: Math.max(0, sumSq / p.length - mean * mean), information: pairInformation(p) };
}

/** At most this many unanswered pairs are taken into account (2^k joint answers each). */
const MAX_PENDING = 6;

/**
 * The joint answers to pairs already proposed and not yet answered, member by member: what a new
 * pair's answer adds to them is its score (BatchBALD, Kirsch et al. 2019, with the members as equally
 * likely models). Five pairs chosen one by one on the same members would otherwise all ask the
 * same question; with no pending pair the gain is the pair's own expected information.
 */
export class PendingAnswers {
  private readonly members: number;
  /** [E × 2^k]: each member's probability of every combination of the k pending answers. */
  private readonly joint: Float64Array;
  private readonly outcomes: number;
  private readonly jointEntropy: number;

  constructor(pending: readonly Float64Array[]) {
    this.members = pending[0]?.length ?? 0;
    this.outcomes = 2 ** pending.length;
    this.joint = new Float64Array(this.members * this.outcomes).fill(1);
    for (let e = 0; e < this.members; e++)
      for (let c = 0; c < this.outcomes; c++)
        pending.forEach((p, k) => {
          this.joint[e * this.outcomes + c] *= (c >> k) & 1 ? p[e] : 1 - p[e];
        });
    this.jointEntropy = this.mixtureEntropy(null);
  }

  /** Expected information (nats) that the answer to a pair with members' preferences `p` adds to the pending answers. */
  gain(p: Float64Array): number {
    if (this.members === 0) return pairInformation(p);
    let conditional = 0;
    for (let e = 0; e < p.length; e++) conditional += entropy(p[e]);
    return Math.max(0, this.mixtureEntropy(p) - this.jointEntropy - conditional / p.length);
  }

  /** Entropy of the members' mixture over the pending answers and, with `p`, one more answer. */
  private mixtureEntropy(p: Float64Array | null): number {
    const E = this.members;
    let total = 0;
    for (let c = 0; c < this.outcomes; c++)
      for (const side of p ? [1, 0] : [1]) {
        let m = 0;
        for (let e = 0; e < E; e++) m += this.joint[e * this.outcomes + c] * (p === null ? 1 : side ? p[e] : 1 - p[e]);
        m /= E;
        if (m > 0) total -= m * Math.log(m);
      }
    return total;
  }
}

/**
 * Pairs whose expected information is within this many nats of the best are equally good, and one of
 * them is drawn at random: before the first labels every pair scores about 0 (the members start
 * small), and the largest of those noise-level scores would favour whatever differs most in length
 * or events, the same kind of pair every time.
 */
export const INFORMATION_TIE = 0.01;

/**
 * Each member's return of i minus that of j, with differences at float rounding level set to 0. All
 * 0: the two clips give the model the same inputs (the same multiset of features), no answer can
 * move any member's difference, and the pair teaches nothing whoever answers it.
 */
function memberDifferences(returns: Float32Array, numSegments: number, i: number, j: number): number[] {
  const d: number[] = [];
  for (let e = 0; e < returns.length / numSegments; e++) {
    const a = returns[e * numSegments + i],
      b = returns[e * numSegments + j];
    d.push(Math.abs(a - b) > 1e-5 * (1 + Math.abs(a) + Math.abs(b)) ? a - b : 0);
  }
  return d;
}

/**
 * What the pair (i, j) asks of the model: each member's predicted return difference to 3 significant
 * digits, the same either way round. Two pairs with the same key differ in the model's inputs in the
 * same way (for the features model, the same counts of each feature): to the model, one question.
 */
export function differenceKey(returns: Float32Array, numSegments: number, i: number, j: number): string {
  return keyOfDifferences(memberDifferences(returns, numSegments, i, j));
}

/** differenceKey of the members' differences `d` (see memberDifferences). */
function keyOfDifferences(d: readonly number[]): string {
  const sign = Math.sign(d.find((x) => x !== 0) ?? 1);
  return d.map((x) => (x === 0 ? '0' : (sign * x).toPrecision(3))).join(',');
}

/** Pairs scored exhaustively up to this many, else this many drawn at random. */
const MAX_PAIRS = 4096;

/**
 * In words a workshop uses, how far the members are from agreeing on a pair whose answer carries
 * `information` (as a share of the most one answer can carry, ln 2).
 */
export function agreementWords(information: number): string {
  const share = information / Math.LN2;
  return share >= 0.5 ? 'they are split' : share >= 0.1 ? 'they lean one way' : 'they already agree';
}

/** Where the two clips of a pair came from, in words. */
export function sourceWords(sources: readonly [SegmentSource, SegmentSource]): string {
  return sources[0] === sources[1]
    ? `both clips come from ${SEGMENT_SOURCES[sources[0]]}`
    : `left from ${SEGMENT_SOURCES[sources[0]]}, right from ${SEGMENT_SOURCES[sources[1]]}`;
}

/** The reason shown with a detour pair (chosen by turn, not by information), whose clips came from `sources`. */
export function detourReason(information: number, sources: readonly [SegmentSource, SegmentSource]): string {
  return `the agent's whole episode beside another way, asked now and then in case the models all agree on a wrong trade-off (the models: ${agreementWords(information)}); ${sourceWords(sources)}`;
}

/** A key of a pair by what its clips look like, the same either way round. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

/** What proposePair knows of the pairs asked before. */
export interface PairOptions {
  /** pairKey of the two looks of every pair already labelled or proposed: offered again only when nothing else is left. */
  readonly asked?: ReadonlySet<string>;
  /** Only pairs with at least one clip from this source are considered, when the pool has one. */
  readonly anchor?: SegmentSource;
  /** Active: each member's P(left ≻ right) for the pairs proposed and not yet answered (see memberPreferences). */
  readonly pending?: readonly Float64Array[];
  /** Active: differenceKey of every pair already labelled or proposed, under the same members. */
  readonly askedDifferences?: ReadonlySet<string>;
}

/**
 * Proposes a pair among `candidates` (at least two that look different); `returns` is
 * [E × candidates.length] from memberSegmentReturns. In `active` mode a pair is scored by what its
 * answer adds to those of the pending pairs, and pairs that ask the model what an earlier pair asked
 * (the same differenceKey) are offered only when no other is left. Throws a RangeError when every
 * clip looks the same.
 */
export function proposePair(
  candidates: readonly Candidate[],
  returns: Float32Array,
  mode: QueryMode,
  rng: Rng,
  options: PairOptions = {},
): QueryProposal {
  const { asked = new Set<string>(), anchor, pending = [], askedDifferences = new Set<string>() } = options;
  const n = candidates.length;
  const anchored = anchor !== undefined && candidates.some((c) => c.source === anchor);
  const pairs: [number, number][] = [];
  const repeats: [number, number][] = [];
  const consider = (i: number, j: number) => {
    if (candidates[i].lookKey === candidates[j].lookKey) return;
    if (anchored && candidates[i].source !== anchor && candidates[j].source !== anchor) return;
    (asked.has(pairKey(candidates[i].lookKey, candidates[j].lookKey)) ? repeats : pairs).push(rng.chance(0.5) ? [i, j] : [j, i]);
  };
  if ((n * (n - 1)) / 2 <= MAX_PAIRS) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) consider(i, j);
  } else {
    for (let t = 0; t < MAX_PAIRS; t++) {
      const i = rng.int(n);
      let j = rng.int(n - 1);
      if (j >= i) j++;
      consider(i, j);
    }
  }
  if (pairs.length === 0) pairs.push(...repeats);
  if (pairs.length === 0) throw new RangeError('proposePair needs two clips that look different');
  let best = pairs[rng.int(pairs.length)];
  let bestScore = pairDisagreement(returns, n, best[0], best[1]);
  // Active, with a pair that tells the models more than the rest; otherwise the pair was a draw.
  let decided = false;
  if (mode === 'active') {
    const telling = pairs.map((pair) => ({ pair, d: memberDifferences(returns, n, pair[0], pair[1]) })).filter(({ d }) => d.some((x) => x !== 0));
    const fresh = askedDifferences.size > 0 ? telling.filter(({ d }) => !askedDifferences.has(keyOfDifferences(d))) : telling;
    const batch = new PendingAnswers(pending.slice(-MAX_PENDING));
    const offered = fresh.length > 0 ? fresh.map((t) => t.pair) : telling.length > 0 ? telling.map((t) => t.pair) : pairs;
    const scored = offered.map((pair) => ({ pair, gain: batch.gain(memberPreferences(returns, n, pair[0], pair[1])) }));
    const top = Math.max(...scored.map((s) => s.gain));
    const near = scored.filter((s) => s.gain >= top - INFORMATION_TIE);
    best = near[rng.int(near.length)].pair;
    bestScore = pairDisagreement(returns, n, best[0], best[1]);
    decided = top >= INFORMATION_TIE;
  }
  const sources = [candidates[best[0]].source, candidates[best[1]].source] as const;
  const from = sourceWords(sources);
  const models = agreementWords(bestScore.information);
  return {
    left: candidates[best[0]].segment,
    right: candidates[best[1]].segment,
    mode,
    sources,
    information: bestScore.information,
    disagreement: bestScore.variance,
    meanPreference: bestScore.mean,
    reason:
      mode === 'random'
        ? `chosen at random (the models: ${models}); ${from}`
        : decided
          ? `the most telling pair on offer (the models: ${models}); ${from}`
          : `drawn at random, since no pair on offer would tell the models much yet (the models: ${models}); ${from}`,
  };
}
