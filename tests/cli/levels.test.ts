/**
 * The command line's level lookup (src/cli/levels.ts): a built-in name reads levels/NAME.level, a
 * path reads that file, `gen:SEED` generates the seeded level, and anything else is one error line
 * that lists the built-in names and mentions gen:SEED.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVELS_DIR, builtinLevelNames, readLevelArg } from '../../src/cli/levels';
import { generateLevelText } from '../../src/core/level-generator';
import { loadLevel } from '../../src/core/states';

describe('readLevelArg', () => {
  it('reads a built-in level by name', () => {
    expect(builtinLevelNames()).toContain('vase');
    expect(readLevelArg('vase')).toEqual({ name: 'vase', text: readFileSync(join(LEVELS_DIR, 'vase.level'), 'utf8') });
  });

  it('reads a level file by path', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rp-levels-')), 'mine.level');
    writeFileSync(path, 'name: Mine\nmax_steps: 5\n---\n#A.G#\n');
    expect(readLevelArg(path)).toEqual({ name: path, text: readFileSync(path, 'utf8') });
  });

  it('generates gen:SEED levels', () => {
    for (const seed of [0, 7, 42]) {
      const { name, text } = readLevelArg(`gen:${seed}`);
      expect(name).toBe(`gen:${seed}`);
      expect(text).toBe(generateLevelText(seed));
      expect(loadLevel(text).level.name).toBe(`Random level ${seed}`);
    }
    expect(readLevelArg('gen:7').text).not.toBe(readLevelArg('gen:8').text);
  });

  it('rejects an unknown name, a bad seed or a missing file with one line naming gen:SEED', () => {
    for (const arg of ['no-such-level', 'gen:', 'gen:-1', 'gen:99999999999', 'gen: 3', '/nonexistent/x.level']) {
      let message = '';
      try {
        readLevelArg(arg);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, arg).toContain(`"${arg}"`);
      expect(message).toContain('gen:SEED');
      expect(message).toContain('vase');
      expect(message).not.toContain('\n');
    }
  });
});
