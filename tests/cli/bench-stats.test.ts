// The summaries behind P2 and P3 of `npm run bench` (src/cli/bench-stats.ts): nearest-rank
// percentiles, timeouts counted as the slowest samples, long-task counts.
import { describe, expect, it } from 'vitest';
import { nearestRank, summarizeLatencies, summarizeLongTasks } from '../../src/cli/bench-stats';

describe('nearestRank', () => {
  it('takes the nearest rank, whatever the order', () => {
    const xs = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(nearestRank(xs, 50)).toBe(50);
    expect(nearestRank(xs, 90)).toBe(90);
    expect(nearestRank(xs, 100)).toBe(100);
    expect(nearestRank(xs, 0)).toBe(10);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('summarizeLatencies', () => {
  it('gives median, p90 and max of 20 clicks', () => {
    const s = summarizeLatencies(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(s).toEqual({ n: 20, timedOut: 0, median: 10, p90: 18, max: 20 });
  });

  it('counts a timeout as slower than every sample that arrived', () => {
    const s = summarizeLatencies([5, null, 1, 3, 2, 4, 6, 7, 8, 9]);
    expect(s.timedOut).toBe(1);
    expect(s.median).toBe(5);
    expect(s.p90).toBe(9);
    expect(s.max).toBeNull(); // the slowest click never arrived
  });

  it('has no figures without samples, and none that land on timeouts', () => {
    expect(summarizeLatencies([])).toEqual({ n: 0, timedOut: 0, median: null, p90: null, max: null });
    expect(summarizeLatencies([null, null, 1])).toEqual({ n: 3, timedOut: 2, median: null, p90: null, max: null });
  });
});

describe('summarizeLongTasks', () => {
  it('counts long tasks with their median, longest and total duration', () => {
    expect(summarizeLongTasks([60, 120, 80])).toEqual({ count: 3, p50Ms: 80, maxMs: 120, totalMs: 260 });
    expect(summarizeLongTasks([])).toEqual({ count: 0, p50Ms: null, maxMs: null, totalMs: 0 });
  });
});
