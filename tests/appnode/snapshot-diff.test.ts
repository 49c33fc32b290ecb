/**
 * The diff behind "what your click changed", on vase.level's real state space: the cells whose learned
 * reward moved most (largest first, NaN cells skipped, tiny moves ignored), whether the greedy plan
 * changed and where it now ends, the score changes, "nothing changed" when nothing did, no diff across
 * two levels, and a tracker that answers the same until a new snapshot arrives, compares with the last
 * complete snapshot (not one taken mid-burst) and forgets on a reset.
 */
import { describe, expect, it } from 'vitest';
import { DIFF_EPSILON, MOVED_CELLS, SnapshotDiffTracker, diffSnapshots } from '../../src/app/snapshot-diff';
import { loadLevel } from '../../src/core/states';
import { builtinText } from '../core/helpers';
import { bumpCell, snapshotOf } from './snapshots';

const { space } = loadLevel(builtinText('vase')); // 9 × 4: #A..V..G# on row 1, a free row 2 below
const W = space.world.width;
const base = Float32Array.from(space.trueReward, (r) => r / 10);
const cell = (x: number, y: number) => y * W + x;

describe('diffSnapshots', () => {
  it('lists the cells whose learned reward moved most, largest first, with before and after', () => {
    let learned = bumpCell(space, base, cell(4, 1), -2); // the vase
    learned = bumpCell(space, learned, cell(3, 2), 0.5);
    learned = bumpCell(space, learned, cell(5, 2), 1);
    const a = snapshotOf(space, 'rrrrrr', base, { labels: 3 });
    const b = snapshotOf(space, 'rrrrrr', learned, { labels: 4 });
    const d = diffSnapshots(a, b)!;
    expect(d.movedCells.map((m) => m.cell)).toEqual([cell(4, 1), cell(5, 2), cell(3, 2)]);
    expect(d.movedCells[0].delta).toBeCloseTo(-2, 5);
    expect(d.movedCells[0].after - d.movedCells[0].before).toBeCloseTo(d.movedCells[0].delta, 5);
    expect(d.largestMove).toBeCloseTo(2, 5);
    expect([d.labelsBefore, d.labelsAfter]).toEqual([3, 4]);
    expect(d.nothingChanged).toBe(false);
  });

  it(`keeps at most ${MOVED_CELLS} cells and ignores moves under DIFF_EPSILON and cells never entered`, () => {
    let learned: Float32Array = base;
    for (let x = 1; x <= 7; x++) learned = bumpCell(space, learned, cell(x, 2), 0.1 * x);
    learned = bumpCell(space, learned, cell(1, 1), DIFF_EPSILON / 10);
    const d = diffSnapshots(snapshotOf(space, 'rrrrrr', base), snapshotOf(space, 'rrrrrr', learned))!;
    expect(d.movedCells.map((m) => m.cell)).toEqual([cell(7, 2), cell(6, 2), cell(5, 2)]);
    const a = snapshotOf(space, 'rrrrrr', base);
    expect(Number.isNaN(a.cellReward[0])).toBe(true); // a wall: never entered
    const nanMoved = { ...a, cellReward: a.cellReward.map((v, i) => (i === 0 ? NaN : v)) };
    expect(diffSnapshots(a, nanMoved)!.movedCells).toEqual([]);
  });

  it('says whether the plan changed, its new length and where it ends', () => {
    const d = diffSnapshots(snapshotOf(space, 'rrrrrr', base), snapshotOf(space, 'drrrrrru', base))!;
    expect(d.plan).toEqual({ changed: true, stepsBefore: 6, stepsAfter: 8, endBefore: cell(7, 1), endAfter: cell(7, 1), terminated: true });
    const same = diffSnapshots(snapshotOf(space, 'rrrrrr', base), snapshotOf(space, 'rrrrrr', base))!;
    expect(same.plan.changed).toBe(false);
    const short = diffSnapshots(snapshotOf(space, 'rrrrrr', base), snapshotOf(space, 'rr', base))!;
    expect(short.plan).toMatchObject({ changed: true, stepsAfter: 2, endAfter: cell(3, 1), terminated: false });
  });

  it('carries the score changes, the true ones too (the view decides what to show)', () => {
    const a = snapshotOf(space, 'rrrrrr', base, { apparentReturn: 1, learnedReturn: 0.5, trueReturn: -3, normalizedReturn: 0.2 });
    const b = snapshotOf(space, 'rrrrrr', base, { apparentReturn: 4, learnedReturn: 0.25, trueReturn: 7, normalizedReturn: 0.9 });
    const d = diffSnapshots(a, b)!;
    expect(d.apparent).toEqual({ before: 1, after: 4, delta: 3 });
    expect(d.learned).toEqual({ before: 0.5, after: 0.25, delta: -0.25 });
    expect(d.trueReturn).toEqual({ before: -3, after: 7, delta: 10 });
    expect(d.normalized.delta).toBeCloseTo(0.7, 10);
    expect(d.nothingChanged).toBe(false);
  });

  it('reports nothing changed when no cell, plan or visible score moved (even if the hidden truth did)', () => {
    const a = snapshotOf(space, 'rrrrrr', base, { labels: 1, trueReturn: 0 });
    const b = snapshotOf(space, 'rrrrrr', Float32Array.from(base), { labels: 2, trueReturn: 5 });
    const d = diffSnapshots(a, b)!;
    expect(d.movedCells).toEqual([]);
    expect(d.largestMove).toBe(0);
    expect(d.nothingChanged).toBe(true);
  });

  it('gives no diff between snapshots of two levels', () => {
    const other = loadLevel(builtinText('lava')).space;
    const b = snapshotOf(other, '', Float32Array.from(other.trueReward));
    expect(diffSnapshots(snapshotOf(space, 'rrrrrr', base), b)).toBeNull();
  });
});

describe('SnapshotDiffTracker', () => {
  it('diffs each new snapshot against the one before, answers the same until a new one comes, and forgets on null', () => {
    const t = new SnapshotDiffTracker();
    const a = snapshotOf(space, 'rrrrrr', base, { labels: 1 });
    const b = snapshotOf(space, 'drrrrrru', base, { labels: 2 });
    expect(t.next(a)).toBeNull();
    const d = t.next(b);
    expect(d?.plan.changed).toBe(true);
    expect(t.next(b)).toBe(d);
    expect(t.next(null)).toBeNull();
    expect(t.next(a)).toBeNull(); // nothing to compare with after a reset
  });

  it('compares with the last complete snapshot: one taken mid-burst is never the baseline', () => {
    const t = new SnapshotDiffTracker();
    const before = snapshotOf(space, 'rrrrrr', base, { labels: 1 });
    const early = snapshotOf(space, 'drrrrrru', base, { labels: 2 });
    const end = snapshotOf(space, 'drrrrrru', bumpCell(space, base, cell(3, 2), 1), { labels: 2 });
    t.next(before);
    expect(t.next(early, true)?.labelsBefore).toBe(1);
    const d = t.next(end)!;
    expect([d.labelsBefore, d.labelsAfter]).toEqual([1, 2]); // the click, not "no new label"
    expect(d.plan.changed).toBe(true);
    expect(d.movedCells.map((m) => m.cell)).toContain(cell(3, 2));
    const next = snapshotOf(space, 'drrrrrru', base, { labels: 3 });
    expect(t.next(next)?.labelsBefore).toBe(2); // a complete snapshot is the next baseline
  });

  it('keeps showing the last click when a later snapshot brings no new label, until the labels change', () => {
    const t = new SnapshotDiffTracker();
    const one = [{ id: 'l1' }];
    const two = [...one, { id: 'l2' }];
    const before = snapshotOf(space, 'rrrrrr', base, { labels: 1 });
    const burst = snapshotOf(space, 'drrrrrru', base, { labels: 2 });
    // Two quick clicks: the second burst trains on the labels the first already saw.
    const again = snapshotOf(space, 'drrrrrru', bumpCell(space, base, cell(3, 2), 1), { labels: 2 });
    t.next(before, false, one);
    expect(t.next(burst, false, two)?.labelsBefore).toBe(1);
    const d = t.next(again, false, two)!;
    expect([d.labelsBefore, d.labelsAfter]).toEqual([1, 2]); // still the click, not "no new label"
    expect(d.plan.changed).toBe(true);
    expect(d.movedCells.map((m) => m.cell)).toContain(cell(3, 2));
    // An answer changed (a new labels array, the same count): compared with the snapshot before it.
    const relabelled = [one[0], { id: 'l2' }];
    const after = snapshotOf(space, 'rrrrrr', base, { labels: 2 });
    const r = t.next(after, false, relabelled)!;
    expect([r.labelsBefore, r.labelsAfter]).toEqual([2, 2]);
    expect(r.plan.changed).toBe(true);
  });
});
