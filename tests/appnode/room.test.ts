/**
 * The room's leaderboard and teacher's view, from real exported files: labels on real segments of a
 * built-in level whose ordering the test reads from the level's own true rewards (so the test holds
 * whatever the rules score), one person who always prefers the truly worse clip, a pair answered by
 * several people, and a file of another level that lands in its own group.
 */
import { describe, expect, it } from 'vitest';
import { isFooled } from '../../src/app/label-truth';
import { buildRoom, curveCounts, roomLabelCheck, type RoomFile } from '../../src/app/room';
import { labelKey } from '../../src/app/merge';
import { exportSession, parseSessionFile, type SessionData } from '../../src/app/session-file';
import type { CurvePoint } from '../../src/app/session-types';
import { segmentSum, type Answer, type Label, type Provenance, type Segment } from '../../src/core/preferences';
import { loadLevel } from '../../src/core/states';
import { realSegments, realSession } from './sessions';
import { builtinText } from '../core/helpers';

const LEVEL = 'vase';
const { space } = loadLevel(builtinText(LEVEL));
const segments = realSegments(space, 6, 7, 12);
const trueOf = (s: Segment) => segmentSum(s, space.trueReward);
/** Pairs of real segments whose true returns differ, the better one first. */
const pairs: [Segment, Segment][] = [];
for (let i = 0; i < segments.length && pairs.length < 8; i++) {
  for (let j = i + 1; j < segments.length && pairs.length < 8; j++) {
    const d = trueOf(segments[i]) - trueOf(segments[j]);
    if (Math.abs(d) > 0.5) pairs.push(d > 0 ? [segments[i], segments[j]] : [segments[j], segments[i]]);
  }
}

/** A label on pair `p`: `truthful` prefers the truly better clip; `mirror` shows it on the right. */
function label(p: number, truthful: boolean, mirror = false, provenance: Provenance = 'person'): Omit<Label, 'id' | 'heldOut'> {
  const [better, worse] = pairs[p];
  const answer: Answer = truthful !== mirror ? 'left' : 'right';
  return mirror ? { left: worse, right: better, answer, provenance } : { left: better, right: worse, answer, provenance };
}

function curveEnding(normalizedReturn: number, trueReturn: number): CurvePoint[] {
  const point = { apparentReturn: 0, learnedReturn: 0, heldOutAccuracy: null, disagreement: 0 };
  return [
    { ...point, labels: 1, trueReturn: trueReturn - 5, normalizedReturn: normalizedReturn / 2 },
    { ...point, labels: 2, trueReturn, normalizedReturn },
  ];
}

/** A session as a person would export it, read back through the real parser. */
function file(fileName: string, levelId: string, labels: Omit<Label, 'id' | 'heldOut'>[], curve: CurvePoint[], author?: string, budget: number | null = null): RoomFile {
  const base = realSession(levelId, { labels: 0, seed: 3, ...(author ? { author } : {}), settings: { budget } });
  const session: SessionData = {
    ...base,
    labels: [...base.labels, ...labels.map((l, i) => ({ ...l, id: `p${i + 1}`, heldOut: false }))],
    curve,
  };
  const parsed = parseSessionFile(exportSession(session));
  if (!parsed.ok) throw new Error(parsed.error);
  return { fileName, session: parsed.session };
}

describe('buildRoom', () => {
  // Ana answers truthfully and has a labeller label (not hers); Ben always prefers the truly worse
  // clip; Cy reaches Ana's score with more labels and shows pair 0 mirrored; the last file has no author.
  const ana = file('ana.json', LEVEL, [label(0, true), label(1, true), label(2, true), label(3, true, false, 'labeller')], curveEnding(0.9, 30), 'Ana');
  const ben = file('ben.json', LEVEL, [label(0, false), label(1, false), label(4, false, true)], curveEnding(0.4, 10), 'Ben');
  const cy = file('cy.json', LEVEL, [label(0, true, true), label(2, true), label(5, true), label(6, true, false, 'demonstration')], curveEnding(0.9, 30), 'Cy');
  const anon = file('nameless.json', LEVEL, [label(7, true)], []);
  const other = file('warm.json', 'warmup', [], curveEnding(1, 12), 'Ana');

  it('finds real pairs with a true ordering', () => {
    expect(pairs.length).toBe(8);
    for (const p of pairs.keys()) {
      expect(isFooled(space, { ...label(p, true) })).toBe(false);
      expect(isFooled(space, { ...label(p, false, true) })).toBe(true);
      expect(isFooled(space, { left: pairs[p][0], right: pairs[p][1], answer: 'equal' })).toBe(true);
      expect(isFooled(space, { left: pairs[p][0], right: pairs[p][1], answer: 'cant-tell' })).toBe(false);
    }
  });

  it('counts labels and fooled labels per person and ranks by score, then labels, then fooled', () => {
    const room = buildRoom([ben, anon, cy, other, ana]);
    const vase = room.find((g) => g.levelId === LEVEL)!;
    expect(vase.rows.map((r) => [r.rank, r.person, r.labels, r.fooled])).toEqual([
      [1, 'Ana', 3, 0],
      [2, 'Cy', 4, 0],
      [3, 'Ben', 3, 3],
      [4, 'nameless.json', 1, 0],
    ]);
    expect(vase.rows[0]).toMatchObject({ normalizedReturn: 0.9, trueReturn: 30, fileName: 'ana.json', unjudged: 0 });
    expect(vase.rows[3]).toMatchObject({ normalizedReturn: null, trueReturn: null });
  });

  it('puts a file of another level in its own group', () => {
    const room = buildRoom([ben, anon, cy, other, ana]);
    expect(room.map((g) => [g.levelId, g.rows.length])).toEqual([
      [LEVEL, 4],
      ['warmup', 1],
    ]);
    expect(room[1].rows[0]).toMatchObject({ rank: 1, person: 'Ana', labels: 0, normalizedReturn: 1 });
    expect(room[1].summary).toMatchObject({ people: 1, labels: 0, sharedPairs: 0, agreement: null, fooledShare: null });
  });

  it("summarises the room: labels per person, agreement on shared pairs, fooled share", () => {
    const vase = buildRoom([ana, ben, cy, anon])[0];
    expect(vase.summary.labelsPerPerson).toEqual([
      { person: 'Ana', labels: 3 },
      { person: 'Cy', labels: 4 },
      { person: 'Ben', labels: 3 },
      { person: 'nameless.json', labels: 1 },
    ]);
    // Pair 0: Ana, Ben and Cy (mirrored) — Ben disagrees. Pair 1: Ana and Ben disagree. Pair 2: Ana and Cy agree.
    expect(vase.summary).toMatchObject({ people: 4, labels: 11, sharedPairs: 3, agreedPairs: 1, judged: 11, fooled: 3 });
    expect(vase.summary.agreement).toBeCloseTo(1 / 3);
    expect(vase.summary.fooledShare).toBeCloseTo(3 / 11);
    // Without Ben, the shared pairs all agree.
    expect(buildRoom([ana, cy])[0].summary).toMatchObject({ sharedPairs: 2, agreedPairs: 2, agreement: 1 });
  });

  it('counts a label whose clips do not fit the level as unjudged, not fooled', () => {
    const bad = { ...label(0, false), left: { ...pairs[0][0], start: (pairs[0][0].start + 1) % space.numStates, transitions: [...pairs[0][0].transitions] } };
    const misfit = file('odd.json', LEVEL, [bad, label(1, false)], [], 'Odd');
    const [group] = buildRoom([misfit]);
    expect(group.rows[0]).toMatchObject({ labels: 2, fooled: 1, unjudged: 1 });
    expect(group.summary.fooledShare).toBe(1);
  });

  it('ranks like with like: files of a label-budget challenge among those of the same budget, each budget from rank 1', () => {
    const dee = file('dee.json', LEVEL, [label(0, true), label(1, true)], curveEnding(0.5, 20), 'Dee', 10);
    const eve = file('eve.json', LEVEL, [label(2, true)], curveEnding(0.7, 25), 'Eve', 10);
    const fay = file('fay.json', LEVEL, [label(3, true)], curveEnding(0.95, 31), 'Fay', 5);
    const vase = buildRoom([dee, ben, fay, eve, ana])[0];
    // No budget first (ranked as ever), then budget 5, then budget 10: Eve beats Dee within 10 although Ana scores more.
    expect(vase.rows.map((r) => [r.rank, r.person, r.budget])).toEqual([
      [1, 'Ana', null],
      [2, 'Ben', null],
      [1, 'Fay', 5],
      [1, 'Eve', 10],
      [2, 'Dee', 10],
    ]);
    // The budget travels in the exported file.
    expect(dee.session.settings.budget).toBe(10);
  });

  it("pools everyone's own labels in turn, each identical label once, only those that fit, numbered with the held-out rule", () => {
    const bad = { ...label(4, true), left: { ...pairs[4][0], start: (pairs[4][0].start + 1) % space.numStates, transitions: [...pairs[4][0].transitions] } };
    const odd = file('odd.json', LEVEL, [bad], [], 'Odd');
    const vase = buildRoom([ana, cy, odd])[0];
    const pooled = vase.pooledLabels;
    // Ana: pairs 0, 1, 2 (and a labeller label, not hers); Cy: 0 mirrored (the same label as Ana's), 2 (again), 5, and a demonstration on 6.
    const keys = pooled.map((l) => labelKey(l));
    expect(new Set(keys).size).toBe(keys.length);
    // In turn, in leaderboard order (Ana, Cy, Odd): Ana 0, (Cy 0 again), (Odd's misfit); Ana 1, Cy 2; (Ana 2 again), Cy 5; Cy 6.
    expect(keys).toEqual([0, 1, 2, 5, 6].map((p) => labelKey(label(p, true))));
    expect(pooled.map((l) => l.id)).toEqual(['l1', 'l2', 'l3', 'l4', 'l5']);
    expect(pooled.map((l) => l.heldOut)).toEqual([false, false, false, false, true]);
    expect(pooled.map((l) => l.provenance)).toEqual(['person', 'person', 'person', 'person', 'demonstration']);
    expect(vase.pooledBy).toEqual(['Ana', 'Ana', 'Cy', 'Cy', 'Cy']);
    expect(vase.levelText).toBe(builtinText(LEVEL));
    expect(vase.settings.seed).toBe(3);
  });

  it("attributes the pooled model's label check to people: overruled labels per person, and who takes part in answers that go round", () => {
    const vase = buildRoom([ana, cy])[0];
    expect(vase.pooledBy).toEqual(['Ana', 'Ana', 'Cy', 'Cy', 'Cy']);
    const check = roomLabelCheck(vase, [
      { kind: 'contradicted', labelIds: ['l3'], detail: '', confidence: 0.9 },
      { kind: 'contradicted', labelIds: ['l1'], detail: '', confidence: 0.88 },
      { kind: 'contradicted', labelIds: ['l4'], detail: '', confidence: 0.86 },
      { kind: 'cycle', labelIds: ['l2', 'l5'], detail: '' },
      { kind: 'cycle', labelIds: ['l3', 'l4'], detail: '' },
    ]);
    expect(check.overruled).toEqual([
      { person: 'Cy', labels: 2 },
      { person: 'Ana', labels: 1 },
    ]);
    expect(check.cycles).toEqual([
      { people: ['Ana', 'Cy'], labels: 2 },
      { people: ['Cy'], labels: 2 },
    ]);
    expect(roomLabelCheck(vase, [])).toEqual({ overruled: [], cycles: [] });
  });
});

describe('curveCounts', () => {
  it('0, 5, 10, 20, … up to all the labels, at most maxPoints counts', () => {
    expect(curveCounts(0)).toEqual([0]);
    expect(curveCounts(3)).toEqual([0, 3]);
    expect(curveCounts(5)).toEqual([0, 5]);
    expect(curveCounts(12)).toEqual([0, 5, 10, 12]);
    expect(curveCounts(100)).toEqual([0, 5, 10, 20, 40, 80, 100]);
    expect(curveCounts(700, 8)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    for (const total of [0, 1, 7, 33, 160, 641, 5000]) {
      const counts = curveCounts(total);
      expect(counts.length).toBeLessThanOrEqual(8);
      expect(counts[0]).toBe(0);
      expect(counts.at(-1)).toBe(total);
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThan(counts[i - 1]);
    }
  });
});
