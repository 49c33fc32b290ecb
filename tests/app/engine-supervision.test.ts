// A supervised learning engine, in Chromium with the real worker: a worker script that fails to load
// falls back to the main thread; a worker that dies, throws outside a call or stops answering is
// noticed, its pending calls fail clearly, and the store restarts the engine from its labels with one
// notice. Nothing waits forever.
import { afterEach, describe, expect, it } from 'vitest';
import { connectEngine, type EngineConnection } from '../../src/app/engine-client';
import { memoryStorage } from '../../src/app/persistence';
import { SessionStore } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';

const stores: SessionStore[] = [];
const connections: EngineConnection[] = [];
const RESTARTED = /The learning engine stopped and was restarted; your labels are safe/;

afterEach(() => {
  while (stores.length) stores.pop()?.close();
  while (connections.length) connections.pop()?.close();
});

/** Rejects with a clear message when `promise` takes longer than `ms`: a stall fails fast and says so. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`stalled: ${what} did not settle within ${ms} ms`)), ms)),
  ]);
}

function until(store: SessionStore, check: (v: SessionView) => boolean, what: string, ms = 90_000): Promise<SessionView> {
  return new Promise((resolve, reject) => {
    if (check(store.state)) return resolve(store.state);
    const timer = setTimeout(() => {
      off();
      const { phase, labels, query, snapshot, notices } = store.state;
      reject(new Error(`timed out waiting for ${what}; state: ${JSON.stringify({ phase, labels: labels.length, query: !!query, snapshot: snapshot?.metrics.labels ?? null, notices })}`));
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

/** A store whose engine workers come from `createWorker` (each one kept in `workers`). */
function storeWith(createWorker: () => Worker): SessionStore {
  const store = new SessionStore({
    storage: memoryStorage(),
    initial: { backend: 'wasm' },
    connect: (onEvent, options) => connectEngine(onEvent, { ...options, createWorker }),
  });
  stores.push(store);
  return store;
}

/** The real learning worker, recorded so a test can break it. */
function realWorkers(): { workers: Worker[]; create: () => Worker } {
  const workers: Worker[] = [];
  const create = () => {
    const worker = new Worker(new URL('../../src/learning/worker.ts', import.meta.url), { type: 'module' });
    workers.push(worker);
    return worker;
  };
  return { workers, create };
}

/** Starts `store` and gives three answers; resolves once the model has trained on them. */
async function sessionWithThreeLabels(store: SessionStore): Promise<void> {
  await within(store.start(), 90_000, 'start');
  expect(store.state.phase).toBe('ready');
  for (const answer of ['left', 'right', 'left'] as const) {
    await until(store, (v) => v.query !== null, 'a pair');
    await store.answer(answer);
  }
  await until(store, (v) => v.snapshot?.metrics.labels === 3 && v.query !== null, 'a snapshot trained on 3 labels');
}

/** Checks that the store came back with every label, one restart notice and no error notice. */
async function expectRestarted(store: SessionStore, ids: readonly string[]): Promise<void> {
  await until(store, (v) => v.notices.some((n) => RESTARTED.test(n.text)), 'the restart notice');
  await until(store, (v) => v.phase === 'ready' && v.snapshot?.metrics.labels === ids.length && v.query !== null, 'the restarted engine');
  expect(store.state.labels.map((l) => l.id)).toEqual(ids);
  const texts = store.state.notices.map((n) => n.text);
  expect(texts.filter((t) => RESTARTED.test(t)), texts.join(' | ')).toHaveLength(1);
  expect(store.state.notices.filter((n) => n.kind === 'error'), texts.join(' | ')).toEqual([]);
  // And it keeps working: a fourth answer trains.
  await store.answer('right');
  await until(store, (v) => v.snapshot?.metrics.labels === ids.length + 1, 'a snapshot after one more answer');
}

describe('a supervised learning engine', () => {
  it('a worker script that 404s: the engine falls back to the main thread and the store reaches ready', async () => {
    const store = storeWith(() => new Worker('/no-such-learning-worker.js', { type: 'module' }));
    await within(store.start(), 90_000, 'start with a missing worker script');
    expect(store.state.phase).toBe('ready');
    expect(store.state.runsIn).toBe('main-thread');
    await until(store, (v) => v.query !== null, 'a pair');
  });

  it('a worker terminated mid-session: the store notices, restarts, keeps every label, one notice', async () => {
    const { workers, create } = realWorkers();
    const store = storeWith(create);
    await sessionWithThreeLabels(store);
    const ids = store.state.labels.map((l) => l.id);
    // An answer, then the death at once: the answer's training calls go to a worker that is gone.
    const answered = store.answer('right');
    workers[0].terminate();
    await answered;
    await expectRestarted(store, [...ids, 'l4']);
    expect(workers.length).toBeGreaterThanOrEqual(2);
  });

  it('an uncaught error in the worker: one notice, a fresh worker, every label kept', async () => {
    const { workers, create } = realWorkers();
    const store = storeWith(create);
    await sessionWithThreeLabels(store);
    const ids = store.state.labels.map((l) => l.id);
    // The worker's message handler throws on a null message: an error outside any call.
    workers[0].postMessage(null);
    await expectRestarted(store, ids);
    expect(workers.length).toBe(2);
    expect(store.state.runsIn).toBe('worker');
  });

  it('a call the worker never answers fails with a clear message after its time limit, and the connection reports the stop', async () => {
    // A stand-in that starts properly, then never answers anything.
    const source = `postMessage({ event: 'ready' }); onmessage = () => {};`;
    const connection = await connectEngine(() => {}, {
      createWorker: () => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' }),
      callBudgetMs: () => 300,
    });
    connections.push(connection);
    expect(connection.runsIn).toBe('worker');
    const stopped = new Promise<string>((resolve) => connection.onStop?.(resolve));
    await expect(within(connection.api.metrics(), 10_000, 'an unanswered call')).rejects.toThrow(/learning worker: no answer to metrics within 0\.3 s/);
    expect(await within(stopped, 5_000, 'the stop report')).toMatch(/no answer to metrics/);
  });
});
