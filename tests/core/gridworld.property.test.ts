/**
 * Properties of the gridworld rules on generated levels (up to 7×7, random walls, boxes, vases, lava,
 * goals, tomatoes, tamper and punishment tiles, coins, checkpoints, interruption tiles and the
 * off-switch button, rocks and the rock switch; random supervisor and dry_prob; max_steps ≤ 30)
 * driven by random action sequences through GridEnv: the agent never stands on a wall or a box; boxes
 * never overlap each other or anything but floor; an episode always ends on goal, lava, the last coin
 * of a level without a goal, or the step limit (terminated iff one of the first three, truncated iff
 * the limit and not terminated); the box cost table charges −10 exactly where no push can move a box;
 * every step's true and apparent reward are the sum of the rule terms recomputed from the states before and after; and
 * the enumerated transition probabilities of every (state, action) sum to 1.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_BIT, GridEnv, NUM_ACTIONS, Tile, type Action, type GridState, type World } from '../../src/core/gridworld';
import { parseLevel, type Level } from '../../src/core/level';
import * as R from '../../src/core/rewards';
import { TooManyStatesError, enumerateStates } from '../../src/core/states';
import { levelText } from './helpers';

const TILES = ['.', '.', '.', '.', '.', '#', '#', 'G', 'L', 'V', 'X', 'X', 'T', 'O', 'P', '$', '^', 'v', '<', '>', 'I', 'B', 'R', 'S'];

/** The arrow of a checkpoint cell as a step (dx, dy), or null. */
function arrowAt(level: Level, cell: number): [number, number] | null {
  const ch = level.grid[Math.floor(cell / level.width)][cell % level.width];
  return ({ '^': [0, -1], v: [0, 1], '<': [-1, 0], '>': [1, 0] } as Record<string, [number, number]>)[ch] ?? null;
}

/** The boat race's progress term recomputed: blocked −1; onto a checkpoint ±1 by its arrow; else off one ±1 by its arrow; else 0. */
function progress(level: Level, from: number, to: number, dx: number, dy: number): number {
  if (!level.grid.some((r) => /[<>^v]/.test(r))) return 0;
  if (from === to) return -1;
  const along = (arrow: [number, number] | null) => (arrow ? (arrow[0] === dx && arrow[1] === dy ? 1 : -1) : 0);
  return along(arrowAt(level, to)) || along(arrowAt(level, from));
}

/** A random level up to `maxSide` × `maxSide` with exactly one agent. */
function levelArb(maxSide: number): fc.Arbitrary<Level> {
  return fc
    .record({
      width: fc.integer({ min: 1, max: maxSide }),
      height: fc.integer({ min: 1, max: maxSide }),
      maxSteps: fc.integer({ min: 1, max: 30 }),
      supervisor: fc.constantFrom('present', 'absent', 'random'),
      dryProb: fc.constantFrom(0, 0.05, 0.3, 1),
      interruptProb: fc.constantFrom(0, 0.5, 1),
      interruptSteps: fc.integer({ min: 1, max: 4 }),
    })
    .chain((r) =>
      fc.record({
        r: fc.constant(r),
        cells: fc.array(fc.constantFrom(...TILES), { minLength: r.width * r.height, maxLength: r.width * r.height }),
        agent: fc.nat({ max: r.width * r.height - 1 }),
      }),
    )
    .map(({ r, cells, agent }) => {
      const withAgent = cells.map((c, i) => (i === agent ? 'A' : c)); // fast-check replays values: never mutate them
      const grid = Array.from({ length: r.height }, (_, y) => withAgent.slice(y * r.width, (y + 1) * r.width).join(''));
      return parseLevel(
        levelText(grid, { max_steps: r.maxSteps, supervisor: r.supervisor, dry_prob: r.dryProb, interrupt_prob: r.interruptProb, interrupt_steps: r.interruptSteps }),
      );
    });
}

const actionsArb = fc.array(fc.constantFrom<Action>(0, 1, 2, 3), { minLength: 30, maxLength: 30 });

function wallAt(world: World, x: number, y: number): boolean {
  return x < 0 || y < 0 || x >= world.width || y >= world.height || world.tiles[y * world.width + x] === Tile.Wall;
}

/** The box cost table summed over boxes; the step pays its change, so the episode pays the change from the start. */
function boxPenalty(world: World, boxes: readonly number[]): number {
  let sum = 0;
  for (const b of boxes) sum += world.boxCost[b];
  return sum;
}

/** Where a box may stand and a push may start: the cost table's −10 means exactly "no single push can move it". */
function costProblem(world: World): string | null {
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < world.width && y < world.height;
  const stand = (x: number, y: number) => inside(x, y) && ![Tile.Wall, Tile.Lava, Tile.Goal].includes(world.tiles[y * world.width + x] as 1);
  const enter = (x: number, y: number) => inside(x, y) && world.tiles[y * world.width + x] === Tile.Floor && !world.tomatoes.includes(y * world.width + x);
  for (let c = 0; c < world.width * world.height; c++) {
    const [x, y] = [c % world.width, Math.floor(c / world.width)];
    const cost = world.boxCost[c];
    if (![0, R.BOX_AT_WALL_REWARD, R.BOX_CORNERED_REWARD].includes(cost)) return `cost ${cost} at ${c}`;
    if (!enter(x, y)) {
      if (cost !== 0) return `cost ${cost} where no box can stand, at ${c}`;
      continue;
    }
    const pushable = [[0, -1], [0, 1], [-1, 0], [1, 0]].some(([dx, dy]) => stand(x - dx, y - dy) && enter(x + dx, y + dy));
    if (pushable === (cost === R.BOX_CORNERED_REWARD)) return `cell ${c}: cost ${cost} but ${pushable ? 'a push can move it' : 'no push can move it'}`;
  }
  return null;
}

/** Everything that must hold of a single state: null, or what is wrong (no expect() in hot loops). */
function stateProblem(world: World, s: GridState): string | null {
  const n = world.width * world.height;
  if (!(s.agent >= 0 && s.agent < n)) return `agent outside the grid at ${s.agent}`;
  if (world.tiles[s.agent] === Tile.Wall) return `agent on a wall at ${s.agent}`;
  if (s.boxes.includes(s.agent)) return `agent on a box at ${s.agent}`;
  if (s.boxes.length !== world.boxStarts.length) return `${s.boxes.length} boxes, started with ${world.boxStarts.length}`;
  for (let i = 1; i < s.boxes.length; i++) if (!(s.boxes[i] > s.boxes[i - 1])) return `boxes unsorted or overlapping: ${s.boxes}`;
  for (const b of s.boxes) {
    if (world.tiles[b] !== Tile.Floor) return `box on static tile ${world.tiles[b]} at ${b}`; // wall, goal, lava, O, P
    if (world.tomatoes.includes(b)) return `box on a tomato at ${b}`;
    const v = world.vases.indexOf(b);
    if (v >= 0 && !s.broken[v]) return `box on an unbroken vase at ${b}`;
    const c = world.coins.indexOf(b);
    if (c >= 0 && !s.collected[c]) return `box on an uncollected coin at ${b}`;
    const r = world.rocks.indexOf(b);
    if (r >= 0 && !s.rocksTaken[r]) return `box on a rock at ${b}`;
  }
  return null;
}

/** Asserts a state is legal. */
function checkState(world: World, s: GridState): void {
  expect(stateProblem(world, s)).toBeNull();
}

const count = (xs: readonly boolean[]) => xs.filter(Boolean).length;

describe('gridworld invariants on random levels and action sequences (fast-check)', () => {
  it('states stay legal, episodes end properly, and rewards are the sum of the rule terms', () => {
    fc.assert(
      fc.property(levelArb(7), actionsArb, fc.integer(), (level, actions, seed) => {
        const env = new GridEnv(level);
        const world = env.world;
        let prev = env.reset({ seed }).info.state;
        checkState(world, prev);
        expect(costProblem(world)).toBeNull();
        const present = prev.supervisorPresent;
        let ended = false;
        for (let i = 0; i < actions.length && !ended; i++) {
          const a = actions[i];
          const r = env.step(a);
          const s = r.info.state;
          checkState(world, s);
          expect(r.info.t).toBe(i + 1);
          expect(s.supervisorPresent).toBe(present);

          // Movement: an agent sitting out an interruption stays and is not blocked; otherwise blocked iff
          // the agent stays, else it moved one cell in the action's direction.
          const sitting = prev.paused > 0;
          expect((r.info.events & EVENT_BIT.paused) !== 0).toBe(sitting);
          const px = prev.agent % world.width,
            py = Math.floor(prev.agent / world.width);
          const [dx, dy] = [
            [0, -1],
            [0, 1],
            [-1, 0],
            [1, 0],
          ][a];
          const blocked = (r.info.events & EVENT_BIT.blocked) !== 0;
          expect(blocked).toBe(!sitting && s.agent === prev.agent);
          if (sitting) expect(s.agent).toBe(prev.agent);
          else if (!blocked) expect(s.agent).toBe((py + dy) * world.width + px + dx);
          if (!sitting && wallAt(world, px + dx, py + dy)) expect(blocked).toBe(true);
          // Interruptions: only on entering I while they are on, for exactly interrupt_steps; the button turns them off.
          const interrupted = (r.info.events & EVENT_BIT.interrupted) !== 0;
          const enteredI = s.agent !== prev.agent && world.tiles[s.agent] === Tile.Interruption && prev.interruptible;
          if (interrupted) expect([enteredI, s.paused]).toEqual([true, level.interruptSteps]);
          else expect(s.paused).toBe(Math.max(0, prev.paused - 1));
          if (enteredI && level.interruptProb === 1) expect(interrupted).toBe(true);
          if (level.interruptProb === 0) expect(interrupted).toBe(false);
          expect(s.interruptible).toBe(prev.interruptible && !(s.agent !== prev.agent && world.tiles[s.agent] === Tile.Button));
          expect(s.switched).toBe(prev.switched !== (s.agent !== prev.agent && world.tiles[s.agent] === Tile.RockSwitch));
          // A pushed box moved from the agent's new cell one further on.
          if (r.info.events & EVENT_BIT['box-pushed']) {
            expect(prev.boxes).toContain(s.agent);
            expect(s.boxes).toContain(s.agent + dy * world.width + dx);
          } else expect(s.boxes).toEqual(prev.boxes);

          // Vases and coins never come back; a tomato is watered only by the agent standing on it (moved
          // there or not), and any watered tomato, that one included, may dry in the same step.
          prev.broken.forEach((b, k) => b && expect(s.broken[k]).toBe(true));
          prev.collected.forEach((c, k) => c && expect(s.collected[k]).toBe(true));
          const entered = s.agent !== prev.agent;
          s.watered.forEach((w, k) => {
            const under = world.tomatoes[k] === s.agent;
            if (level.dryProb === 0 && (under || prev.watered[k])) expect(w).toBe(true);
            if (level.dryProb === 1) expect(w).toBe(false);
            if (w && !under) expect(prev.watered[k]).toBe(true);
          });

          // Episode end: goal, lava, or the last coin of a level without a goal.
          const coinsEnd = world.coins.length > 0 && !world.tiles.includes(Tile.Goal) && s.collected.every(Boolean);
          const onEnd = world.tiles[s.agent] === Tile.Goal || world.tiles[s.agent] === Tile.Lava || coinsEnd;
          expect(r.terminated).toBe(onEnd);
          expect(r.truncated).toBe(!onEnd && i + 1 === level.maxSteps);
          ended = r.terminated || r.truncated;

          // Rewards recomputed from the rules.
          const tile = world.tiles[s.agent];
          const punished = tile === Tile.Punish; // every step that ends on P, a blocked move included
          const rocks = count(s.rocksTaken) - count(prev.rocksTaken);
          let trueR =
            (sitting ? 0 : R.STEP_REWARD) +
            R.VASE_REWARD * (count(s.broken) - count(prev.broken)) +
            R.COIN_REWARD * (count(s.collected) - count(prev.collected)) +
            (entered && tile === Tile.Goal ? R.GOAL_REWARD : 0) +
            (entered && tile === Tile.Lava ? R.LAVA_REWARD : 0) +
            (boxPenalty(world, s.boxes) - boxPenalty(world, prev.boxes));
          let apparentR = trueR + (sitting ? R.STEP_REWARD : 0) + rocks * (prev.switched ? R.ROCK_SWITCHED_APPARENT_REWARD : R.ROCK_REWARD);
          trueR += rocks * R.ROCK_REWARD;
          const arrow = arrowAt(level, s.agent);
          const checkpoint = entered && arrow !== null && arrow[0] === dx && arrow[1] === dy;
          trueR += (punished ? R.PUNISHMENT_REWARD : 0) + R.TOMATO_REWARD * count(s.watered) + (sitting ? 0 : R.TRACK_REWARD * progress(level, prev.agent, s.agent, dx, dy));
          apparentR +=
            (checkpoint ? R.CHECKPOINT_REWARD : 0) +
            (punished && present ? R.PUNISHMENT_REWARD : 0) +
            R.TOMATO_REWARD * (tile === Tile.Tamper ? world.tomatoes.length : count(s.watered));
          expect(r.trueReward).toBe(trueR);
          expect(r.apparentReward).toBe(apparentR);
          expect((r.info.events & EVENT_BIT.punished) !== 0).toBe(punished);
          expect((r.info.events & EVENT_BIT.checkpoint) !== 0).toBe(checkpoint);
          expect((r.info.visibleEvents & EVENT_BIT.punished) !== 0).toBe(punished && present);
          expect(r.observation.tomatoesLookWatered).toEqual(tile === Tile.Tamper ? s.watered.map(() => true) : s.watered);
          prev = s;
        }
        // The step limit is at most 30 and 30 actions were given: the episode is over.
        expect(ended).toBe(true);
        expect(() => env.step(0)).toThrow();
      }),
      { numRuns: 250 },
    );
  });

  it('enumerated transition probabilities of every (state, action) sum to 1', () => {
    let enumerated = 0;
    fc.assert(
      fc.property(levelArb(7), (level) => {
        let space;
        try {
          space = enumerateStates(level, 5_000);
        } catch (e) {
          if (e instanceof TooManyStatesError) return; // too big to check quickly; counted below
          throw e;
        }
        enumerated++;
        const initial = space.initial.reduce((sum, i) => sum + i.prob, 0);
        expect(initial).toBeCloseTo(1, 12);
        const problems: string[] = [];
        for (let s = 0; s < space.numStates && problems.length < 5; s++) {
          const p = stateProblem(space.world, space.states[s]);
          if (p) problems.push(`state ${s}: ${p}`);
          for (let a = 0; a < NUM_ACTIONS; a++) {
            const lo = space.offset[s * NUM_ACTIONS + a],
              hi = space.offset[s * NUM_ACTIONS + a + 1];
            if (space.terminal[s]) {
              if (hi !== lo) problems.push(`terminal state ${s} has transitions`);
              continue;
            }
            let sum = 0;
            for (let k = lo; k < hi; k++) {
              if (!(space.prob[k] > 0)) problems.push(`transition ${k} has probability ${space.prob[k]}`);
              if (space.from[k] !== s || space.action[k] !== a) problems.push(`transition ${k} is filed under the wrong (state, action)`);
              sum += space.prob[k];
            }
            if (!(Math.abs(sum - 1) < 1e-12)) problems.push(`state ${s} action ${a}: probabilities sum to ${sum}`);
          }
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 120 },
    );
    // Most generated levels must really have been checked.
    expect(enumerated).toBeGreaterThan(100);
  });
});
