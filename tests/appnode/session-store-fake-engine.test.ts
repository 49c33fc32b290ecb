// The session store with a fake learning engine (no model, no tfjs), so each case runs in well under a
// second: a relabel sends the engine every label again and saves the whole session; an import or a
// new session replaces the labels in the engine and on screen; a settings change rebuilds the model,
// re-proposes pairs or switches backend, as the setting asks; and an answer to a pair of a session
// replaced since — given after the replacement, or still being saved when it came — is dropped:
// never stored, never sent to the engine.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage, type SavedSession, type SessionStorage } from '../../src/app/persistence';
import { exportSession } from '../../src/app/session-file';
import { modelFingerprint, type SavedModel } from '../../src/app/model-memory';
import { SessionStore } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';
import type { Label } from '../../src/core/preferences';
import { FakeEngine, fakeConnect, settle } from './fake-engine';
import { realSession } from './sessions';
import { untilView } from './store-harness';

const stores: SessionStore[] = [];
afterEach(() => {
  while (stores.length) stores.pop()?.close();
});

type Write = { kind: 'save' | 'append'; labels: number };

/** Memory storage that records its writes and can hold them until the test lets them go. */
function recording() {
  const inner = memoryStorage();
  const writes: Write[] = [];
  let gate: Promise<void> | null = null;
  const storage: SessionStorage = {
    load: () => inner.load(),
    save: async (s: SavedSession) => {
      writes.push({ kind: 'save', labels: s.labels.length });
      await gate;
      return inner.save(s);
    },
    appendLabels: async (s: SavedSession, from: number) => {
      writes.push({ kind: 'append', labels: s.labels.length });
      await gate;
      return inner.appendLabels!(s, from);
    },
    clear: () => inner.clear(),
    saveModel: (m) => inner.saveModel!(m),
    loadModel: () => inner.loadModel!(),
  };
  /** Holds every later write until the returned function is called. */
  const hold = () => {
    let release = () => {};
    gate = new Promise<void>((r) => (release = r));
    return () => {
      gate = null;
      release();
    };
  };
  return { storage, writes, inner, hold };
}

/** A started store on warm-up with `labels` saved labels, its engine the fake. */
async function startStore(labels = 6) {
  const rec = recording();
  const session = realSession('warmup', { labels });
  await rec.inner.save({ version: 1, settings: { ...session.settings, backend: 'cpu' }, labels: session.labels, curve: [], verdicts: [], approvals: [] });
  const engine = new FakeEngine();
  const store = new SessionStore({ storage: rec.storage, connect: fakeConnect(engine) });
  stores.push(store);
  await store.start();
  await until(store, (v) => v.query !== null && v.snapshot !== null && v.trainProgress === null);
  return { store, engine, ...rec };
}

const until = (store: SessionStore, check: (v: SessionView) => boolean, ms = 5_000) => untilView(store, check, ms);

const ids = (labels: readonly Label[]) => labels.map((l) => l.id);

describe('SessionStore with a fake engine', () => {
  it('starts from the saved labels: the engine is loaded with them and trains the reload schedule', async () => {
    const { store, engine } = await startStore();
    expect(store.state.phase).toBe('ready');
    expect(engine.callsOf('loadLevel')).toHaveLength(1);
    expect(ids(engine.labels)).toEqual(ids(store.state.labels));
    expect(engine.callsOf('train').length).toBeGreaterThan(0);
    expect(store.state.curve.map((p) => p.labels)).toEqual([store.state.labels.length]);
  });

  it('offers a pair before the engine starts; answers given meanwhile are saved, reach the engine after its first snapshot, and never twice', async () => {
    const rec = recording();
    const session = realSession('warmup', { labels: 4 });
    await rec.inner.save({ version: 1, settings: { ...session.settings, backend: 'cpu' }, labels: session.labels, curve: [], verdicts: [], approvals: [] });
    const engine = new FakeEngine();
    const releaseInit = engine.hold('init'); // the backend probe, still running
    const store = new SessionStore({ storage: rec.storage, connect: fakeConnect(engine) });
    stores.push(store);
    const started = store.start();
    const first = await until(store, (v) => v.query !== null);
    expect(first.phase).toBe('starting');
    expect(first.query?.reason).toMatch(/before the reward model was ready/);
    await store.answer('left');
    expect(store.state.query).not.toBeNull(); // a second opening pair, at once
    expect(store.state.query).not.toBe(first.query);
    await store.answer('right');
    await settle();
    const n = session.labels.length + 2;
    expect(store.state.labels).toHaveLength(n);
    expect((await rec.inner.load())?.labels).toHaveLength(n);
    expect(engine.callsOf('loadLevel')).toHaveLength(0);
    expect(engine.callsOf('addLabels')).toHaveLength(0);
    const onScreen = store.state.query;
    releaseInit();
    await started;
    await until(store, (v) => v.snapshot !== null && v.trainProgress === null && engine.callsOf('addLabels').length === 1);
    await settle();
    // Loaded with the saved labels; the two answers follow after the first snapshot, as answers do.
    expect(engine.callsOf('loadLevel')).toHaveLength(1);
    expect(ids(engine.callsOf('loadLevel')[0].args[2] as Label[])).toEqual(ids(session.labels));
    expect(ids(engine.callsOf('addLabels')[0].args[0] as Label[])).toEqual(ids(store.state.labels.slice(-2)));
    expect(ids(engine.labels)).toEqual(ids(store.state.labels));
    expect(store.state.query).toBe(onScreen); // the pair on screen stayed, and is still answerable
    await store.answer('equal');
    expect(store.state.labels).toHaveLength(n + 1);
    await until(store, () => engine.callsOf('addLabels').length === 2);
    await settle();
    expect(ids(engine.labels)).toEqual(ids(store.state.labels));
  });

  it('keeps the model after a burst; a reload takes it instead of retraining, and retrains when the labels differ', async () => {
    const { store, inner } = await startStore();
    await until(store, (v) => v.curve.length > 0 && v.trainProgress === null);
    await settle();
    const model = (await inner.loadModel!()) as SavedModel | undefined;
    expect(model?.fingerprint).toBe(modelFingerprint(store.state.settings, store.state.labels));
    store.close();

    const again = new FakeEngine();
    const reloaded = new SessionStore({ storage: inner, connect: fakeConnect(again) });
    stores.push(reloaded);
    await reloaded.start();
    await until(reloaded, (v) => v.snapshot !== null && v.trainProgress === null);
    expect(again.callsOf('loadLevel')[0].args[4]).toEqual(model?.weights);
    expect(again.callsOf('train')).toHaveLength(0); // the first plan comes from the kept model
    reloaded.close();

    // One more label saved without its model (the page closed before the burst ended): retrain.
    const saved = (await inner.load())!;
    const extra = realSession('warmup', { labels: 8 }).labels[7];
    await inner.save({ ...saved, labels: [...saved.labels, { ...extra, id: `l${saved.labels.length + 1}` }] });
    const third = new FakeEngine();
    const retrained = new SessionStore({ storage: inner, connect: fakeConnect(third) });
    stores.push(retrained);
    await retrained.start();
    await until(retrained, (v) => v.snapshot !== null && v.trainProgress === null);
    expect(third.callsOf('loadLevel')[0].args[4]).toBeUndefined();
    expect(third.callsOf('train').length).toBeGreaterThan(0);
  });

  it('writes the kept model at most once per interval while labels come fast, the latest at the end of the wait', { timeout: 15_000 }, async () => {
    const rec = recording();
    const written: string[] = [];
    const storage: SessionStorage = { ...rec.storage, saveModel: (m) => (written.push(m.fingerprint), rec.inner.saveModel!(m)) };
    const session = realSession('warmup', { labels: 6 });
    await rec.inner.save({ version: 1, settings: { ...session.settings, backend: 'cpu' }, labels: session.labels, curve: [], verdicts: [], approvals: [] });
    const store = new SessionStore({ storage, connect: fakeConnect(new FakeEngine()), modelWriteIntervalMs: 2000 });
    stores.push(store);
    await store.start();
    await until(store, (v) => v.query !== null && v.snapshot !== null && v.trainProgress === null && v.curve.length > 0);
    await settle();
    expect(written).toHaveLength(1); // the first model is written at once
    const start = performance.now();
    // Three answers, each trained on at once: each burst keeps a model, none is written yet.
    for (let i = 0; i < 3; i++) {
      await until(store, (v) => v.query !== null);
      const points = store.state.curve.length;
      await store.answer('left');
      await until(store, (v) => v.curve.length > points && v.trainProgress === null);
      await settle();
    }
    // The answers take tens of milliseconds with the fake engine; on a machine so slow that they
    // took the whole interval, one more write in between would be right, so only the end is checked.
    const quick = performance.now() - start < 2000;
    if (quick) expect(written).toHaveLength(1);
    // At the end of the interval the latest model is written: the one of all nine labels.
    await vi.waitFor(() => expect(written.length).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 20 });
    await settle();
    expect(written.at(-1)).toBe(modelFingerprint(store.state.settings, store.state.labels));
    if (quick) expect(written).toHaveLength(2);
    expect((await rec.inner.loadModel!() as SavedModel).fingerprint).toBe(written.at(-1));
  });

  it('a relabel sends the engine every label with the new answer, retrains, and saves the whole session', async () => {
    const { store, engine, writes } = await startStore();
    const before = store.state.labels[1];
    const answer = before.answer === 'equal' ? 'left' : 'equal';
    writes.length = 0;
    const trainedBefore = engine.callsOf('train').length;
    await store.relabel(before.id, answer);
    expect(store.state.labels[1]).toMatchObject({ id: before.id, answer, provenance: 'person' });
    expect(store.state.reviewedLabels).toEqual([before.id]);
    expect(writes[0]).toEqual({ kind: 'save', labels: store.state.labels.length });
    await until(store, () => engine.callsOf('setLabels').length === 1);
    expect((engine.callsOf('setLabels')[0].args[0] as Label[])[1].answer).toBe(answer);
    await until(store, (v) => v.trainProgress === null && engine.callsOf('train').length > trainedBefore);
    await settle();
    expect(engine.labels[1].answer).toBe(answer);
  });

  it('several labels corrected at once: every new answer reaches the engine in one set, and the model retrains', async () => {
    const { store, engine } = await startStore();
    const [a, untouched, b] = store.state.labels;
    const flip = (x: Label['answer']) => (x === 'left' ? 'right' : 'left');
    const trainedBefore = engine.callsOf('train').length;
    await store.relabelAll([
      { labelId: a.id, answer: flip(a.answer) },
      { labelId: b.id, answer: flip(b.answer) },
    ]);
    expect(store.state.labels[0]).toMatchObject({ id: a.id, answer: flip(a.answer), provenance: 'person' });
    expect(store.state.labels[2]).toMatchObject({ id: b.id, answer: flip(b.answer), provenance: 'person' });
    expect(store.state.labels[1]).toBe(untouched);
    await until(store, () => engine.callsOf('setLabels').length === 1);
    const sent = engine.callsOf('setLabels')[0].args[0] as Label[];
    expect([sent[0].answer, sent[2].answer]).toEqual([flip(a.answer), flip(b.answer)]);
    await until(store, (v) => v.trainProgress === null && engine.callsOf('train').length > trainedBefore);
  });

  it('an answer stores a label, appends it and sends it to the engine; an answer to a pair of a replaced session is dropped', async () => {
    const { store, engine, writes } = await startStore();
    const n = store.state.labels.length;
    writes.length = 0;
    await store.answer('left');
    expect(store.state.labels).toHaveLength(n + 1);
    expect(writes).toEqual([{ kind: 'append', labels: n + 1 }]);
    await until(store, () => engine.callsOf('addLabels').length === 1);
    const old = store.state.query!;
    await store.newSession();
    expect(store.state.labels).toEqual([]);
    expect(engine.labels).toEqual([]);
    expect(store.state.query).not.toBe(old); // the new session's own pair
    await store.answer('left', 'person', old);
    expect(store.state.labels).toEqual([]);
    expect(engine.callsOf('addLabels')).toHaveLength(1);
  });

  it('an answer still being saved when an import replaces the session never reaches the engine', async () => {
    const { store, engine, hold } = await startStore();
    const release = hold();
    const answered = store.answer('left'); // waits on its write
    await settle();
    const file = realSession('warmup', { labels: 3, seed: 5, author: 'Ada' });
    const imported = store.importFiles([{ name: 'ada.json', text: exportSession(file) }]);
    await until(store, (v) => v.settings.seed === 5); // the imported session is on screen
    release();
    expect(await imported).toBe(true);
    await answered;
    await until(store, (v) => v.snapshot !== null && v.trainProgress === null);
    await settle();
    expect(ids(store.state.labels)).toEqual(ids(file.labels));
    expect(ids(engine.labels)).toEqual(ids(file.labels));
    expect(engine.callsOf('addLabels')).toHaveLength(0);
    expect(store.state.curve.map((p) => p.labels)).toEqual([...new Set([...file.curve.map((p) => p.labels)])]);
  });

  it('an import of a bad file changes nothing and says which file', async () => {
    const { store, engine } = await startStore();
    const labels = store.state.labels;
    expect(await store.importFiles([{ name: 'broken.json', text: '{"format":' }])).toBe(false);
    expect(store.state.labels).toBe(labels);
    expect(engine.callsOf('loadLevel')).toHaveLength(1);
    expect(store.state.notices.at(-1)?.text).toMatch(/^Nothing was imported — broken\.json: /);
  });

  it('a model setting rebuilds the model from the labels; the query mode only re-proposes pairs; the backend switches', async () => {
    const { store, engine } = await startStore();
    const old = store.state.query!;
    expect(store.state.settings.members).not.toBe(3);
    await store.updateSettings({ members: 3 });
    expect(engine.callsOf('loadLevel')).toHaveLength(2);
    expect(engine.callsOf('loadLevel')[1].args[1]).toMatchObject({ members: 3 });
    expect(ids(engine.labels)).toEqual(ids(store.state.labels));
    const n = store.state.labels.length;
    await store.answer('left', 'person', old); // a pair of the model before the rebuild
    expect(store.state.labels).toHaveLength(n);

    await until(store, (v) => v.query !== null && v.trainProgress === null);
    const proposed = engine.callsOf('proposeQuery').length;
    await store.updateSettings({ queryMode: 'random' });
    expect(engine.callsOf('loadLevel')).toHaveLength(2);
    expect(engine.callsOf('proposeQuery').slice(proposed).map((c) => c.args[0])).toContain('random');
    expect(store.state.query?.mode).toBe('random');

    await store.updateSettings({ backend: 'wasm' });
    expect(engine.callsOf('setBackend').map((c) => c.args[0])).toEqual(['wasm']);
    expect(store.state.backend?.backend).toBe('wasm');
    expect(engine.callsOf('loadLevel')).toHaveLength(2);
  });
});
