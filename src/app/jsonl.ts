/**
 * Labels as JSON Lines for Python tools: one preference per line, with both segments replayed as
 * observations — what the person watching saw at every step (agent position, tiles as they look,
 * action, visible events, apparent reward) — plus the answer, provenance and author. The hidden truth
 * is left out unless asked for. Every field is documented in docs/export-formats.md.
 */
import { FEATURE_DIM, transitionFeatures } from '../core/features';
import { ACTION_LETTERS, EVENT_KINDS, Tile, observe, type GridState, type World } from '../core/gridworld';
import { answerTarget, partitionLabels, type Label, type Segment } from '../core/preferences';
import type { StateSpace } from '../core/states';

/** Options of `labelsToJsonl`. */
export interface JsonlOptions {
  /** Level id written on every line (a built-in id, or 'custom'); default 'custom'. */
  readonly levelId?: string;
  /** Add the hidden truth per step (`true_reward`, `true_events`); default false. */
  readonly truth?: boolean;
  /** Add the reward model's input vector per step (`features`); default true. */
  readonly features?: boolean;
}

/** One observed moment: the agent's cell and every tile as it looks. */
export interface JsonlView {
  /** Agent column, 0 = left. */
  readonly x: number;
  /** Agent row, 0 = top. */
  readonly y: number;
  /** Rows top to bottom (see docs/export-formats.md for the characters); the agent is not drawn. */
  readonly tiles: readonly string[];
}

/** One step of a segment, as seen after it. */
export interface JsonlStep extends JsonlView {
  /** u, d, l or r. */
  readonly action: string;
  /** Events a person watching could see, in EVENT_KINDS order. */
  readonly events: readonly string[];
  /** Reward as the screen shows it (the rules applied to what is visible). */
  readonly apparent_reward: number;
  /** The episode ended with this step (goal or lava). */
  readonly terminated: boolean;
  /** FEATURE_NAMES order, rounded to 6 decimals (with `features`). */
  readonly features?: readonly number[];
  /** Hidden score of the step (with `truth`). */
  readonly true_reward?: number;
  /** Everything that truly happened (with `truth`). */
  readonly true_events?: readonly string[];
}

/** One segment: where it starts and each step. */
export interface JsonlSegment {
  /** Step index of the first step within its episode. */
  readonly start_step: number;
  /** Nominal length: steps after the episode ended, up to this many, are worth 0. */
  readonly length: number;
  /** Whether the supervisor is watching in this episode (visible on screen). */
  readonly supervisor_present: boolean;
  /** The view before the first step. */
  readonly start: JsonlView;
  readonly steps: readonly JsonlStep[];
}

/** One line of the file: one preference. */
export interface JsonlRecord {
  readonly id: string;
  readonly level: string;
  /** left, right, equal or cant-tell. */
  readonly answer: string;
  /** P(left ≻ right) for training: 1, 0, 0.5, or null for cant-tell. */
  readonly target: number | null;
  readonly provenance: string;
  readonly author: string | null;
  readonly held_out: boolean;
  readonly left: JsonlSegment;
  readonly right: JsonlSegment;
}

/**
 * The labels as JSON Lines text (one record per line, '\n' after each). A label whose clips do not
 * fit `space` (one set aside in the session) cannot be replayed, so it is left out; the session file
 * keeps it.
 */
export function labelsToJsonl(space: StateSpace, labels: readonly Label[], options: JsonlOptions = {}): string {
  return partitionLabels(space, labels).fitting.map((l) => `${JSON.stringify(labelRecord(space, l, options))}\n`).join('');
}

/** The record of one label (what one line holds). */
export function labelRecord(space: StateSpace, label: Label, options: JsonlOptions = {}): JsonlRecord {
  return {
    id: label.id,
    level: options.levelId ?? 'custom',
    answer: label.answer,
    target: answerTarget(label.answer),
    provenance: label.provenance,
    author: label.author ?? null,
    held_out: label.heldOut,
    left: segmentRecord(space, label.left, options),
    right: segmentRecord(space, label.right, options),
  };
}

/** A file name for the JSONL export: `reward-playground-<level>-labels.jsonl`. */
export function jsonlFileName(levelId: string): string {
  return `reward-playground-${levelId.replace(/:/g, '-')}-labels.jsonl`; // gen:42 → gen-42: ':' is not allowed in file names everywhere
}

function segmentRecord(space: StateSpace, segment: Segment, options: JsonlOptions): JsonlSegment {
  const world = space.world;
  const features = new Float32Array(FEATURE_DIM);
  const first = space.states[segment.start];
  return {
    start_step: segment.startStep,
    length: segment.length,
    supervisor_present: first.supervisorPresent,
    start: view(world, first),
    steps: segment.transitions.map((k) => {
      const step: Record<string, unknown> = {
        action: ACTION_LETTERS[space.action[k]],
        ...view(world, space.states[space.next[k]]),
        events: eventNames(space.visibleEvents[k]),
        apparent_reward: space.apparentReward[k],
        terminated: space.terminated[k] === 1,
      };
      if (options.features ?? true) {
        transitionFeatures(space, k, features);
        step.features = Array.from(features, (x) => Math.round(x * 1e6) / 1e6);
      }
      if (options.truth) {
        step.true_reward = space.trueReward[k];
        step.true_events = eventNames(space.events[k]);
      }
      return step as unknown as JsonlStep;
    }),
  };
}

function eventNames(mask: number): string[] {
  return EVENT_KINDS.filter((_, i) => (mask & (1 << i)) !== 0);
}

/** The grid as a person watching sees it in `state` (see docs/export-formats.md for the characters). */
export function observedTiles(world: World, state: GridState): string[] {
  const obs = observe(world, state);
  const rows = Array.from({ length: world.height }, (_, y) =>
    Array.from({ length: world.width }, (_, x) => STATIC_CHAR[world.tiles[y * world.width + x]]),
  );
  const put = (cell: number, ch: string) => (rows[Math.floor(cell / world.width)][cell % world.width] = ch);
  world.vases.forEach((cell, i) => !obs.broken[i] && put(cell, 'V'));
  world.coins.forEach((cell, i) => !obs.collected[i] && put(cell, '$'));
  world.rocks.forEach((cell, i) => !obs.rocksTaken[i] && put(cell, 'R'));
  world.tomatoes.forEach((cell, i) => put(cell, obs.tomatoesLookWatered[i] ? 't' : 'T'));
  obs.boxes.forEach((cell) => put(cell, 'X'));
  return rows.map((r) => r.join(''));
}

const STATIC_CHAR: Readonly<Record<number, string>> = {
  [Tile.Floor]: '.',
  [Tile.Wall]: '#',
  [Tile.Goal]: 'G',
  [Tile.Lava]: 'L',
  [Tile.Tamper]: 'O',
  [Tile.Punish]: 'P',
  [Tile.CheckpointUp]: '^',
  [Tile.CheckpointDown]: 'v',
  [Tile.CheckpointLeft]: '<',
  [Tile.CheckpointRight]: '>',
  [Tile.Interruption]: 'I',
  [Tile.Button]: 'B',
  [Tile.RockSwitch]: 'S',
  [Tile.DiamondSwitch]: 'Q',
};

function view(world: World, state: GridState): JsonlView {
  return { x: state.agent % world.width, y: Math.floor(state.agent / world.width), tiles: observedTiles(world, state) };
}
