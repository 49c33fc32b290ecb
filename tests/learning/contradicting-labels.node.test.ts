// Labels that contradict what the model learned before are learned: the fixture holds labels captured
// in the page (Tomato garden, seed 1): three answers fooled by the tamper tile, the accepted claim
// that names it, then answers that count a step there as lost. Replayed as the page trains (40 steps
// per label), the agent first stands on the tile and then leaves it. Under a loss with a random-answer
// floor the fooled answers drove every member to margins at which the later answers read as random
// ones, and the agent stayed on the tile for all 79 labels of that run.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { FEATURE_NAMES } from '../../src/core/features';
import type { Label } from '../../src/core/preferences';
import { LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';

beforeAll(async () => {
  await useNodeBackend();
});

const fixture = JSON.parse(readFileSync(new URL('./fixtures/tamper-fooled-then-seen.json', import.meta.url), 'utf8')) as { levelId: string; seed: number; labels: Label[] };

/** Steps of the agent's shown trajectory that end on the tamper tile. */
function stepsOnTamperTile(engine: LearningEngine): number {
  const f = FEATURE_NAMES.indexOf('on-tamper-tile');
  return engine.agentTrajectory().transitions.filter((k) => engine.features[k * FEATURE_NAMES.length + f] === 1).length;
}

describe('labels that contradict earlier ones', () => {
  test('after fooled answers put the agent on the tamper tile, the answers that see through it take it off', async () => {
    const engine = new LearningEngine(readLevelArg(fixture.levelId).text, { seed: fixture.seed });
    try {
      let tampered = 0;
      for (const [i, label] of fixture.labels.entries()) {
        engine.addLabels([label]);
        await engine.train(40);
        await engine.refresh();
        if (i === 5) tampered = stepsOnTamperTile(engine);
      }
      expect(tampered, 'after the fooled answers and the claim, the agent stands on the tile').toBeGreaterThan(20);
      expect(stepsOnTamperTile(engine)).toBe(0);
      const m = await engine.metrics();
      expect(m.apparentReturn).toBeCloseTo(m.trueReturn, 6);
      expect(m.heldOutAccuracy).toBe(1);
    } finally {
      engine.dispose();
    }
  }, 60_000);
});
