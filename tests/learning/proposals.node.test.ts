// An engine rebuilt on another backend (the page's switch after measuring the backends) goes on from
// the old engine's proposals: with the same labels and weights its next pair is the one the old
// engine would have drawn, where a fresh count would draw the session's first pairs again.
import { beforeAll, describe, expect, test } from 'vitest';
import { readLevelArg } from '../../src/cli/levels';
import { simulatedAnswer } from '../../src/core/labellers';
import { isHeldOutIndex, type Label } from '../../src/core/preferences';
import type { QueryProposal } from '../../src/core/queries';
import { Rng } from '../../src/core/rng';
import { LearningEngine } from '../../src/learning/engine';
import { EngineHost } from '../../src/learning/engine-host';
import { useNodeBackend } from '../../src/learning/node-backend';

beforeAll(async () => {
  await useNodeBackend();
});

const pair = (q: QueryProposal) => JSON.stringify([q.left, q.right]);

describe('proposals across a rebuild', () => {
  test('a rebuilt engine that resumes the proposals draws the old engine\'s next pair, and avoids those it proposed', async () => {
    const text = readLevelArg('vase').text;
    const old = new LearningEngine(text, { seed: 4 });
    const rng = new Rng(4).split('labeller');
    const labels: Label[] = [];
    for (let i = 0; i < 4; i++) {
      const q = await old.proposeQuery('active');
      labels.push({ id: `l${i + 1}`, left: q.left, right: q.right, answer: simulatedAnswer(old.space, q.left, q.right, { kind: 'oracle' }, rng), provenance: 'person', heldOut: isHeldOutIndex(i) });
      old.addLabels(labels.slice(-1));
    }
    await old.train(30);
    await old.refresh();
    const first = [await old.proposeQuery('active'), await old.proposeQuery('active')];
    const state = old.proposalState();
    const next = await old.proposeQuery('active');
    const weights = await old.getWeights();

    const rebuilt = (resume: boolean) => {
      const engine = new LearningEngine(text, { seed: 4 });
      engine.setLabels(labels);
      engine.setWeights(weights);
      if (resume) engine.resumeProposals(state);
      return engine;
    };
    const resumed = rebuilt(true);
    expect(pair(await resumed.proposeQuery('active'))).toBe(pair(next));
    const fresh = rebuilt(false);
    expect(pair(await fresh.proposeQuery('active'))).not.toBe(pair(next));
    expect(state.count).toBe(6);
    expect(state.pending.map((p) => JSON.stringify([p.left, p.right]))).toEqual(first.map(pair));
    for (const e of [old, resumed, fresh]) e.dispose();
  }, 60_000);

  test('the engine host keeps the proposals through a backend switch: the pairs are those of a run without one', async () => {
    const text = readLevelArg('vase').text;
    const labels: Label[] = [];
    const run = async (switchAt: number | null): Promise<string[]> => {
      const host = new EngineHost(() => {});
      await host.init('wasm');
      await host.loadLevel(text, { seed: 5 }, labels);
      await host.train(20);
      const pairs: string[] = [];
      for (let i = 0; i < 5; i++) {
        if (i === switchAt) await host.setBackend('wasm'); // the model is rebuilt, as on any switch
        pairs.push(pair(await host.proposeQuery('active')));
      }
      return pairs;
    };
    const seed = new LearningEngine(text, { seed: 5 });
    const rng = new Rng(5).split('labeller');
    for (let i = 0; i < 3; i++) {
      const q = await seed.proposeQuery('active');
      labels.push({ id: `l${i + 1}`, left: q.left, right: q.right, answer: simulatedAnswer(seed.space, q.left, q.right, { kind: 'oracle' }, rng), provenance: 'person', heldOut: isHeldOutIndex(i) });
    }
    seed.dispose();
    expect(await run(2)).toEqual(await run(null));
  }, 60_000);
});
