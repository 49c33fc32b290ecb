/**
 * The reward model's input: a feature vector per transition, computed from the *observation* only —
 * what a person watching the replay sees (tiles as they appear, events as they appear). The hidden
 * truth (real tomato state under the tamper tile, a punishment nobody saw) never enters, which is what
 * makes the fooled-labeller cases real.
 */
import { EVENT_BIT, Tile, observe, type Observation, type World } from './gridworld';
import type { StateSpace } from './states';

/** Names of the features, in vector order; each is described in FEATURE_DOCS. */
export const FEATURE_NAMES = [
  'absorbing',
  'moved',
  'blocked',
  'vase-broken',
  'box-pushed',
  'boxes-cornered',
  'boxes-at-wall',
  'tomato-watered',
  'tomato-dried',
  'tomatoes-look-watered',
  'on-tamper-tile',
  'entered-punishment-tile',
  'punishment-seen',
  'supervisor-present',
  'coin',
  'goal',
  'lava',
  'next-to-lava',
  'agent-x',
  'agent-y',
] as const;

/** One line per feature: what it measures, from the observation. */
export const FEATURE_DOCS: Readonly<Record<(typeof FEATURE_NAMES)[number], string>> = {
  absorbing: '1 for padding steps after the episode ended (the model learns their reward), else 0',
  moved: '1 when the agent changed cell',
  blocked: '1 when the move was blocked (wall, or a box that cannot move)',
  'vase-broken': '1 when a vase broke in this step',
  'box-pushed': '1 when the agent pushed a box',
  'boxes-cornered': 'number of moved boxes now with walls on two orthogonal sides',
  'boxes-at-wall': 'number of moved boxes now touching a wall but not cornered',
  'tomato-watered': '1 when a tomato visibly went from dry to watered',
  'tomato-dried': '1 when a tomato visibly dried',
  'tomatoes-look-watered': 'number of tomatoes that look watered after the step, divided by 4',
  'on-tamper-tile': '1 when the agent stands on the O tile after the step',
  'entered-punishment-tile': '1 when the agent stepped onto a P tile',
  'punishment-seen': '1 when a punishment was visibly given (the supervisor was watching)',
  'supervisor-present': '1 when the supervisor is watching this episode',
  coin: '1 when a coin was picked up',
  goal: '1 when the agent reached the goal',
  lava: '1 when the agent fell into lava',
  'next-to-lava': '1 when the agent ends the step beside a lava cell',
  'agent-x': "agent's column after the step, scaled to 0–1",
  'agent-y': "agent's row after the step, scaled to 0–1",
};

/** Length of a feature vector. */
export const FEATURE_DIM = FEATURE_NAMES.length;

const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<(typeof FEATURE_NAMES)[number], number>;

function boxCounts(world: World, obs: Observation): [cornered: number, atWall: number] {
  let cornered = 0,
    atWall = 0;
  const wall = (x: number, y: number) =>
    x < 0 || y < 0 || x >= world.width || y >= world.height || world.tiles[y * world.width + x] === Tile.Wall;
  for (const cell of obs.boxes) {
    if (world.boxStarts.includes(cell)) continue;
    const x = cell % world.width,
      y = Math.floor(cell / world.width);
    const v = wall(x, y - 1) || wall(x, y + 1),
      h = wall(x - 1, y) || wall(x + 1, y);
    if (v && h) cornered++;
    else if (v || h) atWall++;
  }
  return [cornered, atWall];
}

function nextToLava(world: World, cell: number): boolean {
  const x = cell % world.width,
    y = Math.floor(cell / world.width);
  for (const [dx, dy] of [[0, -1], [0, 1], [-1, 0], [1, 0]]) {
    const nx = x + dx,
      ny = y + dy;
    if (nx >= 0 && ny >= 0 && nx < world.width && ny < world.height && world.tiles[ny * world.width + nx] === Tile.Lava) return true;
  }
  return false;
}

/** Writes the features of transition `k` of `space` into `out` at `offset`. */
export function transitionFeatures(space: StateSpace, k: number, out: Float32Array, offset = 0): void {
  const world = space.world;
  const before = observe(world, space.states[space.from[k]]);
  const after = observe(world, space.states[space.next[k]]);
  const ev = space.visibleEvents[k];
  const has = (bit: number) => ((ev & bit) !== 0 ? 1 : 0);
  const o = out.subarray(offset, offset + FEATURE_DIM);
  o.fill(0);
  o[F.moved] = before.agent !== after.agent ? 1 : 0;
  o[F.blocked] = has(EVENT_BIT.blocked);
  o[F['vase-broken']] = has(EVENT_BIT['vase-broken']);
  o[F['box-pushed']] = has(EVENT_BIT['box-pushed']);
  [o[F['boxes-cornered']], o[F['boxes-at-wall']]] = boxCounts(world, after);
  const lookedWet = before.tomatoesLookWatered.filter(Boolean).length;
  const looksWet = after.tomatoesLookWatered.filter(Boolean).length;
  o[F['tomato-watered']] = has(EVENT_BIT['tomato-watered']) && looksWet >= lookedWet ? 1 : 0;
  o[F['tomato-dried']] = has(EVENT_BIT['tomato-dried']);
  o[F['tomatoes-look-watered']] = looksWet / 4;
  o[F['on-tamper-tile']] = world.tiles[after.agent] === Tile.Tamper ? 1 : 0;
  o[F['entered-punishment-tile']] = o[F.moved] && world.tiles[after.agent] === Tile.Punish ? 1 : 0;
  o[F['punishment-seen']] = has(EVENT_BIT.punished);
  o[F['supervisor-present']] = world.hasPunishment && after.supervisorPresent ? 1 : 0;
  o[F.coin] = has(EVENT_BIT.coin);
  o[F.goal] = has(EVENT_BIT.goal);
  o[F.lava] = has(EVENT_BIT.lava);
  o[F['next-to-lava']] = nextToLava(world, after.agent) ? 1 : 0;
  o[F['agent-x']] = world.width > 1 ? (after.agent % world.width) / (world.width - 1) : 0;
  o[F['agent-y']] = world.height > 1 ? Math.floor(after.agent / world.width) / (world.height - 1) : 0;
}

/** Features of every transition of a level: a [numTransitions × FEATURE_DIM] row-major matrix. */
export function allTransitionFeatures(space: StateSpace): Float32Array {
  const out = new Float32Array(space.numTransitions * FEATURE_DIM);
  for (let k = 0; k < space.numTransitions; k++) transitionFeatures(space, k, out, k * FEATURE_DIM);
  return out;
}

/** The feature vector of a padding step after the episode ended. */
export function absorbingFeatures(): Float32Array {
  const v = new Float32Array(FEATURE_DIM);
  v[F.absorbing] = 1;
  return v;
}
