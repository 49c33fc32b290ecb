// drawOverlays' heat-map on a real canvas: the learned reward is painted against its median cell, so a
// level where every step costs still shows the goal green, typical cells clear and a vase red, and
// adding a constant to every cell (which changes no comparison) changes no pixel.
import { describe, expect, it } from 'vitest';
import vaseText from '../../levels/vase.level?raw';
import { cellMeans, heatScale } from '../../src/core/overlays';
import { loadLevel } from '../../src/core/states';
import { HEAT_ALPHA, OVERLAY_COLORS, drawOverlays } from '../../src/components/draw-overlays';

const { space } = loadLevel(vaseText); // 9 × 4: #A..V..G# on row 1, a free row 2 below
const W = space.world.width;
const PX = 20;

/** The heat-map alone over white, as [r, g, b] at each cell's centre. */
function paint(values: Float32Array): (x: number, y: number) => number[] {
  const canvas = document.createElement('canvas');
  canvas.width = W * PX;
  canvas.height = space.world.height * PX;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  drawOverlays(ctx, space.world, { heat: { values, kind: 'reward' } }, PX);
  return (x, y) => [...ctx.getImageData(x * PX + PX / 2, y * PX + PX / 2, 1, 1).data.slice(0, 3)];
}
const overWhite = (rgb: readonly number[], alpha: number) => rgb.map((c) => 255 + (c - 255) * alpha);

describe('drawOverlays heat-map', () => {
  // Every entered cell below zero: the true reward over 10, less 5 (the goal -0.1, a plain step -5.1).
  const values = cellMeans(space, Float32Array.from(space.trueReward, (r) => r / 10 - 5));

  it('paints the learned reward above its median cell green and below it red, even when every cell is negative', () => {
    const scale = heatScale(values)!;
    expect(scale.max).toBeLessThan(0);
    const at = paint(values);
    const goal = at(7, 1);
    const expected = overWhite(OVERLAY_COLORS.positive, (HEAT_ALPHA * (values[W + 7] - scale.centre)) / scale.reach);
    goal.forEach((c, i) => expect(Math.abs(c - expected[i])).toBeLessThanOrEqual(2));
    expect(at(3, 2)).toEqual([255, 255, 255]); // a plain step: the median cell, left clear
    const [r, g] = at(4, 1); // the vase
    expect(r).toBeGreaterThan(g);
    expect(at(0, 0)).toEqual([255, 255, 255]); // walls are never painted
  });

  it('changes no pixel when a constant is added to every cell', () => {
    const a = paint(values);
    const b = paint(values.map((v) => v + 8));
    for (let y = 0; y < space.world.height; y++) for (let x = 0; x < W; x++) expect(b(x, y)).toEqual(a(x, y));
  });
});
