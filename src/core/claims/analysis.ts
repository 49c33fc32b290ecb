/**
 * Per-level facts the claim detectors share, computed once per state space and cached: strongly
 * connected components of the state graph (what can be undone), which transitions hide the truth,
 * which end the episode at a loss, the true-reward optimal plan, and re-plans with some state–action
 * pairs forbidden (the counterfactual fixes).
 */
import { EVENT_BIT, NUM_ACTIONS, observe, trackProgress, type Action, type GridState, type World } from '../gridworld';
import { CHECKPOINT_REWARD, COIN_REWARD, COIN_SWITCHED_APPARENT_REWARD, ROCK_REWARD, ROCK_SWITCHED_APPARENT_REWARD, STEP_REWARD, TRACK_REWARD } from '../rewards';
import { planSoft, type Plan } from '../planner';
import type { StateSpace } from '../states';

/** Reward added to a forbidden transition when planning a fix: far below any real return. */
export const FORBIDDEN_PENALTY = -1e6;
/** A fix value below this used a forbidden transition: no flaw-free alternative exists. */
const NO_FIX_BELOW = FORBIDDEN_PENALTY / 10;
/** Fix plans kept per level (each is (max_steps + 1) × states floats). */
const MAX_CACHED_PLANS = 24;

/** A plan on the true reward with some state–action pairs forbidden (penalised). */
export interface FixPlan {
  readonly plan: Plan;
  /** Per transition: 1 where its state–action pair is forbidden. */
  readonly forbidden: Uint8Array;
}

/** One checkable fact about the movable things of a state: a vase, a box, a tomato or a coin. */
export interface Fact {
  /** Stable key, equal for the same fact in any state. */
  readonly key: string;
  /** What the fact is about. */
  readonly thing: 'vase' | 'box' | 'tomato' | 'coin' | 'rock';
  /** Its condition: 'broken'/'whole', 'there' (a box), 'wet'/'dry', 'taken'/'there'. */
  readonly condition: string;
  /** The cell the fact is about. */
  readonly cell: number;
  /** Whether the fact holds in a state. */
  holds(state: GridState): boolean;
}

/** The facts true in `state`: each vase whole or broken, each box's cell, each tomato wet or dry, each coin and rock there or taken. */
export function stateFacts(world: World, state: GridState): Fact[] {
  const out: Fact[] = [];
  world.vases.forEach((cell, i) => {
    const v = state.broken[i];
    const condition = v ? 'broken' : 'whole';
    out.push({ key: `vase@${cell}:${condition}`, thing: 'vase', condition, cell, holds: (s) => s.broken[i] === v });
  });
  for (const cell of state.boxes) out.push({ key: `box@${cell}`, thing: 'box', condition: 'there', cell, holds: (s) => s.boxes.includes(cell) });
  world.tomatoes.forEach((cell, i) => {
    const v = state.watered[i];
    const condition = v ? 'wet' : 'dry';
    out.push({ key: `tomato@${cell}:${condition}`, thing: 'tomato', condition, cell, holds: (s) => s.watered[i] === v });
  });
  world.coins.forEach((cell, i) => {
    const v = state.collected[i];
    const condition = v ? 'taken' : 'there';
    out.push({ key: `coin@${cell}:${condition}`, thing: 'coin', condition, cell, holds: (s) => s.collected[i] === v });
  });
  world.rocks.forEach((cell, i) => {
    const v = state.rocksTaken[i];
    const condition = v ? 'taken' : 'there';
    out.push({ key: `rock@${cell}:${condition}`, thing: 'rock', condition, cell, holds: (s) => s.rocksTaken[i] === v });
  });
  return out;
}

/** Strongly connected components of the state graph (every positive-probability transition is an edge), iterative Tarjan. */
export function stronglyConnected(space: StateSpace): Int32Array {
  const S = space.numStates;
  const { offset, next } = space;
  const index = new Int32Array(S).fill(-1);
  const low = new Int32Array(S);
  const onStack = new Uint8Array(S);
  const comp = new Int32Array(S).fill(-1);
  const stack: number[] = [];
  const call: number[] = [];
  const edge: number[] = [];
  let counter = 0,
    components = 0;
  const visit = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    call.push(v);
    edge.push(offset[v * NUM_ACTIONS]);
  };
  for (let root = 0; root < S; root++) {
    if (index[root] >= 0) continue;
    visit(root);
    while (call.length) {
      const top = call.length - 1;
      const v = call[top];
      const k = edge[top];
      if (k < offset[v * NUM_ACTIONS + NUM_ACTIONS]) {
        edge[top] = k + 1;
        const w = next[k];
        if (index[w] < 0) visit(w);
        else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      call.pop();
      edge.pop();
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = 0;
          comp[w] = components;
        } while (w !== v);
        components++;
      }
      if (call.length) {
        const parent = call[call.length - 1];
        low[parent] = Math.min(low[parent], low[v]);
      }
    }
  }
  return comp;
}

/** Q_t(s, a) of a plan: Σ p (reward + V_{t+1}(s')) over the outcomes of a in s. */
export function qValue(space: StateSpace, plan: Plan, t: number, s: number, a: number): number {
  const base = Math.min(t + 1, plan.horizon) * space.numStates;
  let q = 0;
  for (let k = space.offset[s * NUM_ACTIONS + a]; k < space.offset[s * NUM_ACTIONS + a + 1]; k++) {
    q += space.prob[k] * (plan.reward[k] + plan.values[base + space.next[k]]);
  }
  return q;
}

/** V_t(s) of a plan (0 at and after the horizon). */
export function stateValue(space: StateSpace, plan: Plan, t: number, s: number): number {
  return t >= plan.horizon ? 0 : plan.values[t * space.numStates + s];
}

/** How much worse action a is than the plan's best in s at step t, in the plan's reward units (≥ 0). */
export function advantageLoss(space: StateSpace, plan: Plan, t: number, s: number, a: number): number {
  if (t >= plan.horizon || space.terminal[s]) return 0;
  let best = -Infinity;
  for (let b = 0; b < NUM_ACTIONS; b++) best = Math.max(best, qValue(space, plan, t, s, b));
  return Math.max(0, best - qValue(space, plan, t, s, a));
}

/** Everything the detectors share about one level; build it with `analyseLevel`. */
export class LevelAnalysis {
  /** Strongly connected component of each state. */
  readonly scc: Int32Array;
  /** Per transition: 1 where the screen hides the truth (rewards, events or tomatoes differ). */
  readonly deceptive: Uint8Array;
  /** Per transition: 1 where it ends the episode at a loss (a terminal hazard such as lava). */
  readonly hazard: Uint8Array;
  /** Per state: 1 where it is not over and some action can end the episode in a hazard. */
  readonly hazardNear: Uint8Array;
  private truePlanCache: Plan | null = null;
  private apparentPlanCache: Plan | null = null;
  private trueFixCache: FixPlan | null = null;
  private readonly fixPlans = new Map<string, FixPlan>();
  private readonly reach = new Map<number, Uint8Array>();

  /** Analyses a state space (prefer `analyseLevel`, which caches). */
  constructor(readonly space: StateSpace) {
    this.scc = stronglyConnected(space);
    const S = space.numStates;
    const looksDifferent = new Uint8Array(S);
    for (let s = 0; s < S; s++) {
      const state = space.states[s];
      const seen = observe(space.world, state).tomatoesLookWatered;
      looksDifferent[s] = seen.some((w, i) => w !== state.watered[i]) ? 1 : 0;
    }
    this.deceptive = new Uint8Array(space.numTransitions);
    this.hazard = new Uint8Array(space.numTransitions);
    this.hazardNear = new Uint8Array(S);
    for (let k = 0; k < space.numTransitions; k++) {
      // The race score and track progress, and the pause an interruption imposes, are all plain on screen:
      // where true and apparent reward differ only by them, nothing is hidden.
      const paused = space.states[space.from[k]].paused > 0;
      const track = paused ? 0 : trackProgress(space.world, space.states[space.from[k]].agent, space.states[space.next[k]].agent, space.action[k] as Action) * TRACK_REWARD;
      const race = space.events[k] & EVENT_BIT.checkpoint ? CHECKPOINT_REWARD : 0;
      const waived = paused ? -STEP_REWARD : 0;
      // A rock or a diamond picked up while its switch is flipped: the screen counts it the other way,
      // plainly (the switch shows it). That is tampering (the tampering claim's business, named at the
      // switch), not hidden truth either.
      const from = space.states[space.from[k]];
      const tampered =
        (space.events[k] & EVENT_BIT.rock && from.switched ? ROCK_SWITCHED_APPARENT_REWARD - ROCK_REWARD : 0) +
        (space.events[k] & EVENT_BIT.coin && from.diamondSwitched ? COIN_SWITCHED_APPARENT_REWARD - COIN_REWARD : 0);
      const differs =
        Math.abs(space.trueReward[k] - track - waived - (space.apparentReward[k] - race - tampered)) > 1e-9 ||
        space.events[k] !== space.visibleEvents[k] ||
        looksDifferent[space.next[k]] === 1;
      this.deceptive[k] = differs ? 1 : 0;
      if (space.terminated[k] && space.trueReward[k] < 0) {
        this.hazard[k] = 1;
        this.hazardNear[space.from[k]] = 1;
      }
    }
  }

  /** The optimal plan on the true reward (temperature 0). */
  get truePlan(): Plan {
    return (this.truePlanCache ??= planSoft(this.space, this.space.trueReward, { temperature: 0 }));
  }

  /** The true-reward plan as a fix plan with nothing forbidden. */
  get trueFix(): FixPlan {
    return (this.trueFixCache ??= { plan: this.truePlan, forbidden: new Uint8Array(this.space.numTransitions) });
  }

  /** The optimal plan on the apparent reward: what looks best on the screen. */
  get apparentPlan(): Plan {
    return (this.apparentPlanCache ??= planSoft(this.space, this.space.apparentReward, { temperature: 0 }));
  }

  /**
   * The true-reward plan with every state–action pair for which `forbid(s, a)` holds penalised, cached
   * under `key` (the same key must always mean the same forbidden set).
   */
  fixPlan(key: string, forbid: (s: number, a: number) => boolean): FixPlan {
    const hit = this.fixPlans.get(key);
    if (hit) return hit;
    const { space } = this;
    const forbidden = new Uint8Array(space.numTransitions);
    const reward = Float32Array.from(space.trueReward);
    for (let s = 0; s < space.numStates; s++) {
      for (let a = 0; a < NUM_ACTIONS; a++) {
        const lo = space.offset[s * NUM_ACTIONS + a],
          hi = space.offset[s * NUM_ACTIONS + a + 1];
        if (lo === hi || !forbid(s, a)) continue;
        for (let k = lo; k < hi; k++) {
          forbidden[k] = 1;
          reward[k] += FORBIDDEN_PENALTY;
        }
      }
    }
    const fp = { plan: planSoft(space, reward, { temperature: 0 }), forbidden };
    if (this.fixPlans.size >= MAX_CACHED_PLANS) this.fixPlans.delete(this.fixPlans.keys().next().value as string);
    this.fixPlans.set(key, fp);
    return fp;
  }

  /** Whether a fix plan's value in s at step t comes from flaw-free behaviour. */
  fixExists(fp: FixPlan, t: number, s: number): boolean {
    return stateValue(this.space, fp.plan, t, s) > NO_FIX_BELOW;
  }

  /** 1 for each state reachable from `s` (itself included), cached. */
  reachableFrom(s: number): Uint8Array {
    const hit = this.reach.get(s);
    if (hit) return hit;
    const { space } = this;
    const seen = new Uint8Array(space.numStates);
    const queue = [s];
    seen[s] = 1;
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i];
      for (let k = space.offset[v * NUM_ACTIONS]; k < space.offset[v * NUM_ACTIONS + NUM_ACTIONS]; k++) {
        const w = space.next[k];
        if (!seen[w]) {
          seen[w] = 1;
          queue.push(w);
        }
      }
    }
    if (this.reach.size >= 256) this.reach.clear();
    this.reach.set(s, seen);
    return seen;
  }
}

const cache = new WeakMap<StateSpace, LevelAnalysis>();

/** The (cached) analysis of a state space. */
export function analyseLevel(space: StateSpace): LevelAnalysis {
  let a = cache.get(space);
  if (!a) {
    a = new LevelAnalysis(space);
    cache.set(space, a);
  }
  return a;
}
