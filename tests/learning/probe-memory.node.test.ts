// The probe's choice kept per browser: a clean probe is remembered with its table, time and
// TensorFlow.js version; a later start takes its backend again without measuring, unless it is too
// old, from another version, unreadable, or the backend no longer starts; and a fallback (a probe
// with a note) or a reused choice is never written over a measurement.
import { describe, expect, test } from 'vitest';
import { PROBE_MEMORY_KEY, REMEMBER_MS, rememberedProbe, rememberProbe, type ProbeStorage } from '../../src/app/probe-memory';
import { EngineHost } from '../../src/learning/engine-host';
import type { BackendReport, EngineEvent } from '../../src/learning/protocol';
import { tf } from '../../src/learning/tf';

/** A Storage with what the memory uses, over a Map. */
function mapStorage(): ProbeStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

const measured = (at: number, tfjs = tf.version_core): BackendReport => ({
  backend: 'cpu',
  probe: [{ backend: 'cpu', available: true, msPerStep: 40 }, { backend: 'wasm', available: true, msPerStep: 60 }],
  measuredAt: at,
  tfjs,
});

describe('probe memory', () => {
  test('remembers a clean probe and gives it back while it is fresh', () => {
    const storage = mapStorage();
    const now = 1_800_000_000_000;
    rememberProbe(measured(now), storage);
    expect(rememberedProbe(storage, now + 1000)).toEqual(measured(now));
    expect(rememberedProbe(storage, now + REMEMBER_MS + 1)).toBeNull();
    expect(rememberedProbe(storage, now - 1)).toBeNull(); // a clock moved back: measure again
  });

  test("each model kind has its own memory: the grid model's probe leaves the features model's choice alone", () => {
    const storage = mapStorage();
    const now = 1_800_000_000_000;
    rememberProbe(measured(now), storage);
    const grid: BackendReport = { ...measured(now + 5), backend: 'wasm', model: 'grid' };
    rememberProbe(grid, storage);
    expect([...storage.map.keys()].sort()).toEqual([PROBE_MEMORY_KEY, `${PROBE_MEMORY_KEY}-grid`]);
    expect(rememberedProbe(storage, now + 10)).toEqual(measured(now));
    expect(rememberedProbe(storage, now + 10, 'grid')).toEqual(grid);
    expect(rememberedProbe(mapStorage(), now, 'grid')).toBeNull();
  });

  test('never remembers a fallback, a reused choice or a named backend, and ignores what it cannot read', () => {
    const storage = mapStorage();
    rememberProbe({ ...measured(5), note: 'no backend finished a probe step; using cpu' }, storage);
    rememberProbe({ ...measured(5), reused: true }, storage);
    rememberProbe({ backend: 'wasm', probe: [] }, storage);
    expect(storage.map.size).toBe(0);
    for (const text of ['{', '"cpu"', '{"backend":"cpu","probe":[],"measuredAt":1,"tfjs":"4"}', '{"backend":"cpu","probe":[{}],"measuredAt":1,"tfjs":"4"}']) {
      storage.map.set(PROBE_MEMORY_KEY, text);
      expect(rememberedProbe(storage, 2)).toBeNull();
    }
    const full: ProbeStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(() => rememberProbe(measured(5), full)).not.toThrow();
  });

  test('the engine takes a remembered backend without measuring; another version, or no memory, measures', async () => {
    const events: EngineEvent[] = [];
    const host = new EngineHost((e) => events.push(e));
    const reused = await host.init('auto', undefined, measured(Date.now()));
    expect(reused).toMatchObject({ backend: 'cpu', reused: true, probe: measured(0).probe });
    expect(events.filter((e) => e.event === 'progress' && e.what === 'probe')).toHaveLength(0);
    const fresh = await new EngineHost((e) => events.push(e)).init('auto', undefined, measured(Date.now(), '0.0.1'));
    expect(fresh.reused).toBeUndefined();
    expect(fresh.tfjs).toBe(tf.version_core);
    expect(fresh.measuredAt).toBeGreaterThan(Date.now() - 60_000);
    expect(fresh.probe.length).toBeGreaterThan(0);
    expect(events.filter((e) => e.event === 'progress' && e.what === 'probe').length).toBeGreaterThan(0);
  }, 60_000);

  test("a grid session measures the grid model's step: an earlier features probe is not taken for it, and cpu is left out while wasm runs", async () => {
    const report = await new EngineHost().init('auto', undefined, measured(Date.now()), 'grid');
    expect(report.reused).toBeUndefined();
    expect(report).toMatchObject({ backend: 'wasm', model: 'grid' });
    expect(report.probe.map((r) => r.backend)).toEqual(['wasm']);
    expect(report.probe[0].msPerStep).toBeGreaterThan(0);
    const again = await new EngineHost().init('auto', undefined, report, 'grid');
    expect(again).toMatchObject({ backend: 'wasm', model: 'grid', reused: true });
  }, 60_000);
});
