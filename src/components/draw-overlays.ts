/**
 * Overlays on the grid, drawn after `drawGrid` as a pure function of plain arrays: a heat-map (learned
 * reward against the median cell, or ensemble uncertainty, per cell), policy arrows, the agent's
 * rollout path (solid), a fix path (dashed, from the assistant), a marker at one cell, outlined cells,
 * and text labels (the true score of tiles when the teacher reveals the truth). A step that leaves the
 * agent where it was (a bump into a wall) draws no line, so each cell where a path stands still gets a
 * dot and its count ("×3"): a path that wastes twenty steps against a wall must not look like a
 * straight walk to the goal.
 */
import { BOX_AT_WALL_REWARD, COIN_REWARD, GOAL_REWARD, LAVA_REWARD, PUNISHMENT_REWARD, TOMATO_REWARD, VASE_REWARD } from '../core/rewards';
import { Tile, type World } from '../core/gridworld';
import { finiteRange, heatScale } from '../core/overlays';

/** What to draw over the grid; every part is optional. Cells are indexed y * width + x. */
export interface GridOverlays {
  /** Per-cell values (NaN = nothing) and how to colour them. */
  readonly heat?: { readonly values: Float32Array; readonly kind: 'reward' | 'uncertainty' };
  /** [cells × 4] action probabilities (up, down, left, right). */
  readonly arrows?: Float32Array;
  /** Cells of the agent's path, in order. */
  readonly path?: readonly number[];
  /** Cells of a counterfactual fix, drawn dashed. */
  readonly fixPath?: readonly number[];
  /** A ringed cell with a short label (e.g. the step of a claimed flaw). */
  readonly marker?: { readonly cell: number; readonly label: string };
  /** Cells drawn with an outline (e.g. those whose learned reward moved most after the last click). */
  readonly outline?: readonly number[];
  /** Short texts drawn in cells (e.g. true scores when the truth is revealed). */
  readonly labels?: readonly { readonly cell: number; readonly text: string }[];
}

/** The alpha of the heat-map's strongest cell; the others fade towards clear in proportion. */
export const HEAT_ALPHA = 0.6;

/** Colours of the overlays. */
export const OVERLAY_COLORS = Object.freeze({
  positive: [33, 150, 83] as const,
  negative: [214, 40, 57] as const,
  uncertain: [123, 44, 191] as const,
  arrow: '#0b3d91',
  path: '#ff8c00',
  fix: '#0b7a6e',
  marker: '#d6286a',
  outline: '#111111',
  labelBg: 'rgba(255,255,255,0.85)',
  labelText: '#1d2733',
});

/** The true score written on each scoring tile (for the teacher's Reveal truth view). */
export function truthLabels(world: World): { cell: number; text: string }[] {
  const out: { cell: number; text: string }[] = [];
  const signed = (n: number) => (n > 0 ? `+${n}` : `−${Math.abs(n)}`);
  world.tiles.forEach((t, cell) => {
    if (t === Tile.Goal) out.push({ cell, text: signed(GOAL_REWARD) });
    else if (t === Tile.Lava) out.push({ cell, text: signed(LAVA_REWARD) });
    else if (t === Tile.Punish) out.push({ cell, text: signed(PUNISHMENT_REWARD) });
    else if (t === Tile.Tamper) out.push({ cell, text: 'fake' });
  });
  for (const cell of world.vases) out.push({ cell, text: signed(VASE_REWARD) });
  for (const cell of world.coins) out.push({ cell, text: signed(COIN_REWARD) });
  for (const cell of world.tomatoes) out.push({ cell, text: `${signed(TOMATO_REWARD)}/step` });
  for (const cell of world.boxStarts) out.push({ cell, text: `≤${signed(BOX_AT_WALL_REWARD)}` });
  return out;
}

/** The cells where a path stands still (the same cell twice in a row), in order of first stay, with how many steps it stays there in all. */
export function standingStill(path: readonly number[]): { cell: number; count: number }[] {
  const counts = new Map<number, number>();
  for (let i = 1; i < path.length; i++) if (path[i] === path[i - 1]) counts.set(path[i], (counts.get(path[i]) ?? 0) + 1);
  return [...counts].map(([cell, count]) => ({ cell, count }));
}

function checkCells(name: string, values: ArrayLike<number>, expected: number): void {
  if (values.length !== expected) throw new RangeError(`drawOverlays: ${name} has ${values.length} entries, expected ${expected}`);
}

/** Paints `overlays` for `world` at `cellPx` CSS pixels per cell (after drawGrid, same transform). */
export function drawOverlays(ctx: CanvasRenderingContext2D, world: World, overlays: GridOverlays, cellPx: number): void {
  const cells = world.width * world.height;
  const c = cellPx;
  const centre = (cell: number): [number, number] => [((cell % world.width) + 0.5) * c, (Math.floor(cell / world.width) + 0.5) * c];
  ctx.save();
  if (overlays.heat) {
    const { values, kind } = overlays.heat;
    checkCells('heat', values, cells);
    // Uncertainty is drawn from 0; the learned reward above (green) or below (red) its median cell.
    const scale = kind === 'reward' ? heatScale(values) : null;
    const range = kind === 'reward' ? null : finiteRange(values);
    const zero = scale?.centre ?? 0;
    const reach = scale ? scale.reach : Math.max(Math.abs(range?.min ?? 0), Math.abs(range?.max ?? 0));
    for (let cell = 0; cell < cells; cell++) {
      const d = values[cell] - zero;
      if (!Number.isFinite(d) || reach === 0 || world.tiles[cell] === Tile.Wall) continue;
      const rgb = kind === 'uncertainty' ? OVERLAY_COLORS.uncertain : d >= 0 ? OVERLAY_COLORS.positive : OVERLAY_COLORS.negative;
      ctx.fillStyle = `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${(HEAT_ALPHA * Math.abs(d)) / reach})`;
      ctx.fillRect((cell % world.width) * c, Math.floor(cell / world.width) * c, c, c);
    }
  }
  if (overlays.arrows) {
    checkCells('arrows', overlays.arrows, cells * 4);
    ctx.strokeStyle = OVERLAY_COLORS.arrow;
    ctx.fillStyle = OVERLAY_COLORS.arrow;
    const dirs = [[0, -1], [0, 1], [-1, 0], [1, 0]];
    for (let cell = 0; cell < cells; cell++) {
      const [x, y] = centre(cell);
      for (let a = 0; a < 4; a++) {
        const p = overlays.arrows[cell * 4 + a];
        if (!(p > 0.05)) continue;
        const len = 0.42 * c * p;
        const [dx, dy] = dirs[a];
        ctx.lineWidth = Math.max(1, c * 0.05);
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x + dx * len, y + dy * len);
        ctx.stroke();
        ctx.beginPath();
        ctx.arc(x + dx * len, y + dy * len, Math.max(1.5, c * 0.05), 0, Math.PI * 2);
        ctx.fill();
      }
    }
  }
  const line = (path: readonly number[], colour: string, dashed: boolean) => {
    if (path.length < 2) return;
    for (const cell of path) if (!(cell >= 0 && cell < cells)) throw new RangeError(`drawOverlays: path cell ${cell} is outside the grid`);
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(2, c * 0.09);
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.setLineDash(dashed ? [c * 0.2, c * 0.15] : []);
    ctx.beginPath();
    path.forEach((cell, i) => (i === 0 ? ctx.moveTo(...centre(cell)) : ctx.lineTo(...centre(cell))));
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = colour;
    for (const { cell, count } of standingStill(path)) {
      const [x, y] = centre(cell);
      ctx.beginPath();
      ctx.arc(x, y, Math.max(3, c * 0.14), 0, Math.PI * 2);
      ctx.fill();
      text(ctx, `×${count}`, x + c * 0.24, y + c * 0.3, c);
      ctx.fillStyle = colour;
    }
  };
  if (overlays.path) line(overlays.path, OVERLAY_COLORS.path, false);
  if (overlays.fixPath) line(overlays.fixPath, OVERLAY_COLORS.fix, true);
  if (overlays.marker) {
    const [x, y] = centre(overlays.marker.cell);
    ctx.strokeStyle = OVERLAY_COLORS.marker;
    ctx.lineWidth = Math.max(2, c * 0.08);
    ctx.beginPath();
    ctx.arc(x, y, c * 0.46, 0, Math.PI * 2);
    ctx.stroke();
    text(ctx, overlays.marker.label, x, y - c * 0.32, c);
  }
  if (overlays.outline) {
    ctx.strokeStyle = OVERLAY_COLORS.outline;
    const w = Math.max(2, c * 0.07);
    ctx.lineWidth = w;
    ctx.setLineDash([]);
    for (const cell of overlays.outline) {
      if (!(cell >= 0 && cell < cells)) throw new RangeError(`drawOverlays: outline cell ${cell} is outside the grid`);
      ctx.strokeRect((cell % world.width) * c + w / 2, Math.floor(cell / world.width) * c + w / 2, c - w, c - w);
    }
  }
  for (const { cell, text: t } of overlays.labels ?? []) {
    const [x, y] = centre(cell);
    text(ctx, t, x, y + c * 0.32, c);
  }
  ctx.restore();
}

function text(ctx: CanvasRenderingContext2D, t: string, x: number, y: number, c: number): void {
  ctx.font = `600 ${Math.max(9, Math.round(c * 0.22))}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const w = ctx.measureText(t).width + 6;
  const h = Math.max(11, c * 0.28);
  ctx.fillStyle = OVERLAY_COLORS.labelBg;
  ctx.fillRect(x - w / 2, y - h / 2, w, h);
  ctx.fillStyle = OVERLAY_COLORS.labelText;
  ctx.fillText(t, x, y);
}
