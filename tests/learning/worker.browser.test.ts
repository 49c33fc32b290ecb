// The learning worker's message protocol, end to end in Chromium: the real worker module
// (src/learning/worker.ts) driven through the page's client (workerApi). Messages in, snapshots out;
// errors inside the worker come back as rejected promises with a clear message, never a stall.
import { afterEach, describe, expect, test } from 'vitest';
import { workerApi } from '../../src/app/engine-client';
import { simulatedAnswer } from '../../src/core/labellers';
import { isHeldOutIndex, type Label } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import type { EngineApi, EngineEvent, EngineResponse } from '../../src/learning/protocol';
import warmupText from '../../levels/warmup.level?raw';

const workers: Worker[] = [];

afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

function startWorker(): { worker: Worker; api: EngineApi; events: EngineEvent[] } {
  const worker = new Worker(new URL('../../src/learning/worker.ts', import.meta.url), { type: 'module' });
  workers.push(worker);
  const events: EngineEvent[] = [];
  return { worker, api: workerApi(worker, (e) => events.push(e)), events };
}

/** Rejects with a clear message when `promise` takes longer than `ms`: a stall fails fast and says so. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stalled: ${what} did not settle within ${ms} ms`)), ms)),
  ]);
}

const { space } = loadLevel(warmupText);
const cells = space.world.width * space.world.height;

describe('learning worker protocol', () => {
  test('init, loadLevel, proposeQuery, addLabels, train, snapshot and metrics round-trip through the worker', async () => {
    const { api, events } = startWorker();
    const report = await within(api.init('wasm'), 60_000, 'init');
    expect(report.backend).toBe('wasm');
    expect(report.probe).toEqual([]);

    const info = await api.loadLevel(warmupText, { seed: 1 }, []);
    expect(info).toMatchObject({ name: 'Warm-up', numStates: space.numStates, numTransitions: space.numTransitions });
    expect(info.optimalTrueReturn).toBeGreaterThan(info.uniformTrueReturn);

    // Before any label: a snapshot of the random agent.
    const first = await api.snapshot();
    expect(first.metrics.labels).toBe(0);
    expect(first.metrics.heldOutAccuracy).toBeNull();

    const rng = new Rng(9).split('answers');
    const labels: Label[] = [];
    for (let i = 0; i < 10; i++) {
      const q = await api.proposeQuery(i < 5 ? 'random' : 'active');
      expect(q.mode).toBe(i < 5 ? 'random' : 'active');
      expect(q.reason).toMatch(/\S/);
      expect(q.disagreement).toBeGreaterThanOrEqual(0);
      expect(q.left.transitions.length).toBeGreaterThan(0);
      expect(q.right.transitions.length).toBeGreaterThan(0);
      labels.push({
        id: `w${i + 1}`,
        left: q.left,
        right: q.right,
        answer: simulatedAnswer(space, q.left, q.right, { kind: 'oracle' }, rng),
        provenance: 'labeller',
        heldOut: isHeldOutIndex(i),
      });
      if (i === 4) {
        await api.addLabels(labels.slice(0, 5));
        await api.train(20);
      }
    }
    await api.addLabels(labels.slice(5));

    const trained = await api.train(30);
    expect(trained.steps).toBe(30);
    expect(trained.backend).toBe('wasm');
    expect(Number.isFinite(trained.loss as number)).toBe(true);
    const progress = events.filter((e) => e.event === 'progress' && e.what === 'train');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ event: 'progress', what: 'train', fraction: 1 });

    const snap = await api.snapshot();
    expect(snap.cellReward).toBeInstanceOf(Float32Array);
    expect(snap.cellReward.length).toBe(cells);
    expect(snap.cellUncertainty.length).toBe(cells);
    expect(snap.cellPolicy.length).toBe(cells * 4);
    expect(snap.rollout.states.length).toBe(snap.rollout.actions.length + 1);
    expect(snap.rollout.transitions.length).toBe(snap.rollout.actions.length);
    expect(snap.rolloutStates.length).toBe(snap.rollout.states.length);
    expect(snap.rolloutLearned.length).toBe(snap.rollout.transitions.length);
    expect(snap.rolloutSpread.length).toBe(snap.rollout.transitions.length);
    expect(snap.claims.length).toBe(snap.pAccept.length);
    expect(snap.metrics.labels).toBe(10);

    const metrics = await api.metrics();
    expect(metrics.labels).toBe(10);
    expect(metrics.heldOutAccuracy).not.toBeNull();
    expect(metrics.normalizedReturn).toBeGreaterThan(0.5);
    expect(metrics.optimalTrueReturn).toBeCloseTo(info.optimalTrueReturn, 6);

    const rollout = await api.rollout(3, 0.5);
    expect(rollout.states.length).toBe(rollout.actions.length + 1);
  });

  test('the grid model trains in the worker and learns warm-up from the pixels', { timeout: 120_000 }, async () => {
    // (The probe of the grid model's step is tested in Node: tests/learning/probe-memory.node.test.ts.)
    const { api } = startWorker();
    await within(api.init('wasm'), 60_000, 'init');
    await api.loadLevel(warmupText, { seed: 2, rewardModel: 'grid' }, []);
    const rng = new Rng(4).split('answers');
    const labels: Label[] = [];
    for (let i = 0; i < 4; i++) {
      const q = await api.proposeQuery('active');
      labels.push({ id: `g${i + 1}`, left: q.left, right: q.right, answer: simulatedAnswer(space, q.left, q.right, { kind: 'oracle' }, rng), provenance: 'labeller', heldOut: isHeldOutIndex(i) });
      await api.addLabels(labels.slice(-1));
      await api.train(10);
    }
    const snap = await api.snapshot(); // plans on the learned reward
    expect(snap.cellReward.length).toBe(cells);
    expect(snap.saliency?.length).toBe(26); // every channel, largest first
    expect(snap.saliency?.[0].value).toBeGreaterThan(0);
    const metrics = await api.metrics();
    expect(metrics.labels).toBe(4);
    expect(metrics.normalizedReturn).toBeGreaterThan(0.9);
  });

  test('errors inside the worker reject with a clear message, and the worker keeps serving', async () => {
    const { api } = startWorker();
    await within(api.init('wasm'), 60_000, 'init');
    // A call that needs a level, before any level.
    await expect(within(api.snapshot(), 10_000, 'snapshot before loadLevel')).rejects.toThrow(/no level is loaded/);
    await expect(within(api.addLabels([]), 10_000, 'addLabels before loadLevel')).rejects.toThrow(/no level is loaded/);
    // A broken level: the parser's message, with its position.
    await expect(within(api.loadLevel('name: Broken\n---\n#A#\n##\n', { seed: 1 }, []), 10_000, 'loadLevel(broken)')).rejects.toThrow(
      /line \d+/,
    );
    await expect(within(api.loadLevel('not a level at all', { seed: 1 }, []), 10_000, 'loadLevel(garbage)')).rejects.toThrow(/\S/);
    // A backend that does not exist here.
    await expect(within(api.setBackend('nope' as 'wasm'), 10_000, 'setBackend(nope)')).rejects.toThrow(/nope backend is not available/);
    // A label that does not fit the level.
    await api.loadLevel(warmupText, { seed: 1 }, []);
    const bad: Label = {
      id: 'bad',
      left: { start: 0, startStep: 0, actions: [0], transitions: [999_999], length: 10 },
      right: { start: 0, startStep: 0, actions: [0], transitions: [0], length: 10 },
      answer: 'left',
      provenance: 'person',
      heldOut: false,
    };
    await expect(within(api.addLabels([bad]), 10_000, 'addLabels(bad)')).rejects.toThrow(/\S/);
    // Still alive and in order after all that.
    const info = await within(api.loadLevel(warmupText, { seed: 2 }, []), 10_000, 'loadLevel after errors');
    expect(info.name).toBe('Warm-up');
    expect((await api.metrics()).labels).toBe(0);
  });

  test('an unknown method gets an error response naming it', async () => {
    const { worker } = startWorker();
    const reply = new Promise<EngineResponse>((resolve) => {
      worker.addEventListener('message', (e: MessageEvent) => {
        if ((e.data as EngineResponse).id === 77) resolve(e.data as EngineResponse);
      });
    });
    worker.postMessage({ id: 77, method: 'selfDestruct', args: [] });
    expect(await within(reply, 30_000, 'reply to an unknown method')).toEqual({ id: 77, ok: false, error: 'unknown engine method "selfDestruct"' });
  });

  test('a message the worker cannot unpack: its error reaches the page and fails the call waiting on it', async () => {
    const { worker, api } = startWorker();
    await within(api.init('wasm'), 60_000, 'init');
    await api.loadLevel(warmupText, { seed: 1 }, []);
    // The worker's onmessage throws on a null message; the Worker fires 'error' at the page, which
    // fails whatever is pending then rather than leaving it waiting.
    worker.postMessage(null);
    const pending = api.metrics();
    await expect(within(pending, 30_000, 'a call pending during the crash')).rejects.toThrow(/learning worker: .*Cannot destructure.*\(during metrics\)/);
  });

  test('a worker that crashes while calls are pending rejects every one of them', async () => {
    // A stand-in worker that takes requests, never answers, and dies on the third: the client's
    // side of the contract (src/app/engine-client.ts) is what is under test.
    const source = `let n = 0; onmessage = () => { if (++n === 3) setTimeout(() => { throw new Error('out of memory (simulated)'); }, 50); };`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
    workers.push(worker);
    const api = workerApi(worker, () => {});
    const pending: Promise<unknown>[] = [api.train(100), api.snapshot(), api.metrics()];
    const messages = ['during train', 'during snapshot', 'during metrics'];
    for (const [i, p] of pending.entries()) {
      await expect(within(p, 30_000, 'a pending call after the crash')).rejects.toThrow(new RegExp(`learning worker: .*out of memory \\(simulated\\).*\\(${messages[i]}\\)`));
    }
  });

  test('a worker whose script fails to start rejects the first call', async () => {
    const source = 'throw new Error("the engine could not load (simulated)");';
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
    workers.push(worker);
    const api = workerApi(worker, () => {});
    await expect(within(api.init('wasm'), 30_000, 'init on a dead worker')).rejects.toThrow(/learning worker: .*\(during init\)/);
  });
  test('a call made after the worker died rejects at once with a clear message', async () => {
    const source = 'throw new Error("the engine could not load (simulated)");';
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
    workers.push(worker);
    const api = workerApi(worker, () => {});
    await expect(within(api.init('wasm'), 30_000, 'init on a dead worker')).rejects.toThrow(/learning worker/);
    await expect(within(api.metrics(), 5_000, 'a call after the crash')).rejects.toThrow(/learning worker stopped: .*labels are saved/);
  });
});
