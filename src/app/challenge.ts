/**
 * The label-budget challenge: on one level, a fixed number of the person's own labels (answers and
 * demonstrations; the assistant's accepted claims and Auto-label do not count, and Auto-label is off
 * throughout), then the agent's true score is the result, set beside the exact labeller's on Active
 * and on Random queries with the same budget and seed.
 */
import type { Label } from '../core/preferences';
import type { Settings } from './settings';

/** Whether a label counts against the budget: the person's own answer or demonstration. */
export function countsAgainstBudget(label: Pick<Label, 'provenance'>): boolean {
  return label.provenance === 'person' || label.provenance === 'demonstration';
}

/** Labels of the budget used so far: the person's own. */
export function budgetUsed(labels: readonly Pick<Label, 'provenance'>[]): number {
  return labels.filter(countsAgainstBudget).length;
}

/** Labels of the budget still to give (0 when spent), or null when no challenge runs. */
export function budgetLeft(settings: Pick<Settings, 'budget'>, labels: readonly Pick<Label, 'provenance'>[]): number | null {
  return settings.budget === null ? null : Math.max(0, settings.budget - budgetUsed(labels));
}
