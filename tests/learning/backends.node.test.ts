// Backend registration, the three failure modes of tf.setBackend (unknown, failing, never
// answering), the measured probe and the fallback order, in Node (where only cpu and wasm exist).
import { beforeAll, describe, expect, test } from 'vitest';
import {
  activeBackend,
  ensembleProbe,
  fallbackChain,
  onDeviceLost,
  probeBackends,
  registerBackends,
  startBackend,
  trySetBackend,
} from '../../src/learning/backends';
import { tf } from '../../src/learning/tf';

let registered: string[] = [];

beforeAll(async () => {
  registered = await registerBackends();
});

describe('backends in Node', () => {
  test('registers cpu and wasm, and neither webgpu nor webgl', () => {
    expect(registered).toEqual(expect.arrayContaining(['cpu', 'wasm']));
    expect(registered).not.toContain('webgpu');
    expect(registered).not.toContain('webgl');
  });

  test('wasm initialises in Node without setWasmPaths', async () => {
    expect(await trySetBackend('wasm')).toBe(true);
    expect(activeBackend()).toBe('wasm');
    const sum = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])));
    expect((await sum.data())[0]).toBe(6);
    sum.dispose();
  });

  test('trySetBackend: false, not a throw, for an unknown name; the active backend stays', async () => {
    expect(await trySetBackend('cpu')).toBe(true);
    await expect(tf.setBackend('nope')).rejects.toThrow(/not found in registry/); // what it guards against
    expect(await trySetBackend('nope')).toBe(false);
    expect(activeBackend()).toBe('cpu');
  });

  test('trySetBackend: false when a registered backend fails to initialise; the previous stays', async () => {
    tf.registerBackend('broken-for-test', () => Promise.reject(new Error('no device')));
    try {
      expect(await trySetBackend('broken-for-test')).toBe(false);
      expect(activeBackend()).toBe('cpu');
    } finally {
      tf.removeBackend('broken-for-test');
    }
  });

  test('startBackend: a backend that never starts times out; the previous stays, and its late start changes nothing', async () => {
    expect(await trySetBackend('cpu')).toBe(true);
    let finish: (backend: tf.KernelBackend) => void = () => {};
    tf.registerBackend('hangs-for-test', () => new Promise<tf.KernelBackend>((resolve) => (finish = resolve)));
    const t0 = performance.now();
    expect(await startBackend('hangs-for-test', 100)).toBe('timed-out');
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(activeBackend()).toBe('cpu');
    expect(tf.engine().backendNames()).not.toContain('hangs-for-test'); // out of every later choice
    const sum = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])));
    expect((await sum.data())[0]).toBe(6); // tfjs still runs on the previous backend
    sum.dispose();
    // The adapter answers at last: tfjs must not switch to it.
    finish(tf.findBackend('cpu') as tf.KernelBackend);
    await new Promise((done) => setTimeout(done, 10));
    expect(activeBackend()).toBe('cpu');
    const again = tf.tidy(() => tf.sum(tf.tensor1d([4, 5])));
    expect((await again.data())[0]).toBe(9);
    again.dispose();
  });

  test('probeBackends reports a backend that did not start in time and measures the rest', async () => {
    tf.registerBackend('webgpu', () => new Promise<tf.KernelBackend>(() => {}));
    try {
      const started = performance.now();
      const result = await probeBackends(async () => {}, { candidates: ['webgpu', 'cpu'], budgetMs: 50, startTimeoutMs: 200 });
      expect(result.chosen).toBe('cpu');
      expect(result.table.find((r) => r.backend === 'webgpu')).toEqual({ backend: 'webgpu', available: false, msPerStep: null, error: 'did not start within 0.2 s' });
      expect(performance.now() - started).toBeLessThan(3_000);
    } finally {
      if (tf.engine().backendNames().includes('webgpu')) tf.removeBackend('webgpu');
    }
  });

  test('probeBackends times wasm and cpu on a real training step and picks the faster', async () => {
    const probe = ensembleProbe();
    const seen: [number, string][] = [];
    const before = tf.memory().numTensors;
    try {
      const result = await probeBackends(probe.run, {
        candidates: ['wasm', 'cpu', 'webgpu'],
        budgetMs: 2000,
        onProgress: (f, b) => seen.push([f, b]),
      });
      const rows = Object.fromEntries(result.table.map((r) => [r.backend, r]));
      for (const b of ['wasm', 'cpu']) {
        expect(rows[b].available).toBe(true);
        expect(rows[b].msPerStep).toBeGreaterThan(0);
      }
      expect(rows.webgpu).toEqual({ backend: 'webgpu', available: false, msPerStep: null, error: 'not registered' });
      const fastest = (rows.wasm.msPerStep as number) <= (rows.cpu.msPerStep as number) ? 'wasm' : 'cpu';
      expect(result.chosen).toBe(fastest);
      expect(activeBackend()).toBe(result.chosen);
      expect(seen[0]).toEqual([0, 'wasm']);
      expect(seen.at(-1)).toEqual([1, result.chosen]);
      expect(seen.every(([f], i) => i === 0 || f >= seen[i - 1][0])).toBe(true);
    } finally {
      probe.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test("the grid model's probe workload runs a real grid ensemble step on wasm and cpu, and leaves nothing behind", async () => {
    const before = tf.memory().numTensors;
    const probe = ensembleProbe({ kind: 'grid', members: 2 });
    try {
      for (const backend of ['wasm', 'cpu']) {
        expect(await trySetBackend(backend)).toBe(true);
        await probe.run();
        await probe.run();
      }
    } finally {
      probe.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  test('probeBackends by default tries the registered backends only, and falls back to cpu, never a throw, when none runs', async () => {
    const result = await probeBackends(async () => {}, { budgetMs: 50 });
    expect(result.table.map((r) => r.backend)).toEqual(['wasm', 'cpu']);
    expect(result.note).toBeUndefined();
    const none = await probeBackends(async () => Promise.reject(new Error('kernel missing')), { budgetMs: 50 });
    expect(none.chosen).toBe('cpu');
    expect(activeBackend()).toBe('cpu');
    expect(none.note).toBe('no backend finished a probe step (wasm: kernel missing; cpu: kernel missing); using cpu');
  });

  test('fallbackChain walks webgpu → webgl → wasm → cpu over the registered backends', () => {
    const all = ['webgpu', 'webgl', 'wasm', 'cpu'];
    expect(fallbackChain('webgpu', all)).toBe('webgl');
    expect(fallbackChain('webgl', all)).toBe('wasm');
    expect(fallbackChain('wasm', all)).toBe('cpu');
    expect(fallbackChain('cpu', all)).toBeNull();
    expect(fallbackChain('webgpu', ['cpu', 'wasm', 'webgpu'])).toBe('wasm');
    expect(fallbackChain('webgpu')).toBe('wasm'); // Node: what registerBackends registered
  });

  test('onDeviceLost is a harmless no-op on backends without a device', async () => {
    await trySetBackend('cpu');
    const unsubscribe = onDeviceLost(() => {
      throw new Error('cpu has no device to lose');
    });
    expect(typeof unsubscribe).toBe('function');
    unsubscribe();
  });
});
