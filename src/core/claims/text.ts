/**
 * Small formatting helpers for the claims' sentences. Places are named as the screen shows them:
 * "row 2, column 5", 1-based from the top-left corner with the outer wall counted — the same words
 * as the grid's screen-reader text (describeGrid) and the numbers drawn along the grid's edges.
 */
import type { World } from '../gridworld';

/** "row R, column C" of a cell: 1-based, counted from the top-left corner of the drawn grid. */
export function at(world: World, cell: number): string {
  return `row ${Math.floor(cell / world.width) + 1}, column ${(cell % world.width) + 1}`;
}

/** Formats a reward with its sign, rounded to one decimal. */
export function signed(x: number): string {
  const r = Math.round(x * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)}`;
}

/** "+41 points", "−1 point": a true-score amount with its sign. */
export function points(x: number): string {
  return `${signed(x)} ${Math.abs(Math.round(x * 10) / 10) === 1 ? 'point' : 'points'}`;
}

/** "12 points", "1 point": an amount of true score without a sign (a cost or a gain). */
export function amount(x: number): string {
  return points(Math.abs(x)).replace(/^[+−]/, '');
}

/** The sentence every accusing claim ends with: the fix's true score against the agent's, to the end of the episode. */
export function fixVersusRun(fixTrue: number, runTrue: number): string {
  return `Doing it the fixed way (dashed) scores ${points(fixTrue)} of true score by the end of the episode; the agent's run scored ${points(runTrue)}.`;
}

/** "step 4" or "steps 4–9". */
export function stepsText(step: number, endStep: number): string {
  return step === endStep ? `step ${step}` : `steps ${step}–${endStep}`;
}

/** The sentence with its first letter in upper case. */
export function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
