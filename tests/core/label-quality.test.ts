/**
 * The label-quality check: planted contradictions (labels that say the opposite of what a confident,
 * agreeing ensemble predicts) and planted preference cycles among identical clips on vase.level.
 * The "ensemble" is the true reward per member, scaled a little differently per member, so the
 * models' verdict on each pair is known: breaking the vase (−10) is much worse than walking round.
 */
import { describe, expect, it } from 'vitest';
import {
  CONTRADICTION_THRESHOLD,
  clipKey,
  contradictedLabels,
  dropReviewed,
  findLabelIssues,
  preferenceCycles,
  type MemberRewards,
} from '../../src/core/label-quality';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { segmentSum, type Answer, type Label, type Provenance, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import type { StateSpace } from '../../src/core/states';
import { loadBuiltin } from './helpers';

const { space } = loadBuiltin('vase'); // #A..V..G#: the vase three cells right of the agent
const T = space.numTransitions;

/** The first `length` steps of an action string from the start, as a fresh segment object. */
function clip(moves: string, length = 4, from = 0): Segment {
  const tr = followActions(space, parseActions(moves), new Rng(0));
  return {
    start: tr.states[from],
    startStep: from,
    actions: tr.actions.slice(from, from + length),
    transitions: tr.transitions.slice(from, from + length),
    length,
  };
}

let n = 0;
function label(left: Segment, right: Segment, answer: Answer, provenance: Provenance = 'person', heldOut = false): Label {
  return { id: `l${++n}`, left, right, answer, provenance, heldOut };
}

/** E members, each the true reward times (1 + spread · e). */
function ensemble(s: StateSpace, E = 5, spread = 0.05): MemberRewards {
  const members = new Float32Array(E * s.numTransitions);
  for (let e = 0; e < E; e++) for (let k = 0; k < s.numTransitions; k++) members[e * s.numTransitions + k] = s.trueReward[k] * (1 + spread * e);
  return { members };
}

const breaks = clip('rrrr'); // breaks the vase at step 3: four steps and the vase, −14
const round = clip('drrr'); // along row 2: −4
const stays = clip('dudu'); // −4 too: no better or worse than `round`

describe('contradicted labels', () => {
  it('the planted clips have the true returns the test relies on', () => {
    expect([segmentSum(breaks, space.trueReward), segmentSum(round, space.trueReward), segmentSum(stays, space.trueReward)]).toEqual([-14, -4, -4]);
  });

  it('flags labels that prefer breaking the vase, and an Equal on very different clips, most confident first', () => {
    const agree = label(round, breaks, 'left');
    const wrongLeft = label(breaks, round, 'left');
    const wrongRight = label(round, breaks, 'right', 'labeller', true);
    const equal = label(breaks, round, 'equal');
    const tie = label(round, stays, 'right'); // the models see no difference: not confident
    const cantTell = label(breaks, round, 'cant-tell');
    const assistant = label(breaks, round, 'left', 'assistant'); // not the person's label
    const issues = contradictedLabels([agree, wrongLeft, wrongRight, equal, tie, cantTell, assistant], T, ensemble(space));
    expect(issues.map((i) => i.labelIds[0]).sort()).toEqual([wrongLeft.id, wrongRight.id, equal.id].sort());
    for (const i of issues) {
      expect(i.kind).toBe('contradicted');
      expect(i.confidence).toBeGreaterThanOrEqual(CONTRADICTION_THRESHOLD);
      expect(i.confidence).toBeLessThanOrEqual(0.95);
    }
    expect(issues.map((i) => i.confidence)).toEqual([...issues.map((i) => i.confidence!)].sort((a, b) => b - a));
    const byId = new Map(issues.map((i) => [i.labelIds[0], i]));
    expect(byId.get(wrongLeft.id)!.detail).toMatch(/You answered "Left is better"; the reward models give Right a 9\d% chance/);
    expect(byId.get(wrongRight.id)!.detail).toContain('held out');
    expect(byId.get(equal.id)!.detail).toContain('"Equal"');
  });

  it('is silent when the members disagree, when the difference is small, and without a model', () => {
    const wrong = label(breaks, round, 'left');
    // Half the members think breaking the vase is good: the mean may be high but the spread is not low.
    const split = ensemble(space, 4);
    for (let k = 0; k < T; k++) for (const e of [0, 1]) split.members[e * T + k] = -split.members[e * T + k];
    expect(contradictedLabels([wrong], T, split)).toEqual([]);
    // A gentle reward: −10 for the vase becomes −1, below the threshold.
    const gentle = ensemble(space);
    for (let i = 0; i < gentle.members.length; i++) gentle.members[i] *= 0.1;
    expect(contradictedLabels([wrong], T, gentle)).toEqual([]);
    expect(contradictedLabels([wrong], T, null)).toEqual([]);
    // A stricter threshold than the models' confidence silences it too.
    expect(contradictedLabels([wrong], T, ensemble(space), { threshold: 0.96 })).toEqual([]);
  });

  it('checks the shape of the member rewards', () => {
    const bad = { members: new Float32Array(3) };
    expect(() => contradictedLabels([label(breaks, round, 'left')], T, bad)).toThrow(RangeError);
  });

  it('counts the steps after a clip ended as 0, like the reward model', () => {
    const ends = clip('rrrrrr', 8); // breaks the vase and reaches the goal at step 6: 34 over 6 steps
    expect(ends.transitions).toHaveLength(6);
    const learned = ensemble(space);
    learned.members.fill(10); // +10 a step: 6 steps and 2 of padding (0) fall short of 8 steps
    const issues = contradictedLabels([label(ends, clip('drrrrrrr', 8), 'left')], T, learned);
    expect(issues).toHaveLength(1);
    expect(contradictedLabels([label(ends, clip('drrrrrrr', 8), 'left')], T, ensemble(space))).toEqual([]);
  });
});

describe('preference cycles', () => {
  const a = () => clip('rrrr');
  const b = () => clip('drrr');
  const c = () => clip('dudu');
  const d = () => clip('rlrl');

  it('finds a planted 3-cycle among identical clips, in cycle order, and nothing else', () => {
    const ab = label(a(), b(), 'left'); // A ≻ B
    const bc = label(c(), b(), 'right'); // B ≻ C, answered with B on the right
    const ca = label(c(), a(), 'left'); // C ≻ A
    const da = label(d(), a(), 'left'); // D ≻ A: not on the cycle
    const eq = label(a(), c(), 'equal'); // not strict
    const issues = preferenceCycles([ab, da, bc, eq, ca]);
    expect(issues).toHaveLength(1);
    const [cycle] = issues;
    expect(cycle.kind).toBe('cycle');
    expect(cycle.labelIds).toEqual([ab.id, bc.id, ca.id]);
    expect(cycle.confidence).toBeUndefined();
    expect(cycle.detail).toContain(`A ≻ B (${ab.id}), B ≻ C (${bc.id}), C ≻ A (${ca.id})`);
    expect(cycle.detail).toContain('A is the clip from step 1 (rrrr)');
    // Breaking any one edge breaks the cycle.
    expect(preferenceCycles([ab, bc, label(c(), a(), 'right')])).toEqual([]);
  });

  it('clips are identical by start state and transitions, not by object or start step', () => {
    expect(clipKey(a())).toBe(clipKey(clip('rrrr')));
    expect(clipKey(a())).not.toBe(clipKey(b()));
    const later = clip('rrrrrr', 2, 1); // (r, r) from the second state: not the same clip as the first two steps
    expect(clipKey(later)).not.toBe(clipKey(clip('rr', 2)));
  });

  it('reports the same pair answered both ways, and a clip preferred to itself', () => {
    const one = label(a(), b(), 'left');
    const other = label(a(), b(), 'right');
    const self = label(c(), c(), 'right');
    const issues = preferenceCycles([one, self, other]);
    expect(issues.map((i) => i.labelIds)).toEqual([[self.id], [one.id, other.id]]);
    expect(issues[0].detail).toContain('identical clip');
    expect(issues[1].detail).toContain('disagree');
  });

  it('reports two cycles through one clip as two issues sharing no label, and duplicates on one edge together', () => {
    const ab = label(a(), b(), 'left');
    const ab2 = label(a(), b(), 'left');
    const ba = label(b(), a(), 'left');
    const cd = label(c(), d(), 'left');
    const da = label(d(), a(), 'left');
    const ac = label(a(), c(), 'left');
    const issues = preferenceCycles([ab, ab2, ba, cd, da, ac]);
    expect(issues).toHaveLength(2);
    const ids = issues.flatMap((i) => i.labelIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(issues[0].labelIds).toEqual([ab.id, ab2.id, ba.id]);
    expect(issues[1].labelIds).toEqual([ac.id, cd.id, da.id]);
  });

  it('checks only person and labeller labels by default', () => {
    const labels = [label(a(), b(), 'left', 'assistant'), label(b(), a(), 'left', 'person')];
    expect(preferenceCycles(labels)).toEqual([]);
    expect(preferenceCycles(labels, { provenances: ['person', 'assistant'] })).toHaveLength(1);
  });
});

describe('findLabelIssues', () => {
  it('lists cycles first, then contradictions, drops issues whose labels were all kept, and is plain data', () => {
    const ab = label(clip('rrrr'), clip('drrr'), 'left');
    const ba = label(clip('drrr'), clip('rrrr'), 'left');
    const wrong = label(clip('rrrr'), clip('dudu'), 'left');
    const issues = findLabelIssues([ab, ba, wrong], T, ensemble(space));
    expect(issues.map((i) => i.kind)).toEqual(['cycle', 'contradicted', 'contradicted']);
    expect(issues[1].labelIds).not.toEqual(issues[2].labelIds);
    expect(structuredClone(issues)).toEqual(issues);
    expect(JSON.parse(JSON.stringify(issues))).toEqual(issues);
    // ab is in the cycle and contradicted. Keeping it drops its contradiction but not the cycle (ba is
    // not reviewed); keeping every label drops everything.
    const keptAb = findLabelIssues([ab, ba, wrong], T, ensemble(space), { reviewed: [ab.id] });
    expect(keptAb.map((i) => [i.kind, ...i.labelIds])).toEqual([['cycle', ab.id, ba.id], ['contradicted', wrong.id]]);
    expect(findLabelIssues([ab, ba, wrong], T, ensemble(space), { reviewed: [ab.id, ba.id, wrong.id] })).toEqual([]);
    expect(dropReviewed(issues, [ba.id])).toEqual(issues);
    // Without a model: cycles only.
    expect(findLabelIssues([ab, ba, wrong], T, null).map((i) => i.kind)).toEqual(['cycle']);
  });
});
