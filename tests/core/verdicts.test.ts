// Verdicts record the P(accept) shown when they were given, and reliabilityBins groups them into a
// reliability diagram: predicted P(accept) against the fraction the person accepted, with counts.
import { describe, expect, it } from 'vitest';
import { claimFeatures, type Claim } from '../../src/core/claims';
import { reliabilityBins, verdictOn, type Verdict } from '../../src/core/verdicts';

const base = { id: 'detour:4', kind: 'detour' as const, step: 4, endStep: 6, severity: 3, title: 'A detour', evidence: { summary: '', cells: [] }, fix: null };
const claim: Claim = { ...base, features: claimFeatures(base, 20), reply: null };
const verdict = (pAccept: number | undefined, accepted: boolean, i: number): Verdict => verdictOn(claim, accepted, 2, `v${i}`, pAccept);

describe('verdictOn', () => {
  it('keeps a finite P(accept) and leaves the field out otherwise', () => {
    expect(verdict(0.42, true, 1)).toEqual({ id: 'v1', claimId: 'detour:4', kind: 'detour', features: claim.features, accepted: true, strength: 2, pAccept: 0.42 });
    expect('pAccept' in verdict(undefined, true, 2)).toBe(false);
    expect('pAccept' in verdict(NaN, true, 3)).toBe(false);
  });
});

describe('reliabilityBins', () => {
  it('bins verdicts by predicted P(accept), with counts, mean prediction and fraction accepted', () => {
    const verdicts = [
      verdict(0.05, false, 1),
      verdict(0.15, true, 2),
      verdict(0.9, true, 3),
      verdict(1, true, 4), // the last bin includes 1
      verdict(0.8, false, 5), // a bin's lower edge belongs to it
      verdict(undefined, true, 6), // an older verdict without a prediction is left out
    ];
    const bins = reliabilityBins(verdicts);
    expect(bins.map((b) => [b.lo, b.hi, b.count, b.accepted])).toEqual([
      [0, 0.2, 2, 1],
      [0.2, 0.4, 0, 0],
      [0.4, 0.6, 0, 0],
      [0.6, 0.8, 0, 0],
      [0.8, 1, 3, 2],
    ]);
    expect(bins[0].meanPredicted).toBeCloseTo(0.1, 12);
    expect(bins[0].observed).toBe(0.5);
    expect(bins[4].meanPredicted).toBeCloseTo(0.9, 12);
    expect(bins[4].observed).toBeCloseTo(2 / 3, 12);
    expect(bins[1].meanPredicted).toBeNaN();
    expect(bins[1].observed).toBeNaN();
  });

  it('takes the number of bins, and returns empty bins without verdicts', () => {
    expect(reliabilityBins([], 10)).toHaveLength(10);
    expect(reliabilityBins([]).every((b) => b.count === 0)).toBe(true);
  });
});
