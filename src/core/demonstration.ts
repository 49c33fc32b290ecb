/**
 * Demonstrations: the person drives the agent from the start of the agent's own episode (or of any
 * segment of it), and the result becomes the preference "demonstration ≻ the agent's segment from the
 * same state" (provenance `demonstration`). A whole-episode demonstration (Ibarz et al. 2018) can show
 * a far goal; the person may stop early ("Done"), and then both sides are cut to the moves made, so
 * both clips cover the same span. Every function here is pure and returns a new plain record, so a
 * demonstration in progress can be undone, cloned or stored like any other boundary record.
 *
 * Stochastic levels (tomatoes that dry with `dry_prob`): a move may have several outcomes. Given an
 * `Rng`, the outcome is sampled from it (seeded, so the same seed and moves give the same
 * demonstration); without one, the most likely outcome is taken (the first in table order on a tie),
 * so a person's demonstration never depends on luck they cannot see.
 */
import { NUM_ACTIONS, type Action } from './gridworld';
import { sampleTransition, type Trajectory } from './planner';
import { checkSegment, type Label, type Segment } from './preferences';
import type { Rng } from './rng';
import type { StateSpace } from './states';

/** A demonstration in progress: the agent's segment it answers and the person's moves so far. */
export interface Demonstration {
  /** The agent's proposed segment; the demonstration starts from its start state and step. */
  readonly agent: Segment;
  /** The person's moves so far (at most `agent.length`). */
  readonly actions: readonly Action[];
  /** Transition index of each move. */
  readonly transitions: readonly number[];
}

/** The label a finished demonstration becomes; the store adds `id` and `heldOut`. */
export type DemonstrationLabel = Omit<Label, 'id' | 'heldOut' | 'answer' | 'provenance'> & {
  readonly answer: 'left';
  readonly provenance: 'demonstration';
};

/**
 * The agent's episode as one segment from step 0 with the nominal length of the whole episode
 * (`max_steps`): an episode that ended early is padded with steps after the end, worth 0.
 */
export function episodeSegment(space: StateSpace, episode: Trajectory): Segment {
  const length = space.world.level.maxSteps;
  if (episode.actions.length > length) throw new RangeError(`demonstration: the agent's episode has ${episode.actions.length} steps, more than the level's ${length}`);
  return { start: episode.states[0], startStep: 0, actions: [...episode.actions], transitions: [...episode.transitions], length };
}

/** Starts a whole-episode demonstration beside the agent's episode `agentEpisode` (from its step 0). */
export function startEpisodeDemonstration(space: StateSpace, agentEpisode: Trajectory): Demonstration {
  return startDemonstration(space, episodeSegment(space, agentEpisode));
}

/** Starts a demonstration from the start of `agent` (checked against the level's dynamics). */
export function startDemonstration(space: StateSpace, agent: Segment): Demonstration {
  if (!(agent.start >= 0 && agent.start < space.numStates)) throw new RangeError(`demonstration: start state ${agent.start} is not in this level`);
  checkSegment(space, agent);
  return { agent, actions: [], transitions: [] };
}

/** State index the agent is in after the moves so far. */
export function demonstrationState(space: StateSpace, demo: Demonstration): number {
  const n = demo.transitions.length;
  return n === 0 ? demo.agent.start : space.next[demo.transitions[n - 1]];
}

/** True once no more moves apply: the segment's length is reached, the episode ended, or the step limit. */
export function isComplete(space: StateSpace, demo: Demonstration): boolean {
  const steps = demo.transitions.length;
  return (
    steps >= demo.agent.length ||
    space.terminal[demonstrationState(space, demo)] === 1 ||
    demo.agent.startStep + steps >= space.world.level.maxSteps
  );
}

/** The outcome of action `a` in state `s`: sampled from `rng` if given, else the most likely one. */
export function pickOutcome(space: StateSpace, s: number, a: Action, rng?: Rng | null): number {
  const lo = space.offset[s * NUM_ACTIONS + a],
    hi = space.offset[s * NUM_ACTIONS + a + 1];
  if (hi <= lo) throw new RangeError(`demonstration: no move applies in state ${s} (the episode is over)`);
  if (rng) return sampleTransition(space, s, a, rng);
  let best = lo;
  for (let k = lo + 1; k < hi; k++) if (space.prob[k] > space.prob[best]) best = k;
  return best;
}

/** The demonstration after one more move; the same record if it is already complete. */
export function stepDemonstration(space: StateSpace, demo: Demonstration, action: Action, rng?: Rng | null): Demonstration {
  if (isComplete(space, demo)) return demo;
  const k = pickOutcome(space, demonstrationState(space, demo), action, rng);
  return { agent: demo.agent, actions: [...demo.actions, action], transitions: [...demo.transitions, k] };
}

/** The demonstration without its last move (unchanged when it has none). */
export function undoDemonstration(demo: Demonstration): Demonstration {
  if (demo.actions.length === 0) return demo;
  return { agent: demo.agent, actions: demo.actions.slice(0, -1), transitions: demo.transitions.slice(0, -1) };
}

/** The moves so far as a segment from the agent's start (same start, start step and nominal length). */
export function demonstrationSegment(demo: Demonstration): Segment {
  const { start, startStep, length } = demo.agent;
  return { start, startStep, actions: [...demo.actions], transitions: [...demo.transitions], length };
}

/**
 * True when the person's moves so far retrace the agent's first moves exactly (same moves, same
 * outcomes; trivially so before the first move): as a label, the two clips would be the same.
 */
export function sameAsAgent(demo: Demonstration): boolean {
  const a = demo.agent.transitions,
    d = demo.transitions;
  return d.length <= a.length && d.every((k, i) => k === a[i]);
}

/** True when "Done" may turn the demonstration into a label: at least one move, not the agent's own. */
export function canFinish(demo: Demonstration): boolean {
  return demo.transitions.length > 0 && !sameAsAgent(demo);
}

/** The first `k` steps of a segment as a clip of nominal length `k` (fewer steps if its episode ended sooner). */
function firstSteps(segment: Segment, k: number): Segment {
  const { start, startStep } = segment;
  return { start, startStep, actions: segment.actions.slice(0, k), transitions: segment.transitions.slice(0, k), length: k };
}

/**
 * The label "demonstration ≻ the agent's segment": left is the demonstration, right the agent's.
 * Complete (the episode ended, the step limit or the segment's length reached): the sides keep the
 * agent's nominal length — steps after the end are worth 0. Finished early after k moves ("Done"):
 * both sides are cut to their first k steps (nominal length k), so both clips cover the same span.
 * Throws before the first move, and when the moves repeat the agent's (a clip preferred to itself
 * teaches nothing).
 */
export function demonstrationLabel(space: StateSpace, demo: Demonstration): DemonstrationLabel {
  const k = demo.transitions.length;
  if (k === 0) throw new Error('demonstration: no moves made');
  if (sameAsAgent(demo)) throw new Error('demonstration: it repeats the agent’s moves exactly');
  const whole = demonstrationSegment(demo);
  const [left, right] = isComplete(space, demo) ? [whole, demo.agent] : [firstSteps(whole, k), firstSteps(demo.agent, k)];
  checkSegment(space, left);
  checkSegment(space, right);
  return { left, right, answer: 'left', provenance: 'demonstration' };
}
