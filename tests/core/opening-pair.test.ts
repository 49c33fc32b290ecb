/**
 * Opening pairs, the pairs the page offers before the reward model runs: on every built-in level
 * and on generated ones they exist, show two clips that look different, are valid segments of the
 * level, come again for the same session and labels, do not repeat a labelled pair while another
 * is left, and are refused (null) on a level too large to build one on the page's thread.
 */
import { describe, expect, it } from 'vitest';
import { generateLevelText } from '../../src/core/level-generator';
import { OPENING_WORK_LIMIT, openingPair } from '../../src/core/opening-pair';
import { checkSegment, type Label } from '../../src/core/preferences';
import { pairKey } from '../../src/core/queries';
import { lookKey, observationIds } from '../../src/core/query-sources';
import { loadLevel } from '../../src/core/states';
import { builtinLevelNames, levelText, loadBuiltin } from './helpers';

const levels = [...builtinLevelNames().map((name) => ({ name, space: loadBuiltin(name).space })), ...[1, 2, 3, 4, 5, 6].map((seed) => ({ name: `gen:${seed}`, space: loadLevel(generateLevelText(seed)).space }))];

describe('openingPair', () => {
  it.each(levels)('$name: two valid clips that look different, the same for the same session', ({ space }) => {
    const pair = openingPair({ space, seed: 11, segmentLength: 10, labels: [] });
    expect(pair).not.toBeNull();
    if (!pair) return;
    const observation = observationIds(space);
    expect(lookKey(space, observation, pair.left)).not.toBe(lookKey(space, observation, pair.right));
    expect(() => checkSegment(space, pair.left)).not.toThrow();
    expect(() => checkSegment(space, pair.right)).not.toThrow();
    expect(pair.mode).toBe('random');
    expect(pair.reason).toMatch(/before the reward model was ready/);
    expect(openingPair({ space, seed: 11, segmentLength: 10, labels: [] })).toEqual(pair);
  });

  it('offers a pair not labelled yet while one is left', () => {
    const { space } = loadBuiltin('warmup');
    const observation = observationIds(space);
    const labels: Label[] = [];
    const asked = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const pair = openingPair({ space, seed: 3, segmentLength: 5, labels });
      expect(pair).not.toBeNull();
      if (!pair) return;
      const key = pairKey(lookKey(space, observation, pair.left), lookKey(space, observation, pair.right));
      expect(asked.has(key)).toBe(false);
      asked.add(key);
      labels.push({ id: `l${i + 1}`, left: pair.left, right: pair.right, answer: 'left', provenance: 'person', heldOut: false });
    }
  });

  it('gives none on a level too large for the page thread, or with nothing to tell apart', () => {
    const open = Array.from({ length: 13 }, (_, y) => (y === 0 || y === 12 ? '#'.repeat(13) : `#${y === 1 ? 'A' : '.'}${'.'.repeat(10)}#`));
    const { space } = loadLevel(levelText([...open.slice(0, 11), '#.V.V.V.V.V.#', open[12]], { max_steps: 100 }));
    expect(space.numStates * space.world.level.maxSteps).toBeGreaterThan(OPENING_WORK_LIMIT);
    expect(openingPair({ space, seed: 1, segmentLength: 10, labels: [] })).toBeNull();
    const walled = loadLevel(levelText(['###', '#A#', '###'])).space;
    expect(openingPair({ space: walled, seed: 1, segmentLength: 10, labels: [] })).toBeNull();
  });
});
