// The critique model predicts the documented prior before any verdict and learns a planted preference
// for one kind of claim from verdicts (the recursive step: the assistant trained by the person).
import { beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_KINDS, KIND_PRIOR, claimFeatures } from '../../src/core/claims';
import type { Claim } from '../../src/core/claims/types';
import { verdictOn } from '../../src/core/verdicts';
import { CritiqueModel } from '../../src/learning/critique';
import { useNodeBackend } from '../../src/learning/node-backend';
import { tf } from '../../src/learning/tf';

/** A synthetic claim of a kind with a given severity (features built by the real claimFeatures). */
function claim(kind: (typeof CLAIM_KINDS)[number], severity: number, step: number): Claim {
  const base = { id: `${kind}:${step}`, kind, step, endStep: step, severity, title: kind, evidence: { summary: '', cells: [] }, fix: null };
  return { ...base, features: claimFeatures(base, 20) };
}

beforeAll(async () => {
  await useNodeBackend();
});

describe('CritiqueModel', () => {
  it('predicts KIND_PRIOR before any verdict', async () => {
    const model = new CritiqueModel();
    const claims = CLAIM_KINDS.map((k, i) => claim(k, 5, i + 1));
    const p = await model.predict(claims);
    claims.forEach((c, i) => expect(p[i]).toBeCloseTo(KIND_PRIOR[c.kind], 5));
    model.dispose();
  });

  it('learns that this person accepts hazard claims and rejects detour claims', async () => {
    const model = new CritiqueModel();
    const verdicts = [];
    for (let i = 0; i < 12; i++) {
      verdicts.push(verdictOn(claim('hazard', 2 + (i % 5), i + 1), true, 3, `v${verdicts.length}`));
      verdicts.push(verdictOn(claim('detour', 2 + (i % 5), i + 1), false, 3, `v${verdicts.length}`));
    }
    model.setVerdicts(verdicts);
    await model.train(50); // the first step also creates Adam's slot variables
    const before = tf.memory().numTensors;
    await model.train(100);
    expect(tf.memory().numTensors).toBe(before);
    const [hazard, detour, irreversible] = await model.predict([claim('hazard', 4, 3), claim('detour', 4, 3), claim('irreversible', 4, 3)]);
    expect(hazard).toBeGreaterThan(0.85);
    expect(detour).toBeLessThan(0.25);
    // A kind it has no verdicts on stays near its prior.
    expect(Math.abs(irreversible - KIND_PRIOR.irreversible)).toBeLessThan(0.15);
    model.dispose();
  });
});
