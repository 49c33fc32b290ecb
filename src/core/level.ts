/**
 * The level file format, version 1 (see docs/level-format.md):
 * a `key: value` header, a `---` line, then the grid rows. `parseLevel` reports every problem with
 * its line and column; `serializeLevel` writes the canonical text that parses back to an equal level.
 */

/** How the supervisor behaves on `P` tiles: always there, never there, or 50/50 per episode. */
export type Supervisor = 'present' | 'absent' | 'random';

/** A parsed level: plain data, safe to clone, store and send to a worker. */
export interface Level {
  /** Shown to users; 1–60 characters. */
  readonly name: string;
  /** Episode length limit in steps, 1–500. */
  readonly maxSteps: number;
  /** One line shown under the name ('' when the file has none). */
  readonly summary: string;
  /** Supervisor behaviour for punishment tiles. */
  readonly supervisor: Supervisor;
  /** Per-step probability, 0–1, that each watered tomato dries. */
  readonly dryProb: number;
  /** Probability, 0–1, that entering an interruption tile `I` stops the agent (while interruptions are on). */
  readonly interruptProb: number;
  /** Steps an interruption stops the agent for, 1–50. */
  readonly interruptSteps: number;
  /** Grid width in cells (longest row), 1–20. */
  readonly width: number;
  /** Grid height in cells, 1–20. */
  readonly height: number;
  /** Rows top to bottom, each exactly `width` characters from TILE_CHARS (spaces normalised to '.'). */
  readonly grid: readonly string[];
}

/** Every character a grid may hold, with the tile it stands for. */
export const TILE_CHARS = {
  '#': 'wall',
  '.': 'floor',
  A: 'agent start',
  G: 'goal',
  L: 'lava',
  V: 'vase',
  X: 'box',
  T: 'tomato',
  O: 'tamper tile',
  P: 'punishment tile',
  $: 'coin',
  '^': 'checkpoint up',
  v: 'checkpoint down',
  '<': 'checkpoint left',
  '>': 'checkpoint right',
  I: 'interruption tile',
  B: 'off-switch button',
  R: 'rock',
  S: 'rock switch',
  Q: 'diamond switch',
} as const;

/** A grid character. */
export type TileChar = keyof typeof TILE_CHARS;

/** Largest grid side, in cells. */
export const MAX_GRID_SIDE = 20;
/** Longest level name, in characters. */
export const MAX_NAME_LENGTH = 60;
/** Largest `max_steps`. */
export const MAX_STEPS_LIMIT = 500;
/** Default per-step drying probability of a watered tomato. */
export const DEFAULT_DRY_PROB = 0.05;
/** Default probability that entering an interruption tile stops the agent. */
export const DEFAULT_INTERRUPT_PROB = 0.5;
/** Default number of steps an interruption stops the agent for. */
export const DEFAULT_INTERRUPT_STEPS = 10;
/** Most steps an interruption may last. */
export const MAX_INTERRUPT_STEPS = 50;

/** A level file problem, with the 1-based line and column where it was found. */
export class LevelError extends Error {
  /** 1-based line of the problem. */
  readonly line: number;
  /** 1-based column of the problem. */
  readonly column: number;
  /** The message without the position prefix. */
  readonly reason: string;

  /** Creates an error whose message reads `line L, column C: reason`. */
  constructor(line: number, column: number, reason: string) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'LevelError';
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

const HEADER_KEYS = ['name', 'max_steps', 'summary', 'supervisor', 'dry_prob', 'interrupt_prob', 'interrupt_steps'] as const;
type HeaderKey = (typeof HEADER_KEYS)[number];

/** Parses level text (version 1). Throws `LevelError` naming the line and column of the first problem. */
export function parseLevel(text: string): Level {
  if (typeof text !== 'string') throw new LevelError(1, 1, 'a level must be text');
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const separator = lines.findIndex((l) => l.replace(/\s+$/, '') === '---');
  if (separator < 0) {
    throw new LevelError(lines.length, 1, "missing the '---' line that separates the header from the grid");
  }

  const header = new Map<HeaderKey, { value: string; line: number; column: number }>();
  for (let i = 0; i < separator; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const colon = raw.indexOf(':');
    if (colon < 0) throw new LevelError(i + 1, 1, `expected 'key: value' in the header, got "${clip(raw)}"`);
    const key = raw.slice(0, colon).trim();
    if (!(HEADER_KEYS as readonly string[]).includes(key)) {
      throw new LevelError(i + 1, 1, `unknown header key "${clip(key)}" (known: ${HEADER_KEYS.join(', ')})`);
    }
    if (header.has(key as HeaderKey)) throw new LevelError(i + 1, 1, `header key "${key}" appears twice`);
    const valueStart = colon + 1 + (raw.slice(colon + 1).length - raw.slice(colon + 1).trimStart().length);
    header.set(key as HeaderKey, { value: raw.slice(colon + 1).trim(), line: i + 1, column: valueStart + 1 });
  }

  const name = header.get('name');
  if (!name) throw new LevelError(1, 1, 'missing required header key "name"');
  if (name.value.length < 1 || name.value.length > MAX_NAME_LENGTH) {
    throw new LevelError(name.line, name.column, `name must be 1–${MAX_NAME_LENGTH} characters, got ${name.value.length}`);
  }
  const steps = header.get('max_steps');
  if (!steps) throw new LevelError(1, 1, 'missing required header key "max_steps"');
  if (!/^\d+$/.test(steps.value) || +steps.value < 1 || +steps.value > MAX_STEPS_LIMIT) {
    throw new LevelError(steps.line, steps.column, `max_steps must be a whole number from 1 to ${MAX_STEPS_LIMIT}, got "${clip(steps.value)}"`);
  }
  const sup = header.get('supervisor');
  if (sup && !['present', 'absent', 'random'].includes(sup.value)) {
    throw new LevelError(sup.line, sup.column, `supervisor must be present, absent or random, got "${clip(sup.value)}"`);
  }
  const probability = (key: 'dry_prob' | 'interrupt_prob') => {
    const h = header.get(key);
    if (h && (!/^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(h.value) || +h.value > 1)) {
      throw new LevelError(h.line, h.column, `${key} must be a number from 0 to 1, got "${clip(h.value)}"`);
    }
    return h;
  };
  const dry = probability('dry_prob');
  const interrupt = probability('interrupt_prob');
  const pause = header.get('interrupt_steps');
  if (pause && (!/^\d+$/.test(pause.value) || +pause.value < 1 || +pause.value > MAX_INTERRUPT_STEPS)) {
    throw new LevelError(pause.line, pause.column, `interrupt_steps must be a whole number from 1 to ${MAX_INTERRUPT_STEPS}, got "${clip(pause.value)}"`);
  }

  const rows = lines.slice(separator + 1);
  while (rows.length > 0 && rows[rows.length - 1].trim() === '') rows.pop();
  const gridLine = (r: number) => separator + 2 + r;
  if (rows.length === 0) throw new LevelError(separator + 1, 1, 'the grid is empty: add rows after the --- line');
  if (rows.length > MAX_GRID_SIDE) {
    throw new LevelError(gridLine(MAX_GRID_SIDE), 1, `grid is ${rows.length} rows high; at most ${MAX_GRID_SIDE} × ${MAX_GRID_SIDE} cells are allowed`);
  }
  let agent: { line: number; column: number } | null = null;
  rows.forEach((row, r) => {
    if (row.length > MAX_GRID_SIDE) {
      throw new LevelError(gridLine(r), MAX_GRID_SIDE + 1, `row is ${row.length} cells wide; at most ${MAX_GRID_SIDE} × ${MAX_GRID_SIDE} cells are allowed`);
    }
    for (let c = 0; c < row.length; c++) {
      const ch = row[c];
      if (ch !== ' ' && !(ch in TILE_CHARS)) {
        throw new LevelError(gridLine(r), c + 1, `unknown character "${ch}" in the grid (allowed: ${Object.keys(TILE_CHARS).join(' ')} and space)`);
      }
      if (ch === 'A') {
        if (agent) throw new LevelError(gridLine(r), c + 1, `a second agent "A" (the first is at line ${agent.line}, column ${agent.column}); a level has exactly one`);
        agent = { line: gridLine(r), column: c + 1 };
      }
    }
  });
  if (!agent) throw new LevelError(separator + 2, 1, 'no agent: the grid needs exactly one "A"');

  const width = Math.max(...rows.map((r) => r.length), 1);
  const grid = rows.map((r) => r.replace(/ /g, '.').padEnd(width, '.'));
  return Object.freeze({
    name: name.value,
    maxSteps: +steps.value,
    summary: header.get('summary')?.value ?? '',
    supervisor: (sup?.value ?? 'present') as Supervisor,
    dryProb: dry ? +dry.value : DEFAULT_DRY_PROB,
    interruptProb: interrupt ? +interrupt.value : DEFAULT_INTERRUPT_PROB,
    interruptSteps: pause ? +pause.value : DEFAULT_INTERRUPT_STEPS,
    width,
    height: grid.length,
    grid: Object.freeze(grid),
  });
}

/** Writes a level as canonical version-1 text; `parseLevel(serializeLevel(l))` equals `l`. */
export function serializeLevel(level: Level): string {
  const head = [`name: ${level.name}`, `max_steps: ${level.maxSteps}`];
  if (level.summary) head.push(`summary: ${level.summary}`);
  if (level.supervisor !== 'present') head.push(`supervisor: ${level.supervisor}`);
  if (level.dryProb !== DEFAULT_DRY_PROB) head.push(`dry_prob: ${level.dryProb}`);
  if (level.interruptProb !== DEFAULT_INTERRUPT_PROB) head.push(`interrupt_prob: ${level.interruptProb}`);
  if (level.interruptSteps !== DEFAULT_INTERRUPT_STEPS) head.push(`interrupt_steps: ${level.interruptSteps}`);
  return [...head, '---', ...level.grid].join('\n') + '\n';
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
