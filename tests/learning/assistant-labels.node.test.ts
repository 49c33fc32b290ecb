// The assistant's labels with the real reward-model ensemble (WASM backend, CPU fallback): on Absent
// supervisor and Lava edge before any label, the engine's ranked claims on the agent's plan are
// checked as the page uses them: an `uncertain` claim (the untrained ensemble is unsure everywhere)
// gives no label, only a question pair, and an accusing claim's label prefers the truly better clip.
// In the simulated loop with the assistant on, a question is answered by the labeller, and every
// 'assistant' label prefers the truly better clip.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { claimLabel, claimQuestion } from '../../src/core/assistant-labels';
import { checkSegment, segmentSum } from '../../src/core/preferences';
import { LearningEngine } from '../../src/learning/engine';
import { useNodeBackend } from '../../src/learning/node-backend';
import { runTrainingLoop } from '../../src/learning/training-loop';

const levelText = (name: string) => readFileSync(new URL(`../../levels/${name}.level`, import.meta.url), 'utf8');

beforeAll(async () => {
  await useNodeBackend();
});

describe('labels from the engine’s claims', () => {
  test('before any label: uncertain claims are questions, accusing claims’ labels are truly better', async () => {
    let questions = 0;
    for (const name of ['supervisor', 'lava']) {
      for (const seed of [1, 2, 3]) {
        const engine = new LearningEngine(levelText(name), { seed });
        try {
          await engine.refresh();
          const tr = engine.agentTrajectory();
          const { claims } = await engine.claims(tr);
          if (name === 'supervisor' && seed === 1) {
            // The random agent crosses the punishment tile in plain sight: that accusation ranks above the questions.
            expect(claims[0]?.kind).toBe('seen-punishment');
            expect(claims.map((c) => c.kind)).toContain('uncertain');
          }
          for (const claim of claims) {
            const label = claimLabel(engine.space, tr, claim, engine.settings.segmentLength, 'l1');
            if (claim.kind === 'uncertain') {
              expect(label).toBeNull();
              const q = claimQuestion(engine.space, tr, claim, engine.settings.segmentLength);
              if (q) {
                checkSegment(engine.space, q.left);
                checkSegment(engine.space, q.right);
                questions++;
              }
            } else {
              expect(label, `${name} seed ${seed}: ${claim.id}`).not.toBeNull();
              expect(segmentSum(label!.left, engine.space.trueReward)).toBeGreaterThan(segmentSum(label!.right, engine.space.trueReward));
            }
          }
        } finally {
          engine.dispose();
        }
      }
    }
    expect(questions).toBeGreaterThan(0);
  }, 60_000);

  test('the simulated loop with the assistant adds only truly better assistant labels', async () => {
    for (const name of ['supervisor', 'lava']) {
      const engine = new LearningEngine(levelText(name), { seed: 1 });
      try {
        await runTrainingLoop(engine, { labeller: 'oracle', labels: 12, query: 'active', assistant: true, labelsPerRound: 4, stepsPerRound: 30 });
        expect(engine.allLabels).toHaveLength(12);
        // On Absent supervisor the first top claim is the punishment taken in plain sight: an assistant label.
        if (name === 'supervisor') expect(engine.allLabels[0].provenance).toBe('assistant');
        for (const label of engine.allLabels.filter((l) => l.provenance === 'assistant')) {
          expect(label.answer).toBe('left');
          expect(segmentSum(label.left, engine.space.trueReward)).toBeGreaterThan(segmentSum(label.right, engine.space.trueReward));
        }
      } finally {
        engine.dispose();
      }
    }
  }, 60_000);
});
