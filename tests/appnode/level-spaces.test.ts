// The page enumerates each level once: the same text gives the very same space while it is among the
// last few loaded; an older one is enumerated again; a bad level throws every time.
import { describe, expect, it } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { LevelError } from '../../src/core/level';
import { loadLevelOnce } from '../../src/app/level-spaces';

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
