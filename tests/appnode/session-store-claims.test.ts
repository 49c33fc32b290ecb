// The session store's accept-critique action in Node, with the real learning engine on the main
// thread (EngineHost, WASM or CPU backend) and in-memory storage: accepting an `uncertain` claim puts
// its pair (the agent's plan vs the alternative) on screen for the person and stores no label;
// accepting an accusing claim stores "fix ≻ original", which truly scores more.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/app/persistence';
import { SessionStore } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';
import { segmentSum } from '../../src/core/preferences';
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

/** A started store on a built-in level, its engine on this thread. */
async function startStore(levelId: string): Promise<SessionStore> {
  const levelText = readFileSync(new URL(`../../levels/${levelId}.level`, import.meta.url), 'utf8');
  const store = new SessionStore({
    storage: memoryStorage(),
    initial: { backend: backend as 'wasm' | 'cpu', levelId, levelText, seed: 1 },
    connect: mainThreadConnect,
  });
  stores.push(store);
  await store.start();
  return store;
}

const until = (store: SessionStore, check: (v: SessionView) => boolean, ms = 30_000) => untilView(store, check, ms);

describe('SessionStore: accepting a claim', () => {
  it('an uncertain claim becomes the pair on screen, not a label; the answer is the person’s', async () => {
    const store = await startStore('supervisor');
    const view = await until(store, (v) => v.snapshot !== null && v.query !== null);
    const claim = view.snapshot!.claims.find((c) => c.kind === 'uncertain' && c.fix !== null);
    expect(claim).toBeDefined();
    await store.judgeClaim(claim!, true, 2);
    expect(store.state.labels).toHaveLength(0);
    expect(store.state.verdicts).toHaveLength(1);
    // The verdict keeps the P(accept) shown for the claim, for the reliability diagram.
    expect(store.state.verdicts[0].pAccept).toBe(view.snapshot!.pAccept[view.snapshot!.claims.indexOf(claim!)]);
    const query = store.state.query!;
    expect(query.reason).toMatch(new RegExp(`unsure about step ${claim!.step}`));
    const rollout = view.snapshot!.rollout;
    expect(query.left.transitions).toEqual(rollout.transitions.slice(query.left.startStep));
    expect(query.right.transitions).toEqual(claim!.fix!.transitions.slice(query.right.startStep));
    await store.answer('right');
    expect(store.state.labels).toHaveLength(1);
    expect(store.state.labels[0]).toMatchObject({ provenance: 'person', answer: 'right', left: query.left, right: query.right });
  }, 60_000);

  it('an accusing claim becomes "fix ≻ original", truly better', async () => {
    const store = await startStore('lava');
    const view = await until(store, (v) => v.snapshot !== null && v.query !== null);
    const claim = view.snapshot!.claims.find((c) => c.kind !== 'uncertain');
    expect(claim).toBeDefined();
    const before = store.state.query;
    await store.judgeClaim(claim!, true, 3);
    expect(store.state.labels).toHaveLength(1);
    const label = store.state.labels[0];
    expect(label.provenance).toBe('assistant');
    expect(store.state.query).toBe(before); // the pair on screen stays
    const space = store.engineSpace;
    expect(segmentSum(label.left, space.trueReward)).toBeGreaterThan(segmentSum(label.right, space.trueReward));
  }, 60_000);
});
