// How the session store writes, in Node with the real learning engine on the main thread: a change
// that only adds labels (an answer, a demonstration) or none (a curve point, a setting) appends — it
// writes the new labels and the rest of the session, not the labels already stored — and anything
// else (a relabel, a reset) saves the whole session. A reload appends from the labels it loaded. A
// storage whose append fails gives the one storage notice and the session carries on in memory.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage, type SavedSession, type SessionStorage } from '../../src/app/persistence';
import { SessionStore } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';
import { useNodeBackend } from '../../src/learning/node-backend';
import { mainThreadConnect, untilView } from './store-harness';

const stores: SessionStore[] = [];
let backend = 'cpu';

beforeAll(async () => {
  backend = await useNodeBackend();
});

afterEach(() => {
  while (stores.length) stores.pop()?.close();
});

type Write = { kind: 'save' | 'append'; from: number; labels: number };

/** Memory storage that records every write (and may fail its appends). */
function recording(failAppend?: Error): SessionStorage & { writes: Write[] } {
  const inner = memoryStorage();
  const writes: Write[] = [];
  return {
    writes,
    load: () => inner.load(),
    save: (s: SavedSession) => (writes.push({ kind: 'save', from: 0, labels: s.labels.length }), inner.save(s)),
    appendLabels: (s: SavedSession, from: number) => {
      writes.push({ kind: 'append', from, labels: s.labels.length });
      return failAppend ? Promise.reject(failAppend) : inner.appendLabels!(s, from);
    },
    clear: () => inner.clear(),
  };
}

async function startStore(storage: SessionStorage): Promise<SessionStore> {
  const levelText = readFileSync(new URL('../../levels/warmup.level', import.meta.url), 'utf8');
  const store = new SessionStore({
    storage,
    initial: { backend: backend as 'wasm' | 'cpu', levelId: 'warmup', levelText, seed: 1 },
    connect: mainThreadConnect,
  });
  stores.push(store);
  await store.start();
  return store;
}

const until = (store: SessionStore, check: (v: SessionView) => boolean, ms = 30_000) => untilView(store, check, ms);

async function answer(store: SessionStore): Promise<void> {
  await until(store, (v) => v.query !== null);
  await store.answer('left');
}

describe('SessionStore: writing the session', () => {
  it('appends what only adds labels, saves the whole session otherwise, and appends again after a reload', async () => {
    const storage = recording();
    const store = await startStore(storage);
    await answer(store);
    await answer(store);
    const demo = store.state.labels[0];
    await store.addLabel({ ...demo, provenance: 'demonstration', ...store.nextLabelSlot() }, false);
    await until(store, (v) => v.curve.length > 0);
    expect(store.state.labels).toHaveLength(3);
    // Nothing was stored at the start: the first write saves the whole session, every later one appends.
    const [first, ...rest] = storage.writes;
    expect(first.kind).toBe('save');
    expect(rest.length).toBeGreaterThanOrEqual(3);
    expect(rest.every((w) => w.kind === 'append')).toBe(true);
    const adds = rest.filter((w) => w.labels > w.from);
    expect(adds.every((w) => w.labels === w.from + 1)).toBe(true);
    expect(adds.map((w) => w.labels)).toEqual([1, 2, 3].filter((n) => n > first.labels));
    // A relabel changes a stored label: the whole session is saved.
    storage.writes.length = 0;
    await store.relabel(store.state.labels[1].id, 'right');
    expect(storage.writes[0]).toEqual({ kind: 'save', from: 0, labels: 3 });
    await store.updateSettings({ autoLabelDelayMs: store.state.settings.autoLabelDelayMs + 1 });
    expect(storage.writes.at(-1)).toEqual({ kind: 'append', from: 3, labels: 3 });
    expect((await storage.load())?.labels).toEqual(store.state.labels);
    store.close();

    // A reload appends from the labels it loaded.
    storage.writes.length = 0;
    const reloaded = await startStore(storage);
    expect(reloaded.state.labels).toHaveLength(3);
    await answer(reloaded);
    expect(storage.writes.filter((w) => w.kind === 'save')).toEqual([]);
    expect(storage.writes.find((w) => w.labels === 4)).toEqual({ kind: 'append', from: 3, labels: 4 });
    // A reset replaces the labels: a whole save.
    storage.writes.length = 0;
    await reloaded.newSession();
    expect(storage.writes[0]).toEqual({ kind: 'save', from: 0, labels: 0 });
  }, 120_000);

  it('a reload draws its first plan from the model it left: the same learned reward, no training first', async () => {
    const storage = memoryStorage();
    const store = await startStore(storage);
    for (let i = 0; i < 3; i++) await answer(store);
    await until(store, (v) => v.curve.at(-1)?.labels === 3 && v.trainProgress === null);
    // Labels answered during a burst get one more: the model kept is the one whose snapshot stays put.
    let before = store.state.snapshot!;
    for (;;) {
      await new Promise((r) => setTimeout(r, 300)); // and the model's write, after the snapshot
      if (store.state.snapshot === before && store.state.trainProgress === null) break;
      before = store.state.snapshot!;
    }
    store.close();

    const reloaded = await startStore(storage);
    const first = await until(reloaded, (v) => v.snapshot !== null);
    expect(first.level?.restoredWeights).toBe(true);
    expect(first.snapshot!.metrics.labels).toBe(3);
    for (let c = 0; c < before.cellReward.length; c++) {
      if (Number.isNaN(before.cellReward[c])) expect(first.snapshot!.cellReward[c]).toBeNaN();
      else expect(first.snapshot!.cellReward[c]).toBeCloseTo(before.cellReward[c], 4);
    }
    expect(first.snapshot!.rollout.actions).toEqual(before.rollout.actions);
  }, 120_000);

  it('a failing append gives the one storage notice and the session carries on in memory', async () => {
    const storage = recording(new DOMException('quota', 'QuotaExceededError'));
    const store = await startStore(storage);
    await answer(store);
    await answer(store);
    await answer(store);
    expect(store.state.labels).toHaveLength(3);
    const warnings = store.state.notices.filter((n) => /cannot be saved/.test(n.text));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].text).toMatch(/the browser storage is full/);
    // After the failure nothing more is written.
    expect(storage.writes.filter((w) => w.kind === 'append')).toHaveLength(1);
  }, 120_000);
});
