/** Small formatting helpers for the claims' sentences. */
import type { World } from '../gridworld';

/** "(x, y)" of a cell. */
export function at(world: World, cell: number): string {
  return `(${cell % world.width}, ${Math.floor(cell / world.width)})`;
}

/** Formats a reward with its sign, rounded to one decimal. */
export function signed(x: number): string {
  const r = Math.round(x * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : ''}${Math.abs(r)}`;
}

/** "step 4" or "steps 4–9". */
export function stepsText(step: number, endStep: number): string {
  return step === endStep ? `step ${step}` : `steps ${step}–${endStep}`;
}

/** The sentence with its first letter in upper case. */
export function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
