/** Node-side level lookup for the command-line tools: a built-in name or a path to a .level file. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the built-in levels. */
export const LEVELS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../levels');

/** Names of the built-in levels (file names without `.level`). */
export function builtinLevelNames(): string[] {
  return readdirSync(LEVELS_DIR)
    .filter((f) => f.endsWith('.level'))
    .map((f) => basename(f, '.level'))
    .sort();
}

/** Level text for a built-in name or a file path; throws a one-line Error when neither exists. */
export function readLevelArg(nameOrPath: string): { name: string; text: string } {
  const builtin = join(LEVELS_DIR, `${nameOrPath}.level`);
  if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(builtin)) return { name: nameOrPath, text: readFileSync(builtin, 'utf8') };
  if (existsSync(nameOrPath)) return { name: nameOrPath, text: readFileSync(nameOrPath, 'utf8') };
  throw new Error(`no built-in level or file named "${nameOrPath}" (built-in: ${builtinLevelNames().join(', ')})`);
}
