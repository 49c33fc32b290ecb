// Persistence against real IndexedDB in Chromium: labels are stored LABELS_PER_RECORD to a record, so an
// answer rewrites the one label record it joins and the small head record, never the whole session; a
// whole save that shrinks the session removes the label records beyond its count; sessions saved in the
// older one-record layout still load and move to the new layout on the next whole save; and an append
// that is cut short (a transaction abort) or told the wrong count writes nothing, leaving the session
// as it was.
import { createStore, get, set } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtinLevel } from '../../src/app/builtin-levels';
import { indexedDbStorage, LABELS_PER_RECORD, labelRecordKey, memoryStorage, SESSION_DATABASE, StaleAppendError, type SavedSession } from '../../src/app/persistence';
import { defaultSettings } from '../../src/app/settings';
import type { Action } from '../../src/core/gridworld';
import type { Label } from '../../src/core/preferences';

const level = builtinLevel('vase')!;
const raw = createStore(SESSION_DATABASE.name, SESSION_DATABASE.store);

/** A label of clips 10 steps long, as the page makes them (the content does not matter here). */
function label(i: number): Label {
  const segment = (start: number) => ({
    start,
    startStep: 0,
    actions: Array.from({ length: 10 }, (_, k) => ((start + k) % 4) as Action),
    transitions: Array.from({ length: 10 }, (_, k) => start * 4 + k),
    length: 10,
  });
  return { id: `l${i + 1}`, left: segment(i), right: segment(i + 1), answer: i % 2 ? 'left' : 'right', provenance: 'person', heldOut: (i + 1) % 5 === 0 };
}

function session(n: number): SavedSession {
  return {
    version: 1,
    settings: defaultSettings(level.id, level.text),
    labels: Array.from({ length: n }, (_, i) => label(i)),
    curve: [{ labels: n, trueReturn: 1, apparentReturn: 2, learnedReturn: 3, normalizedReturn: 0.5, heldOutAccuracy: 0.75, disagreement: 0.1 }],
    verdicts: [],
    approvals: [],
    reviewedLabels: [],
  };
}

const C = LABELS_PER_RECORD;

/** How many label records are stored under `key`. */
const labelRecords = (key: string) => raw('readonly', (s) => new Promise<number>((resolve) => (s.count(IDBKeyRange.bound(labelRecordKey(key, 0), labelRecordKey(key, Infinity))).onsuccess = (e) => resolve((e.target as IDBRequest<number>).result))));

const newKey = () => `test-${Math.random()}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('indexedDbStorage', () => {
  it('an append writes only the label record it joins and the head', async () => {
    const key = newKey();
    const storage = indexedDbStorage(key);
    const n = 8 * C - 1; // one short of a full last record
    const before = session(n);
    await storage.save(before);
    expect(await labelRecords(key)).toBe(8);
    const after = { ...before, labels: [...before.labels, label(n)], curve: [...before.curve, { ...before.curve[0], labels: n + 1 }] };
    const put = vi.spyOn(IDBObjectStore.prototype, 'put');
    await storage.appendLabels!(after, n);
    // The last label record (now full) and the head: not the records before it.
    expect(put.mock.calls.map((c) => c[1])).toEqual(expect.arrayContaining([key, labelRecordKey(key, 7)]));
    expect(put).toHaveBeenCalledTimes(2);
    expect(put.mock.calls.find((c) => Array.isArray(c[0]))?.[0]).toEqual(after.labels.slice(7 * C));
    put.mockClear();
    // The next label starts a new record, written alone.
    const next = { ...after, labels: [...after.labels, label(n + 1)] };
    await storage.appendLabels!(next, n + 1);
    expect(put.mock.calls.map((c) => c[1])).toEqual(expect.arrayContaining([key, labelRecordKey(key, 8)]));
    expect(put.mock.calls.find((c) => Array.isArray(c[0]))?.[0]).toEqual([label(n + 1)]);
    expect(put).toHaveBeenCalledTimes(2);
    put.mockClear();
    expect(await labelRecords(key)).toBe(9);
    expect(await storage.load()).toEqual(next);
    // Nothing new but the head (a curve point, a setting): one write.
    await storage.appendLabels!({ ...next, curve: [] }, n + 2);
    expect(put).toHaveBeenCalledTimes(1);
    expect((await storage.load())?.curve).toEqual([]);
    expect((await storage.load())?.labels).toEqual(session(n + 2).labels);
  });

  it('a whole save that shrinks the session removes the label records beyond it, and no other key’s', async () => {
    const key = newKey();
    const storage = indexedDbStorage(key);
    const neighbour = indexedDbStorage(`${key}-2`);
    await neighbour.save(session(4));
    await storage.save(session(3 * C + 10));
    expect(await labelRecords(key)).toBe(4);
    await storage.save(session(C + 3));
    expect(await labelRecords(key)).toBe(2);
    expect((await storage.load())?.labels).toEqual(session(C + 3).labels);
    await storage.save(session(3));
    expect(await labelRecords(key)).toBe(1);
    expect((await storage.load())?.labels).toEqual(session(3).labels);
    await storage.save(session(0));
    expect(await labelRecords(key)).toBe(0);
    expect((await storage.load())?.labels).toEqual([]);
    expect((await neighbour.load())?.labels).toHaveLength(4);
    await storage.clear();
    expect(await storage.load()).toBeUndefined();
    expect(await get(key, raw)).toBeUndefined();
    expect((await neighbour.load())?.labels).toHaveLength(4);
  });

  it('loads a session saved as one record, refuses to append to it, and moves it to label records on the next save', async () => {
    const key = newKey();
    const old = session(7);
    await set(key, old, raw);
    const storage = indexedDbStorage(key);
    expect(await storage.load()).toEqual(old);
    // Appending to the older layout would lose the labels inside its record: nothing is written.
    await expect(storage.appendLabels!(session(8), 7)).rejects.toBeInstanceOf(StaleAppendError);
    expect(await get(key, raw)).toEqual(old);
    await storage.save(session(8));
    expect(await get(key, raw)).toMatchObject({ version: 2, labelCount: 8 });
    expect((await get<{ labels?: unknown }>(key, raw))?.labels).toBeUndefined();
    expect(await labelRecords(key)).toBe(1);
    expect(await storage.load()).toEqual(session(8));
    // Records of another size (a later version's) are rewritten whole, never appended to.
    await set(key, { ...(await get(key, raw)), labelsPerRecord: C + 1 }, raw);
    await expect(storage.appendLabels!(session(9), 8)).rejects.toBeInstanceOf(StaleAppendError);
    expect(await storage.load()).toEqual(session(8));
    // A session under the older shared key is still found through the fallback key.
    const fallback = newKey();
    await set(fallback, old, raw);
    expect(await indexedDbStorage(newKey(), fallback).load()).toEqual(old);
  });

  it('an append cut short by an abort, or told the wrong count, leaves the stored session whole', async () => {
    const key = newKey();
    const storage = indexedDbStorage(key);
    const saved = session(C - 1);
    await storage.save(saved);
    // The second new label (in a new record) cannot be stored — a function does not clone —: the
    // first record, already put with the first new label, must not stay either.
    const broken = { ...label(C), note: () => 0 } as unknown as Label;
    const cut = { ...saved, labels: [...saved.labels, label(C - 1), broken], curve: [] };
    await expect(storage.appendLabels!(cut, C - 1)).rejects.toThrow(/clone/i);
    expect(await labelRecords(key)).toBe(1);
    expect(await storage.load()).toEqual(saved);
    // A count that disagrees with the stored one (another writer, a lost write) writes nothing.
    await expect(storage.appendLabels!(session(C + 1), C)).rejects.toBeInstanceOf(StaleAppendError);
    await expect(indexedDbStorage(newKey()).appendLabels!(session(1), 0)).rejects.toBeInstanceOf(StaleAppendError);
    expect(await storage.load()).toEqual(saved);
    // The session carries on from there.
    await storage.appendLabels!(session(C + 1), C - 1);
    expect(await storage.load()).toEqual(session(C + 1));
  });
});

describe('the saved reward model', () => {
  it('is kept beside the session, read back with its Float32Arrays, replaced by the next, and removed by clear', async () => {
    const storage = indexedDbStorage(newKey());
    const model = (seed: number) => ({ fingerprint: `f${seed}`, weights: { shapes: [[2, 3, 1]], values: [Float32Array.from({ length: 6 }, (_, i) => i * seed)] } });
    await storage.save(session(3));
    expect(await storage.loadModel!()).toBeUndefined();
    await storage.saveModel!(model(1));
    await storage.saveModel!(model(2));
    const back = (await storage.loadModel!()) as ReturnType<typeof model>;
    expect(back).toEqual(model(2));
    expect(back.weights.values[0]).toBeInstanceOf(Float32Array);
    expect(await storage.load()).toEqual(session(3)); // the session is untouched
    await storage.clear();
    expect(await storage.loadModel!()).toBeUndefined();
  });
});

describe('memoryStorage', () => {
  it('appends like IndexedDB: only after the stored count, and keeps its own copies', async () => {
    const storage = memoryStorage();
    await expect(storage.appendLabels!(session(1), 0)).rejects.toBeInstanceOf(StaleAppendError);
    await storage.save(session(2));
    const next = session(3);
    await storage.appendLabels!(next, 2);
    expect(await storage.load()).toEqual(next);
    await expect(storage.appendLabels!(session(5), 4)).rejects.toBeInstanceOf(StaleAppendError);
    (next.labels[2] as { answer: string }).answer = 'equal';
    expect((await storage.load())?.labels[2].answer).toBe(label(2).answer);
  });
});
