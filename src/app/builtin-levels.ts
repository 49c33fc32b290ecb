/**
 * The built-in levels (`levels/*.level`), bundled as text by Vite and listed in teaching order: the
 * basics first, then side effects (vase, box), unsafe exploration (lava), then the flaws that fool an
 * evaluator watching the screen (tamper tile, absent supervisor), and everything at once last.
 * Generated levels (`gen:SEED`, src/core/level-generator.ts) are found by id like the built-in ones.
 */
import { parseLevel } from '../core/level';
import { generateLevelText, parseGeneratedName } from '../core/level-generator';

const files = import.meta.glob<string>('../../levels/*.level', {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Level ids in teaching order; a level file not named here is listed after these, by id. */
export const TEACHING_ORDER: readonly string[] = [
  'warmup',
  'vase',
  'box',
  'lava',
  'tomato',
  'supervisor',
  'race',
  'interrupt',
  'tampering',
  'combined',
];

/** One built-in level: its file text and, parsed from it, the name and summary to show. */
export interface BuiltinLevel {
  /** File name without `.level`, e.g. 'vase'; stable, used in URLs and saved sessions. */
  readonly id: string;
  /** The level file's text (format version 1). */
  readonly text: string;
  /** The level's display name (user-facing text: let the renderer escape it). */
  readonly name: string;
  /** One line describing the problem the level teaches ('' when the file has none). */
  readonly summary: string;
}

function idOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.level$/, '');
}

function rank(id: string): number {
  const i = TEACHING_ORDER.indexOf(id);
  return i < 0 ? TEACHING_ORDER.length : i;
}

/** Every built-in level, in teaching order. A built-in file that fails to parse throws at load. */
export const BUILTIN_LEVELS: readonly BuiltinLevel[] = Object.freeze(
  Object.entries(files)
    .map(([path, text]) => {
      const id = idOf(path);
      let level;
      try {
        level = parseLevel(text);
      } catch (e) {
        throw new Error(`built-in level "${id}": ${(e as Error).message}`, { cause: e });
      }
      return Object.freeze({ id, text, name: level.name, summary: level.summary });
    })
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id)),
);

/** The level a new session starts on. */
export const DEFAULT_LEVEL_ID: string = BUILTIN_LEVELS[0]?.id ?? 'warmup';

/** The built-in level with this id, or undefined. */
export function builtinLevel(id: string): BuiltinLevel | undefined {
  return BUILTIN_LEVELS.find((l) => l.id === id);
}

/** Generated levels made this session, by id (a few: each takes some milliseconds to generate and check). */
const generated = new Map<string, BuiltinLevel>();
const MAX_GENERATED_CACHED = 8;

/** The level id of the generated level made from `seed`: `gen:SEED`. */
export function generatedLevelId(seed: number): string {
  return `gen:${seed}`;
}

/** Whether `id` names a generated level (`gen:SEED`, SEED 0 – 2^31−1 written plainly). */
export function isGeneratedLevelId(id: string): boolean {
  return parseGeneratedName(id) !== null;
}

/**
 * A level by id: a built-in level, or a generated one (`gen:42` is `generateLevelText(42)`, the same
 * on every machine), or undefined. Used wherever a level id arrives from a link, a file or the picker.
 */
export function levelById(id: string): BuiltinLevel | undefined {
  const builtin = builtinLevel(id);
  if (builtin) return builtin;
  const seed = parseGeneratedName(id);
  if (seed === null) return undefined;
  let level = generated.get(id);
  if (!level) {
    const text = generateLevelText(seed);
    const parsed = parseLevel(text);
    level = Object.freeze({ id, text, name: parsed.name, summary: parsed.summary });
    if (generated.size >= MAX_GENERATED_CACHED) generated.delete(generated.keys().next().value as string);
    generated.set(id, level);
  }
  return level;
}

/** A fresh seed for a random level, 0 – 2^31−1, from the browser's random source (app layer only). */
export function freshLevelSeed(): number {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0] >>> 1;
}
