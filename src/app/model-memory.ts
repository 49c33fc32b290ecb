/**
 * The reward model's weights kept with the saved session, so a reload shows the agent's plan from
 * the model the person left instead of retraining first. A saved model counts only for the labels
 * and model settings it was trained on: its fingerprint (the level text, seed, ensemble size, clip
 * length, and every trainable label — id, answer, provenance, held out or not, both clips — in order) must equal the
 * reloaded session's;
 * otherwise the engine retrains from the labels as before. The engine also refuses weights of
 * another shape.
 */
import { Fnv1a } from '../core/fnv';
import type { Label } from '../core/preferences';
import type { EnsembleWeights } from '../learning/ensemble';
import type { Settings } from './settings';

/** A saved model: the weights and the fingerprint of what they were trained on. */
export interface SavedModel {
  readonly fingerprint: string;
  readonly weights: EnsembleWeights;
}

/** What a model was trained on, as one string: equal strings, the same training data and model. */
export function modelFingerprint(settings: Settings, trainable: readonly Label[]): string {
  const labels = new Fnv1a();
  for (const l of trainable) {
    // Each text ends with -1, so "ab" + "c" and "a" + "bc" differ.
    labels.text(l.id).number(-1).text(l.answer).number(-1).text(l.provenance).number(-1).number(l.heldOut ? 1 : 0);
    for (const seg of [l.left, l.right]) {
      labels.number(seg.start).number(seg.length);
      for (const k of seg.transitions) labels.number(k);
      labels.number(-2);
    }
  }
  return [new Fnv1a().text(settings.levelText).number(-1).hex, settings.seed, settings.members, settings.rewardModel, settings.segmentLength, trainable.length, labels.hex].join('/');
}

/** Whether `value` has the shape of a saved model (what storage gives back is not trusted). */
export function isSavedModel(value: unknown): value is SavedModel {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { fingerprint?: unknown; weights?: { shapes?: unknown; values?: unknown } };
  const shapes = m.weights?.shapes;
  const values = m.weights?.values;
  return (
    typeof m.fingerprint === 'string' &&
    Array.isArray(shapes) &&
    Array.isArray(values) &&
    shapes.length === values.length &&
    shapes.every((s) => Array.isArray(s) && s.every((n) => Number.isInteger(n) && n > 0)) &&
    values.every((v) => v instanceof Float32Array)
  );
}
