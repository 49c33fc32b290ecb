/**
 * Turning an accepted claim into a preference label: "the fix is better than the original" on the
 * segments around the claimed step. Both segments start from the same state (the fix keeps the
 * original's prefix), so the comparison isolates exactly what the fix changed.
 */
import type { Claim } from './claims/types';
import type { Trajectory } from './planner';
import type { Label, Segment } from './preferences';
import type { StateSpace } from './states';

/** The window of steps compared: `length` steps starting a little before the claimed step. */
function windowStart(step: number, length: number, total: number): number {
  const before = Math.floor(length / 3);
  return Math.max(0, Math.min(step - 1 - before, Math.max(0, total - length)));
}

function slice(space: StateSpace, states: readonly number[], transitions: readonly number[], start: number, length: number, terminatedAtEnd: boolean): Segment | null {
  const ts = transitions.slice(start, start + length);
  if (ts.length === 0) return null;
  // A segment shorter than `length` is only valid when the episode ended inside it.
  if (ts.length < length && !(terminatedAtEnd && start + ts.length === transitions.length)) return null;
  return { start: states[start], startStep: start, actions: ts.map((k) => space.action[k] as Segment['actions'][number]), transitions: ts, length };
}

/** The label "fix ≻ original" for an accepted claim, or null when the claim has no fix. */
export function claimLabel(space: StateSpace, trajectory: Trajectory, claim: Claim, length: number, id: string, heldOut = false): Label | null {
  const fix = claim.fix;
  if (!fix) return null;
  const start = windowStart(claim.step, length, Math.min(trajectory.transitions.length, fix.transitions.length));
  const fixEnded = fix.transitions.length > 0 && space.terminated[fix.transitions[fix.transitions.length - 1]] === 1;
  const left = slice(space, fix.states, fix.transitions, start, length, fixEnded);
  const right = slice(space, trajectory.states, trajectory.transitions, start, length, trajectory.terminated);
  if (!left || !right) return null;
  return { id, left, right, answer: 'left', provenance: 'assistant', heldOut };
}
