// The learning backends in real headless Chromium: WebGPU (SwiftShader without a GPU), WebGL, WASM
// (binaries served by Vite, as in the build) and CPU. Same weights ⇒ same predictions everywhere;
// training runs on WebGPU; the probe's choice; fallbacks when a backend cannot start or breaks
// mid-training (injected by making a real backend's kernels throw); no tensor leaks.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FEATURE_DIM } from '../../src/core/features';
import { simulatedAnswer } from '../../src/core/labellers';
import { isHeldOutIndex, type Label } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import {
  activeBackend,
  ensembleProbe,
  probeBackends,
  registerBackends,
  trySetBackend,
} from '../../src/learning/backends';
import { RewardEnsemble, type PreferenceData } from '../../src/learning/ensemble';
import { EngineHost } from '../../src/learning/engine-host';
import type { BackendChoice, EngineEvent } from '../../src/learning/protocol';
import { tf } from '../../src/learning/tf';
import { bundledWasmPaths } from '../../src/learning/wasm-paths';
import warmupText from '../../levels/warmup.level?raw';

let registered: string[] = [];
let adapterInfo: { architecture: string; vendor: string; isFallbackAdapter: boolean } | null = null;

beforeAll(async () => {
  registered = await registerBackends({ wasmPaths: bundledWasmPaths() });
  const adapter = await navigator.gpu?.requestAdapter();
  if (adapter) {
    const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false;
    adapterInfo = { architecture: adapter.info.architecture, vendor: adapter.info.vendor, isFallbackAdapter: fallback };
  }
  console.info('backends:', registered.join(', '), '| WebGPU adapter:', JSON.stringify(adapterInfo));
});

afterAll(async () => {
  await trySetBackend('cpu');
});

/** Deterministic synthetic preference data: n pairs of L steps, with a planted linear reward. */
function syntheticData(n: number, L = 10, F = FEATURE_DIM): PreferenceData {
  const rng = new Rng(7);
  const w = Float32Array.from({ length: F }, () => rng.next() * 2 - 1);
  const left = Float32Array.from({ length: n * L * F }, () => rng.next());
  const right = Float32Array.from({ length: n * L * F }, () => rng.next());
  const sum = (x: Float32Array, i: number) => {
    let s = 0;
    for (let t = 0; t < L; t++) for (let f = 0; f < F; f++) s += x[(i * L + t) * F + f] * w[f];
    return s;
  };
  const target = Float32Array.from({ length: n }, (_, i) => (sum(left, i) > sum(right, i) ? 1 : 0));
  const mask = new Float32Array(n * L).fill(1);
  return { featureDim: F, segmentLength: L, left, right, leftMask: mask, rightMask: mask, target };
}

/** Oracle labels for the warm-up level on pairs the host proposes (random mode). */
async function oracleLabels(host: EngineHost, n: number, from = 0): Promise<Label[]> {
  const { space } = loadLevel(warmupText);
  const rng = new Rng(3).split(`labels-${from}`);
  const labels: Label[] = [];
  for (let i = 0; i < n; i++) {
    const index = from + i;
    // A held-out slot takes a pair with a strict answer (up to 20 tries), so held-out accuracy is defined.
    let q = await host.proposeQuery('random');
    let answer = simulatedAnswer(space, q.left, q.right, { kind: 'oracle' }, rng);
    for (let tries = 0; isHeldOutIndex(index) && answer === 'equal' && tries < 20; tries++) {
      q = await host.proposeQuery('random');
      answer = simulatedAnswer(space, q.left, q.right, { kind: 'oracle' }, rng);
    }
    labels.push({ id: `t${index + 1}`, left: q.left, right: q.right, answer, provenance: 'labeller', heldOut: isHeldOutIndex(index) });
  }
  return labels;
}

/**
 * Wraps every kernel a real backend has so that, once switched on, each throws `message`: an honest
 * stand-in for a backend that breaks mid-session (a lost device, a crashed WASM module). Restores the
 * original kernels on `restore()`.
 */
function breakableKernels(backend: string, message: string) {
  const originals = tf.getKernelsForBackend(backend);
  expect(originals.length).toBeGreaterThan(20);
  let failing = false;
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        if (failing) throw new Error(message);
        return k.kernelFunc(args);
      },
    });
  }
  return {
    fail(on: boolean) {
      failing = on;
    },
    restore() {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, backend);
        tf.registerKernel(k);
      }
    },
  };
}

describe('backends in Chromium', () => {
  test('webgpu, webgl, wasm and cpu are all registered', () => {
    expect(registered).toEqual(expect.arrayContaining(['webgpu', 'webgl', 'wasm', 'cpu']));
  });

  test('the same weights give the same predictions on webgpu, wasm and cpu', async () => {
    const options = { featureDim: FEATURE_DIM, seed: 11, members: 3 };
    expect(await trySetBackend('cpu')).toBe(true);
    const reference = new RewardEnsemble(options);
    reference.setData(syntheticData(16), new Uint8Array(16));
    await reference.trainSteps(5); // weights that are not just the initialisation
    const weights = await reference.getWeights();
    const rng = new Rng(5);
    const features = Float32Array.from({ length: 300 * FEATURE_DIM }, () => rng.next() * 2 - 0.5);
    const expected = await reference.predict(features);
    reference.dispose();
    const scale = Math.max(...expected.members.map(Math.abs));
    expect(scale).toBeGreaterThan(1e-3);

    for (const backend of ['webgpu', 'wasm', 'cpu']) {
      expect(await trySetBackend(backend), backend).toBe(true);
      expect(activeBackend()).toBe(backend);
      const other = new RewardEnsemble({ ...options, seed: 99 }); // other init, then the same weights
      other.setWeights(weights);
      const got = await other.predict(features);
      const roundTrip = await other.getWeights();
      other.dispose();
      let worst = 0;
      for (let i = 0; i < got.members.length; i++) worst = Math.max(worst, Math.abs(got.members[i] - expected.members[i]));
      expect(worst / scale, `${backend}: largest difference relative to the largest prediction`).toBeLessThan(1e-3);
      for (let i = 0; i < got.mean.length; i++) expect(got.mean[i]).toBeCloseTo(expected.mean[i], 3);
      roundTrip.values.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(weights.values[i])));
    }
  });

  test('training steps run on webgpu: finite loss, weights move, loss goes down', async () => {
    expect(await trySetBackend('webgpu')).toBe(true);
    expect(activeBackend()).toBe('webgpu');
    const ensemble = new RewardEnsemble({ featureDim: FEATURE_DIM, seed: 2, members: 3 });
    try {
      ensemble.setData(syntheticData(16), new Uint8Array(16));
      const before = await ensemble.getWeights();
      const first = await ensemble.trainSteps(1);
      const later = await ensemble.trainSteps(9);
      const after = await ensemble.getWeights();
      expect(Number.isFinite(first.loss)).toBe(true);
      expect(Number.isFinite(later.loss)).toBe(true);
      expect(later.loss).toBeLessThan(first.loss);
      expect(after.values[0]).not.toEqual(before.values[0]);
    } finally {
      ensemble.dispose();
    }
  });

  test('the probe picks the fastest backend; over a software WebGPU adapter that is wasm', async () => {
    const workload = ensembleProbe({ featureDim: FEATURE_DIM });
    const seen: number[] = [];
    try {
      const result = await probeBackends(workload.run, { budgetMs: 2000, onProgress: (f) => seen.push(f) });
      console.info('probe table:', JSON.stringify(result.table));
      const rows = Object.fromEntries(result.table.map((r) => [r.backend, r]));
      for (const b of ['webgpu', 'webgl', 'wasm', 'cpu']) expect(rows[b]?.available, `${b} initialised`).toBe(true);
      for (const b of ['wasm', 'cpu']) expect(rows[b].msPerStep, `${b} was timed`).toBeGreaterThan(0);
      const timed = result.table.filter((r) => r.msPerStep !== null);
      const fastest = timed.reduce((a, b) => ((b.msPerStep as number) < (a.msPerStep as number) ? b : a));
      expect(result.chosen).toBe(fastest.backend);
      expect(activeBackend()).toBe(result.chosen);
      expect(seen.at(-1)).toBe(1);
      // On a software adapter (SwiftShader, no GPU) WebGPU is several times slower than WASM (the
      // probe may even cut it off as too slow); on a real GPU WebGPU may legitimately win, so this
      // expectation holds only for a fallback adapter.
      if (adapterInfo && (adapterInfo.architecture === 'swiftshader' || adapterInfo.isFallbackAdapter)) {
        expect(result.chosen).toBe('wasm');
        const webgpu = rows.webgpu.msPerStep;
        if (webgpu !== null) expect(webgpu).toBeGreaterThan(rows.wasm.msPerStep as number);
        else expect(rows.webgpu.error).toMatch(/too slow/);
      }
    } finally {
      workload.dispose();
    }
  });

  test('a backend that fails to initialise: trySetBackend says false and keeps the current one; the probe skips it', async () => {
    tf.registerBackend('broken-for-test', () => Promise.reject(new Error('no adapter (simulated)')));
    const throwing = 'throwing-for-test';
    tf.registerBackend(throwing, () => {
      throw new Error('constructor failed (simulated)');
    });
    try {
      expect(await trySetBackend('wasm')).toBe(true);
      expect(await trySetBackend('broken-for-test')).toBe(false);
      expect(activeBackend()).toBe('wasm');
      expect(await trySetBackend(throwing)).toBe(false);
      expect(activeBackend()).toBe('wasm');
      expect(await trySetBackend('never-registered')).toBe(false);
      expect(activeBackend()).toBe('wasm');

      const workload = ensembleProbe({ featureDim: FEATURE_DIM, pairs: 8 });
      try {
        const result = await probeBackends(workload.run, { candidates: ['broken-for-test', throwing, 'wasm'], budgetMs: 600 });
        const row = (b: string) => result.table.find((r) => r.backend === b);
        expect(row('broken-for-test')).toMatchObject({ available: false, msPerStep: null, error: 'failed to initialise' });
        expect(row(throwing)).toMatchObject({ available: false, msPerStep: null, error: 'failed to initialise' });
        expect(result.chosen).toBe('wasm');
      } finally {
        workload.dispose();
      }

      // The engine host, asked for a backend that cannot start, says so and keeps working on the old one.
      const host = new EngineHost();
      await host.init('wasm');
      await host.loadLevel(warmupText, { seed: 1 }, []);
      await expect(host.setBackend('broken-for-test' as BackendChoice)).rejects.toThrow(/broken-for-test backend is not available/);
      expect(activeBackend()).toBe('wasm');
      // And the model is still there, on the old backend.
      expect((await host.metrics()).labels).toBe(0);
      expect((await host.snapshot()).metrics.labels).toBe(0);
    } finally {
      tf.removeBackend('broken-for-test');
      tf.removeBackend(throwing);
    }
  });

  test('the probe never throws: with every backend failing or too slow it falls back to cpu and says why', async () => {
    // Every GPU backend and wasm fail the workload; cpu is too slow to finish a step in its share
    // (as on a machine under heavy load). The probe still returns a backend: cpu always runs.
    const failing = async () => {
      if (activeBackend() === 'cpu') return new Promise<void>(() => {});
      throw new Error(`the ${activeBackend()} step failed (simulated)`);
    };
    const result = await probeBackends(failing, { budgetMs: 400 });
    expect(result.chosen).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    const row = (b: string) => result.table.find((r) => r.backend === b);
    for (const b of ['webgpu', 'webgl', 'wasm']) expect(row(b), b).toMatchObject({ available: false, msPerStep: null, error: `the ${b} step failed (simulated)` });
    expect(row('cpu')).toMatchObject({ msPerStep: null, error: expect.stringMatching(/too slow/) });
    expect(result.note).toMatch(/no backend finished a probe step.*using cpu/);

    // Every backend, cpu included, throws: cpu is still the answer, never an exception.
    const broken = () => Promise.reject(new Error('step failed everywhere (simulated)'));
    await trySetBackend('wasm');
    const none = await probeBackends(broken, { budgetMs: 300 });
    expect(none.chosen).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    expect(none.table.every((r) => r.msPerStep === null)).toBe(true);
    expect(none.note).toMatch(/step failed everywhere \(simulated\)/);
  });

  test('wasm breaking during training: the host moves to cpu and retrains from every stored label', async () => {
    const events: EngineEvent[] = [];
    const host = new EngineHost((e) => events.push(e));
    expect((await host.init('wasm')).backend).toBe('wasm');
    await host.loadLevel(warmupText, { seed: 1 }, []);
    const labels = await oracleLabels(host, 10);
    await host.addLabels(labels);
    await host.train(20);
    const before = await host.metrics();
    expect(before.labels).toBe(10);

    const wasm = breakableKernels('wasm', 'simulated wasm backend failure: the module stopped responding');
    try {
      wasm.fail(true);
      const report = await host.train(10);
      expect(report.backend).toBe('cpu');
      expect(Number.isFinite(report.loss as number)).toBe(true);
    } finally {
      wasm.restore();
    }
    const change = events.find((e) => e.event === 'backend');
    expect(change, 'a backend event tells the page').toBeDefined();
    if (change?.event === 'backend') {
      expect(change.report.backend).toBe('cpu');
      expect(change.report.note).toMatch(/wasm backend failed \(simulated wasm backend failure/);
      expect(change.report.note).toMatch(/switched to cpu and retrained from the 10 stored labels/);
    }
    expect(activeBackend()).toBe('cpu');
    // Nothing lost: the labels are all there and the model still learns and plans.
    const after = await host.metrics();
    expect(after.labels).toBe(10);
    await host.addLabels(await oracleLabels(host, 5, 10));
    await host.train(20);
    const snapshot = await host.snapshot();
    expect(snapshot.metrics.labels).toBe(15);
    expect(snapshot.metrics.heldOutAccuracy).not.toBeNull();
    expect(snapshot.metrics.normalizedReturn).toBeGreaterThan(0.5);
  });

  test('webgpu breaking mid-training while webgl cannot start: the host skips webgl and lands on wasm', async () => {
    const events: EngineEvent[] = [];
    const host = new EngineHost((e) => events.push(e));
    expect((await host.init('webgpu')).backend).toBe('webgpu');
    await host.loadLevel(warmupText, { seed: 2 }, []);
    const labels = await oracleLabels(host, 6);
    await host.addLabels(labels);
    await host.train(5);

    const engine = tf.engine();
    const webgl = engine.registryFactory.webgl;
    expect(webgl).toBeDefined();
    const webgpu = breakableKernels('webgpu', 'simulated webgpu failure: GPU device lost');
    tf.removeBackend('webgl');
    tf.registerBackend('webgl', () => {
      throw new Error('could not create a WebGL context (simulated)');
    }, webgl.priority);
    try {
      webgpu.fail(true);
      const report = await host.train(5);
      expect(report.backend).toBe('wasm');
    } finally {
      webgpu.restore();
      tf.removeBackend('webgl');
      tf.registerBackend('webgl', webgl.factory, webgl.priority);
    }
    const change = events.find((e) => e.event === 'backend');
    expect(change?.event === 'backend' && change.report.note).toMatch(/webgpu backend failed .*switched to wasm and retrained from the 6 stored labels/);
    expect((await host.metrics()).labels).toBe(6);
    expect(activeBackend()).toBe('wasm');
  });

  test.each(['wasm', 'webgpu'])('tf.memory().numTensors is flat across repeated training on %s', async (backend) => {
    expect(await trySetBackend(backend)).toBe(true);
    const host = new EngineHost();
    await host.init(backend as BackendChoice);
    await host.loadLevel(warmupText, { seed: 4 }, []);
    await host.addLabels(await oracleLabels(host, 8));
    // One round first: lazily created state (optimizer slots, the critique model) exists after it.
    await host.train(5);
    await host.snapshot();
    await host.proposeQuery('active');
    const start = tf.memory().numTensors;
    const counts: number[] = [];
    for (let round = 0; round < 4; round++) {
      await host.train(5);
      await host.snapshot();
      await host.proposeQuery('active');
      counts.push(tf.memory().numTensors);
    }
    expect(activeBackend()).toBe(backend);
    // No round leaves tensors behind: the count never grows, and after the first round it stays put
    // (the count at the start may include a tensor that the first round releases).
    expect(Math.max(...counts)).toBeLessThanOrEqual(start);
    expect(counts).toEqual(counts.map(() => counts[0]));
  });
});
