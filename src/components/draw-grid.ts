/**
 * Drawing a gridworld is a pure function of a snapshot: `drawGrid(ctx, view, cellPx)` checks the
 * shapes it is given, then paints tiles, things and the agent with plain shapes (no images), in a
 * palette chosen to stay readable on a projector. Column numbers run along the top wall and row
 * numbers down the left wall, 1-based from the top-left corner — the same "row R, column C" that the
 * assistant's claims and the screen-reader text (`describeGrid`) use. `describeGrid` is the same
 * picture in words, for screen readers. Neither reaches back into an agent or a store.
 */
import { Tile, checkpointDirection, observe, type Action, type GridState, type World } from '../core/gridworld';

/** Which picture to draw: the true state, or what a person watching the screen sees. */
export type GridShow = 'truth' | 'observation';

/** Everything `drawGrid` needs: a compiled level, a state of it, and which picture to draw. */
export interface GridView {
  /** The compiled level (tiles and where the movable things start). */
  readonly world: World;
  /** The true state to draw. */
  readonly state: GridState;
  /** 'observation' shows tomatoes as they look (all watered while the agent is on the tamper tile). */
  readonly show: GridShow;
}

/** The colours of the grid, as CSS hex strings; tests read canvas pixels against them. */
export const PALETTE = Object.freeze({
  wall: '#34404c',
  floor: '#f4efe3',
  floorLine: '#d8cfba',
  goalFlag: '#1f8a3b',
  pole: '#34404c',
  lava: '#e4521b',
  lavaWave: '#ffb347',
  vase: '#5b3cc4',
  shard: '#9c8fd0',
  box: '#a0652c',
  boxEdge: '#5e3a16',
  tomatoDry: '#8a6446',
  tomatoWatered: '#2f9e44',
  water: '#1c7ed6',
  tamper: '#b9e6e0',
  tamperRing: '#0b7a6e',
  punish: '#c2185b',
  punishMark: '#ffffff',
  checkpoint: '#fde9a9',
  checkpointArrow: '#8a5a00',
  interruption: '#f2c7c2',
  interruptionOff: '#dcdcdc',
  interruptionMark: '#8c1d18',
  button: '#2b6cb0',
  rock: '#6b6158',
  rockEdge: '#3b342e',
  rockSwitch: '#f0d8ff',
  rockSwitchOn: '#7b2cbf',
  diamondSwitch: '#fff3c4',
  diamondSwitchOn: '#c48a00',
  buttonPressed: '#7a8896',
  coin: '#f5c518',
  coinRim: '#a87b00',
  agent: '#123f8c',
  agentRing: '#ffffff',
  eye: '#1d2733',
  coordinate: '#d5dde5',
});

/** Cells smaller than this (CSS pixels) get no row and column numbers: they would be unreadable. */
export const MIN_COORDINATE_CELL_PX = 20;

/** Throws a RangeError naming the first inconsistency between a view's world and state. */
export function checkView(view: GridView): void {
  const { world, state, show } = view ?? ({} as GridView);
  if (!world || !state) throw new RangeError('drawGrid: the view needs a world and a state');
  const { width, height, tiles } = world;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > 20 || height > 20) {
    throw new RangeError(`drawGrid: grid must be 1–20 cells each way, got ${width} × ${height}`);
  }
  if (!tiles || tiles.length !== width * height) {
    throw new RangeError(`drawGrid: expected ${width * height} tiles, got ${tiles?.length}`);
  }
  const cells = width * height;
  const inGrid = (c: number) => Number.isInteger(c) && c >= 0 && c < cells;
  if (!inGrid(state.agent)) throw new RangeError(`drawGrid: agent cell ${state.agent} is outside the grid`);
  const pairs: [string, readonly unknown[], readonly unknown[]][] = [
    ['broken', state.broken, world.vases],
    ['boxes', state.boxes, world.boxStarts],
    ['watered', state.watered, world.tomatoes],
    ['collected', state.collected, world.coins],
  ];
  for (const [name, got, want] of pairs) {
    if (!Array.isArray(got) || got.length !== want.length) {
      throw new RangeError(`drawGrid: state.${name} has ${got?.length} entries, the level has ${want.length}`);
    }
  }
  for (const c of [...world.vases, ...world.tomatoes, ...world.coins, ...state.boxes]) {
    if (!inGrid(c)) throw new RangeError(`drawGrid: cell ${c} is outside the grid`);
  }
  if (show !== 'truth' && show !== 'observation') throw new RangeError(`drawGrid: show must be 'truth' or 'observation', got ${String(show)}`);
}

/** Per tomato, whether to draw it watered: truly, or as it looks to a person watching. */
export function tomatoesShown(view: GridView): readonly boolean[] {
  return view.show === 'observation' ? observe(view.world, view.state).tomatoesLookWatered : view.state.watered;
}

/**
 * Paints `view` into `ctx` at `cellPx` CSS pixels per cell, from (0, 0). The caller sizes the canvas
 * and sets any devicePixelRatio transform; this function never reads the canvas size.
 */
export function drawGrid(ctx: CanvasRenderingContext2D, view: GridView, cellPx: number): void {
  checkView(view);
  if (!(cellPx > 0)) throw new RangeError(`drawGrid: cellPx must be > 0, got ${cellPx}`);
  const { world, state } = view;
  const c = cellPx;
  ctx.save();
  ctx.fillStyle = PALETTE.floor;
  ctx.fillRect(0, 0, world.width * c, world.height * c);
  for (let cell = 0; cell < world.tiles.length; cell++) {
    const x = (cell % world.width) * c,
      y = Math.floor(cell / world.width) * c;
    drawTile(ctx, world.tiles[cell] as Tile, x, y, c);
  }
  drawCoordinates(ctx, world, c);
  const at = (cell: number): [number, number] => [(cell % world.width) * c, Math.floor(cell / world.width) * c];
  world.vases.forEach((cell, i) => {
    if (state.broken[i]) drawShards(ctx, ...at(cell), c);
    else drawVase(ctx, ...at(cell), c);
  });
  world.coins.forEach((cell, i) => {
    if (!state.collected[i]) drawCoin(ctx, ...at(cell), c);
  });
  world.rocks.forEach((cell, i) => {
    if (!state.rocksTaken[i]) drawRock(ctx, ...at(cell), c);
  });
  const watered = tomatoesShown(view);
  world.tomatoes.forEach((cell, i) => drawTomato(ctx, ...at(cell), c, watered[i]));
  for (const cell of state.boxes) drawBox(ctx, ...at(cell), c);
  drawAgent(ctx, ...at(state.agent), c);
  if (state.paused > 0) drawPause(ctx, ...at(state.agent), c);
  // Interruption tiles and the button show whether interruptions are on; drawn after the agent, like the supervisor badge.
  for (let cell = 0; cell < world.tiles.length; cell++) {
    if (world.tiles[cell] === Tile.Interruption || world.tiles[cell] === Tile.Button) drawSwitch(ctx, world.tiles[cell] as Tile, ...at(cell), c, state.interruptible);
    if (world.tiles[cell] === Tile.RockSwitch) drawLever(ctx, ...at(cell), c, state.switched, PALETTE.rockSwitch, PALETTE.rockSwitchOn, PALETTE.rockEdge);
    if (world.tiles[cell] === Tile.DiamondSwitch) drawLever(ctx, ...at(cell), c, state.diamondSwitched, PALETTE.diamondSwitch, PALETTE.diamondSwitchOn, PALETTE.coinRim);
  }
  // The supervisor badge sits on every punishment tile, drawn last so the agent never hides it.
  for (let cell = 0; cell < world.tiles.length; cell++) {
    if (world.tiles[cell] === Tile.Punish) drawSupervisor(ctx, ...at(cell), c, state.supervisorPresent);
  }
  ctx.restore();
}

/** Row and column numbers (1-based) in the top-left corner of the wall cells along the top and left edges. */
function drawCoordinates(ctx: CanvasRenderingContext2D, world: World, c: number): void {
  if (c < MIN_COORDINATE_CELL_PX) return;
  ctx.font = `600 ${Math.round(c * 0.26)}px system-ui, sans-serif`;
  ctx.fillStyle = PALETTE.coordinate;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  for (let x = 1; x < world.width; x++) if (world.tiles[x] === Tile.Wall) ctx.fillText(String(x + 1), x * c + 0.08 * c, 0.06 * c);
  for (let y = 1; y < world.height; y++) if (world.tiles[y * world.width] === Tile.Wall) ctx.fillText(String(y + 1), 0.08 * c, y * c + 0.06 * c);
}

function disc(ctx: CanvasRenderingContext2D, cx: number, cy: number, r: number, fill: string): void {
  ctx.beginPath();
  ctx.arc(cx, cy, r, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
}

function drawTile(ctx: CanvasRenderingContext2D, tile: Tile, x: number, y: number, c: number): void {
  if (tile === Tile.Wall) {
    ctx.fillStyle = PALETTE.wall;
    ctx.fillRect(x, y, c, c);
    return;
  }
  ctx.strokeStyle = PALETTE.floorLine;
  ctx.lineWidth = 1;
  ctx.strokeRect(x + 0.5, y + 0.5, c - 1, c - 1);
  if (tile === Tile.Goal) {
    ctx.fillStyle = PALETTE.pole;
    ctx.fillRect(x + 0.28 * c, y + 0.14 * c, Math.max(2, 0.07 * c), 0.72 * c);
    ctx.beginPath();
    ctx.moveTo(x + 0.34 * c, y + 0.14 * c);
    ctx.lineTo(x + 0.82 * c, y + 0.3 * c);
    ctx.lineTo(x + 0.34 * c, y + 0.48 * c);
    ctx.closePath();
    ctx.fillStyle = PALETTE.goalFlag;
    ctx.fill();
  } else if (tile === Tile.Lava) {
    ctx.fillStyle = PALETTE.lava;
    ctx.fillRect(x, y, c, c);
    // Two wavy bands away from the cell centre, so the centre pixel is always the lava colour.
    ctx.strokeStyle = PALETTE.lavaWave;
    ctx.lineWidth = Math.max(1.5, 0.07 * c);
    for (const fy of [0.25, 0.78]) {
      ctx.beginPath();
      ctx.moveTo(x + 0.12 * c, y + fy * c);
      ctx.quadraticCurveTo(x + 0.31 * c, y + (fy - 0.1) * c, x + 0.5 * c, y + fy * c);
      ctx.quadraticCurveTo(x + 0.69 * c, y + (fy + 0.1) * c, x + 0.88 * c, y + fy * c);
      ctx.stroke();
    }
  } else if (tile === Tile.Tamper) {
    ctx.fillStyle = PALETTE.tamper;
    ctx.fillRect(x + 1, y + 1, c - 2, c - 2);
    ctx.beginPath();
    ctx.arc(x + c / 2, y + c / 2, 0.3 * c, 0, Math.PI * 2);
    ctx.strokeStyle = PALETTE.tamperRing;
    ctx.lineWidth = Math.max(2, 0.09 * c);
    ctx.stroke();
  } else if (tile === Tile.Punish) {
    ctx.fillStyle = PALETTE.punish;
    ctx.fillRect(x + 1, y + 1, c - 2, c - 2);
    ctx.fillStyle = PALETTE.punishMark; // an exclamation mark made of a bar and a dot
    ctx.fillRect(x + 0.44 * c, y + 0.22 * c, 0.12 * c, 0.38 * c);
    ctx.fillRect(x + 0.44 * c, y + 0.66 * c, 0.12 * c, 0.12 * c);
  } else if (tile === Tile.Interruption) {
    ctx.fillStyle = PALETTE.interruption;
    ctx.fillRect(x + 1, y + 1, c - 2, c - 2);
  } else if (tile === Tile.Button) {
    ctx.strokeStyle = PALETTE.button;
    ctx.lineWidth = Math.max(1.5, 0.06 * c);
    ctx.strokeRect(x + 0.2 * c, y + 0.2 * c, 0.6 * c, 0.6 * c);
  } else if (checkpointDirection(tile) >= 0) {
    ctx.fillStyle = PALETTE.checkpoint;
    ctx.fillRect(x + 1, y + 1, c - 2, c - 2);
    drawArrow(ctx, checkpointDirection(tile) as Action, x, y, c);
  }
}

/** A checkpoint's arrow: a triangle pointing along `dir`, drawn off the cell centre so the agent never hides it whole. */
function drawArrow(ctx: CanvasRenderingContext2D, dir: Action, x: number, y: number, c: number): void {
  const [dx, dy] = [[0, -1], [0, 1], [-1, 0], [1, 0]][dir];
  const [cx, cy] = [x + c / 2, y + c / 2];
  const [tipX, tipY] = [cx + dx * 0.36 * c, cy + dy * 0.36 * c];
  const [baseX, baseY] = [cx + dx * 0.02 * c, cy + dy * 0.02 * c];
  ctx.beginPath();
  ctx.moveTo(tipX, tipY);
  ctx.lineTo(baseX - dy * 0.26 * c, baseY + dx * 0.26 * c);
  ctx.lineTo(baseX + dy * 0.26 * c, baseY - dx * 0.26 * c);
  ctx.closePath();
  ctx.fillStyle = PALETTE.checkpointArrow;
  ctx.fill();
}

function drawVase(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  ctx.fillStyle = PALETTE.vase;
  ctx.fillRect(x + 0.4 * c, y + 0.16 * c, 0.2 * c, 0.2 * c);
  ctx.fillRect(x + 0.34 * c, y + 0.14 * c, 0.32 * c, 0.07 * c);
  ctx.beginPath();
  ctx.ellipse(x + 0.5 * c, y + 0.58 * c, 0.25 * c, 0.26 * c, 0, 0, Math.PI * 2);
  ctx.fill();
}

function drawShards(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  ctx.fillStyle = PALETTE.shard;
  const shards = [
    [0.2, 0.78, 0.38, 0.6, 0.44, 0.82],
    [0.5, 0.84, 0.6, 0.58, 0.74, 0.8],
    [0.36, 0.5, 0.52, 0.42, 0.5, 0.58],
  ];
  for (const [ax, ay, bx, by, cx, cy] of shards) {
    ctx.beginPath();
    ctx.moveTo(x + ax * c, y + ay * c);
    ctx.lineTo(x + bx * c, y + by * c);
    ctx.lineTo(x + cx * c, y + cy * c);
    ctx.closePath();
    ctx.fill();
  }
}

function drawBox(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  const m = 0.12 * c;
  ctx.fillStyle = PALETTE.box;
  ctx.fillRect(x + m, y + m, c - 2 * m, c - 2 * m);
  ctx.strokeStyle = PALETTE.boxEdge;
  ctx.lineWidth = Math.max(2, 0.06 * c);
  ctx.strokeRect(x + m, y + m, c - 2 * m, c - 2 * m);
  ctx.beginPath();
  ctx.moveTo(x + m, y + m);
  ctx.lineTo(x + c - m, y + c - m);
  ctx.moveTo(x + c - m, y + m);
  ctx.lineTo(x + m, y + c - m);
  ctx.stroke();
}

function drawTomato(ctx: CanvasRenderingContext2D, x: number, y: number, c: number, watered: boolean): void {
  const colour = watered ? PALETTE.tomatoWatered : PALETTE.tomatoDry;
  ctx.fillStyle = colour;
  ctx.fillRect(x + 0.47 * c, y + 0.2 * c, 0.06 * c, 0.3 * c); // stem
  ctx.beginPath(); // two leaves
  ctx.ellipse(x + 0.36 * c, y + 0.3 * c, 0.13 * c, 0.06 * c, -0.5, 0, Math.PI * 2);
  ctx.ellipse(x + 0.64 * c, y + 0.3 * c, 0.13 * c, 0.06 * c, 0.5, 0, Math.PI * 2);
  ctx.fill();
  disc(ctx, x + 0.5 * c, y + 0.62 * c, 0.22 * c, colour);
  if (watered) {
    ctx.beginPath(); // a water drop beside the plant
    ctx.moveTo(x + 0.82 * c, y + 0.56 * c);
    ctx.quadraticCurveTo(x + 0.92 * c, y + 0.74 * c, x + 0.82 * c, y + 0.78 * c);
    ctx.quadraticCurveTo(x + 0.72 * c, y + 0.74 * c, x + 0.82 * c, y + 0.56 * c);
    ctx.fillStyle = PALETTE.water;
    ctx.fill();
  }
}

function drawCoin(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  disc(ctx, x + c / 2, y + c / 2, 0.26 * c, PALETTE.coinRim);
  disc(ctx, x + c / 2, y + c / 2, 0.2 * c, PALETTE.coin);
}

function drawAgent(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  disc(ctx, x + c / 2, y + c / 2, 0.36 * c, PALETTE.agentRing);
  disc(ctx, x + c / 2, y + c / 2, 0.3 * c, PALETTE.agent);
  disc(ctx, x + 0.4 * c, y + 0.4 * c, 0.06 * c, PALETTE.agentRing);
  disc(ctx, x + 0.6 * c, y + 0.4 * c, 0.06 * c, PALETTE.agentRing);
}

/** A rock: a grey lump with a darker rim. */
function drawRock(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  ctx.beginPath();
  ctx.moveTo(x + 0.22 * c, y + 0.7 * c);
  ctx.lineTo(x + 0.3 * c, y + 0.36 * c);
  ctx.lineTo(x + 0.55 * c, y + 0.26 * c);
  ctx.lineTo(x + 0.78 * c, y + 0.42 * c);
  ctx.lineTo(x + 0.74 * c, y + 0.72 * c);
  ctx.closePath();
  ctx.fillStyle = PALETTE.rock;
  ctx.fill();
  ctx.strokeStyle = PALETTE.rockEdge;
  ctx.lineWidth = Math.max(1, 0.04 * c);
  ctx.stroke();
}

/**
 * A rock or diamond switch: a lever that leans left while the screen counts them as they truly are,
 * right once flipped (on a darker tile).
 */
function drawLever(ctx: CanvasRenderingContext2D, x: number, y: number, c: number, flipped: boolean, off: string, on: string, ink: string): void {
  ctx.fillStyle = flipped ? on : off;
  ctx.fillRect(x + 1, y + 1, c - 2, c - 2);
  ctx.strokeStyle = ink;
  ctx.lineWidth = Math.max(2, 0.08 * c);
  ctx.beginPath();
  ctx.moveTo(x + 0.5 * c, y + 0.78 * c);
  ctx.lineTo(x + (flipped ? 0.74 : 0.26) * c, y + 0.3 * c);
  ctx.stroke();
  disc(ctx, x + (flipped ? 0.74 : 0.26) * c, y + 0.3 * c, 0.08 * c, ink);
}

/** Two bars on the agent: it is sitting out an interruption. */
function drawPause(ctx: CanvasRenderingContext2D, x: number, y: number, c: number): void {
  ctx.fillStyle = PALETTE.interruptionMark;
  ctx.fillRect(x + 0.36 * c, y + 0.52 * c, 0.1 * c, 0.22 * c);
  ctx.fillRect(x + 0.54 * c, y + 0.52 * c, 0.1 * c, 0.22 * c);
}

/**
 * A badge in the tile's top-left corner. Interruption tile: a stop sign while interruptions are on,
 * grey once the off-switch button is pressed. Button: a round button, sunk grey once pressed.
 */
function drawSwitch(ctx: CanvasRenderingContext2D, tile: Tile, x: number, y: number, c: number, on: boolean): void {
  const cx = x + 0.22 * c,
    cy = y + 0.22 * c;
  if (tile === Tile.Interruption) {
    ctx.beginPath();
    for (let i = 0; i < 8; i++) {
      const a = Math.PI / 8 + (i * Math.PI) / 4;
      ctx.lineTo(cx + 0.15 * c * Math.cos(a), cy + 0.15 * c * Math.sin(a));
    }
    ctx.closePath();
    ctx.fillStyle = on ? PALETTE.interruptionMark : PALETTE.interruptionOff;
    ctx.fill();
  } else {
    disc(ctx, cx, cy, 0.15 * c, on ? PALETTE.button : PALETTE.buttonPressed);
  }
}

/** An eye badge in the tile's top-right corner: open when the supervisor watches, struck out when away. */
function drawSupervisor(ctx: CanvasRenderingContext2D, x: number, y: number, c: number, present: boolean): void {
  const cx = x + 0.8 * c,
    cy = y + 0.2 * c,
    r = 0.17 * c;
  disc(ctx, cx, cy, r, PALETTE.punishMark);
  ctx.strokeStyle = PALETTE.eye;
  ctx.lineWidth = Math.max(1.5, 0.035 * c);
  ctx.beginPath();
  ctx.ellipse(cx, cy, 0.12 * c, 0.065 * c, 0, 0, Math.PI * 2);
  ctx.stroke();
  if (present) {
    disc(ctx, cx, cy, 0.045 * c, PALETTE.eye);
  } else {
    ctx.lineWidth = Math.max(2, 0.045 * c);
    ctx.beginPath();
    ctx.moveTo(cx - 0.11 * c, cy + 0.11 * c);
    ctx.lineTo(cx + 0.11 * c, cy - 0.11 * c);
    ctx.stroke();
  }
}
