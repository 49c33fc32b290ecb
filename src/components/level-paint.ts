/**
 * Pure helpers of the level editor: find the grid rows in level text, paint one cell or resize the
 * grid by rewriting only those rows (the header and everything above `---` is kept byte for byte),
 * map keys to tiles, check a level off the keystroke path, and draw the editor's canvas (drawGrid,
 * then problem cells and the cursor).
 */
import { compileWorld, type GridState, type World } from '../core/gridworld';
import { DEFAULT_DRY_PROB, DEFAULT_INTERRUPT_PROB, DEFAULT_INTERRUPT_STEPS, MAX_GRID_SIDE, TILE_CHARS, type Level, type TileChar } from '../core/level';
import { PALETTE, drawGrid } from './draw-grid';

/** The grid part of a level text. */
export interface TextGrid {
  /** All lines of the text (without line ends). */
  readonly lines: readonly string[];
  /** Line ending used when writing the text back. */
  readonly eol: '\n' | '\r\n';
  /** 0-based index of the `---` line, or -1 when there is none. */
  readonly separator: number;
  /** Grid rows as written (trailing blank lines excluded, as parseLevel does). */
  readonly rows: readonly string[];
  /** Longest row, in cells. */
  readonly width: number;
}

/** Finds the `---` line and the grid rows below it. */
export function textGrid(text: string): TextGrid {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const separator = lines.findIndex((l) => l.replace(/\s+$/, '') === '---');
  const rows = separator < 0 ? [] : lines.slice(separator + 1);
  while (rows.length > 0 && rows[rows.length - 1].trim() === '') rows.pop();
  return { lines, eol, separator, rows, width: rows.reduce((w, r) => Math.max(w, r.length), 0) };
}

function withRows(grid: TextGrid, rows: readonly string[]): string {
  const before = grid.lines.slice(0, grid.separator + 1);
  const after = grid.lines.slice(grid.separator + 1 + grid.rows.length);
  return [...before, ...rows, ...after].join(grid.eol);
}

/**
 * The text with cell (row, col) set to `tile`; a short row is padded with floor. Painting the agent
 * moves it: any other `A` becomes floor. Returns the text unchanged when there is no grid or the row
 * does not exist.
 */
export function paintCell(text: string, row: number, col: number, tile: TileChar): string {
  const grid = textGrid(text);
  if (grid.separator < 0 || row < 0 || row >= grid.rows.length || col < 0 || col >= MAX_GRID_SIDE) return text;
  const rows = grid.rows.map((r) => (tile === 'A' ? r.replace(/A/g, '.') : r));
  const padded = rows[row].padEnd(col + 1, '.');
  rows[row] = padded.slice(0, col) + tile + padded.slice(col + 1);
  return withRows(grid, rows);
}

/** The text with the grid cut or padded (with floor) to `height` rows of `width` cells, each 1–20. */
export function resizeGrid(text: string, height: number, width: number): string {
  const grid = textGrid(text);
  const h = Math.max(1, Math.min(MAX_GRID_SIDE, height));
  const w = Math.max(1, Math.min(MAX_GRID_SIDE, width));
  let g = grid;
  if (g.separator < 0) {
    const head = [...g.lines];
    while (head.length > 0 && head[head.length - 1].trim() === '') head.pop();
    g = { ...g, lines: [...head, '---', ''], separator: head.length, rows: [] };
  }
  const rows = Array.from({ length: h }, (_, r) => (g.rows[r] ?? '').padEnd(w, '.').slice(0, w));
  return withRows(g, rows);
}

/** The tile a key paints ('g' and 'G' both paint the goal), or null. */
export function tileForKey(key: string): TileChar | null {
  if (key.length !== 1) return null;
  const upper = key.toUpperCase();
  if (upper in TILE_CHARS) return upper as TileChar;
  return key in TILE_CHARS ? (key as TileChar) : null;
}

/** What a key does on the painter: where the cursor goes, and the tile it selects and paints (if any). */
export function keyCommand(key: string, cursor: { row: number; col: number }, grid: TextGrid, selected: TileChar): { cursor: { row: number; col: number }; select?: TileChar; paint?: TileChar } | null {
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const clamp = (v: number, max: number) => Math.max(0, Math.min(max, v));
  if (moves[key]) {
    const [dr, dc] = moves[key];
    return { cursor: { row: clamp(cursor.row + dr, grid.rows.length - 1), col: clamp(cursor.col + dc, Math.max(1, grid.width) - 1) } };
  }
  if (key === ' ' || key === 'Enter') return { cursor, paint: selected };
  if (key === 'Delete' || key === 'Backspace') return { cursor, paint: '.' };
  const tile = tileForKey(key);
  return tile ? { cursor, select: tile, paint: tile } : null;
}

/** Offset in `text` of a 1-based line and column (clamped to the text). */
export function caretOffset(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let at = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  return Math.min(text.length, at + Math.min(column - 1, (lines[line - 1] ?? '').length));
}

/** The drawn grid cell (as a one-element list) of a problem at a line and column inside the grid rows. */
export function problemCells(text: string, at: { line: number; column: number }, width: number): number[] {
  const g = textGrid(text);
  const row = at.line - g.separator - 2;
  const col = at.column - 1;
  return g.separator >= 0 && row >= 0 && row < Math.min(g.rows.length, MAX_GRID_SIDE) && col < width ? [row * width + col] : [];
}

/** What a successful check reports: the number of reachable states, when known. */
export interface LevelCheckResult {
  readonly states?: number;
}

/** Checks a level end to end; rejects with a LevelError (line and column) for any problem. */
export type LevelValidator = (text: string) => Promise<LevelCheckResult | void>;

/** Palette entries: every tile character, its name and the colour of its swatch. */
export const PALETTE_TILES: readonly { readonly char: TileChar; readonly name: string; readonly colour: string }[] = (
  Object.entries(TILE_CHARS) as [TileChar, string][]
).map(([char, name]) => ({
  char,
  name,
  colour: ({ '#': PALETTE.wall, '.': PALETTE.floor, A: PALETTE.agent, G: PALETTE.goalFlag, L: PALETTE.lava, V: PALETTE.vase, X: PALETTE.box, T: PALETTE.tomatoDry, O: PALETTE.tamper, P: PALETTE.punish, $: PALETTE.coin, '^': PALETTE.checkpoint, v: PALETTE.checkpoint, '<': PALETTE.checkpoint, '>': PALETTE.checkpoint, I: PALETTE.interruption, B: PALETTE.button, R: PALETTE.rock, S: PALETTE.rockSwitch, Q: PALETTE.diamondSwitch } as const)[char],
}));

/** What the editor draws: a world built from the rows as far as they make sense, and the cells that do not. */
export interface PaintView {
  readonly world: World;
  readonly state: GridState;
  /** Whether the rows hold an agent (without one, none is drawn). */
  readonly hasAgent: boolean;
  /** Cells holding an unknown character or a second agent (index y · width + x). */
  readonly bad: readonly number[];
}

/** Builds the picture of the rows being edited (at most 20 × 20 cells are drawn); null without rows. */
export function paintView(grid: TextGrid): PaintView | null {
  const height = Math.min(MAX_GRID_SIDE, grid.rows.length);
  const width = Math.min(MAX_GRID_SIDE, grid.width);
  if (height < 1 || width < 1) return null;
  const bad: number[] = [];
  let agentSeen = false;
  const rows = grid.rows.slice(0, height).map((row, r) =>
    Array.from(row.slice(0, width).padEnd(width, '.'), (ch, c) => {
      if (ch === ' ') return '.';
      if (!(ch in TILE_CHARS) || (ch === 'A' && agentSeen)) {
        bad.push(r * width + c);
        return '.';
      }
      if (ch === 'A') agentSeen = true;
      return ch;
    }).join(''),
  );
  const level: Level = {
    name: 'Level being edited',
    maxSteps: 1,
    summary: '',
    supervisor: 'present',
    dryProb: DEFAULT_DRY_PROB,
    interruptProb: DEFAULT_INTERRUPT_PROB,
    interruptSteps: DEFAULT_INTERRUPT_STEPS,
    width,
    height,
    grid: rows,
  };
  const world = compileWorld(level);
  const state: GridState = {
    agent: Math.max(0, world.start),
    broken: world.vases.map(() => false),
    boxes: [...world.boxStarts],
    watered: world.tomatoes.map(() => false),
    collected: world.coins.map(() => false),
    supervisorPresent: true,
    interruptible: world.hasInterruptions,
    paused: 0,
    rocksTaken: world.rocks.map(() => false),
    switched: false,
    diamondSwitched: false,
  };
  return { world, state, hasAgent: world.start >= 0, bad };
}

/** Colour of the editor's cursor and problem marks. */
export const EDITOR_COLOURS = Object.freeze({ cursor: '#c2410c', cursorInner: '#ffffff', bad: '#d0021b' });

/** Paints the editor picture at `cellPx` per cell: the tiles, problem cells (red cross) and the cursor. */
export function drawPaintView(ctx: CanvasRenderingContext2D, view: PaintView, cellPx: number, cursor: { row: number; col: number } | null, marked: readonly number[] = []): void {
  const { world, state } = view;
  const c = cellPx;
  drawGrid(ctx, { world, state, show: 'truth' }, c);
  if (!view.hasAgent && world.width * world.height > 1) {
    // drawGrid always draws an agent: repaint its cell from a picture with the agent elsewhere.
    const x = (state.agent % world.width) * c,
      y = Math.floor(state.agent / world.width) * c;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, c, c);
    ctx.clip();
    drawGrid(ctx, { world, state: { ...state, agent: state.agent === 0 ? 1 : 0 }, show: 'truth' }, c);
    ctx.restore();
  }
  ctx.save();
  ctx.strokeStyle = EDITOR_COLOURS.bad;
  ctx.lineWidth = Math.max(2, c * 0.08);
  for (const cell of new Set([...view.bad, ...marked])) {
    const x = (cell % world.width) * c,
      y = Math.floor(cell / world.width) * c;
    ctx.strokeRect(x + 2, y + 2, c - 4, c - 4);
    ctx.beginPath();
    ctx.moveTo(x + 0.25 * c, y + 0.25 * c);
    ctx.lineTo(x + 0.75 * c, y + 0.75 * c);
    ctx.moveTo(x + 0.75 * c, y + 0.25 * c);
    ctx.lineTo(x + 0.25 * c, y + 0.75 * c);
    ctx.stroke();
  }
  if (cursor && cursor.row < world.height && cursor.col < world.width) {
    const x = cursor.col * c,
      y = cursor.row * c;
    ctx.lineWidth = Math.max(3, c * 0.12);
    ctx.strokeStyle = EDITOR_COLOURS.cursor;
    ctx.strokeRect(x + ctx.lineWidth / 2, y + ctx.lineWidth / 2, c - ctx.lineWidth, c - ctx.lineWidth);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = EDITOR_COLOURS.cursorInner;
    const inset = Math.max(3, c * 0.12) + 1;
    ctx.strokeRect(x + inset, y + inset, c - 2 * inset, c - 2 * inset);
  }
  ctx.restore();
}
