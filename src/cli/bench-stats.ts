/**
 * Summaries of the page timings of `npm run bench` (P2, P3): latencies with timeouts, and long tasks.
 * No Node built-ins, no DOM: plain numbers in, plain JSON out.
 */

/** Nearest-rank percentile (0–100) of numbers; null for none. `+Infinity` entries sort last. */
export function nearestRank(xs: readonly number[], p: number): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** A latency summary, ms. A figure is null when there were no samples or it falls on a timeout. */
export interface LatencySummary {
  /** Samples taken, timeouts included. */
  readonly n: number;
  /** Samples that never arrived within the wait. */
  readonly timedOut: number;
  /** Median (nearest rank, p50), p90 (nearest rank) and the largest sample. */
  readonly median: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/**
 * Median, p90 and max of latencies where null is a timeout: a timeout counts as slower than every
 * sample that arrived, so it can only push the figures up (and a figure that lands on one is null).
 */
export function summarizeLatencies(samples: readonly (number | null)[]): LatencySummary {
  const xs = samples.map((x) => (x === null || !Number.isFinite(x) ? Infinity : x));
  const finite = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);
  return {
    n: samples.length,
    timedOut: xs.filter((x) => x === Infinity).length,
    median: finite(nearestRank(xs, 50)),
    p90: finite(nearestRank(xs, 90)),
    max: finite(nearestRank(xs, 100)),
  };
}

/** Main-thread long tasks (over 50 ms) seen in a window. */
export interface LongTaskSummary {
  readonly count: number;
  /** Median and largest duration, ms; null without any. */
  readonly p50Ms: number | null;
  readonly maxMs: number | null;
  /** Sum of durations, ms. */
  readonly totalMs: number;
}

/** Count, median and longest of long-task durations (ms). */
export function summarizeLongTasks(durations: readonly number[]): LongTaskSummary {
  return {
    count: durations.length,
    p50Ms: nearestRank(durations, 50),
    maxMs: nearestRank(durations, 100),
    totalMs: durations.reduce((a, b) => a + b, 0),
  };
}
