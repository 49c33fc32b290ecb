/**
 * The reward model's input: a feature vector per transition, computed from the *observation* only —
 * what a person watching the replay sees (tiles as they appear, events as they appear). The hidden
 * truth (real tomato state under the tamper tile, a punishment nobody saw) never enters, which is what
 * makes the fooled-labeller cases real.
 */
import { EVENT_BIT, Tile, observe, trackProgress, type Action, type Observation, type World } from './gridworld';
import { BOX_AT_WALL_REWARD, BOX_CORNERED_REWARD } from './rewards';
import type { StateSpace } from './states';

/** Names of the features, in vector order; each is described in FEATURE_DOCS. */
export const FEATURE_NAMES = [
  'step',
  'vase-broken',
  'box-cornered',
  'box-at-wall',
  'tomatoes-look-watered',
  'on-tamper-tile',
  'on-punishment-tile',
  'punishment-seen',
  'coin',
  'goal',
  'lava',
  'checkpoint',
  'track-along',
  'track-against',
  'paused',
  'interrupted',
  'off-switch-pressed',
  'rock',
  'rock-while-switched',
  'rock-switch-flipped',
  'coin-while-switched',
  'diamond-switch-flipped',
] as const;

/**
 * One line per feature: what it measures, from the observation. Every feature but one is a term of
 * the true or the apparent reward, so a linear model can express both exactly and nothing invites
 * spurious credit (positions, "next to lava", a blocked move, an event that only precedes a reward).
 * The exception is `on-tamper-tile`: the screen cannot show the truth under the tamper tile, and this
 * feature is what lets a model that only sees the screen learn that the watered look there is fake.
 */
export const FEATURE_DOCS: Readonly<Record<(typeof FEATURE_NAMES)[number], string>> = {
  step: '1 for every step taken (blocked moves included); steps after the episode ended are not features but a fixed 0',
  'vase-broken': '1 when a vase broke in this step',
  'box-cornered': 'change in the number of boxes that no push can ever move again (cornered)',
  'box-at-wall': 'change in the number of boxes that pushes can only slide along one wall line',
  'tomatoes-look-watered': 'number of tomatoes that look watered after the step, divided by 4',
  'on-tamper-tile': '1 when the agent stands on the O tile after the step',
  'on-punishment-tile': '1 when the agent ends the step on a P tile (moved there or stayed)',
  'punishment-seen': '1 when a punishment was visibly given (the supervisor was watching)',
  coin: '1 when a coin (a diamond) was picked up while the score on screen counts diamonds as they are',
  goal: '1 when the agent reached the goal',
  lava: '1 when the agent fell into lava',
  checkpoint: '1 when the agent entered a checkpoint the way its arrow points (what the race score pays)',
  'track-along': '1 when the step made progress round the track (onto or off a checkpoint, the way its arrow points)',
 paused: '1 on a step spent sitting out an interruption (the agent cannot move)',
  rock: '1 when the agent picked up a rock while the score on screen counts rocks as they are',
  'rock-while-switched': '1 when the agent picked up a rock while the rock switch is flipped (the screen counts it as a gain)',
  'rock-switch-flipped': '1 when the agent stepped on the rock switch',
  'coin-while-switched': '1 when a coin (a diamond) was picked up while the diamond switch is flipped (the screen counts it as a loss)',
  'diamond-switch-flipped': '1 when the agent stepped on the diamond switch',
  interrupted: '1 when entering an interruption tile stopped the agent',
  'off-switch-pressed': '1 when the agent pressed the off-switch button, turning interruptions off',
  'track-against': '1 when the step lost ground round the track (against or across a checkpoint\'s arrow, or a blocked move, in a level with checkpoints)',
};

/** Length of a feature vector. */
export const FEATURE_DIM = FEATURE_NAMES.length;

const F = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<(typeof FEATURE_NAMES)[number], number>;

function boxCounts(world: World, obs: Observation): [cornered: number, atWall: number] {
  let cornered = 0,
    atWall = 0;
  for (const cell of obs.boxes) {
    if (world.boxCost[cell] === BOX_CORNERED_REWARD) cornered++;
    else if (world.boxCost[cell] === BOX_AT_WALL_REWARD) atWall++;
  }
  return [cornered, atWall];
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
  o[F.step] = 1;
  o[F['vase-broken']] = has(EVENT_BIT['vase-broken']);
  const [corneredBefore, atWallBefore] = boxCounts(world, before);
  const [corneredAfter, atWallAfter] = boxCounts(world, after);
  o[F['box-cornered']] = corneredAfter - corneredBefore;
  o[F['box-at-wall']] = atWallAfter - atWallBefore;
  o[F['tomatoes-look-watered']] = after.tomatoesLookWatered.filter(Boolean).length / 4;
  o[F['on-tamper-tile']] = world.tiles[after.agent] === Tile.Tamper ? 1 : 0;
  o[F['on-punishment-tile']] = world.tiles[after.agent] === Tile.Punish ? 1 : 0;
  o[F['punishment-seen']] = has(EVENT_BIT.punished);
  const coin = has(EVENT_BIT.coin);
  o[F.coin] = coin && !before.diamondSwitched ? 1 : 0;
  o[F['coin-while-switched']] = coin && before.diamondSwitched ? 1 : 0;
  o[F.goal] = has(EVENT_BIT.goal);
  o[F.lava] = has(EVENT_BIT.lava);
  o[F.checkpoint] = has(EVENT_BIT.checkpoint);
  const track = before.paused > 0 ? 0 : trackProgress(world, before.agent, after.agent, space.action[k] as Action);
  o[F['track-along']] = track > 0 ? 1 : 0;
  o[F['track-against']] = track < 0 ? 1 : 0;
  o[F.paused] = has(EVENT_BIT.paused);
  o[F.interrupted] = has(EVENT_BIT.interrupted);
  o[F['off-switch-pressed']] = has(EVENT_BIT.button);
  const rock = has(EVENT_BIT.rock);
  o[F.rock] = rock && !before.switched ? 1 : 0;
  o[F['rock-while-switched']] = rock && before.switched ? 1 : 0;
  o[F['rock-switch-flipped']] = has(EVENT_BIT.switch);
  o[F['diamond-switch-flipped']] = has(EVENT_BIT['diamond-switch']);
}

/** Features of every transition of a level: a [numTransitions × FEATURE_DIM] row-major matrix. */
export function allTransitionFeatures(space: StateSpace): Float32Array {
  const out = new Float32Array(space.numTransitions * FEATURE_DIM);
  for (let k = 0; k < space.numTransitions; k++) transitionFeatures(space, k, out, k * FEATURE_DIM);
  return out;
}
