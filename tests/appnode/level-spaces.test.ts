// The page enumerates each level once: the same text gives the very same space while it is among the
// last few loaded; an older one is enumerated again; a bad level throws every time; the levels kept
// stay within a count and a number of states.
import { describe, expect, it } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { LevelError } from '../../src/core/level';
import { KEPT_LEVELS, KEPT_STATES, isKept, keepLoaded, loadLevelOnce } from '../../src/app/level-spaces';
import type { LoadedLevel } from '../../src/core/states';

const text = (name: string) => readLevelArg(name).text;

describe('loadLevelOnce', () => {
  it('gives the same space for the same text, keeps the last three levels, and throws for a bad one each time', () => {
    const vase = loadLevelOnce(text('vase'));
    expect(loadLevelOnce(text('vase'))).toBe(vase);
    expect(loadLevelOnce(`${text('vase')}`.slice(0)).space).toBe(vase.space); // equal text, another string
    loadLevelOnce(text('box'));
    loadLevelOnce(text('warmup'));
    expect(loadLevelOnce(text('vase'))).toBe(vase); // used again: the most recent now
    loadLevelOnce(text('tomato'));
    loadLevelOnce(text('lava'));
    loadLevelOnce(text('supervisor'));
    const again = loadLevelOnce(text('vase'));
    expect(again).not.toBe(vase); // pushed out by three others: enumerated anew
    expect(again.space.numStates).toBe(vase.space.numStates);
    expect(() => loadLevelOnce('name: x\n---\n#A#\n')).toThrow(LevelError);
    expect(() => loadLevelOnce('name: x\n---\n#A#\n')).toThrow(LevelError);
  });
});

describe('keepLoaded', () => {
  /** A loaded level of `numStates` states: the limits read nothing else. */
  const sized = (numStates: number) => ({ space: { numStates } }) as unknown as LoadedLevel;

  it('keeps the most recent levels within KEPT_STATES states in all, and always the last one', () => {
    keepLoaded('a', sized(10));
    keepLoaded('b', sized(KEPT_STATES - 20));
    expect([isKept('a'), isKept('b')]).toEqual([true, true]);
    keepLoaded('c', sized(15)); // over the states limit: the oldest goes
    expect([isKept('a'), isKept('b'), isKept('c')]).toEqual([false, true, true]);
    keepLoaded('d', sized(KEPT_STATES + 5)); // a level over the limit by itself is still kept, alone
    expect([isKept('b'), isKept('c'), isKept('d')]).toEqual([false, false, true]);
    keepLoaded('e', sized(1));
    keepLoaded('f', sized(1));
    keepLoaded('g', sized(1));
    expect([isKept('d'), isKept('e'), isKept('f'), isKept('g')]).toEqual([false, true, true, true]);
    expect(KEPT_LEVELS).toBe(3);
  });
});
