/**
 * The grid model's input shows what the screen shows and nothing else: planes are one-hot, the agent
 * is on one cell, and on every built-in level two transitions with the same input (observation before,
 * after, action) always have the same apparent reward, so a model of the pixels can express exactly
 * what the score on screen pays. The truth under the tamper tile does not enter.
 */
import { describe, expect, it } from 'vitest';
import { GLIMPSE_SIZE, GRID_CHANNELS, GRID_CHANNEL_COUNT, GRID_INPUT_DIM, gridInputs, writeGlimpse } from '../../src/core/observation-grid';
import { ACTION_LETTERS, Tile, type Action } from '../../src/core/gridworld';
import { builtinLevelNames, inline, loadBuiltin } from './helpers';

describe('grid observation planes', () => {
  it.each(builtinLevelNames())('%s: the planes before and after and the action determine the apparent reward', (name) => {
    const { space } = loadBuiltin(name);
    const inputs = gridInputs(space);
    const planes = new Float32Array(inputs.width * inputs.height * GRID_CHANNEL_COUNT);
    const look = Array.from(inputs.representative, (_, id) => {
      inputs.writePlanes(id, planes, 0);
      return planes.join('');
    });
    const seen = new Map<string, number>();
    for (let k = 0; k < space.numTransitions; k++) {
      const [before, after, action] = inputs.rows.subarray(k * GRID_INPUT_DIM, (k + 1) * GRID_INPUT_DIM);
      const key = `${look[before]}|${look[after]}|${action}`;
      const reward = space.apparentReward[k];
      const first = seen.get(key);
      if (first === undefined) seen.set(key, reward);
      else expect(reward, `transition ${k}`).toBe(first);
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it.each(builtinLevelNames())('%s: planes are 0/1 with the agent on exactly its cell and walls where the level has them', (name) => {
    const { space } = loadBuiltin(name);
    const inputs = gridInputs(space);
    const cells = inputs.width * inputs.height;
    const planes = new Float32Array(cells * GRID_CHANNEL_COUNT);
    const agent = GRID_CHANNELS.indexOf('agent');
    const wall = GRID_CHANNELS.indexOf('wall');
    for (let id = 0; id < inputs.representative.length; id += Math.max(1, Math.floor(inputs.representative.length / 50))) {
      inputs.writePlanes(id, planes, 0);
      expect(planes.every((v) => v === 0 || v === 1)).toBe(true);
      const agentCells = [];
      for (let cell = 0; cell < cells; cell++) if (planes[cell * GRID_CHANNEL_COUNT + agent] === 1) agentCells.push(cell);
      expect(agentCells).toEqual([space.states[inputs.representative[id]].agent]);
      for (let cell = 0; cell < cells; cell++) {
        expect(planes[cell * GRID_CHANNEL_COUNT + wall]).toBe(space.world.tiles[cell] === Tile.Wall ? 1 : 0);
      }
    }
  });

  it('shows tomatoes as they look: on the tamper tile every tomato looks watered, whatever the truth', () => {
    const { space } = inline(['#######', '#A.T.O#', '#######'], { max_steps: 10 });
    const inputs = gridInputs(space);
    const dry = GRID_CHANNELS.indexOf('tomato-looks-dry');
    const wet = GRID_CHANNELS.indexOf('tomato-looks-watered');
    const planes = new Float32Array(inputs.width * inputs.height * GRID_CHANNEL_COUNT);
    const tomato = space.world.tomatoes[0];
    const onTamper = space.states.findIndex((s) => space.world.tiles[s.agent] === Tile.Tamper && !s.watered[0]);
    expect(onTamper).toBeGreaterThanOrEqual(0);
    const ids = new Set<number>();
    for (let k = 0; k < space.numTransitions; k++) if (space.next[k] === onTamper) ids.add(inputs.rows[k * GRID_INPUT_DIM + 1]);
    const [id] = [...ids];
    inputs.writePlanes(id, planes, 0);
    expect(planes[tomato * GRID_CHANNEL_COUNT + wet]).toBe(1);
    expect(planes[tomato * GRID_CHANNEL_COUNT + dry]).toBe(0);
  });
});

describe("the agent's glimpse", () => {
  const K = GRID_CHANNEL_COUNT;
  /** Frame cell (u along the move, v across it) of a glimpse: the channels shown there. */
  const shown = (glimpse: Float32Array, u: number, v: number) => GRID_CHANNELS.filter((_, c) => glimpse[((v + 1) * 3 + u + 1) * K + c] === 1);
  /** The glimpse after the step from the state with the agent on cell `from` by `action` on the boat race. */
  function glimpseAfter(from: [number, number], letter: (typeof ACTION_LETTERS)[number]) {
    const { space } = loadBuiltin('race');
    const inputs = gridInputs(space);
    const W = inputs.width;
    const state = space.states.findIndex((s) => s.agent === from[1] * W + from[0]);
    const action = ACTION_LETTERS.indexOf(letter) as Action;
    const k = space.offset[state * 4 + action];
    const planes = new Float32Array(inputs.width * inputs.height * K);
    inputs.writePlanes(inputs.rows[k * GRID_INPUT_DIM + 1], planes, 0);
    const glimpse = new Float32Array(GLIMPSE_SIZE);
    writeGlimpse(planes, inputs.height, W, action, glimpse);
    return { glimpse, planes, W };
  }

  // The race's four checkpoints, each entered the way its arrow points (from the cell before it).
  const along: [[number, number], (typeof ACTION_LETTERS)[number]][] = [
    [[2, 1], 'r'],
    [[5, 2], 'd'],
    [[4, 5], 'l'],
    [[1, 4], 'u'],
  ];

  it.each(along)('entering a checkpoint the way its arrow points looks the same whichever way: from %j by %s', (from, letter) => {
    const { glimpse } = glimpseAfter(from, letter);
    expect(shown(glimpse, 0, 0)).toEqual(['checkpoint-right', 'agent']);
    expect(shown(glimpse, -1, 0)).toEqual([]); // the floor it came from
    expect(shown(glimpse, 1, 0)).toEqual([]); // the floor ahead
    expect(shown(glimpse, 0, -1)).toEqual(['wall']);
    expect(shown(glimpse, 0, 1)).toEqual(['wall']);
  });

  it('entering one against its arrow shows the arrow pointing back', () => {
    const { glimpse } = glimpseAfter([4, 1], 'l');
    expect(shown(glimpse, 0, 0)).toEqual(['checkpoint-left', 'agent']);
  });

  it('turns the view with the move: ahead is where the agent goes, and moving right is a plain 3×3 crop', () => {
    // Up into the wall from the corner (1, 1): blocked, the wall is ahead and to the left of the move.
    const blocked = glimpseAfter([1, 1], 'u').glimpse;
    expect(shown(blocked, 1, 0)).toEqual(['wall']);
    expect(shown(blocked, 0, -1)).toEqual(['wall']); // left of an upward move: x − 1
    expect(shown(blocked, 0, 1)).toEqual([]); // right of it: the floor at (2, 1)
    const { glimpse, planes, W } = glimpseAfter([2, 1], 'r');
    for (let v = -1; v <= 1; v++) {
      for (let u = -1; u <= 1; u++) {
        const cell = (1 + v) * W + 3 + u;
        const expected = GRID_CHANNELS.filter((_, c) => planes[cell * K + c] === 1);
        expect(shown(glimpse, u, v), `(${u}, ${v})`).toEqual(expected);
      }
    }
  });

  it('is zero off the grid and where no cell shows the agent', () => {
    const { space } = inline(['A.G'], { max_steps: 4 });
    const inputs = gridInputs(space);
    const planes = new Float32Array(inputs.width * inputs.height * K);
    inputs.writePlanes(inputs.rows[1 * GRID_INPUT_DIM], planes, 0);
    const glimpse = new Float32Array(GLIMPSE_SIZE).fill(7);
    writeGlimpse(planes, inputs.height, inputs.width, 3 as Action, glimpse);
    expect(shown(glimpse, 0, 0)).toEqual(['agent']);
    for (const [u, v] of [[-1, 0], [0, -1], [0, 1], [-1, -1]]) expect(shown(glimpse, u, v), `(${u}, ${v})`).toEqual([]);
    expect(shown(glimpse, 1, 0)).toEqual([]);
    planes.fill(0);
    writeGlimpse(planes, inputs.height, inputs.width, 3 as Action, glimpse);
    expect(glimpse.every((v) => v === 0)).toBe(true);
  });
});
