// The session store against the real learning worker and real IndexedDB in Chromium: labels persist the
// moment they are given, a reload restores them, a storage failure keeps the session in memory with a
// clear notice, and a bad level text changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../../src/app/session-store';
import { indexedDbStorage, memoryStorage, type SessionStorage } from '../../src/app/persistence';
import type { SessionView } from '../../src/app/session-types';

const stores: SessionStore[] = [];

function makeStore(storage: SessionStorage, initial = {}): SessionStore {
  const store = new SessionStore({ storage, initial: { backend: 'wasm', ...initial } });
  stores.push(store);
  return store;
}

function until(store: SessionStore, check: (v: SessionView) => boolean, ms = 60_000): Promise<SessionView> {
  return new Promise((resolve, reject) => {
    if (check(store.state)) return resolve(store.state);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; state: ${JSON.stringify({ phase: store.state.phase, labels: store.state.labels.length, query: !!store.state.query, notices: store.state.notices })}`));
    }, ms);
    const off = store.subscribe((v) => {
      if (check(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

afterEach(() => {
  while (stores.length) stores.pop()?.close();
});

describe('SessionStore', () => {
  it('starts the worker, proposes a pair, records answers at once and persists them', async () => {
    const storage = indexedDbStorage(`test-${Math.random()}`);
    const store = makeStore(storage);
    await store.start();
    expect(store.state.phase).toBe('ready');
    expect(store.state.runsIn).toBe('worker');
    await until(store, (v) => v.query !== null);
    const first = store.state.query;
    await store.answer('left');
    // The answer is stored and saved before training finishes.
    expect(store.state.labels).toHaveLength(1);
    expect(store.state.labels[0]).toMatchObject({ answer: 'left', provenance: 'person', left: first?.left });
    expect((await storage.load())?.labels).toHaveLength(1);
    await until(store, (v) => v.query !== null);
    await store.answer('right');
    await until(store, (v) => v.curve.length > 0 && v.curve[v.curve.length - 1].labels === 2 && v.snapshot !== null);
    expect(store.state.snapshot?.metrics.labels).toBe(2);

    // The curve point is saved just after it is shown; wait for the write before "reloading".
    await expect.poll(async () => (await storage.load())?.curve.length, { timeout: 10_000 }).toBe(store.state.curve.length);
    // A reload (a new store on the same storage) restores the labels, settings and curve.
    store.close();
    const reloaded = makeStore(storage);
    await reloaded.start();
    expect(reloaded.state.labels.map((l) => l.answer)).toEqual(['left', 'right']);
    expect(reloaded.state.curve).toEqual(store.state.curve);
  });

  it('keeps working in memory with a clear notice when storage fails', async () => {
    const failing: SessionStorage = {
      load: async () => undefined,
      save: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      clear: async () => {},
    };
    const store = makeStore(failing);
    await store.start();
    await until(store, (v) => v.query !== null);
    await store.answer('equal');
    expect(store.state.labels).toHaveLength(1);
    expect(store.state.notices.map((n) => n.text).join(' ')).toMatch(/cannot be saved: the browser storage is full/);
  });

  it('rejects a bad level text with its line and column and changes nothing', async () => {
    const store = makeStore(memoryStorage());
    await store.start();
    await until(store, (v) => v.query !== null);
    await store.answer('left');
    const before = store.state.settings;
    const ok = await store.setLevelText('name: Broken\nmax_steps: 10\n---\n#####\n#...#\n');
    expect(ok).toBe(false);
    expect(store.state.settings).toEqual(before);
    expect(store.state.labels).toHaveLength(1);
    expect(store.state.notices.at(-1)?.text).toMatch(/line 4, column 1: no agent/);
  });
});
