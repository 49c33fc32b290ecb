// Off-line runs through the real learning worker in Chromium: `simulate` (the exact labeller on
// Active or Random queries) and `curveFromLabels` (fresh models on the first n labels) each build and
// dispose their own engine, so the session's engine, its labels and its agent, are untouched.
import { afterEach, describe, expect, test } from 'vitest';
import { workerApi } from '../../src/app/engine-client';
import { simulatedAnswer } from '../../src/core/labellers';
import { isHeldOutIndex, type Label } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import type { EngineApi } from '../../src/learning/protocol';
import warmupText from '../../levels/warmup.level?raw';

const workers: Worker[] = [];

afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

function startWorker(): EngineApi {
  const worker = new Worker(new URL('../../src/learning/worker.ts', import.meta.url), { type: 'module' });
  workers.push(worker);
  return workerApi(worker, () => {});
}

/** Rejects with a clear message when `promise` takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stalled: ${what} did not settle within ${ms} ms`)), ms))]);
}

const { space } = loadLevel(warmupText);
/** Small and quick: two members, as the session's schedule otherwise has it. */
const SETTINGS = { seed: 3, members: 2, segmentLength: 6 };

describe('off-line runs in the learning worker', () => {
  test('simulate and curveFromLabels return scores and leave the session engine as it was', async () => {
    const api = startWorker();
    await within(api.init('wasm'), 60_000, 'init');
    // A session with a few labels, trained.
    await api.loadLevel(warmupText, SETTINGS, []);
    const rng = new Rng(5).split('answers');
    const labels: Label[] = [];
    for (let i = 0; i < 4; i++) {
      const q = await api.proposeQuery('random');
      labels.push({ id: `l${i + 1}`, left: q.left, right: q.right, answer: simulatedAnswer(space, q.left, q.right, { kind: 'oracle' }, rng), provenance: 'person', heldOut: isHeldOutIndex(i) });
    }
    await api.addLabels(labels);
    await api.train(20);
    const before = await api.metrics();
    const weightsBefore = await api.getWeights();

    const active = await within(api.simulate(warmupText, SETTINGS, { labels: 3, query: 'active' }), 60_000, 'simulate active');
    expect(active.curve.map((p) => p.labels)).toEqual([0, 1, 2, 3]);
    expect(active.labels).toBe(3);
    expect(active.normalizedReturn).toBeLessThanOrEqual(1 + 1e-9);
    expect(Number.isFinite(active.trueReturn)).toBe(true);
    expect(active.curve.at(-1)).toEqual({ labels: 3, normalizedReturn: active.normalizedReturn, trueReturn: active.trueReturn });
    // Same seed, same run: the off-line engine is seeded from the settings alone.
    const again = await api.simulate(warmupText, SETTINGS, { labels: 3, query: 'active' });
    expect(again.trueReturn).toBeCloseTo(active.trueReturn, 6);
    const random = await api.simulate(warmupText, SETTINGS, { labels: 2, query: 'random' });
    expect(random.curve).toHaveLength(3);

    const curve = await within(api.curveFromLabels(warmupText, SETTINGS, labels, [0, 2, 4]), 60_000, 'curveFromLabels');
    expect(curve.map((p) => p.labels)).toEqual([0, 2, 4]);
    expect(curve[0].normalizedReturn).toBeCloseTo(0, 6); // no label: the random agent
    for (const p of curve) expect(Number.isFinite(p.trueReturn)).toBe(true);

    // The session's engine kept its labels, weights and agent.
    const after = await api.metrics();
    expect(after).toEqual(before);
    expect((await api.getWeights()).values.map((v) => Array.from(v))).toEqual(weightsBefore.values.map((v) => Array.from(v)));

    // Bad requests are refused with a clear message, and the worker keeps serving.
    await expect(api.simulate(warmupText, SETTINGS, { labels: 0, query: 'active' })).rejects.toThrow(/labels must be a whole number/);
    await expect(api.curveFromLabels(warmupText, SETTINGS, labels, [5])).rejects.toThrow(/from 0 to 4, got 5/);
    await expect(api.simulate('not a level', SETTINGS, { labels: 1, query: 'random' })).rejects.toThrow(/\S/);
    expect((await api.metrics()).labels).toBe(4);
  });
});
