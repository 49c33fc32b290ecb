// Demonstrations: driving the agent from the start of its episode (or of a segment) gives a valid
// segment and the label "demonstration ≻ the agent's segment" — whole episodes, cut to equal lengths
// on an early Done — with stochastic outcomes chosen deterministically.
import { describe, expect, it } from 'vitest';
import {
  canFinish,
  demonstrationLabel,
  demonstrationSegment,
  demonstrationState,
  episodeSegment,
  isComplete,
  pickOutcome,
  sameAsAgent,
  startDemonstration,
  startEpisodeDemonstration,
  stepDemonstration,
  undoDemonstration,
  type Demonstration,
} from '../../src/core/demonstration';
import { parseActions, type Action } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { checkSegment, cutSegments, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import type { StateSpace } from '../../src/core/states';
import { loadBuiltin } from './helpers';

/** The agent's segments of `length` steps along an action string. */
function agentSegments(space: StateSpace, moves: string, length: number): Segment[] {
  return cutSegments(followActions(space, parseActions(moves), new Rng(1)), length);
}

function drive(space: StateSpace, demo: Demonstration, moves: string, rng?: Rng): Demonstration {
  return parseActions(moves).reduce((d, a: Action) => stepDemonstration(space, d, a, rng), demo);
}

describe('demonstrations', () => {
  const { space } = loadBuiltin('vase'); // #A..V..G#: three rights reach the vase

  describe('of a whole episode', () => {
    const maxSteps = space.world.level.maxSteps; // 30
    const wanders = followActions(space, parseActions('lu'.repeat(15)), new Rng(1)); // bumps walls until the step limit
    const breaks = followActions(space, parseActions('rrrrrr'), new Rng(1)); // breaks the vase, reaches the goal after 6

    it('starts from the agent’s episode as one segment of the level’s max_steps', () => {
      expect(episodeSegment(space, breaks)).toEqual({ start: breaks.states[0], startStep: 0, actions: breaks.actions, transitions: breaks.transitions, length: maxSteps });
      const demo = startEpisodeDemonstration(space, wanders);
      expect(demo.agent.length).toBe(maxSteps);
      expect(demo.agent.transitions).toHaveLength(maxSteps);
      expect(demonstrationState(space, demo)).toBe(wanders.states[0]);
    });

    it('drives to the goal: the label keeps the nominal length max_steps on both sides', () => {
      const demo = drive(space, startEpisodeDemonstration(space, wanders), 'drrrrrru'); // round the vase to the goal
      expect(demo.actions).toHaveLength(8);
      expect(isComplete(space, demo)).toBe(true);
      expect(drive(space, demo, 'l')).toBe(demo); // the episode is over
      const label = demonstrationLabel(space, demo);
      expect(label.left).toEqual({ start: wanders.states[0], startStep: 0, actions: demo.actions, transitions: demo.transitions, length: maxSteps });
      expect(label.right).toEqual(episodeSegment(space, wanders));
      expect(label.left.length).toBe(label.right.length);
      expect(space.terminated[label.left.transitions[7]]).toBe(1);
      for (const side of [label.left, label.right]) expect(() => checkSegment(space, side)).not.toThrow();
    });

    it('finished early ("Done") after k moves: both sides are cut to their first k steps', () => {
      const demo = drive(space, startEpisodeDemonstration(space, breaks), 'drr');
      expect(isComplete(space, demo)).toBe(false);
      expect(canFinish(demo)).toBe(true);
      const label = demonstrationLabel(space, demo);
      expect(label.left).toEqual({ start: breaks.states[0], startStep: 0, actions: parseActions('drr'), transitions: demo.transitions, length: 3 });
      expect(label.right).toEqual({ start: breaks.states[0], startStep: 0, actions: parseActions('rrr'), transitions: breaks.transitions.slice(0, 3), length: 3 });
      for (const side of [label.left, label.right]) expect(() => checkSegment(space, side)).not.toThrow();
    });

    it('cut early past the end of the agent’s shorter episode: its side is padded to the same k', () => {
      const demo = drive(space, startEpisodeDemonstration(space, breaks), 'drrrrrrll'); // 9 moves under the goal, never into it
      const label = demonstrationLabel(space, demo);
      expect([label.left.length, label.right.length]).toEqual([9, 9]);
      expect(label.right.transitions).toEqual(breaks.transitions); // 6 steps, then the episode was over
      for (const side of [label.left, label.right]) expect(() => checkSegment(space, side)).not.toThrow();
    });

    it('refuses moves identical to the agent’s, and a Done before the first move', () => {
      const start = startEpisodeDemonstration(space, breaks);
      expect(canFinish(start)).toBe(false);
      expect(() => demonstrationLabel(space, start)).toThrow('no moves made');
      const early = drive(space, start, 'rr'); // the agent's first two moves
      expect(sameAsAgent(early)).toBe(true);
      expect(canFinish(early)).toBe(false);
      expect(() => demonstrationLabel(space, early)).toThrow('repeats');
      const all = drive(space, start, 'rrrrrr');
      expect(isComplete(space, all)).toBe(true);
      expect(() => demonstrationLabel(space, all)).toThrow('repeats');
      expect(canFinish(drive(space, start, 'rrd'))).toBe(true);
    });
  });

  it('builds "demonstration ≻ agent" whose segments follow the level’s dynamics', () => {
    const [agent] = agentSegments(space, 'rrrrrr', 4); // breaks the vase
    let demo = startDemonstration(space, agent);
    demo = drive(space, demo, 'drr');
    expect(isComplete(space, demo)).toBe(false);
    expect(demonstrationLabel(space, demo).left.length).toBe(3); // an early Done cuts both sides
    demo = drive(space, demo, 'r');
    expect(isComplete(space, demo)).toBe(true);
    const label = demonstrationLabel(space, demo);
    expect(label.answer).toBe('left');
    expect(label.provenance).toBe('demonstration');
    expect(label.right).toBe(agent);
    expect(label.left).toEqual({ start: agent.start, startStep: 0, actions: parseActions('drrr'), transitions: demo.transitions, length: 4 });
    expect(() => checkSegment(space, label.left)).not.toThrow();
    expect(() => checkSegment(space, label.right)).not.toThrow();
    expect(space.states[demonstrationState(space, demo)].broken).toEqual([false]);
    expect(structuredClone(label)).toEqual(label);
  });

  it('starts from a later segment’s start state and step', () => {
    const [, second] = agentSegments(space, 'ddrrrrrr', 4);
    const demo = drive(space, startDemonstration(space, second), 'urrr');
    const label = demonstrationLabel(space, demo);
    expect(label.left.start).toBe(second.start);
    expect(label.left.startStep).toBe(4);
    expect(() => checkSegment(space, label.left)).not.toThrow();
  });

  it('ignores moves once complete, and undo takes back the last move', () => {
    const [agent] = agentSegments(space, 'rrr', 3);
    let demo = drive(space, startDemonstration(space, agent), 'ddd');
    const full = demo;
    expect(drive(space, demo, 'r')).toBe(full);
    demo = undoDemonstration(demo);
    expect(demo.actions).toEqual(parseActions('dd'));
    expect(undoDemonstration(startDemonstration(space, agent)).actions).toEqual([]);
  });

  it('completes early when the episode ends, leaving a short segment that is still valid', () => {
    const [agent] = agentSegments(space, 'ddrrrrrr', 8);
    const demo = drive(space, startDemonstration(space, agent), 'rrrrrrrr'); // straight right: the vase, then the goal after 6 moves
    expect(demo.actions).toHaveLength(6);
    expect(isComplete(space, demo)).toBe(true);
    const label = demonstrationLabel(space, demo);
    expect(space.terminated[label.left.transitions[5]]).toBe(1);
    expect(label.left.length).toBe(8);
  });

  it('refuses a demonstration that repeats the agent exactly', () => {
    const [agent] = agentSegments(space, 'rrrr', 4);
    const demo = drive(space, startDemonstration(space, agent), 'rrrr');
    expect(sameAsAgent(demo)).toBe(true);
    expect(() => demonstrationLabel(space, demo)).toThrow('repeats');
  });

  it('rejects an agent segment that does not fit the level', () => {
    const [agent] = agentSegments(space, 'rrrr', 4);
    expect(() => startDemonstration(space, { ...agent, actions: parseActions('dddd') })).toThrow('does not follow');
    expect(() => startDemonstration(space, { ...agent, start: space.numStates })).toThrow(RangeError);
  });

  describe('on a stochastic level (tomatoes dry with probability 0.1)', () => {
    const tomato = loadBuiltin('tomato').space; // A at row 2, column 4; tomato at row 1, column 1
    const [agent] = agentSegments(tomato, 'lllurr', 6);

    it('takes the most likely outcome without an Rng: the watered tomato stays watered', () => {
      const demo = drive(tomato, startDemonstration(tomato, agent), 'lluldr');
      expect(demo.transitions.every((k) => tomato.prob[k] >= 0.5)).toBe(true);
      const last = tomato.states[demonstrationState(tomato, demo)];
      expect(last.watered[0]).toBe(true);
      expect(() => checkSegment(tomato, demonstrationSegment(demo))).not.toThrow();
    });

    it('samples outcomes from a seeded Rng: same seed, same demonstration', () => {
      const run = (seed: number) => drive(tomato, startDemonstration(tomato, agent), 'llulrlrl', new Rng(seed));
      expect(run(7).transitions).toEqual(run(7).transitions);
      const seeds = Array.from({ length: 40 }, (_, i) => run(i).transitions.join());
      expect(new Set(seeds).size).toBeGreaterThan(1); // some seed dries the tomato
      for (let i = 0; i < 5; i++) expect(() => checkSegment(tomato, demonstrationSegment(run(i)))).not.toThrow();
    });

    it('pickOutcome names the step with no moves left', () => {
      const goal = space.states.findIndex((_, s) => space.terminal[s] === 1);
      expect(() => pickOutcome(space, goal, 0)).toThrow('episode is over');
    });
  });
});

