// The page enumerates each level once: the same text gives the very same space while it is among the
// last few loaded; an older one is enumerated again; a bad level throws every time; the levels kept
// stay within a count and a number of states. A level opened from a link or a saved session is
// enumerated on the page only when small; a larger one is left to the page worker (in Node, where no
// worker starts, the same loading runs here).
import { describe, expect, it } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { LevelError, MAX_STEPS_LIMIT } from '../../src/core/level';
import { KEPT_LEVELS, KEPT_STATES, QUICK_STATES, isKept, keepLoaded, loadLevelOffPage, loadLevelOnce, loadSmallLevel } from '../../src/app/level-spaces';
import { loadLevel, stateLimit, type LoadedLevel } from '../../src/core/states';

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

describe('a level opened without a long task', () => {
  /** 1,856 reachable states: more than QUICK_STATES, far fewer than the cap. */
  const MID = `name: Mid\nmax_steps: 30\n---\n${['##########', '#A.V..V..#', '#........#', '#.V..V..V#', '#.V.....G#', '##########'].join('\n')}\n`;

  it('loads a small level here and leaves a larger one, only parsed, to the worker', async () => {
    expect(loadSmallLevel(text('combined'))?.space.numStates).toBe(loadLevel(text('combined')).space.numStates); // the largest built-in level
    expect(loadLevel(MID).space.numStates).toBeGreaterThan(QUICK_STATES);
    expect(loadSmallLevel(MID)).toBeNull();
    expect(isKept(MID)).toBe(false);
    expect(() => loadSmallLevel(MID.replace('#A.V', '#A.Z'))).toThrow(/unknown character "Z"/); // its syntax is still checked
    const loaded = await loadLevelOffPage(MID);
    expect(loaded.space.numStates).toBe(loadLevel(MID).space.numStates);
    expect(loadSmallLevel(MID)).toBe(loaded); // kept now: given here at once
  });

  it('is never stricter than the level limit, and rejects a level over that limit off the page', async () => {
    expect(stateLimit(MAX_STEPS_LIMIT)).toBeGreaterThan(QUICK_STATES); // so a level that fits here is a valid one
    const tight = MID.replace('max_steps: 30', 'max_steps: 480'); // 2,000,000 / 481 = 4,158 states at most
    // 16,896 reachable states, over that limit
    const over = `name: Over\nmax_steps: 480\n---\n${['############', '#A.V..V..V.#', '#..........#', '#.V..V..V..#', '#..........#', '#.....V...G#', '#..........#', '#.V........#', '############'].join('\n')}\n`;
    expect(loadSmallLevel(tight)).toBeNull();
    expect((await loadLevelOffPage(tight)).space.numStates).toBe(loadLevel(MID).space.numStates);
    expect(loadSmallLevel(over)).toBeNull();
    await expect(loadLevelOffPage(over)).rejects.toThrow(LevelError);
    await expect(loadLevelOffPage(over)).rejects.toThrow(/too many reachable states.*max_steps 480/);
  });
});
