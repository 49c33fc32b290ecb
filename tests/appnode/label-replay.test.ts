/**
 * "Replay my labels with the truth" and "Try again with the assistant", on real labels of the built-in
 * tomato level: a learner who judges by the screen (the observer labeller) is fooled exactly where its
 * answer differs from the clips' true-score ordering, read from the level's own rewards (no score is
 * pinned); the run summary counts those labels and takes the agent's latest scores; the comparison
 * marks the better run (fooled labels as a share of the labels given); the recorded run survives storage that is missing, full or corrupt.
 */
import { describe, expect, it } from 'vitest';
import { REPLAY_PROVENANCES, isFooled, replayRows, truthAnswer } from '../../src/app/label-truth';
import { compareRuns, summarizeRun } from '../../src/app/run-compare';
import { clearRun, loadRun, runKey, saveRun, type RunStorage, type RunSummary } from '../../src/app/run-store';
import { initialView, type CurvePoint, type SessionView } from '../../src/app/session-types';
import { defaultSettings } from '../../src/app/settings';
import { parseActions } from '../../src/core/gridworld';
import { simulatedAnswer } from '../../src/core/labellers';
import { followActions } from '../../src/core/planner';
import { segmentSum, type Label, type Provenance, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import { builtinText } from '../core/helpers';
import { realSegments } from './sessions';

const TEXT = builtinText('tomato');
const { space } = loadLevel(TEXT);

function clip(moves: string): Segment {
  const tr = followActions(space, parseActions(moves), new Rng(0));
  return { start: tr.states[0], startStep: 0, actions: tr.actions, transitions: tr.transitions, length: moves.length };
}

// Walk onto the tamper tile O and stay there (bumping the wall), against walking to a tomato and back.
const tamper = clip('rurruuuu');
const water = clip('rrddudud');
const segments = [tamper, water, ...realSegments(space, 8, 5, 6)];
const screen = new Rng(1);
/** Labels a learner who trusts the screen would give: the observer labeller on consecutive real clips. */
const labels: Label[] = [];
for (let i = 0; i + 1 < segments.length && labels.length < 12; i += 2) {
  const provenance: Provenance = labels.length === 3 ? 'labeller' : labels.length === 4 ? 'assistant' : 'person';
  const answer = simulatedAnswer(space, segments[i], segments[i + 1], { kind: 'observer' }, screen);
  labels.push({ id: `l${labels.length + 1}`, left: segments[i], right: segments[i + 1], answer, provenance, heldOut: false });
}
labels.push({ id: 'l99', left: water, right: tamper, answer: 'cant-tell', provenance: 'person', heldOut: false });

describe('replayRows on real tomato labels', () => {
  const rows = replayRows(space, labels);

  it("lists the learner's own labels in order, with both clips' screen and true returns", () => {
    expect(rows.map((r) => r.label.id)).toEqual(labels.filter((l) => REPLAY_PROVENANCES.has(l.provenance)).map((l) => l.id));
    expect(rows.some((r) => r.label.provenance === 'assistant')).toBe(false);
    for (const r of rows) {
      expect(r.number).toBe(labels.indexOf(r.label) + 1);
      expect(r.left).toEqual({ apparent: segmentSum(r.label.left, space.apparentReward), true: segmentSum(r.label.left, space.trueReward) });
      expect(r.right).toEqual({ apparent: segmentSum(r.label.right, space.apparentReward), true: segmentSum(r.label.right, space.trueReward) });
    }
  });

  it('marks as fooled exactly the answers that disagree with the exact oracle, and the tamper tile fools the screen', () => {
    const oracle = new Rng(2);
    for (const r of rows) {
      const truth = simulatedAnswer(space, r.label.left, r.label.right, { kind: 'oracle' }, oracle);
      expect(r.truth).toBe(truth);
      expect(r.fooled).toBe(r.label.answer !== 'cant-tell' && r.label.answer !== truth);
      expect(isFooled(space, r.label)).toBe(r.fooled);
    }
    // The tamper clip looks better on screen and is truly worse: the first label is fooled.
    expect(segmentSum(tamper, space.apparentReward)).toBeGreaterThan(segmentSum(water, space.apparentReward));
    expect(segmentSum(tamper, space.trueReward)).toBeLessThan(segmentSum(water, space.trueReward));
    expect(rows[0].label.answer).toBe('left');
    expect(rows[0].fooled).toBe(true);
    expect(rows.at(-1)?.fooled).toBe(false); // "Can't tell" is never fooled
  });

  it('cannot judge a label whose clip does not fit the level', () => {
    const misfit: Label = { ...labels[0], id: 'bad', left: { ...tamper, start: space.numStates + 3 } };
    const [row] = replayRows(space, [misfit]);
    expect(row).toMatchObject({ left: null, right: null, truth: null, fooled: null });
    expect(truthAnswer(space, misfit)).toBeNull();
  });
});

const curvePoint = (labelCount: number, trueReturn: number, normalizedReturn: number): CurvePoint => ({
  labels: labelCount,
  trueReturn,
  apparentReturn: trueReturn + 10,
  learnedReturn: 0,
  normalizedReturn,
  heldOutAccuracy: null,
  disagreement: 0,
});
const view = (ls: readonly Label[], curve: CurvePoint[]): SessionView => ({ ...initialView(defaultSettings('tomato', TEXT)), labels: ls, curve });

describe('summarizeRun and compareRuns', () => {
  const fooled = replayRows(space, labels).filter((r) => r.fooled).length;
  const first = summarizeRun(space, view(labels, [curvePoint(2, 1, 0.1), curvePoint(labels.length, 4, 0.3)]), 'Tomato garden', false);

  it("counts the learner's labels and fooled labels, and takes the agent's latest scores", () => {
    expect(first).toEqual({
      levelId: 'tomato',
      levelName: 'Tomato garden',
      labels: labels.length - 1, // the assistant's label is not the learner's
      fooled,
      trueReturn: 4,
      normalizedReturn: 0.3,
      apparentReturn: 14,
      assistant: false,
    });
    expect(fooled).toBeGreaterThan(0);
    const empty = summarizeRun(space, view([], []), 'Tomato garden', true);
    expect(empty).toMatchObject({ labels: 0, fooled: 0, trueReturn: null, normalizedReturn: null, apparentReturn: null, assistant: true });
  });

  it('compares the runs line by line, marking the better one and the lines that show the truth', () => {
    const second: RunSummary = { ...first, labels: 3, fooled: 0, trueReturn: 9, normalizedReturn: 0.8, apparentReturn: 9, assistant: true };
    const rows = compareRuns(first, second);
    expect(rows.map((r) => [r.key, r.before, r.after, r.better, r.truth])).toEqual([
      ['normalizedReturn', 0.3, 0.8, 'after', true],
      ['trueReturn', 4, 9, 'after', true],
      ['apparentReturn', 14, 9, null, false],
      ['labels', labels.length - 1, 3, null, false],
      ['fooled', fooled, 0, 'after', true],
    ]);
    // A run just started (no score, no label) is better or worse at nothing.
    const fresh = compareRuns(first, { ...second, trueReturn: null, normalizedReturn: null, labels: 0, fooled: 0 });
    expect(fresh.map((r) => r.better)).toEqual([null, null, null, null, null]);
    // Fooled labels compare as a share: twice the labels with twice the fooled ones is a tie.
    expect(compareRuns(first, { ...first, labels: first.labels * 2, fooled: fooled * 2 }).find((r) => r.key === 'fooled')?.better).toBeNull();
    expect(compareRuns(first, { ...first, labels: first.labels * 2, fooled }).find((r) => r.key === 'fooled')?.better).toBe('after');
  });
});

describe('the recorded run in storage', () => {
  const run: RunSummary = { levelId: 'tomato', levelName: 'Tomato garden', labels: 5, fooled: 2, trueReturn: -3, normalizedReturn: 0.2, apparentReturn: 12, assistant: false };
  const memory = (): RunStorage & { data: Map<string, string> } => {
    const data = new Map<string, string>();
    return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
  };
  const broken: RunStorage = {
    getItem: () => {
      throw new Error('blocked');
    },
    setItem: () => {
      throw new DOMException('full', 'QuotaExceededError');
    },
    removeItem: () => {
      throw new Error('blocked');
    },
  };

  it('keeps one run per level and instance, and forgets it', () => {
    const storage = memory();
    const key = runKey('tomato', TEXT, 'session');
    expect(saveRun(key, run, { storage })).toBe(true);
    expect(loadRun(key, { storage })).toEqual(run);
    expect(loadRun(runKey('supervisor', '', 'session'), { storage })).toBeNull();
    expect(runKey('tomato', TEXT, 'session-2')).not.toBe(key);
    expect(runKey('custom', 'a', 'x')).not.toBe(runKey('custom', 'b', 'x'));
    expect(clearRun(key, { storage })).toBe(true);
    expect(loadRun(key, { storage })).toBeNull();
  });

  it('never throws: no storage, a refusing storage and a corrupt entry read as no run', () => {
    const key = runKey('tomato', TEXT);
    expect(saveRun(key, run, { storage: null })).toBe(false);
    expect(saveRun(key, run, { storage: broken })).toBe(false);
    expect(loadRun(key, { storage: broken })).toBeNull();
    expect(clearRun(key, { storage: broken })).toBe(false);
    const storage = memory();
    for (const bad of ['{', '42', '{"levelId":"tomato"}', JSON.stringify({ ...run, labels: -1 })]) {
      storage.data.set(key, bad);
      expect(loadRun(key, { storage })).toBeNull();
    }
    storage.data.set(key, JSON.stringify({ ...run, trueReturn: 'x' }));
    expect(loadRun(key, { storage })).toEqual({ ...run, trueReturn: null });
    expect(loadRun(key)).toBeNull(); // Node has no usable localStorage here: nothing, no throw
  });
});
