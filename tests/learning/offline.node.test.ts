// The pooled curve's last point, trained on every pooled label, carries the label-quality check on
// them (in Node, WASM): the same pair answered both ways by two people is reported as answers that go
// round; the other points carry none.
import { beforeAll, describe, expect, test } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { simulatedAnswer } from '../../src/core/labellers';
import { isHeldOutIndex, type Label } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import { LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';
import { pooledCurve } from '../../src/learning/offline';

beforeAll(async () => {
  await useNodeBackend();
});

describe('pooled curve', () => {
  test('the point with every label runs the label-quality check on them; a pair answered both ways goes round', async () => {
    const text = readLevelArg('warmup').text;
    const { space } = loadLevel(text);
    const settings = { seed: 2, members: 2, segmentLength: 6 };
    const engine = new LearningEngine(text, settings);
    const rng = new Rng(7).split('answers');
    const labels: Label[] = [];
    try {
      for (let i = 0; labels.length < 4 && i < 40; i++) {
        const q = await engine.proposeQuery('random');
        const answer = simulatedAnswer(space, q.left, q.right, { kind: 'oracle' }, rng);
        if (answer === 'left' || answer === 'right') labels.push({ id: `l${labels.length + 1}`, left: q.left, right: q.right, answer, provenance: 'person', heldOut: isHeldOutIndex(labels.length) });
      }
    } finally {
      engine.dispose();
    }
    expect(labels).toHaveLength(4);
    // A second person answers the first pair the other way round.
    const flipped: Label = { ...labels[0], id: 'l5', answer: labels[0].answer === 'left' ? 'right' : 'left', heldOut: false };
    const curve = await pooledCurve(text, settings, [...labels, flipped], [0, 2, 5]);
    expect(curve.map((p) => p.labels)).toEqual([0, 2, 5]);
    expect(curve[0].labelIssues).toBeUndefined();
    expect(curve[1].labelIssues).toBeUndefined();
    const issues = curve[2].labelIssues ?? [];
    const cycle = issues.find((i) => i.kind === 'cycle');
    expect(cycle?.labelIds).toEqual(expect.arrayContaining(['l1', 'l5']));
  }, 60_000);
});
