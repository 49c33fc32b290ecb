/**
 * Pure helpers of the level editor: find the grid rows in level text, paint one cell or resize the
 * grid by rewriting only those rows (the header and everything above `---` is kept byte for byte),
 * map keys to tiles, draw the editor's canvas (drawGrid, then problem cells and the cursor); and the
 * editor's styles.
 */
import { css, unsafeCSS } from 'lit';
import { compileWorld, type GridState, type World } from '../core/gridworld';
import { DEFAULT_DRY_PROB, MAX_GRID_SIDE, TILE_CHARS, type Level, type TileChar } from '../core/level';
import { PALETTE, drawGrid } from './draw-grid';
import { theme } from './theme';

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

/** Palette entries: every tile character, its name and the colour of its swatch. */
export const PALETTE_TILES: readonly { readonly char: TileChar; readonly name: string; readonly colour: string }[] = (
  Object.entries(TILE_CHARS) as [TileChar, string][]
).map(([char, name]) => ({
  char,
  name,
  colour: ({ '#': PALETTE.wall, '.': PALETTE.floor, A: PALETTE.agent, G: PALETTE.goalFlag, L: PALETTE.lava, V: PALETTE.vase, X: PALETTE.box, T: PALETTE.tomatoDry, O: PALETTE.tamper, P: PALETTE.punish, $: PALETTE.coin } as const)[char],
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
  const level: Level = { name: 'Level being edited', maxSteps: 1, summary: '', supervisor: 'present', dryProb: DEFAULT_DRY_PROB, width, height, grid: rows };
  const world = compileWorld(level);
  const state: GridState = {
    agent: Math.max(0, world.start),
    broken: world.vases.map(() => false),
    boxes: [...world.boxStarts],
    watered: world.tomatoes.map(() => false),
    collected: world.coins.map(() => false),
    supervisorPresent: true,
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

/** Styles of `<rp-level-editor>` (kept here so the element's file stays readable in one sitting). */
export const editorStyles = [
  theme,
  css`
    :host {
      display: block;
    }
    .layout {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
      gap: 1rem;
      align-items: start;
    }
    label {
      display: block;
      font-weight: 700;
      margin-bottom: 0.25rem;
    }
    .editor {
      display: flex;
      border: 1px solid var(--rp-muted);
      border-radius: var(--rp-radius);
      background: var(--rp-surface);
      overflow: hidden;
    }
    .editor.invalid {
      border: 2px solid ${unsafeCSS(EDITOR_COLOURS.bad)};
    }
    .gutter,
    textarea {
      font: 0.95rem/1.5 ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
      padding: 0.5rem 0.4rem;
      margin: 0;
    }
    .gutter {
      flex: none;
      min-width: 2.2rem;
      overflow: hidden;
      text-align: right;
      color: var(--rp-muted);
      background: var(--rp-page);
      user-select: none;
      box-sizing: border-box;
    }
    .gutter .bad {
      color: #ffffff;
      background: ${unsafeCSS(EDITOR_COLOURS.bad)};
      font-weight: 700;
      margin: 0 -0.4rem;
      padding: 0 0.4rem;
    }
    textarea {
      flex: 1;
      min-width: 0;
      border: none;
      resize: vertical;
      white-space: pre;
      overflow: auto;
      color: var(--rp-ink);
      background: transparent;
      tab-size: 4;
    }
    textarea:focus-visible {
      outline: none;
    }
    .editor:focus-within {
      outline: 3px solid var(--rp-focus);
      outline-offset: 2px;
    }
    .status {
      margin: 0.4rem 0;
      font-weight: 600;
      color: #1f6f35;
    }
    .status.error {
      color: ${unsafeCSS(EDITOR_COLOURS.bad)};
    }
    .hint,
    .cursor {
      color: var(--rp-muted);
      font-size: 0.9rem;
      margin: 0.4rem 0;
    }
    .cursor {
      color: var(--rp-ink);
      font-weight: 600;
    }
    code,
    kbd {
      font-family: ui-monospace, monospace;
    }
    kbd {
      border: 1px solid var(--rp-line);
      border-radius: 4px;
      padding: 0 0.3rem;
      background: var(--rp-page);
      font-size: 0.85rem;
      margin-left: auto;
    }
    button.small {
      min-height: 2rem;
      min-width: 2.2rem;
      padding: 0.1rem 0.5rem;
    }
    .palette {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
      gap: 0.3rem;
      margin-bottom: 0.5rem;
    }
    .palette button {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      font-weight: 500;
      min-height: 2.25rem;
      padding: 0.2rem 0.45rem;
      color: var(--rp-ink);
      border-color: var(--rp-line);
      text-align: left;
    }
    .palette button[aria-pressed='true'] {
      border: 2px solid var(--rp-accent);
      background: #e7effa;
      font-weight: 700;
    }
    .swatch {
      flex: none;
      width: 1rem;
      height: 1rem;
      border-radius: 3px;
      border: 1px solid var(--rp-muted);
    }
    ${unsafeCSS(PALETTE_TILES.map((t, i) => `.sw${i} { background: ${t.colour}; }`).join('\n'))}
    .canvas-wrap {
      overflow-x: auto;
    }
    canvas {
      display: block;
      touch-action: none;
      cursor: crosshair;
      border-radius: 4px;
    }
    .size {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem;
    }
    .size span {
      margin-left: 0.5rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 0.75rem;
    }
  `,
];
