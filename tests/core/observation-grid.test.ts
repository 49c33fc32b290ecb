/**
 * The grid model's input shows what the screen shows and nothing else: planes are one-hot, the agent
 * is on one cell, and on every built-in level two transitions with the same input (observation before,
 * after, action) always have the same apparent reward, so a model of the pixels can express exactly
 * what the score on screen pays. The truth under the tamper tile does not enter.
 */
import { describe, expect, it } from 'vitest';
import { GRID_CHANNELS, GRID_CHANNEL_COUNT, GRID_INPUT_DIM, gridInputs } from '../../src/core/observation-grid';
import { Tile } from '../../src/core/gridworld';
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
