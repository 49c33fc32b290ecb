// The label-budget challenge in Node: what counts against the budget (the person's own answers and
// demonstrations), and the session store with the real learning engine on this thread — a challenge
// starts a new session with the budget in its settings, takes no more of the person's labels once it
// is spent, keeps Auto-label off, and runs the exact labeller off-line on the same budget and seed
// without touching the session's model.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { budgetLeft, budgetUsed, countsAgainstBudget } from '../../src/app/challenge';
import { memoryStorage } from '../../src/app/persistence';
import { SessionStore } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';
import { defaultSettings, engineSettingsOf, sanitizeSettings } from '../../src/app/settings';
import { useNodeBackend } from '../../src/learning/node-backend';
import { mainThreadConnect, untilView } from './store-harness';

describe('the budget', () => {
  it('counts the person’s answers and demonstrations, not Auto-label’s or the assistant’s', () => {
    expect(['person', 'demonstration', 'labeller', 'assistant'].map((provenance) => countsAgainstBudget({ provenance: provenance as 'person' }))).toEqual([true, true, false, false]);
    const labels = [{ provenance: 'person' as const }, { provenance: 'assistant' as const }, { provenance: 'demonstration' as const }];
    expect(budgetUsed(labels)).toBe(2);
    expect(budgetLeft({ budget: 3 }, labels)).toBe(1);
    expect(budgetLeft({ budget: 2 }, labels)).toBe(0);
    expect(budgetLeft({ budget: 1 }, labels)).toBe(0);
    expect(budgetLeft({ budget: null }, labels)).toBeNull();
  });

  it('is a setting: null (off) or a whole number from 1 to 200; a session saved without it has none', () => {
    const base = defaultSettings('warmup', 'x');
    expect(base.budget).toBeNull();
    expect(sanitizeSettings({ budget: 10 }, base).budget).toBe(10);
    expect(sanitizeSettings({ budget: null }, { ...base, budget: 10 }).budget).toBeNull();
    for (const bad of [0, 201, 2.5, -3, Number.NaN, '10']) expect(sanitizeSettings({ budget: bad as number }, { ...base, budget: 7 }).budget).toBe(7);
    const old: Record<string, unknown> = { ...base };
    delete old.budget;
    expect(sanitizeSettings({}, old as unknown as typeof base).budget).toBeNull();
  });
});

const stores: SessionStore[] = [];
let backend = 'cpu';
beforeAll(async () => {
  backend = await useNodeBackend();
});
afterEach(() => {
  while (stores.length) stores.pop()?.close();
});

const until = (store: SessionStore, check: (v: SessionView) => boolean, ms = 30_000) => untilView(store, check, ms);

describe('SessionStore: a label-budget challenge', () => {
  it('starts a new session with the budget, stops at it, keeps Auto-label off, and simulates the same budget off-line', async () => {
    const levelText = readFileSync(new URL('../../levels/warmup.level', import.meta.url), 'utf8');
    const storage = memoryStorage();
    const store = new SessionStore({
      storage,
      initial: { backend: backend as 'wasm' | 'cpu', levelId: 'warmup', levelText, seed: 2, members: 2 },
      connect: mainThreadConnect,
    });
    stores.push(store);
    await store.start();
    await until(store, (v) => v.query !== null);
    await store.answer('left');
    expect(store.state.labels).toHaveLength(1);

    await store.startChallenge(2);
    expect(store.state.settings.budget).toBe(2);
    expect(store.state.labels).toHaveLength(0); // a new session
    store.setAutoLabel(true);
    expect(store.state.autoLabel).toBe(false);
    expect(store.state.notices.at(-1)?.text).toMatch(/Auto-label is off during a label-budget challenge/);

    for (let i = 0; i < 3; i++) {
      await until(store, (v) => v.query !== null);
      await store.answer('left');
    }
    expect(store.state.labels.map((l) => l.provenance)).toEqual(['person', 'person']); // the third was refused
    expect(budgetLeft(store.state.settings, store.state.labels)).toBe(0);

    // The burst's last snapshot (an earlier one, after its first steps, adds no curve point).
    const settled = await until(store, (v) => v.curve.at(-1)?.labels === 2 && v.trainProgress === null);
    const before = settled.snapshot!.metrics;
    const simulate = (query: 'active' | 'random') => store.offline((engine) => engine.simulate(levelText, engineSettingsOf(store.state.settings), { labels: 2, query }));
    const active = await simulate('active');
    expect(active.curve.map((p) => p.labels)).toEqual([0, 1, 2]);
    expect(Number.isFinite(active.normalizedReturn)).toBe(true);
    const random = await simulate('random');
    expect(random.labels).toBe(2);
    // The session's own model was not touched.
    expect(await store['requireEngine']().metrics()).toEqual(before);

    expect((await storage.load())?.settings.budget).toBe(2); // saved with the session: a reload keeps the challenge

    await store.updateSettings({ budget: null }); // the challenge ends; labelling goes on
    await until(store, (v) => v.query !== null);
    await store.answer('right');
    expect(store.state.labels).toHaveLength(3);
  }, 90_000);
});
