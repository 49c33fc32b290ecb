/**
 * The reference agent: plans on the TRUE reward (temperature 0, the hard optimum), rolls out one
 * seeded episode and lets a view step through it. It is the yardstick every learned agent is
 * compared with, and the first thing a new user sees moving. Plain TypeScript, no DOM.
 */
import {
  ACTION_NAMES,
  EVENT_KINDS,
  Tile,
  observe,
  type GridState,
  type Observation,
  type World,
  type EventKind,
} from '../core/gridworld';
import type { Level } from '../core/level';
import { normalizedScore, planSoft, referenceReturns, rollout, type ReferenceReturns, type Trajectory } from '../core/planner';
import { Rng } from '../core/rng';
import { loadLevelOnce } from './level-spaces';

/** How an episode ended: at the goal, in lava, or at the step limit. */
export type EpisodeEnd = 'goal' | 'lava' | 'step limit';

/** Everything a view needs to draw and describe one step of the reference episode. Plain, frozen. */
export interface ReferenceFrame {
  /** Step index, 0 (start) … `steps`. */
  readonly t: number;
  /** Number of actions in the episode (≤ maxSteps). */
  readonly steps: number;
  /** The level's step limit. */
  readonly maxSteps: number;
  /** The true state after `t` actions. */
  readonly state: GridState;
  /** What a person watching sees in that state. */
  readonly observation: Observation;
  /** The action that led here (null at t = 0). */
  readonly action: (typeof ACTION_NAMES)[number] | null;
  /** What truly happened in the step that led here (empty at t = 0). */
  readonly events: readonly EventKind[];
  /** Sum of true reward over steps 1 … t (the hidden score so far). */
  readonly trueReturn: number;
  /** Sum of apparent reward over steps 1 … t (the score the screen shows so far). */
  readonly apparentReturn: number;
  /** The episode is over at this step. */
  readonly done: boolean;
  /** How the episode ended, or null before its end. */
  readonly end: EpisodeEnd | null;
}

/** A listener called with the new frame whenever the step index changes. */
export type FrameListener = (frame: ReferenceFrame) => void;

/** One reference episode of one level, with a cursor that views move by `step`, `seek` and `reset`. */
export class ReferenceAgent {
  /** The parsed level. */
  readonly level: Level;
  /** The compiled level, as drawn by views. */
  readonly world: World;
  /** The seeded episode of the optimal plan. */
  readonly trajectory: Trajectory;
  /** Expected true returns of the optimal and the uniformly random policy. */
  readonly references: ReferenceReturns;
  /** This episode's normalised score: 1 = the optimum's expected return, 0 = random play. */
  readonly normalizedScore: number;
  private readonly frames: ReferenceFrame[];
  private cursor = 0;
  private readonly listeners = new Set<FrameListener>();

  /** Loads `text` (throws LevelError when invalid), plans on the true reward and rolls out with `seed`. */
  constructor(text: string, seed: number | string) {
    const { level, space } = loadLevelOnce(text);
    this.level = level;
    this.world = space.world;
    const plan = planSoft(space, space.trueReward, { temperature: 0 });
    this.trajectory = rollout(space, plan, new Rng(seed).split('reference'));
    this.references = referenceReturns(space);
    this.normalizedScore = normalizedScore(this.trajectory.trueReturn, this.references);

    const { states, transitions, actions, terminated } = this.trajectory;
    const steps = actions.length;
    let trueReturn = 0,
      apparentReturn = 0;
    this.frames = states.map((s, t) => {
      const state = space.states[s];
      let events: EventKind[] = [];
      if (t > 0) {
        const k = transitions[t - 1];
        trueReturn += space.trueReward[k];
        apparentReturn += space.apparentReward[k];
        events = EVENT_KINDS.filter((_, bit) => (space.events[k] >> bit) & 1);
      }
      const done = t === steps;
      return Object.freeze({
        t,
        steps,
        maxSteps: level.maxSteps,
        state,
        observation: observe(this.world, state),
        action: t > 0 ? ACTION_NAMES[actions[t - 1]] : null,
        events: Object.freeze(events),
        trueReturn,
        apparentReturn,
        done,
        end: done ? endOf(this.world, state, terminated) : null,
      });
    });
  }

  /** The current step index, 0 … steps. */
  get t(): number {
    return this.cursor;
  }

  /** Number of actions in the episode. */
  get steps(): number {
    return this.frames.length - 1;
  }

  /** The episode has been played to its end. */
  get done(): boolean {
    return this.cursor === this.steps;
  }

  /** The frame at step `t` (default: the current step), clamped to the episode. */
  frame(t: number = this.cursor): ReferenceFrame {
    return this.frames[Number.isFinite(t) ? clamp(Math.round(t), 0, this.steps) : this.cursor];
  }

  /** Advances one step; returns false (and changes nothing) at the end of the episode. */
  step(): boolean {
    if (this.done) return false;
    this.seek(this.cursor + 1);
    return true;
  }

  /** Back to the start of the same episode. */
  reset(): void {
    this.seek(0);
  }

  /** Moves to step `t` (clamped to 0 … steps) and notifies listeners if it changed. */
  seek(t: number): void {
    if (Number.isNaN(t)) return;
    const next = clamp(Math.round(t), 0, this.steps);
    if (next === this.cursor) return;
    this.cursor = next;
    const frame = this.frame();
    for (const fn of [...this.listeners]) fn(frame);
  }

  /** Calls `fn` with every new frame; returns the function that stops it. */
  subscribe(fn: FrameListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

function endOf(world: World, state: GridState, terminated: boolean): EpisodeEnd {
  if (!terminated) return 'step limit';
  return world.tiles[state.agent] === Tile.Lava ? 'lava' : 'goal';
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
