// The heat-map's scales. The learned reward has no meaningful zero (it is learned from comparisons), so
// its scale is centred on the median cell and reaches as far as the cell farthest from it; the
// uncertainty map is drawn from 0 to the largest spread (finiteRange).
import { describe, expect, it } from 'vitest';
import { finiteRange, heatScale } from '../../src/core/overlays';

describe('heat-map scales', () => {
  it('centres on the median of the finite values and reaches the farthest one', () => {
    // Every step costs: all cells negative, the goal least so.
    expect(heatScale([-0.1, -0.1, NaN, -0.1, 4.9, -5.1])).toEqual({ min: -5.1, max: 4.9, centre: -0.1, reach: 5 });
    expect(heatScale([1, 2, 3, 10])).toEqual({ min: 1, max: 10, centre: 2.5, reach: 7.5 });
  });

  it('ignores NaN and infinities, and has no scale without a finite value', () => {
    expect(heatScale([NaN, Infinity, 2, -Infinity])).toEqual({ min: 2, max: 2, centre: 2, reach: 0 });
    expect(heatScale([NaN, NaN])).toBeNull();
    expect(heatScale(new Float32Array(0))).toBeNull();
  });

  it('does not depend on the order of the cells or on a shift of every value', () => {
    const values = [0.3, -1.2, 0.05, 2.4, -0.7, 0.3, 1.1];
    const shuffled = [2.4, 0.3, 1.1, -0.7, 0.05, -1.2, 0.3];
    expect(heatScale(shuffled)).toEqual(heatScale(values));
    const a = heatScale(values)!;
    const b = heatScale(values.map((v) => v - 7))!;
    expect(b.centre).toBeCloseTo(a.centre - 7, 12);
    expect(b.reach).toBeCloseTo(a.reach, 12);
  });

  it('finiteRange: the smallest and largest finite value, null without one (the uncertainty map is drawn from 0 to its largest)', () => {
    expect(finiteRange([NaN, 2, -1, Infinity])).toEqual({ min: -1, max: 2 });
    expect(finiteRange([NaN])).toBeNull();
  });
});
