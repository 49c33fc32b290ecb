// Labels that do not fit a level: a segment made on another level, a start outside the level, a step
// the dynamics do not allow, or more steps than its length is named with its reason and set aside,
// while every label that fits is kept, in order.
import { describe, expect, it } from 'vitest';
import { parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { checkSegment, cutSegments, partitionLabels, segmentMisfit, type Label, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import type { StateSpace } from '../../src/core/states';
import { loadBuiltin } from './helpers';

function segments(space: StateSpace, moves: string, length: number): Segment[] {
  return cutSegments(followActions(space, parseActions(moves), new Rng(1)), length);
}

function label(id: string, left: Segment, right: Segment): Label {
  return { id, left, right, answer: 'left', provenance: 'person', heldOut: false };
}

describe('labels that do not fit the level', () => {
  const { space } = loadBuiltin('vase'); // #A..V..G#
  const [a, b] = segments(space, 'rrrrrr', 5); // five steps right, then the sixth reaches the goal

  it('a segment cut from the level fits', () => {
    expect(segmentMisfit(space, a)).toBeNull();
    expect(segmentMisfit(space, b)).toBeNull();
  });

  it('names the first step that does not follow the dynamics, a bad start and an overlong clip', () => {
    // Step 4 replayed as step 1: it leaves the start cell, not the cell three steps to the right.
    const wrongStep = { ...a, transitions: a.transitions.map((k, i) => (i === 3 ? a.transitions[0] : k)) };
    expect(segmentMisfit(space, wrongStep)).toMatch(/^segment step 4 does not follow the level's dynamics$/);
    expect(segmentMisfit(space, { ...a, start: space.numStates })).toMatch(/is not a state of the level/);
    expect(segmentMisfit(space, { ...a, length: a.transitions.length - 1 })).toMatch(/more than its length/);
    expect(segmentMisfit(space, { ...a, actions: [...a.actions, a.actions[0]] })).toMatch(/6 actions for 5 steps/);
    expect(segmentMisfit(space, { ...a, actions: a.actions.slice(1) })).toMatch(/does not follow/);
    expect(() => checkSegment(space, wrongStep)).toThrow(/segment step 4/);
    const limit = space.world.level.maxSteps;
    expect(segmentMisfit(space, { ...a, startStep: limit - 2 })).toMatch(/past the level's \d+-step limit/);
  });

  it('keeps the labels that fit, in order, and sets aside one made on another level', () => {
    const tomato = loadBuiltin('tomato').space;
    const [elsewhere] = segments(tomato, 'rrrrrrrrrr', 5);
    // Made on the tomato level: its transitions do not chain on the vase level.
    expect(segmentMisfit(space, elsewhere)).not.toBeNull();
    const labels = [label('l1', a, b), label('l2', elsewhere, a), label('l3', b, a)];
    const { fitting, misfits } = partitionLabels(space, labels);
    expect(fitting.map((l) => l.id)).toEqual(['l1', 'l3']);
    expect(misfits.map((m) => m.label.id)).toEqual(['l2']);
    expect(misfits[0].reason).toMatch(/^l2: segment /);
  });

  it('a set with no misfit comes back whole', () => {
    const labels = [label('l1', a, b), label('l2', b, a)];
    expect(partitionLabels(space, labels)).toEqual({ fitting: labels, misfits: [] });
  });
});
