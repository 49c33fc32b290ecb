/**
 * State enumeration: every state reachable from the start (breadth-first) and the transition table
 * with probabilities, true and apparent reward and events. Arrays indexed by *transition* (one entry
 * per possible outcome of a state–action pair) are the common currency of the planner, the features
 * and the reward model: a learned reward is simply one number per transition.
 */
import {
  NUM_ACTIONS,
  compileWorld,
  initialStates,
  isTerminal,
  outcomes,
  stateKey,
  type Action,
  type GridState,
  type World,
} from './gridworld';
import { LevelError, parseLevel, type Level } from './level';

/** The most reachable states a level may have (LEVEL-FORMAT.md, "too many reachable states"). */
export const MAX_STATES = 100_000;
/**
 * The most planning cells a level may have: reachable states × (max_steps + 1), the size of one
 * plan's table of values (about 8 MB of floats at the cap; Kitchen garden, the largest built-in
 * level, has 44,608).
 */
export const MAX_PLAN_CELLS = 2_000_000;

/** The most reachable states a level with `maxSteps` may have: `limit` (default MAX_STATES) and MAX_PLAN_CELLS / (max_steps + 1). */
export function stateLimit(maxSteps: number, limit = MAX_STATES): number {
  return Math.min(limit, Math.floor(MAX_PLAN_CELLS / (maxSteps + 1)));
}

/**
 * All reachable states and a CSR transition table. The outcomes of action `a` in state `s` are the
 * transitions `offset[s * 4 + a] … offset[s * 4 + a + 1] - 1`; terminal states have none.
 */
export interface StateSpace {
  readonly world: World;
  readonly states: readonly GridState[];
  readonly numStates: number;
  readonly numTransitions: number;
  /** 1 where the episode is over (goal, lava, or the last coin of a level without a goal). */
  readonly terminal: Uint8Array;
  /** Start states and their probabilities. */
  readonly initial: readonly { readonly state: number; readonly prob: number }[];
  readonly offset: Int32Array;
  /** Per transition: the state it came from, its action, next state, probability, rewards, events. */
  readonly from: Int32Array;
  readonly action: Uint8Array;
  readonly next: Int32Array;
  readonly prob: Float64Array;
  readonly trueReward: Float32Array;
  readonly apparentReward: Float32Array;
  readonly terminated: Uint8Array;
  readonly events: Uint32Array;
  readonly visibleEvents: Uint32Array;
}

/** Thrown when a level has more reachable states than its limit (see `stateLimit`). */
export class TooManyStatesError extends Error {
  /** Creates the error for a level that passed `limit` states; `maxSteps` when the planning-cell cap set the limit. */
  constructor(limit: number, maxSteps?: number) {
    const n = (x: number) => x.toLocaleString('en');
    super(
      maxSteps === undefined
        ? `too many reachable states for the planner: more than ${n(limit)} (remove some vases, boxes, tomatoes or coins)`
        : `too many reachable states for the planner: more than ${n(limit)} with max_steps ${maxSteps} (states × (max_steps + 1) may be at most ${n(MAX_PLAN_CELLS)}; remove some vases, boxes, tomatoes or coins, or lower max_steps)`,
    );
    this.name = 'TooManyStatesError';
  }
}

/** Enumerates the reachable states of a level breadth-first and builds the transition table. */
export function enumerateStates(levelOrWorld: Level | World, limit = MAX_STATES): StateSpace {
  const world = 'tiles' in levelOrWorld ? levelOrWorld : compileWorld(levelOrWorld);
  const states: GridState[] = [];
  const index = new Map<string, number>();
  const intern = (s: GridState): number => {
    const key = stateKey(s);
    let i = index.get(key);
    if (i === undefined) {
      if (states.length >= limit) throw new TooManyStatesError(limit);
      i = states.length;
      index.set(key, i);
      states.push(s);
    }
    return i;
  };
  const initial = initialStates(world).map(({ state, prob }) => ({ state: intern(state), prob }));

  const offsets: number[] = [0];
  const from: number[] = [],
    actions: number[] = [],
    next: number[] = [],
    prob: number[] = [],
    trueR: number[] = [],
    appR: number[] = [],
    term: number[] = [],
    events: number[] = [],
    visible: number[] = [];
  for (let s = 0; s < states.length; s++) {
    const state = states[s];
    const terminal = isTerminal(world, state);
    for (let a = 0; a < NUM_ACTIONS; a++) {
      if (!terminal) {
        for (const o of outcomes(world, state, a as Action)) {
          from.push(s);
          actions.push(a);
          next.push(intern(o.next));
          prob.push(o.prob);
          trueR.push(o.trueReward);
          appR.push(o.apparentReward);
          term.push(o.terminated ? 1 : 0);
          events.push(o.events);
          visible.push(o.visibleEvents);
        }
      }
      offsets.push(next.length);
    }
  }
  const terminalFlags = new Uint8Array(states.length);
  states.forEach((s, i) => (terminalFlags[i] = isTerminal(world, s) ? 1 : 0));
  return {
    world,
    states,
    numStates: states.length,
    numTransitions: next.length,
    terminal: terminalFlags,
    initial,
    offset: Int32Array.from(offsets),
    from: Int32Array.from(from),
    action: Uint8Array.from(actions),
    next: Int32Array.from(next),
    prob: Float64Array.from(prob),
    trueReward: Float32Array.from(trueR),
    apparentReward: Float32Array.from(appR),
    terminated: Uint8Array.from(term),
    events: Uint32Array.from(events),
    visibleEvents: Uint32Array.from(visible),
  };
}

/** Index of the transition for (state, action) that leads to `nextState`, or -1. */
export function findTransition(space: StateSpace, state: number, action: Action, nextState: number): number {
  for (let k = space.offset[state * NUM_ACTIONS + action]; k < space.offset[state * NUM_ACTIONS + action + 1]; k++) {
    if (space.next[k] === nextState) return k;
  }
  return -1;
}

/** A level checked end to end: parsed, and small enough for the planner. */
export interface LoadedLevel {
  readonly level: Level;
  readonly space: StateSpace;
}

/**
 * Parses level text and enumerates its states. Throws `LevelError` with line and column for any
 * problem, including too many reachable states (reported at the first grid line): more than `limit`,
 * or more than MAX_PLAN_CELLS / (max_steps + 1), so no plan outgrows the cap.
 */
export function loadLevel(text: string, limit = MAX_STATES): LoadedLevel {
  const level = parseLevel(text);
  const states = stateLimit(level.maxSteps, limit);
  try {
    return { level, space: enumerateStates(level, states) };
  } catch (e) {
    if (e instanceof TooManyStatesError) {
      const lines = text.split(/\r?\n/);
      const sep = lines.findIndex((l) => l.replace(/\s+$/, '') === '---');
      throw new LevelError(sep + 2, 1, states < limit ? new TooManyStatesError(states, level.maxSteps).message : e.message);
    }
    throw e;
  }
}
