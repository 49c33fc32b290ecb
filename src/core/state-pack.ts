/**
 * A level's states as one typed array, for sending a loaded level between threads: the structured
 * clone of thousands of GridState objects (six objects each) costs tens of milliseconds on the thread
 * that receives it, a typed array copies at memory speed. The layout per state is fixed by the world
 * (how many vases, tomatoes, coins, rocks and boxes it has): agent, steps paused, four flags as bits,
 * then one entry per vase, tomato, coin, rock and box.
 */
import type { GridState, World } from './gridworld';
import type { LoadedLevel, StateSpace } from './states';

/** A loaded level with its states packed (packLoadedLevel); `space.states` is empty. */
export interface PackedLevel {
  readonly level: LoadedLevel['level'];
  readonly space: Omit<StateSpace, 'states'> & { readonly states: readonly [] };
  readonly packedStates: Int32Array;
}

const FLAGS = ['supervisorPresent', 'interruptible', 'switched', 'diamondSwitched'] as const;

/** Int32 entries per state in `world`'s layout. */
function stride(world: World): number {
  return 3 + world.vases.length + world.tomatoes.length + world.coins.length + world.rocks.length + world.boxStarts.length;
}

/** Every state of `states` in `world`'s layout, one after another. */
export function packStates(world: World, states: readonly GridState[]): Int32Array {
  const n = stride(world);
  const out = new Int32Array(states.length * n);
  states.forEach((s, i) => {
    let o = i * n;
    out[o++] = s.agent;
    out[o++] = s.paused;
    out[o++] = FLAGS.reduce((bits, flag, b) => bits | (s[flag] ? 1 << b : 0), 0);
    for (const list of [s.broken, s.watered, s.collected, s.rocksTaken]) for (const x of list) out[o++] = x ? 1 : 0;
    for (const cell of s.boxes) out[o++] = cell;
  });
  return out;
}

/** States `from` to `to` (exclusive) of a packed array, as GridState objects. */
export function unpackStates(world: World, packed: Int32Array, from: number, to: number): GridState[] {
  const n = stride(world);
  const bools = (start: number, count: number) => Array.from({ length: count }, (_, k) => packed[start + k] === 1);
  const out: GridState[] = [];
  for (let i = from; i < to; i++) {
    let o = i * n;
    const agent = packed[o++];
    const paused = packed[o++];
    const flags = packed[o++];
    const broken = bools(o, world.vases.length);
    o += world.vases.length;
    const watered = bools(o, world.tomatoes.length);
    o += world.tomatoes.length;
    const collected = bools(o, world.coins.length);
    o += world.coins.length;
    const rocksTaken = bools(o, world.rocks.length);
    o += world.rocks.length;
    const boxes = Array.from(packed.subarray(o, o + world.boxStarts.length));
    const flag = (b: number) => (flags & (1 << b)) !== 0;
    out.push({ agent, broken, boxes, watered, collected, supervisorPresent: flag(0), interruptible: flag(1), paused, rocksTaken, switched: flag(2), diamondSwitched: flag(3) });
  }
  return out;
}

/** `loaded` with its states packed, ready to post to another thread. */
export function packLoadedLevel(loaded: LoadedLevel): PackedLevel {
  return { level: loaded.level, space: { ...loaded.space, states: [] }, packedStates: packStates(loaded.space.world, loaded.space.states) };
}

/**
 * The loaded level back from its packed form, its states rebuilt `chunk` at a time with `pause()`
 * between chunks, so a receiving page is never held for long.
 */
export async function unpackLoadedLevel(packed: PackedLevel, pause: () => Promise<void>, chunk = 2_000): Promise<LoadedLevel> {
  const { world, numStates } = packed.space;
  const states: GridState[] = [];
  for (let from = 0; from < numStates; from += chunk) {
    if (from > 0) await pause();
    states.push(...unpackStates(world, packed.packedStates, from, Math.min(numStates, from + chunk)));
  }
  return { level: packed.level, space: { ...packed.space, states } };
}
