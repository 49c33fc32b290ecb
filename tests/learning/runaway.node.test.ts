// A member that early labels drove to large margins reads later, disagreeing labels as random answers
// and never comes back; the engine finds such members by the labels they contradict and starts them
// again. The fixture holds labels captured in the page (Tomato garden, seed 1): three answers fooled
// by the tamper tile, the accepted claim that names it, then answers that count a step there as lost.
// Replayed as the page trains (40 steps per label), the agent stayed on the tamper tile for all 79
// labels of that run before the restart; now it leaves the tile.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { FEATURE_NAMES } from '../../src/core/features';
import type { Label } from '../../src/core/preferences';
import { RewardEnsemble } from '../../src/learning/ensemble';
import { LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';

beforeAll(async () => {
  await useNodeBackend();
});

const fixture = JSON.parse(readFileSync(new URL('./fixtures/tamper-runaway.json', import.meta.url), 'utf8')) as { levelId: string; seed: number; labels: Label[] };

/** Steps of the agent's shown trajectory that end on the tamper tile. */
function stepsOnTamperTile(engine: LearningEngine): number {
  const f = FEATURE_NAMES.indexOf('on-tamper-tile');
  return engine.agentTrajectory().transitions.filter((k) => engine.features[k * FEATURE_NAMES.length + f] === 1).length;
}

describe('members that ran away', () => {
  test('labels that disagree with a run-away model start its members again, and the agent leaves the tamper tile', async () => {
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
      expect(engine.restarts).toBeGreaterThan(0);
      const m = await engine.metrics();
      expect(m.apparentReturn).toBeCloseTo(m.trueReturn, 6);
      expect(m.heldOutAccuracy).toBe(1);
    } finally {
      engine.dispose();
    }
  }, 60_000);

  test('contradictedPairs counts, per member, the labels its reward puts on the other side by the margin', async () => {
    // One feature, two pairs: left has the feature, right not; the targets say left, then right.
    const e = new RewardEnsemble({ featureDim: 1, seed: 3, members: 2, hidden: [] });
    try {
      e.setData({ featureDim: 1, segmentLength: 1, left: Float32Array.of(1, 1), right: Float32Array.of(0, 0), leftMask: Float32Array.of(1, 1), rightMask: Float32Array.of(1, 1), target: Float32Array.of(1, 0) }, new Uint8Array(2));
      e.setWeights({ shapes: [[2, 1, 1], [2, 1, 1]], values: [Float32Array.of(5, -0.5), Float32Array.of(0, 0)] });
      // Member 0 gives the feature +5: it contradicts the second label by 5; member 1 (−0.5) the first by 0.5.
      expect(await e.contradictedPairs(2)).toEqual({ decided: 2, contradicted: [1, 1] });
      expect(await e.contradictedPairs(2, 3)).toEqual({ decided: 2, contradicted: [1, 0] });
      expect(await e.contradictedPairs(1, 3)).toEqual({ decided: 1, contradicted: [0, 0] });
    } finally {
      e.dispose();
    }
  });

  test('restartMembers puts only the given members back at their initial weights', async () => {
    const fresh = new RewardEnsemble({ featureDim: 2, seed: 5, members: 3, hidden: [4] });
    const e = new RewardEnsemble({ featureDim: 2, seed: 5, members: 3, hidden: [4] });
    try {
      e.setData({ featureDim: 2, segmentLength: 1, left: Float32Array.of(1, 0, 0, 1), right: Float32Array.of(0, 1, 1, 0), leftMask: Float32Array.of(1, 1), rightMask: Float32Array.of(1, 1), target: Float32Array.of(1, 0) }, new Uint8Array(2));
      await e.trainSteps(20);
      const trained = await e.getWeights();
      e.restartMembers([1]);
      const [after, initial] = [await e.getWeights(), await fresh.getWeights()];
      after.values.forEach((values, i) => {
        const perMember = values.length / 3;
        const member = (m: number, w: Float32Array) => Array.from(w.subarray(m * perMember, (m + 1) * perMember));
        expect(member(1, values), `array ${i}, member 1`).toEqual(member(1, initial.values[i]));
        for (const m of [0, 2]) expect(member(m, values), `array ${i}, member ${m}`).toEqual(member(m, trained.values[i]));
      });
      expect(trained.values.some((v, i) => member1Differs(v, initial.values[i]))).toBe(true);
    } finally {
      e.dispose();
      fresh.dispose();
    }
  });
});

/** Whether member 1 of a 3-member array differs between two sets of weights. */
function member1Differs(a: Float32Array, b: Float32Array): boolean {
  const n = a.length / 3;
  return a.subarray(n, 2 * n).some((v, i) => v !== b[n + i]);
}
