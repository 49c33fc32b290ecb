/**
 * The grid reward model's input: what the screen shows, as one-hot planes over the cells (one channel
 * per kind of thing drawn), with no hand-named events. A transition is the observation before and
 * after the step and the action; what changed (a vase now broken, a coin gone, the agent on the goal)
 * the model must learn to see for itself. Like the features, it is built from the *observation*: the
 * truth under the tamper tile never enters.
 */
import { Tile, actionVector, observe, type Action, type Observation, type World } from './gridworld';
import { observationIds } from './query-sources';
import type { StateSpace } from './states';

/** One channel per kind of thing the screen draws, in plane order; the last five fill the whole grid. */
export const GRID_CHANNELS = [
  'wall',
  'goal',
  'lava',
  'tamper',
  'punishment',
  'checkpoint-up',
  'checkpoint-down',
  'checkpoint-left',
  'checkpoint-right',
  'interruption',
  'button',
  'rock-switch',
  'diamond-switch',
  'vase',
  'vase-broken',
  'box',
  'tomato-looks-dry',
  'tomato-looks-watered',
  'coin',
  'rock',
  'agent',
  'supervisor-watching',
  'interruptible',
  'paused',
  'rocks-switched',
  'diamonds-switched',
] as const;

/** C, channels per cell. */
export const GRID_CHANNEL_COUNT = GRID_CHANNELS.length;

const C = Object.fromEntries(GRID_CHANNELS.map((n, i) => [n, i])) as Record<(typeof GRID_CHANNELS)[number], number>;

/** The channel of each static tile kind (floor has none: a floor cell is all zeros). */
const TILE_CHANNEL: Readonly<Partial<Record<number, number>>> = {
  [Tile.Wall]: C.wall,
  [Tile.Goal]: C.goal,
  [Tile.Lava]: C.lava,
  [Tile.Tamper]: C.tamper,
  [Tile.Punish]: C.punishment,
  [Tile.CheckpointUp]: C['checkpoint-up'],
  [Tile.CheckpointDown]: C['checkpoint-down'],
  [Tile.CheckpointLeft]: C['checkpoint-left'],
  [Tile.CheckpointRight]: C['checkpoint-right'],
  [Tile.Interruption]: C.interruption,
  [Tile.Button]: C.button,
  [Tile.RockSwitch]: C['rock-switch'],
  [Tile.DiamondSwitch]: C['diamond-switch'],
};

/**
 * Writes the planes of `obs` into `out` at `offset`, as [height, width, channels] row-major (cell
 * y·width + x, then channel): height · width · GRID_CHANNEL_COUNT values, every one 0 or 1.
 */
export function writeObservationPlanes(world: World, obs: Observation, out: Float32Array, offset = 0): void {
  const cells = world.width * world.height;
  const o = out.subarray(offset, offset + cells * GRID_CHANNEL_COUNT);
  o.fill(0);
  const set = (cell: number, channel: number) => (o[cell * GRID_CHANNEL_COUNT + channel] = 1);
  for (let cell = 0; cell < cells; cell++) {
    const channel = TILE_CHANNEL[world.tiles[cell]];
    if (channel !== undefined) set(cell, channel);
  }
  world.vases.forEach((cell, i) => set(cell, obs.broken[i] ? C['vase-broken'] : C.vase));
  for (const cell of obs.boxes) set(cell, C.box);
  world.tomatoes.forEach((cell, i) => set(cell, obs.tomatoesLookWatered[i] ? C['tomato-looks-watered'] : C['tomato-looks-dry']));
  world.coins.forEach((cell, i) => obs.collected[i] || set(cell, C.coin));
  world.rocks.forEach((cell, i) => obs.rocksTaken[i] || set(cell, C.rock));
  set(obs.agent, C.agent);
  const flags: [boolean, number][] = [
    [obs.supervisorPresent && world.hasPunishment, C['supervisor-watching']],
    [obs.interruptible && world.hasInterruptions, C.interruptible],
    [obs.paused > 0, C.paused],
    [obs.switched, C['rocks-switched']],
    [obs.diamondSwitched, C['diamonds-switched']],
  ];
  for (const [on, channel] of flags) if (on) for (let cell = 0; cell < cells; cell++) set(cell, channel);
}

/** Values of one glimpse, or of one crop: the 3×3 cells round the agent, GRID_CHANNEL_COUNT each. */
export const GLIMPSE_SIZE = 9 * GRID_CHANNEL_COUNT;

/**
 * Writes the 3×3 cells round the agent of one observation's planes ([height, width,
 * GRID_CHANNEL_COUNT], see writeObservationPlanes) into `out` at `offset`, as the screen has them:
 * cell (dx, dy) from the agent at ((dy + 1) · 3 + dx + 1) · GRID_CHANNEL_COUNT, zero off the grid,
 * all zero when no cell shows the agent.
 */
export function writeAgentCrop(planes: ArrayLike<number>, height: number, width: number, out: Float32Array, offset = 0): void {
  const K = GRID_CHANNEL_COUNT;
  out.fill(0, offset, offset + GLIMPSE_SIZE);
  let agent = -1;
  for (let cell = 0; cell < height * width && agent < 0; cell++) if (planes[cell * K + C.agent] === 1) agent = cell;
  if (agent < 0) return;
  const [ax, ay] = [agent % width, Math.floor(agent / width)];
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const [x, y] = [ax + dx, ay + dy];
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const from = (y * width + x) * K;
      const to = offset + ((dy + 1) * 3 + dx + 1) * K;
      for (let c = 0; c < K; c++) out[to + c] = planes[from + c];
    }
  }
}

/**
 * Writes a crop (writeAgentCrop, at `cropOffset` of `crop`) into `out` at `offset` in the frame of
 * `action`: turned so that the move points right, the checkpoints' arrows turned with it. In that
 * frame a step looks the same whichever way it went: entering a checkpoint the way its arrow points,
 * bumping into a wall, pushing a box. Cell (u, v) of the frame, u along the move and v across it
 * (each −1…1), is written at ((v + 1) · 3 + u + 1) · GRID_CHANNEL_COUNT.
 */
export function turnCrop(crop: ArrayLike<number>, cropOffset: number, action: Action, out: Float32Array, offset = 0): void {
  const K = GRID_CHANNEL_COUNT;
  const [dx, dy] = actionVector(action);
  for (let v = -1; v <= 1; v++) {
    for (let u = -1; u <= 1; u++) {
      const from = cropOffset + ((u * dy + v * dx + 1) * 3 + u * dx - v * dy + 1) * K;
      const to = offset + ((v + 1) * 3 + u + 1) * K;
      for (let c = 0; c < K; c++) out[to + c] = crop[from + c];
      for (let a = 0; a < 4; a++) {
        if (crop[from + CHECKPOINT_CHANNEL[a]] !== 1) continue;
        // The arrow in the move's frame: its components along and across the move.
        const [cx, cy] = actionVector(a as Action);
        out[to + CHECKPOINT_CHANNEL[a]] = 0;
        out[to + checkpointChannelOf(cx * dx + cy * dy, -cx * dy + cy * dx)] = 1;
      }
    }
  }
}

/** The agent's glimpse of one observation's planes in the frame of `action`: writeAgentCrop, then turnCrop. */
export function writeGlimpse(planes: ArrayLike<number>, height: number, width: number, action: Action, out: Float32Array, offset = 0): void {
  const crop = new Float32Array(GLIMPSE_SIZE);
  writeAgentCrop(planes, height, width, crop);
  turnCrop(crop, 0, action, out, offset);
}

/** The checkpoint channel of each arrow, by action (up, down, left, right). */
const CHECKPOINT_CHANNEL = [C['checkpoint-up'], C['checkpoint-down'], C['checkpoint-left'], C['checkpoint-right']];

/** The checkpoint channel whose arrow points along [dx, dy]. */
function checkpointChannelOf(dx: number, dy: number): number {
  return CHECKPOINT_CHANNEL[dy < 0 ? 0 : dy > 0 ? 1 : dx < 0 ? 2 : 3];
}

/** Values per transition of the grid model's input rows: observation before, observation after, action. */
export const GRID_INPUT_DIM = 3;

/** A level's distinct observations and each transition's input row for the grid model. */
export interface GridInputs {
  /** Grid height and width in cells. */
  readonly height: number;
  readonly width: number;
  /** [numTransitions × GRID_INPUT_DIM]: id of the observation before, id after, action (0–3). */
  readonly rows: Float32Array;
  /** Per observation id, a state that shows it. */
  readonly representative: Int32Array;
  /** Writes the planes of observation `id` into `out` at `offset` (see writeObservationPlanes). */
  readonly writePlanes: (id: number, out: Float32Array, offset: number) => void;
}

/** The grid model's inputs of every transition of `space`; states that look the same share an id. */
export function gridInputs(space: StateSpace): GridInputs {
  const ids = observationIds(space);
  let count = 0;
  for (const id of ids) count = Math.max(count, id + 1);
  const representative = new Int32Array(count).fill(-1);
  ids.forEach((id, s) => {
    if (representative[id] < 0) representative[id] = s;
  });
  const rows = new Float32Array(space.numTransitions * GRID_INPUT_DIM);
  for (let k = 0; k < space.numTransitions; k++) {
    rows[k * GRID_INPUT_DIM] = ids[space.from[k]];
    rows[k * GRID_INPUT_DIM + 1] = ids[space.next[k]];
    rows[k * GRID_INPUT_DIM + 2] = space.action[k];
  }
  const world = space.world;
  return {
    height: world.height,
    width: world.width,
    rows,
    representative,
    writePlanes: (id, out, offset) => writeObservationPlanes(world, observe(world, space.states[representative[id]]), out, offset),
  };
}
