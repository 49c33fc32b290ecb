/**
 * Labellers and query selection: the oracle is exact (the better clip, "Equal" on a tie, no noise
 * unless asked for), a noisy person is an explicit choice, and a proposed pair never shows two clips
 * that look the same; active selection picks the pair with the most expected information.
 */
import { describe, expect, it } from 'vitest';
import { simulatedAnswer } from '../../src/core/labellers';
import { ACTION_LETTERS, parseActions } from '../../src/core/gridworld';
import { followActions, rollout } from '../../src/core/planner';
import { cutSegments, segmentSum, type Segment } from '../../src/core/preferences';
import { differenceKey, INFORMATION_TIE, memberPreferences, pairDisagreement, pairKey, PendingAnswers, proposePair, type Candidate } from '../../src/core/queries';
import { CandidatePool, detourTrajectory, lookKey, observationIds } from '../../src/core/query-sources';
import { Rng } from '../../src/core/rng';
import { builtinLevelNames, loadBuiltin } from './helpers';

function randomSegments(name: string, seed: number, count: number): Segment[] {
  const { space } = loadBuiltin(name);
  const rng = new Rng(seed);
  const out: Segment[] = [];
  while (out.length < count) out.push(...cutSegments(rollout(space, 'uniform', rng), 5));
  return out.slice(0, count);
}

/** `count` candidates from random Warm-up clips, each with a different look. */
function distinctCandidates(count: number): Candidate[] {
  const { space } = loadBuiltin('warmup');
  const pool = new CandidatePool(space, observationIds(space));
  for (const s of randomSegments('warmup', 5, 40)) pool.add(s, 'random');
  const looks = [...new Set(pool.candidates.map((c) => c.lookKey))];
  expect(looks.length).toBeGreaterThanOrEqual(count);
  return looks.slice(0, count).map((look) => pool.candidates.find((c) => c.lookKey === look) as Candidate);
}

describe('the oracle is exact', () => {
  it.each(builtinLevelNames())('%s: answers by the sign of the true difference, ties give Equal', (name) => {
    const { space } = loadBuiltin(name);
    const segs = randomSegments(name, 7, 60);
    const rng = new Rng(1);
    let ties = 0,
      decided = 0;
    for (let i = 0; i + 1 < segs.length; i += 2) {
      const diff = segmentSum(segs[i], space.trueReward) - segmentSum(segs[i + 1], space.trueReward);
      const answer = simulatedAnswer(space, segs[i], segs[i + 1], { kind: 'oracle' }, rng);
      if (Math.abs(diff) < 1e-6) {
        expect(answer).toBe('equal');
        ties++;
      } else {
        expect(answer).toBe(diff > 0 ? 'left' : 'right');
        decided++;
      }
    }
    expect(ties + decided).toBe(30);
  });

  it('a one-point difference is never answered wrongly', () => {
    const { space } = loadBuiltin('tomato');
    const segs = randomSegments('tomato', 3, 200);
    const rng = new Rng(2);
    let small = 0;
    for (let i = 0; i < segs.length; i++) {
      for (let j = i + 1; j < segs.length && small < 200; j++) {
        const diff = segmentSum(segs[i], space.trueReward) - segmentSum(segs[j], space.trueReward);
        if (Math.abs(Math.abs(diff) - 1) > 1e-6) continue;
        small++;
        expect(simulatedAnswer(space, segs[i], segs[j], { kind: 'oracle' }, rng)).toBe(diff > 0 ? 'left' : 'right');
      }
    }
    expect(small).toBeGreaterThan(10);
  });

  it('noise and temperature make a noisy person, only when asked for', () => {
    const { space } = loadBuiltin('tomato');
    const segs = randomSegments('tomato', 3, 200);
    const pairs: [Segment, Segment][] = [];
    for (let i = 0; i + 1 < segs.length; i++) {
      const diff = segmentSum(segs[i], space.trueReward) - segmentSum(segs[i + 1], space.trueReward);
      if (Math.abs(diff - 1) < 1e-6) pairs.push([segs[i], segs[i + 1]]);
    }
    expect(pairs.length).toBeGreaterThan(5);
    const wrongRate = (options: { noise?: number; temperature?: number }) => {
      const rng = new Rng(11);
      let wrong = 0,
        n = 0;
      for (let rep = 0; rep < 40; rep++) {
        for (const [a, b] of pairs) {
          n++;
          if (simulatedAnswer(space, a, b, { kind: 'oracle', ...options }, rng) !== 'left') wrong++;
        }
      }
      return wrong / n;
    };
    expect(wrongRate({})).toBe(0);
    expect(wrongRate({ noise: 0.2 })).toBeGreaterThan(0.05);
    expect(wrongRate({ noise: 0.2 })).toBeLessThan(0.15);
    // Boltzmann with temperature 1 gets a one-point difference wrong σ(−1) ≈ 27% of the time.
    expect(wrongRate({ temperature: 1 })).toBeGreaterThan(0.2);
    expect(wrongRate({ temperature: 1 })).toBeLessThan(0.35);
    expect(() => simulatedAnswer(space, segs[0], segs[1], { kind: 'oracle', temperature: -1 }, new Rng(1))).toThrow(/temperature/);
  });
});

describe('pairs a person can tell apart', () => {
  it('two clips that look the same are never offered, even when they are all there is but one', () => {
    const { space } = loadBuiltin('warmup');
    const observation = observationIds(space);
    const segs = randomSegments('warmup', 5, 3);
    const same = (s: Segment): Candidate => ({ segment: s, source: 'policy', lookKey: lookKey(space, observation, s) });
    const candidates = [same(segs[0]), same(segs[0]), same(segs[0]), same(segs[1])];
    expect(candidates[0].lookKey).not.toBe(candidates[3].lookKey);
    const returns = new Float32Array(2 * candidates.length).map((_, i) => (i * 7919) % 13);
    for (let seed = 0; seed < 30; seed++) {
      for (const mode of ['active', 'random'] as const) {
        const q = proposePair(candidates, returns, mode, new Rng(seed));
        expect(lookKey(space, observation, q.left)).not.toBe(lookKey(space, observation, q.right));
      }
    }
    expect(() => proposePair(candidates.slice(0, 3), returns, 'active', new Rng(1))).toThrow(RangeError);
  });

  it('the tamper tile hides the truth: clips that differ only in hidden tomato state look the same', () => {
    const { space } = loadBuiltin('tomato');
    const observation = observationIds(space);
    const looks = new Map<number, Set<string>>();
    space.states.forEach((state, s) => {
      const id = observation[s];
      if (!looks.has(id)) looks.set(id, new Set());
      (looks.get(id) as Set<string>).add(JSON.stringify(state.watered));
    });
    expect([...looks.values()].some((w) => w.size > 1)).toBe(true);
  });

  it('active picks the pair with the most expected information; the pool drops repeated clips', () => {
    const { space } = loadBuiltin('vase');
    const pool = new CandidatePool(space, observationIds(space));
    const segs = randomSegments('vase', 9, 8);
    for (const s of [...segs, ...segs]) pool.add(s, 'random');
    const n = pool.candidates.length;
    expect(n).toBeLessThanOrEqual(8);
    const rng = new Rng(4);
    const returns = new Float32Array(3 * n).map(() => rng.next() * 6 - 3);
    const q = proposePair(pool.candidates, returns, 'active', new Rng(2));
    let best = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if (pool.candidates[i].lookKey !== pool.candidates[j].lookKey) best = Math.max(best, pairDisagreement(returns, n, i, j).information);
    expect(q.information).toBeCloseTo(best, 9);
    expect(q.reason).toMatch(/random moves/);
    expect(q.sources).toEqual(['random', 'random']);
  });

  it('with an anchor source, every pair has a clip from it, even when a pair without one carries more information', () => {
    const { space } = loadBuiltin('vase');
    const pool = new CandidatePool(space, observationIds(space));
    const segs = randomSegments('vase', 9, 8);
    segs.forEach((s, i) => pool.add(s, i < 2 ? 'policy' : 'random'));
    const n = pool.candidates.length;
    const rng = new Rng(4);
    const returns = new Float32Array(3 * n).map(() => rng.next() * 6 - 3);
    const free = proposePair(pool.candidates, returns, 'active', new Rng(2));
    expect(free.sources).toEqual(['random', 'random']); // the best pair overall has no policy clip
    for (let seed = 0; seed < 20; seed++) {
      for (const mode of ['active', 'random'] as const) {
        const q = proposePair(pool.candidates, returns, mode, new Rng(seed), { anchor: 'policy' });
        expect(q.sources).toContain('policy');
        expect(q.reason).toMatch(/the agent's current plan/);
      }
    }
    const anchored = proposePair(pool.candidates, returns, 'active', new Rng(2), { anchor: 'policy' });
    let best = 0;
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++)
        if ([i, j].some((k) => pool.candidates[k].source === 'policy') && pool.candidates[i].lookKey !== pool.candidates[j].lookKey)
          best = Math.max(best, pairDisagreement(returns, n, i, j).information);
    expect(anchored.information).toBeCloseTo(best, 9);
    // No clip from the anchor's source in the pool: every pair is considered.
    const others = pool.candidates.filter((c) => c.source === 'random');
    expect(() => proposePair(others, returns.slice(0, 3 * others.length), 'active', new Rng(1), { anchor: 'policy' })).not.toThrow();
  });

  it('a pair already asked is offered again only when nothing else is left', () => {
    const { space } = loadBuiltin('warmup');
    const observation = observationIds(space);
    const segs = randomSegments('warmup', 5, 40);
    const pool = new CandidatePool(space, observation);
    for (const s of segs) pool.add(s, 'random');
    const looks = [...new Set(pool.candidates.map((c) => c.lookKey))];
    expect(looks.length).toBeGreaterThanOrEqual(3);
    const three = looks.slice(0, 3).map((look) => pool.candidates.find((c) => c.lookKey === look) as Candidate);
    const returns = Float32Array.from([0, 1, 2, 2, 1, 0]);
    const asked = new Set([pairKey(three[0].lookKey, three[1].lookKey), pairKey(three[1].lookKey, three[2].lookKey)]);
    for (let seed = 0; seed < 20; seed++) {
      const q = proposePair(three, returns, 'active', new Rng(seed), { asked });
      expect(pairKey(lookKey(space, observation, q.left), lookKey(space, observation, q.right))).toBe(pairKey(three[0].lookKey, three[2].lookKey));
    }
    asked.add(pairKey(three[0].lookKey, three[2].lookKey));
    expect(() => proposePair(three, returns, 'active', new Rng(1), { asked })).not.toThrow();
  });

  it('the reason says in words how far the models are from agreeing, with no units', () => {
    const { space } = loadBuiltin('warmup');
    const pool = new CandidatePool(space, observationIds(space));
    for (const s of randomSegments('warmup', 5, 40)) pool.add(s, 'random');
    const looks = [...new Set(pool.candidates.map((c) => c.lookKey))];
    const two = looks.slice(0, 2).map((look) => pool.candidates.find((c) => c.lookKey === look) as Candidate);
    // Two members, returns [member × clip]: opposite orders (split), or the same order far apart (agree).
    const split = proposePair(two, Float32Array.from([5, -5, -5, 5]), 'active', new Rng(1));
    expect(split.reason).toMatch(/^the most telling pair on offer \(the models: they are split\); both clips come from random moves$/);
    const agree = proposePair(two, Float32Array.from([9, -9, 9, -9]), 'random', new Rng(1));
    expect(agree.reason).toMatch(/^chosen at random \(the models: they already agree\); /);
    expect(`${split.reason} ${agree.reason}`).not.toMatch(/nats|information/);
  });

  it('information is zero when every member agrees, and at most ln 2', () => {
    const agree = Float32Array.from([1, 0, 1, 0, 1, 0]);
    expect(pairDisagreement(agree, 2, 0, 1).information).toBeCloseTo(0, 12);
    const split = Float32Array.from([20, 0, 0, 20]);
    const info = pairDisagreement(split, 2, 0, 1).information;
    expect(info).toBeGreaterThan(0.3);
    expect(info).toBeLessThanOrEqual(Math.log(2));
  });
});

describe('a batch of pairs chosen on the same members', () => {
  // Four members; returns [member × clip] of three clips. Pair (0, 1) splits members {0, 1} from
  // {2, 3}; pair (0, 2) splits {0, 2} from {1, 3}.
  const returns = Float32Array.from([
    [0, -4, -4],
    [0, -4, 4],
    [0, 4, -4],
    [0, 4, 4],
  ].flat());

  it('with nothing pending, a pair scores its own expected information', () => {
    const p = memberPreferences(returns, 3, 0, 1);
    expect(new PendingAnswers([]).gain(p)).toBeCloseTo(pairDisagreement(returns, 3, 0, 1).information, 12);
  });

  it('a pair that asks what a pending pair already asks adds less than one that splits the members another way', () => {
    const pending = new PendingAnswers([memberPreferences(returns, 3, 0, 1)]);
    const same = memberPreferences(Float32Array.from([4, 0, 4, 0, 0, 4, 0, 4]), 2, 0, 1) // splits {0, 1} from {2, 3} again;
    const other = memberPreferences(returns, 3, 0, 2);
    // Alone, both are worth the same; after the pending pair, the one that repeats its split is worth far less.
    expect(pairDisagreement(returns, 3, 0, 2).information).toBeCloseTo(pairDisagreement(returns, 3, 0, 1).information, 12);
    expect(pending.gain(same)).toBeLessThan(0.5 * pending.gain(other));
    expect(pending.gain(other)).toBeGreaterThan(0.9 * new PendingAnswers([]).gain(other));
  });

  it('a pair no member tells apart carries nothing, and active selection passes it over', () => {
    // A difference at float rounding level is none; any other is kept.
    expect(differenceKey(Float32Array.from([1, 1 + 1e-7, 3, 3]), 2, 0, 1)).toBe('0,0');
    expect(differenceKey(Float32Array.from([1, 1, 3, 2]), 2, 0, 1)).toBe('0,1.00');
    const three = distinctCandidates(3);
    // One member: clips 0 and 1 have the same return, clip 2 differs a little (information near 0).
    const flat = Float32Array.from([0.5, 0.5, 0.51]);
    for (let seed = 0; seed < 20; seed++) {
      const q = proposePair(three, flat, 'active', new Rng(seed));
      expect([q.left, q.right]).toContain(three[2].segment);
    }
  });

  it('a pair that asks the model what an earlier pair asked is passed over while another is left', () => {
    // Two members, four clips: they split on (0, 1) and on (2, 3) in the same way, and agree on
    // every other pair, so without the rule active would always ask one of those two.
    const returns = Float32Array.from([3, 0, 13, 10, 0, 3, 10, 13]);
    expect(differenceKey(returns, 4, 0, 1)).toBe(differenceKey(returns, 4, 3, 2));
    expect(differenceKey(returns, 4, 0, 1)).not.toBe(differenceKey(returns, 4, 0, 2));
    const four = distinctCandidates(4);
    const askedDifferences = new Set([differenceKey(returns, 4, 0, 1)]);
    const picked = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const q = proposePair(four, returns, 'active', new Rng(seed), { askedDifferences });
      const [i, j] = [four.findIndex((c) => c.segment === q.left), four.findIndex((c) => c.segment === q.right)];
      picked.add(differenceKey(returns, 4, i, j));
    }
    expect(picked.has(differenceKey(returns, 4, 0, 1))).toBe(false);
    // When every pair repeats an earlier question, one is still offered.
    const all = new Set([0, 1, 2, 3].flatMap((i) => [0, 1, 2, 3].filter((j) => j !== i).map((j) => differenceKey(returns, 4, i, j))));
    expect(() => proposePair(four, returns, 'active', new Rng(1), { askedDifferences: all })).not.toThrow();
  });

  it('pairs within a hair of the best are drawn at random, not by the largest noise, and the reason says so', () => {
    const four = distinctCandidates(4);
    // Two members that barely differ: every pair's information is far below INFORMATION_TIE.
    const tiny = Float32Array.from([0, 0.01, 0.03, 0.06, 0, 0.02, 0.01, 0.05]);
    const chosen = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const q = proposePair(four, tiny, 'active', new Rng(seed));
      expect(q.information).toBeLessThan(INFORMATION_TIE);
      expect(q.reason).toMatch(/^drawn at random, since no pair on offer would tell the models much yet \(the models: they already agree\); /);
      chosen.add(`${four.findIndex((c) => c.segment === q.left)},${four.findIndex((c) => c.segment === q.right)}`.split(',').sort().join());
    }
    expect(chosen.size).toBeGreaterThanOrEqual(4);
  });
});

describe('a detour', () => {
  it("takes none of the agent's steps and, by the reward it is given, the best other way: round the punishment tile", () => {
    const { space } = loadBuiltin('supervisor');
    const start = space.initial[0].state;
    const own = followActions(space, parseActions('rrrrr'), new Rng(1), start);
    expect(own.trueReturn).toBe(15); // over the punishment tile to the goal
    const detour = detourTrajectory(space, space.trueReward, own, new Rng(1));
    const taken = new Set(own.transitions);
    expect(detour.states[0]).toBe(start);
    expect(detour.transitions.some((k) => taken.has(k))).toBe(false);
    expect(detour.actions.map((a) => ACTION_LETTERS[a]).join('')).toBe('ddrrrrruu');
    expect(detour.trueReturn).toBe(41);
  });
});
