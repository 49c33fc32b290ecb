// Packing a level's states into one typed array (to send a loaded level between threads) and back
// gives the same states, on every built-in level and on a generated one; a loaded level rebuilt in
// chunks is the level that was packed.
import { describe, expect, it } from 'vitest';
import { packLoadedLevel, packStates, unpackLoadedLevel, unpackStates } from '../../src/core/state-pack';
import { loadLevel } from '../../src/core/states';
import { generateLevelText } from '../../src/core/level-generator';
import { builtinLevelNames, builtinText } from './helpers';

describe('state packing', () => {
  it.each(builtinLevelNames())('%s: every state survives packing and unpacking', (id) => {
    const { space } = loadLevel(builtinText(id));
    const packed = packStates(space.world, space.states);
    expect(unpackStates(space.world, packed, 0, space.numStates)).toEqual(space.states);
  });

  it('a loaded level rebuilt in chunks, with a pause between them, equals the one packed', async () => {
    const loaded = loadLevel(generateLevelText(3));
    let pauses = 0;
    const back = await unpackLoadedLevel(packLoadedLevel(loaded), async () => void pauses++, 100);
    expect(back).toEqual(loaded);
    expect(pauses).toBe(Math.ceil(loaded.space.numStates / 100) - 1);
  });
});
