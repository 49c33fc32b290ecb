/** Node-side level lookup for the command-line tools: a built-in name, `gen:SEED` or a path to a .level file. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLevelText, parseGeneratedName } from '../core/level-generator';

/** Folder of the built-in levels. */
export const LEVELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../levels');

/** Names of the built-in levels (file names without `.level`). */
export function builtinLevelNames(): string[] {
  return readdirSync(LEVELS_DIR)
    .filter((f) => f.endsWith('.level'))
    .map((f) => basename(f, '.level'))
    .sort();
}

/** Level text for a built-in name, a generated level `gen:SEED` or a file path; throws a one-line Error when none fits. */
export function readLevelArg(nameOrPath: string): { name: string; text: string } {
  const seed = parseGeneratedName(nameOrPath);
  if (seed !== null) return { name: nameOrPath, text: generateLevelText(seed) };
  const builtin = join(LEVELS_DIR, `${nameOrPath}.level`);
  if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(builtin)) return { name: nameOrPath, text: readFileSync(builtin, 'utf8') };
  if (existsSync(nameOrPath)) return { name: nameOrPath, text: readFileSync(nameOrPath, 'utf8') };
  throw new Error(
    `no built-in level or file named "${nameOrPath}" (built-in: ${builtinLevelNames().join(', ')}; or gen:SEED for a generated level, SEED 0–${2 ** 31 - 1})`,
  );
}
