// One writer per saved session, in real Chromium: Web Locks belong to the origin, so two stores on the
// same storage key in one page stand for two tabs. The first writes; the second refuses every change
// with a notice, never overwrites the writer's labels, and becomes the writer (with all the labels)
// when the first closes or when it asks to take over.
import { afterEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/preferences';
import { indexedDbStorage } from '../../src/app/persistence';
import { claimSessionLock } from '../../src/app/session-lock';
import { SessionStore } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';

const stores: SessionStore[] = [];

function makeStore(key: string): SessionStore {
  const store = new SessionStore({ storage: indexedDbStorage(key), initial: { backend: 'wasm' } });
  stores.push(store);
  return store;
}

function until(store: SessionStore, check: (v: SessionView) => boolean, ms = 60_000): Promise<SessionView> {
  return new Promise((resolve, reject) => {
    if (check(store.state)) return resolve(store.state);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; state: ${JSON.stringify({ phase: store.state.phase, labels: store.state.labels.length, readOnly: store.state.readOnly, query: !!store.state.query })}`));
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

async function answerOnce(store: SessionStore, answer: Answer): Promise<void> {
  await until(store, (v) => v.query !== null);
  await store.answer(answer);
}

const READ_ONLY = /This session is open in another tab; this tab is read-only\. Close the other tab or open your own session here/;

afterEach(() => {
  while (stores.length) stores.pop()?.close();
});

describe('two tabs on one session', () => {
  it('keeps every label of the writer; the second tab refuses, then writes once the first closes', async () => {
    const key = `lock-${Math.random()}`;
    const storage = indexedDbStorage(key);
    const first = makeStore(key);
    const second = makeStore(key);
    await first.start();
    await second.start();
    for (let i = 0; i < 5; i++) {
      await answerOnce(first, 'left');
      await answerOnce(second, 'right');
    }
    expect(second.state.labels).toEqual([]);
    expect(first.state.labels.map((l) => l.answer)).toEqual(['left', 'left', 'left', 'left', 'left']);
    await expect.poll(async () => (await storage.load())?.labels.length, { timeout: 10_000 }).toBe(5);
    expect((await storage.load())?.labels).toEqual(first.state.labels);
    expect(second.state.readOnly).toBe(true);
    expect(first.state.readOnly).toBe(false);
    const notice = second.state.notices.find((n) => READ_ONLY.test(n.text));
    expect(notice?.action).toBe('take-over');
    // A level switch in the read-only tab is refused too: it never undoes the writer's session.
    const level = first.state.settings.levelId;
    await second.setLevel('vase');
    expect(second.state.settings.levelId).toBe(level);
    expect((await storage.load())?.settings.levelId).toBe(level);

    first.close();
    const taken = await until(second, (v) => !v.readOnly && v.labels.length === 5);
    expect(taken.labels).toEqual(first.state.labels);
    expect(taken.notices.some((n) => n.action === 'take-over')).toBe(false);
    await answerOnce(second, 'right');
    await expect.poll(async () => (await storage.load())?.labels.length, { timeout: 10_000 }).toBe(6);
  });

  it('hands the session over when the read-only tab asks; the old writer becomes read-only', async () => {
    const key = `lock-${Math.random()}`;
    const storage = indexedDbStorage(key);
    const first = makeStore(key);
    const second = makeStore(key);
    await first.start();
    await second.start();
    await answerOnce(first, 'left');
    await answerOnce(first, 'right');
    expect(second.state.readOnly).toBe(true);

    second.takeOver();
    await until(second, (v) => !v.readOnly && v.labels.length === 2);
    await until(first, (v) => v.readOnly);
    expect(first.state.notices.find((n) => READ_ONLY.test(n.text))?.action).toBe('take-over');
    await answerOnce(first, 'left'); // refused: the first tab only shows the session now
    await answerOnce(second, 'equal');
    expect(first.state.labels).toHaveLength(2);
    await expect.poll(async () => (await storage.load())?.labels.map((l) => l.answer), { timeout: 10_000 }).toEqual(['left', 'right', 'equal']);
  });

  it('lets every page write where Web Locks are missing', async () => {
    const locks = Object.getOwnPropertyDescriptor(Navigator.prototype, 'locks');
    Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined });
    try {
      const key = `lock-${Math.random()}`;
      const a = await claimSessionLock(key, { onGranted() {}, onStepDown() {} });
      const b = await claimSessionLock(key, { onGranted() {}, onStepDown() {} });
      expect([a.writer, b.writer]).toEqual([true, true]);
    } finally {
      if (locks) Object.defineProperty(Navigator.prototype, 'locks', locks);
    }
  });

  it('grants the lock to one claimant at a time and to the next when it is released', async () => {
    const key = `lock-${Math.random()}`;
    let granted = 0;
    const a = await claimSessionLock(key, { onGranted() {}, onStepDown() {} });
    const b = await claimSessionLock(key, { onGranted: () => void granted++, onStepDown() {} });
    expect([a.writer, b.writer, granted]).toEqual([true, false, 0]);
    a.lock.release();
    await expect.poll(() => granted).toBe(1);
    b.lock.release();
    const c = await claimSessionLock(key, { onGranted() {}, onStepDown() {} });
    expect(c.writer).toBe(true);
    c.lock.release();
  });
});
