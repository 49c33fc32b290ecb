// Every DETOUR_QUERY_EVERY-th active query puts the agent's whole episode beside a detour that avoids
// its every step: on the absent-supervisor level, where the members all agree that the shortcut over
// the punishment tile is best, that pair is the one that asks about the long way round. Random
// queries stay random.
import { beforeAll, describe, expect, test } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { DETOUR_QUERY_EVERY, LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';
import { runTrainingLoop } from '../../src/learning/training-loop';

beforeAll(async () => {
  await useNodeBackend();
});

describe('detour queries', () => {
  test("every DETOUR_QUERY_EVERY-th active pair is the agent's whole episode against a detour from the same start; random queries never are", async () => {
    const engine = new LearningEngine(readLevelArg('supervisor').text, { seed: 1 });
    try {
      // Five labels: a plan exists (queries 0–4 were made by the loop).
      await runTrainingLoop(engine, { labeller: 'oracle', labels: 5, query: 'random' });
      const sources: string[][] = [];
      for (let i = 5; i < 2 * DETOUR_QUERY_EVERY; i++) {
        const q = await engine.proposeQuery(i < DETOUR_QUERY_EVERY ? 'active' : 'random');
        sources.push([...q.sources].sort());
        if (i === DETOUR_QUERY_EVERY - 1) {
          expect(q.reason).toMatch(/^the agent's whole episode beside another way, asked now and then in case the models all agree on a wrong trade-off \(the models: they (are split|lean one way|already agree)\); left from /);
          expect(q.left.start).toBe(q.right.start);
          expect([q.left.startStep, q.right.startStep]).toEqual([0, 0]);
          const taken = new Set(q.sources[0] === 'policy' ? q.left.transitions : q.right.transitions);
          const other = q.sources[0] === 'policy' ? q.right : q.left;
          expect(other.transitions.some((k) => taken.has(k))).toBe(false);
        }
      }
      expect(sources[DETOUR_QUERY_EVERY - 1 - 5]).toEqual(['detour', 'policy']);
      expect(sources.filter((s) => s.includes('detour')).length).toBe(1);
    } finally {
      engine.dispose();
    }
  }, 60_000);
});
