/**
 * Shared helpers for the core tests: reading the built-in levels, writing small levels inline, and
 * driving one action string through the Gymnasium-shaped `GridEnv` and through `followActions` on
 * the enumerated state space, so each test can check that both give the same episode.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GridEnv, parseActions, stateKey, type GridState, type Observation } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { Rng } from '../../src/core/rng';
import { loadLevel, type LoadedLevel, type StateSpace } from '../../src/core/states';

/** Absolute path of the built-in levels folder. */
export const LEVELS_DIR = fileURLToPath(new URL('../../levels/', import.meta.url));

/** File names (without `.level`) of every built-in level, sorted. */
export function builtinLevelNames(): string[] {
  return readdirSync(LEVELS_DIR)
    .filter((f) => f.endsWith('.level'))
    .map((f) => f.slice(0, -'.level'.length))
    .sort();
}

/** The text of a built-in level. */
export function builtinText(name: string): string {
  return readFileSync(`${LEVELS_DIR}${name}.level`, 'utf8');
}

/** Loads a built-in level (parsed and enumerated). */
export function loadBuiltin(name: string): LoadedLevel {
  return loadLevel(builtinText(name));
}

/** Level text from grid rows and header values; `name` and `max_steps` default to 'test' and 20. */
export function levelText(grid: readonly string[], header: Record<string, string | number> = {}): string {
  const h: Record<string, string | number> = { name: 'test', max_steps: 20, ...header };
  return `${Object.entries(h)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n${grid.join('\n')}\n`;
}

/** Loads an inline level. */
export function inline(grid: readonly string[], header: Record<string, string | number> = {}): LoadedLevel {
  return loadLevel(levelText(grid, header));
}

/** What one episode of an action string produced. */
export interface Episode {
  readonly trueReturn: number;
  readonly apparentReturn: number;
  readonly terminated: boolean;
  readonly truncated: boolean;
  /** Actions actually taken (the episode may end before the string does). */
  readonly steps: number;
  readonly startState: GridState;
  readonly finalState: GridState;
}

/** An Episode from GridEnv plus the per-step records a test may inspect. */
export interface EnvEpisode extends Episode {
  readonly observations: readonly Observation[];
  readonly trueRewards: readonly number[];
  readonly apparentRewards: readonly number[];
  readonly events: readonly number[];
  readonly visibleEvents: readonly number[];
}

/** Runs an action string through `GridEnv` from `reset({seed})`, stopping when the episode ends. */
export function runEnv(loaded: Pick<LoadedLevel, 'level'>, actions: string, seed: number | string = 0): EnvEpisode {
  const env = new GridEnv(loaded.level);
  const { observation, info } = env.reset({ seed });
  const observations: Observation[] = [observation];
  const trueRewards: number[] = [],
    apparentRewards: number[] = [],
    events: number[] = [],
    visibleEvents: number[] = [];
  let terminated = false,
    truncated = false,
    state = info.state;
  for (const a of parseActions(actions)) {
    if (terminated || truncated) break;
    const r = env.step(a);
    observations.push(r.observation);
    trueRewards.push(r.trueReward);
    apparentRewards.push(r.apparentReward);
    events.push(r.info.events);
    visibleEvents.push(r.info.visibleEvents);
    terminated = r.terminated;
    truncated = r.truncated;
    state = r.info.state;
    if (r.info.t !== trueRewards.length) throw new Error(`info.t is ${r.info.t} after ${trueRewards.length} steps`);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    trueReturn: sum(trueRewards),
    apparentReturn: sum(apparentRewards),
    terminated,
    truncated,
    steps: trueRewards.length,
    startState: info.state,
    finalState: state,
    observations,
    trueRewards,
    apparentRewards,
    events,
    visibleEvents,
  };
}

/** Index of a state in the enumerated space (throws if it is not there). */
export function stateIndex(space: StateSpace, state: GridState): number {
  const key = stateKey(state);
  const i = space.states.findIndex((s) => stateKey(s) === key);
  if (i < 0) throw new Error(`state ${key} is not in the enumerated space`);
  return i;
}

/** Runs an action string with `followActions` on the state space, from the given start state. */
export function runFollow(loaded: LoadedLevel, actions: string, start: GridState, seed: number | string = 0): Episode {
  const { space } = loaded;
  const t = followActions(space, parseActions(actions), new Rng(seed), stateIndex(space, start));
  return {
    trueReturn: t.trueReturn,
    apparentReturn: t.apparentReturn,
    terminated: t.terminated,
    truncated: t.truncated,
    steps: t.actions.length,
    startState: space.states[t.states[0]],
    finalState: space.states[t.states[t.states.length - 1]],
  };
}

/** The first seed in 0…limit-1 whose episode starts with the supervisor present (or absent). */
export function seedWithSupervisor(loaded: LoadedLevel, present: boolean, limit = 64): number {
  for (let seed = 0; seed < limit; seed++) {
    const env = new GridEnv(loaded.level);
    if (env.reset({ seed }).info.state.supervisorPresent === present) return seed;
  }
  throw new Error(`no seed below ${limit} starts with the supervisor ${present ? 'present' : 'absent'}`);
}

/** The cell index of (x, y) in a level of the given width. */
export function cell(width: number, x: number, y: number): number {
  return y * width + x;
}
