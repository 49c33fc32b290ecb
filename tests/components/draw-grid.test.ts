// drawGrid checks its input; describeGrid groups cells into runs along rows.
import { describe, expect, it } from 'vitest';
import { builtinLevel } from '../../src/app/builtin-levels';
import { cellsText, describeGrid } from '../../src/components/describe-grid';
import { PALETTE, drawGrid, type GridView } from '../../src/components/draw-grid';
import { loadLevel } from '../../src/core/states';

function view(id: string): GridView {
  const { space } = loadLevel(builtinLevel(id)!.text);
  return { world: space.world, state: space.states[space.initial[0].state], show: 'truth' };
}

describe('drawGrid', () => {
  const ctx = document.createElement('canvas').getContext('2d')!;

  it('rejects views whose state does not fit the world', () => {
    const v = view('combined');
    expect(() => drawGrid(ctx, { ...v, state: { ...v.state, agent: 999 } }, 10)).toThrow(/outside the grid/);
    expect(() => drawGrid(ctx, { ...v, state: { ...v.state, watered: [true] } }, 10)).toThrow(/state.watered has 1 entries, the level has 2/);
    expect(() => drawGrid(ctx, { ...v, show: 'both' as never }, 10)).toThrow(/show must be/);
    expect(() => drawGrid(ctx, v, 0)).toThrow(/cellPx/);
  });

  it('draws every built-in level without throwing, with distinct palette colours', () => {
    for (const id of ['warmup', 'vase', 'box', 'lava', 'tomato', 'supervisor', 'combined']) drawGrid(ctx, view(id), 16);
    // The things a viewer must tell apart (outlines and marks may share colours).
    const { wall, floor, goalFlag, lava, vase, shard, box, tomatoDry, tomatoWatered, tamper, punish, coin, agent } = PALETTE;
    const colours = [wall, floor, goalFlag, lava, vase, shard, box, tomatoDry, tomatoWatered, tamper, punish, coin, agent];
    expect(new Set(colours).size).toBe(colours.length);
  });
});

describe('describeGrid', () => {
  it('groups cells into runs per row', () => {
    expect(cellsText([3, 1, 2, 10, 12], 9)).toBe('row 1, columns 2 to 4; row 2, column 2; row 2, column 4');
    expect(cellsText([8, 9], 9)).toBe('row 1, column 9; row 2, column 1');
  });

  it('mentions everything that matters in the combined level', () => {
    const text = describeGrid(view('combined'), 'Kitchen garden');
    expect(text).toMatch(/^Kitchen garden: grid of 10 by 7 cells\. Agent at row 2, column 2\./);
    for (const part of ['Goal', 'Lava', 'Intact vase', 'Dry tomato', 'Tamper tile', 'Coin', 'Punishment tile']) expect(text).toContain(part);
  });
});
