// The saved model's fingerprint: the same for the same labels and model settings, different for
// another answer, clip, label order, held-out flag, level, seed, ensemble size or clip length; and
// only well-formed saved models are accepted from storage.
import { describe, expect, it } from 'vitest';
import { isSavedModel, modelFingerprint } from '../../src/app/model-memory';
import { defaultSettings } from '../../src/app/settings';
import type { Label } from '../../src/core/preferences';
import { builtinText } from '../core/helpers';
import { fakeWeights, realSession } from './sessions';

const session = realSession('warmup', { labels: 6 });
const labels = session.labels as Label[];
const settings = defaultSettings('warmup', builtinText('warmup'));

describe('modelFingerprint', () => {
  it('is stable for the same labels and settings, and changes with anything a model is trained on', () => {
    const base = modelFingerprint(settings, labels);
    expect(modelFingerprint(settings, labels.map((l) => ({ ...l })))).toBe(base);
    const changed = (i: number, patch: Partial<Label>) => labels.map((l, k) => (k === i ? { ...l, ...patch } : l));
    const others = [
      modelFingerprint(settings, changed(2, { answer: labels[2].answer === 'left' ? 'right' : 'left' })),
      modelFingerprint(settings, changed(2, { left: labels[3].left })),
      modelFingerprint(settings, changed(2, { heldOut: !labels[2].heldOut })),
      modelFingerprint(settings, [labels[1], labels[0], ...labels.slice(2)]),
      modelFingerprint(settings, labels.slice(0, 5)),
      modelFingerprint({ ...settings, seed: settings.seed + 1 }, labels),
      modelFingerprint({ ...settings, members: settings.members + 1 }, labels),
      modelFingerprint({ ...settings, segmentLength: settings.segmentLength + 1 }, labels),
      modelFingerprint({ ...settings, levelText: builtinText('vase') }, labels),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });
});

describe('isSavedModel', () => {
  it('accepts a model as saved, and nothing malformed', () => {
    expect(isSavedModel({ fingerprint: 'x', weights: fakeWeights(2, [4], 1) })).toBe(true);
    for (const bad of [null, 'x', {}, { fingerprint: 'x' }, { fingerprint: 1, weights: fakeWeights(2, [4], 1) }, { fingerprint: 'x', weights: { shapes: [[2, 0]], values: [new Float32Array(0)] } }, { fingerprint: 'x', weights: { shapes: [[2]], values: [[1, 2]] } }]) {
      expect(isSavedModel(bad)).toBe(false);
    }
  });
});
