// The session store against the real learning worker and real IndexedDB in Chromium: labels persist the
// moment they are given, a reload restores them, a storage failure keeps the session in memory with a
// clear notice, and a bad level text changes nothing. Replacing the session (an import, a level
// change, a reset) is one step: an answer to a pair of the old session is never stored in the new
// one, and a saved label that does not fit the level is set aside instead of failing the load; a
// session made on an older version of a built-in level keeps that level's text.
// Links never destroy work: each level a link opens has its own saved session, a session with labels
// that a page's level replaces is kept as a backup the notice offers to restore, a link without a level
// keeps the visitor's session, and a link's backend is only a preference.
import { afterEach, describe, expect, it } from 'vitest';
import { builtinLevel } from '../../src/app/builtin-levels';
import { connectEngine } from '../../src/app/engine-client';
import { SessionStore } from '../../src/app/session-store';
import { indexedDbStorage, memoryStorage, type SessionStorage } from '../../src/app/persistence';
import { PROBE_MEMORY_KEY } from '../../src/app/probe-memory';
import type { SessionView } from '../../src/app/session-types';
import { encodeBase64, linkSessionKey, parseUrlState, settingsFromUrl } from '../../src/app/url-state';

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

  it('drops an answer to the old pair given while an import is being read; a reload then starts', async () => {
    // A session file on another level.
    const tomato = builtinLevel('tomato');
    if (!tomato) throw new Error('no tomato level');
    const maker = makeStore(memoryStorage(), { levelId: tomato.id, levelText: tomato.text });
    await maker.start();
    for (const answer of ['left', 'right'] as const) {
      await until(maker, (v) => v.query !== null);
      await maker.answer(answer);
    }
    const file = await maker.exportFile();
    maker.close();

    const storage = indexedDbStorage(`test-${Math.random()}`);
    const store = makeStore(storage);
    await store.start();
    expect(store.state.settings.levelId).not.toBe('tomato');
    const old = (await until(store, (v) => v.query !== null)).query;
    const importing = store.importFiles([file]);
    await until(store, (v) => v.settings.levelId === 'tomato');
    // The key press for the pair still drawn arrives after the new session took over.
    await store.answer('left', 'person', old);
    expect(await importing).toBe(true);
    expect(store.state.labels.map((l) => l.id)).toEqual(['l1', 'l2']);
    expect(store.state.notices.filter((n) => n.kind === 'error')).toEqual([]);
    await expect.poll(async () => (await storage.load())?.labels.length, { timeout: 10_000 }).toBe(2);

    store.close();
    const reloaded = makeStore(storage);
    await reloaded.start();
    expect(reloaded.state.phase).toBe('ready');
    expect(reloaded.state.setAsideLabels).toEqual([]);
    expect(reloaded.state.notices.filter((n) => n.kind === 'error')).toEqual([]);
  });

  it('never sends the engine an answer still being saved when the level changes', async () => {
    const storage = indexedDbStorage(`test-${Math.random()}`);
    const store = makeStore(storage);
    await store.start();
    await until(store, (v) => v.query !== null);
    await store.answer('left');
    // Training is under way, so engine calls queue up behind it while the level changes.
    await until(store, (v) => v.trainProgress !== null && v.query !== null);
    const old = store.state.query;
    const answering = store.answer('right');
    const changing = store.setLevel('vase');
    await store.answer('left', 'person', old); // a second press on the old pair: dropped
    await Promise.all([answering, changing]);
    expect(store.state.settings.levelId).toBe('vase');
    expect(store.state.labels).toEqual([]);
    await until(store, (v) => v.query !== null && v.snapshot !== null);
    expect(store.state.notices.filter((n) => n.kind === 'error')).toEqual([]);

    store.close();
    const reloaded = makeStore(storage);
    await reloaded.start();
    expect(reloaded.state.phase).toBe('ready');
    expect(reloaded.state.labels).toEqual([]);
  });

  it('sets aside a saved label that does not fit the level, trains on the rest and keeps it in the export', async () => {
    const storage = indexedDbStorage(`test-${Math.random()}`);
    const store = makeStore(storage);
    await store.start();
    for (const answer of ['left', 'right', 'left'] as const) {
      await until(store, (v) => v.query !== null);
      await store.answer(answer);
    }
    store.close();
    const saved = await storage.load();
    if (!saved) throw new Error('nothing saved');
    // l2's left clip now claims to start in another state: its first step no longer follows from it.
    const start = saved.labels[1].left.start + 1;
    await storage.save({ ...saved, labels: saved.labels.map((l) => (l.id === 'l2' ? { ...l, left: { ...l.left, start } } : l)) });

    const reloaded = makeStore(storage);
    await reloaded.start();
    expect(reloaded.state.phase).toBe('ready');
    expect(reloaded.state.labels.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);
    expect(reloaded.state.setAsideLabels).toEqual(['l2']);
    expect(reloaded.state.notices.map((n) => n.text)).toContain('1 label did not fit this level and was set aside; it stays in the export.');
    expect(reloaded.state.notices.filter((n) => n.kind === 'error')).toEqual([]);
    await until(reloaded, (v) => v.snapshot !== null && v.trainProgress === null);
    expect(reloaded.state.snapshot?.metrics.labels).toBe(2);
    const exported = JSON.parse((await reloaded.exportFile()).text) as { labels: { id: string; left: { start: number } }[] };
    expect(exported.labels.map((l) => l.id)).toEqual(['l1', 'l2', 'l3']);
    expect(exported.labels[1].left.start).toBe(start);

    // New labels keep unique ids and train beside the set-aside one.
    await until(reloaded, (v) => v.query !== null);
    await reloaded.answer('equal');
    expect(reloaded.nextLabelSlot().id).toBe('l5');
    await until(reloaded, (v) => v.snapshot?.metrics.labels === 3 && v.trainProgress === null);

    await reloaded.newSession();
    expect(reloaded.state.phase).toBe('ready');
    expect(reloaded.state.labels).toEqual([]);
    expect(reloaded.state.setAsideLabels).toEqual([]);
  });

  it('keeps the level text a session was made on when that built-in level has changed since', async () => {
    const vase = builtinLevel('vase');
    if (!vase) throw new Error('no vase level');
    // The vase room as an older version shipped it: a shorter step limit.
    const older = vase.text.replace('max_steps: 30', 'max_steps: 25');
    expect(older).not.toBe(vase.text);
    const storage = indexedDbStorage(`test-${Math.random()}`);
    const store = makeStore(storage);
    await store.start();
    await store.setLevelText(older);
    for (const answer of ['left', 'right'] as const) {
      await until(store, (v) => v.query !== null);
      await store.answer(answer);
    }
    store.close();
    const saved = await storage.load();
    if (!saved) throw new Error('nothing saved');
    await storage.save({ ...saved, settings: { ...saved.settings, levelId: 'vase' } });

    const reloaded = makeStore(storage);
    await reloaded.start();
    expect(reloaded.state.phase).toBe('ready');
    expect(reloaded.state.settings).toMatchObject({ levelId: 'custom', levelText: older });
    expect(reloaded.state.labels).toHaveLength(2);
    expect(reloaded.state.setAsideLabels).toEqual([]);
    expect(reloaded.state.notices.map((n) => n.text).join(' ')).toMatch(/The built-in level "Vase room" has changed since this session was saved/);

    // A session without labels simply moves on to the level as it is now.
    const empty = indexedDbStorage(`test-${Math.random()}`);
    await empty.save({ ...saved, labels: [], curve: [], settings: { ...saved.settings, levelId: 'vase' } });
    const fresh = makeStore(empty);
    await fresh.start();
    expect(fresh.state.settings).toMatchObject({ levelId: 'vase', levelText: vase.text });
  });
});

describe('links never destroy work', () => {
  /** Gives `n` answers on a started store. */
  async function label(store: SessionStore, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      await until(store, (v) => v.query !== null);
      await store.answer(i % 2 ? 'right' : 'left');
    }
  }
  const fromLink = (hash: string) => settingsFromUrl(parseUrlState(hash).state);
  /** The storage the page uses for a link: its level's own key, or the visitor's when it names none. */
  const storageFor = (hash: string, own: string) => indexedDbStorage(linkSessionKey(fromLink(hash)) ?? own);

  it('a second link to another level leaves the first link\'s labels where they were', async () => {
    const run = `${Math.random()}`;
    const own = `test-own-${run}`;
    const first = makeStore(storageFor(`#level=vase&seed=3`, own), fromLink('#level=vase&seed=3'));
    await first.start();
    await label(first, 2);
    first.close();
    const second = makeStore(storageFor('#level=tomato', own), fromLink('#level=tomato'));
    await second.start();
    expect(second.state.settings.levelId).toBe('tomato');
    expect(second.state.labels).toEqual([]);
    second.close();
    // Opening the first link again finds its labels.
    const again = makeStore(storageFor('#level=vase&seed=3', own), fromLink('#level=vase&seed=3'));
    await again.start();
    expect(again.state.settings.levelId).toBe('vase');
    expect(again.state.labels).toHaveLength(2);
  });

  it('a page level that replaces a saved session with labels keeps it as a backup, offered back by the notice', async () => {
    const storage = indexedDbStorage(`test-${Math.random()}`);
    const first = makeStore(storage, fromLink('#level=vase'));
    await first.start();
    await label(first, 2);
    first.close();
    // The same saved session is opened for another level (one storage key for both, as links used to share).
    const second = makeStore(storage, fromLink('#level=tomato'));
    await second.start();
    expect(second.state.settings.levelId).toBe('tomato');
    expect(second.state.labels).toEqual([]);
    const notice = second.state.notices.find((n) => n.action === 'restore-backup');
    expect(notice?.text).toMatch(/Your earlier session here \(2 labels on "Vase room"\) was kept as a backup/);
    expect((await storage.loadBackup?.())?.labels).toHaveLength(2);

    await label(second, 1);
    expect(await second.restoreBackup()).toBe(true);
    expect(second.state.settings.levelId).toBe('vase');
    expect(second.state.labels).toHaveLength(2);
    expect(second.state.notices.filter((n) => n.kind === 'error')).toEqual([]);
    // The session the restore replaced is the backup now: nothing was lost either way.
    expect((await storage.loadBackup?.())?.settings.levelId).toBe('tomato');
    expect((await storage.loadBackup?.())?.labels).toHaveLength(1);
    await expect.poll(async () => (await storage.load())?.labels.length, { timeout: 10_000 }).toBe(2);
  });

  it('without a backup, a saved session with labels keeps its level instead of being replaced', async () => {
    const inner = memoryStorage();
    const noBackup: SessionStorage = { load: () => inner.load(), save: (s) => inner.save(s), clear: () => inner.clear() };
    const first = makeStore(noBackup, fromLink('#level=vase'));
    await first.start();
    await label(first, 1);
    first.close();
    const second = makeStore(noBackup, fromLink('#level=tomato'));
    await second.start();
    expect(second.state.settings.levelId).toBe('vase');
    expect(second.state.labels).toHaveLength(1);
  });

  it('a link without a level keeps the visitor\'s level and labels', async () => {
    const own = `test-own-${Math.random()}`;
    const mine = makeStore(indexedDbStorage(own), { levelId: 'tomato', levelText: builtinLevel('tomato')?.text });
    await mine.start();
    await label(mine, 2);
    mine.close();
    // Another link was opened meanwhile.
    const other = makeStore(storageFor('#level=vase', own), fromLink('#level=vase'));
    await other.start();
    other.close();
    const hideOnly = makeStore(storageFor('#hide=seed', own), fromLink('#hide=seed'));
    await hideOnly.start();
    expect(hideOnly.state.settings.levelId).toBe('tomato');
    expect(hideOnly.state.labels).toHaveLength(2);
  });

  it("a link's level too large for the planner is found in the page worker: the session opens on the default level, saying why", async () => {
    // 16,896 reachable states; with max_steps 480 a level may have 4,158.
    const rows = ['############', '#A.V..V..V.#', '#..........#', '#.V..V..V..#', '#..........#', '#.....V...G#', '#..........#', '#.V........#', '############'];
    const hash = `#text=${encodeBase64(new TextEncoder().encode(`name: Over\nmax_steps: 480\n---\n${rows.join('\n')}\n`), true)}`;
    expect(parseUrlState(hash).errors).toEqual([]); // only parsed by the link's check
    const store = makeStore(memoryStorage(), fromLink(hash));
    await store.start();
    expect(store.state.settings.levelId).toBe('warmup');
    expect(store.state.notices.map((n) => n.text)).toContainEqual(expect.stringMatching(/^The link's level could not be loaded \(line 4, column 1: too many reachable states for the planner: more than 4,158 with max_steps 480/));
    expect(store.state.phase).toBe('ready');
    await until(store, (v) => v.query !== null);
  });

  it('a backend the link names but the browser lacks is a preference: the engine starts on another, with a notice', async () => {
    const store = new SessionStore({
      storage: memoryStorage(),
      initial: fromLink('#backend=webgpu'),
      // This browser has WebGPU (SwiftShader); the engine answers as it does where it has none.
      connect: async (onEvent) => {
        const connection = await connectEngine(onEvent);
        const init: typeof connection.api.init = (choice, paths) => (choice === 'webgpu' ? Promise.reject(new Error('the webgpu backend is not available in this browser')) : connection.api.init(choice, paths));
        return { ...connection, api: { ...connection.api, init } };
      },
    });
    stores.push(store);
    await store.start();
    expect(store.state.phase).toBe('ready');
    expect(store.state.settings.backend).toBe('auto');
    expect(store.state.notices.map((n) => n.text).join(' ')).toMatch(/The webgpu backend is not available here .*; using \w+(, the fastest available one measured| until the backends are measured)/);
    await until(store, (v) => v.query !== null);
  });

  it('a first visit starts on the first backend ready, answers and trains, and measures the backends once the session is quiet, keeping the model', async () => {
    localStorage.removeItem(PROBE_MEMORY_KEY);
    const store = new SessionStore({ storage: memoryStorage(), initial: { backend: 'auto' } });
    stores.push(store);
    await store.start();
    expect(store.state.backend).toMatchObject({ backend: 'wasm', probe: [], provisional: true });
    // Labels go on while nothing is measured: each answer is trained on at once.
    for (let i = 0; i < 2; i++) {
      await until(store, (v) => v.query !== null);
      await store.answer('left');
    }
    await until(store, (v) => v.curve.at(-1)?.labels === 2);
    expect(store.state.backend?.provisional).toBe(true);
    const learned = store.state.snapshot!.cellReward;
    // Quiet now: the probe runs, its choice takes over (remembered for this browser), the weights go with it.
    const measured = await until(store, (v) => v.backend !== null && !v.backend.provisional && v.probeProgress === null, 60_000);
    expect(measured.backend!.probe.length).toBeGreaterThan(0);
    expect(measured.backend!.measuredAt).toBeTypeOf('number');
    expect(JSON.parse(localStorage.getItem(PROBE_MEMORY_KEY) ?? 'null')).toMatchObject({ backend: measured.backend!.backend });
    expect(store.state.labels).toHaveLength(2);
    await store.answer('right');
    const after = await until(store, (v) => v.curve.at(-1)?.labels === 3);
    expect(after.snapshot!.cellReward.length).toBe(learned.length);
    expect(store.state.notices.filter((n) => n.kind === 'error')).toEqual([]);
  }, 120_000);

  it('Auto-label answers at the model\'s pace: the same seed gives the same labels alone or sharing the machine', async () => {
    const LABELS = 15;
    /** Auto-label's first LABELS labels on the interrupt level, in a fresh session with seed 3. */
    async function autoLabels(): Promise<unknown[]> {
      const store = makeStore(memoryStorage(), { levelId: 'interrupt', levelText: builtinLevel('interrupt')!.text, seed: 3, autoLabelDelayMs: 0 });
      await store.start();
      store.setAutoLabel(true);
      await until(store, (v) => v.labels.length >= LABELS, 90_000);
      store.setAutoLabel(false);
      return store.state.labels.slice(0, LABELS).map((l) => ({ answer: l.answer, left: l.left, right: l.right }));
    }
    const alone = await autoLabels();
    // Two runs at once each get about half the machine: their training is slower, their labels the same.
    const [a, b] = await Promise.all([autoLabels(), autoLabels()]);
    expect(a).toEqual(alone);
    expect(b).toEqual(alone);
  }, 240_000);
});
