// Learning a trade-off that the labels state once, in Node on the WASM backend (CPU fallback): on two
// of the hand-written levels in bench/levels (outside the generator and the built-in levels), 60
// exact-oracle labels teach the agent the true optimum. On two-goals one answer (the far goal, not
// the near one through two vases) decides it; on lava-all-along the agent must walk 18 steps between
// lava tiles. Both failed under a loss with a random-answer floor (0.880 and 0.014 at seed 1), which
// reads a label every member contradicts as a random answer; npm run bench measures all seven levels.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';
import { runTrainingLoop } from '../../src/learning/training-loop';

beforeAll(async () => {
  await useNodeBackend();
});

describe('hand-written trade-off levels', () => {
  test.each(['two-goals', 'lava-all-along'])('%s, seed 1: normalised return ≥ 0.9 after 60 exact-oracle labels', async (name) => {
    const text = readFileSync(new URL(`../../bench/levels/${name}.level`, import.meta.url), 'utf8');
    const engine = new LearningEngine(text, { seed: 1 });
    try {
      const { metrics } = await runTrainingLoop(engine, { labeller: 'oracle', labels: 60, query: 'active' });
      expect(metrics.normalizedReturn).toBeGreaterThanOrEqual(0.9);
    } finally {
      engine.dispose();
    }
  }, 60_000);
});
