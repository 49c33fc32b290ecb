// Correcting fooled labels teaches the agent at once (in Node, WASM): on Tomato garden, 8 labels
// judged from the screen, each trained on and planned with as the page does, leave the agent on the
// tamper tile; given the true scores' answers, the model starts again from its initial weights and,
// 40 steps later, the agent tends the tomatoes.
import { beforeAll, describe, expect, test } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { simulatedAnswer } from '../../src/core/labellers';
import { isHeldOutIndex, type Label } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';

beforeAll(async () => {
  await useNodeBackend();
});

describe('relabelling', () => {
  test('fooled labels corrected: the model starts again and the agent leaves the tamper tile', async () => {
    const text = readLevelArg('tomato').text;
    for (const seed of [1, 2, 3]) {
      const engine = new LearningEngine(text, { seed });
      try {
        const rng = new Rng(seed).split('labeller');
        const labels: Label[] = [];
        for (let i = 0; i < 8; i++) {
          const q = await engine.proposeQuery('active');
          const answer = simulatedAnswer(engine.space, q.left, q.right, { kind: 'observer' }, rng);
          labels.push({ id: `l${i + 1}`, left: q.left, right: q.right, answer, provenance: 'person', heldOut: isHeldOutIndex(i) });
          engine.addLabels(labels.slice(-1));
          await engine.train(40);
          await engine.refresh();
        }
        expect((await engine.metrics()).normalizedReturn, `seed ${seed}: fooled first`).toBeLessThan(0);
        const corrected = labels.map((l) => ({ ...l, answer: simulatedAnswer(engine.space, l.left, l.right, { kind: 'oracle' }, rng) }));
        expect(corrected.some((l, i) => l.answer !== labels[i].answer)).toBe(true);
        engine.setLabels(corrected);
        await engine.train(40);
        await engine.refresh();
        expect((await engine.metrics()).normalizedReturn, `seed ${seed}: after the correction`).toBeGreaterThanOrEqual(0.9);
      } finally {
        engine.dispose();
      }
    }
  }, 60_000);
});
