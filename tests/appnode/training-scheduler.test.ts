// The training scheduler against a fake engine and a bare host (no store, no model): a burst trains in
// short calls, then one snapshot and one curve point (and, with a plan on screen, an early snapshot
// after the first call that trained on a new label, keeping the saliency on screen); the pairs kept ready fill up; work for a
// generation that was replaced meanwhile is dropped; a failing call is one notice, a stopped engine
// none; off-line calls wait their turn.
import { beforeEach, describe, expect, it } from 'vitest';
import { EngineStoppedError } from '../../src/app/engine-client';
import { initialView, type Notice, type SessionView } from '../../src/app/session-types';
import { defaultSettings } from '../../src/app/settings';
import { BURST_STEPS, CALL_STEPS, QUEUE_SIZE, TrainingScheduler } from '../../src/app/training-scheduler';
import { builtinText } from '../core/helpers';
import { FakeEngine, settle } from './fake-engine';

/** A host that keeps a view like the store's, and the notices and saves it was asked for. */
function host(engine: FakeEngine | null, onUpdate: (view: SessionView) => void = () => {}, keepModel?: (labels: number) => Promise<void>) {
  const state = {
    view: initialView(defaultSettings('warmup', builtinText('warmup'))) as SessionView,
    notices: [] as { kind: Notice['kind']; text: string }[],
    saves: 0,
    engine,
  };
  const scheduler: TrainingScheduler = new TrainingScheduler({
    view: () => state.view,
    update: (patch) => {
      if (patch.query) scheduler.shown(patch.query);
      state.view = { ...state.view, ...patch };
      onUpdate(state.view);
    },
    notify: (kind, text) => void state.notices.push({ kind, text }),
    engine: () => state.engine,
    persist: async () => void state.saves++,
    ...(keepModel ? { keepModel } : {}),
  });
  return { state, scheduler };
}

let engine: FakeEngine;
beforeEach(async () => {
  engine = new FakeEngine();
  await engine.loadLevel(builtinText('warmup'), { members: 3, segmentLength: 8, seed: 1, queryMode: 'active' } as never, []);
  engine.calls.length = 0;
});

describe('TrainingScheduler', () => {
  it('trains a burst in calls of CALL_STEPS, then records one snapshot and curve point and keeps the pairs ready', async () => {
    const { state, scheduler } = host(engine);
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    const trained = engine.callsOf('train').map((c) => c.args[0] as number);
    expect(trained.reduce((a, b) => a + b, 0)).toBe(BURST_STEPS);
    expect(Math.max(...trained)).toBeLessThanOrEqual(CALL_STEPS);
    expect(engine.callsOf('snapshot')).toHaveLength(1);
    expect(state.view.snapshot).not.toBeNull();
    expect(state.view.curve).toHaveLength(1);
    expect(state.view.trainProgress).toBeNull();
    expect(state.saves).toBe(1);
    expect(state.view.query).not.toBeNull();
    expect(scheduler.isCurrent(state.view.query!)).toBe(true);
    // Besides the pair on screen, QUEUE_SIZE pairs wait: the next answers show a pair at once.
    let ready = 0;
    while (scheduler.nextPair()) ready++;
    expect(ready).toBe(QUEUE_SIZE);
  });

  it('with a plan on screen, shows one early snapshot after the first call, then the last with its curve point', async () => {
    engine.saliency = [{ channel: 'goal', value: 1 }];
    const seen: { trainedSteps: number; training: boolean }[] = [];
    const saliencies: unknown[] = [];
    let last: SessionView['snapshot'] = null;
    const { state, scheduler } = host(engine, (v) => {
      if (v.snapshot === last) return;
      last = v.snapshot;
      saliencies.push(v.snapshot?.saliency);
      seen.push({ trainedSteps: engine.callsOf('train').reduce((a, c) => a + (c.args[0] as number), 0), training: v.trainProgress !== null });
    });
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    const first = state.view.snapshot;
    await engine.addLabels([]);
    engine.calls.length = 0;
    state.saves = 0;
    seen.length = 0;
    engine.saliency = [{ channel: 'agent', value: 2 }];
    saliencies.length = 0;
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    expect(engine.callsOf('snapshot')).toHaveLength(2);
    // The early snapshot skips the saliency and keeps the bars already on screen; the last one measures it.
    expect(engine.callsOf('snapshot').map((c) => c.args)).toEqual([[{ saliency: false }], []]);
    expect(saliencies).toEqual([[{ channel: 'goal', value: 1 }], [{ channel: 'agent', value: 2 }]]);
    expect(state.view.snapshot).not.toBe(first);
    expect(seen).toEqual([
      { trainedSteps: CALL_STEPS, training: true }, // the early one, mid-burst
      { trainedSteps: BURST_STEPS, training: false },
    ]);
    expect(state.view.curve).toHaveLength(1); // the same label count: no second point
    expect(state.saves).toBe(1);
  });

  it('labels that come during a burst get one more burst, with no early snapshot when nothing new waits, and the model is kept once it has caught up', async () => {
    let labelDuringBurst: (() => void) | null = null;
    const kept: number[] = [];
    const { state, scheduler } = host(
      engine,
      (v) => {
        if (v.trainProgress === 0 && labelDuringBurst) {
          const give = labelDuringBurst;
          labelDuringBurst = null;
          give();
        }
      },
      async (n) => void kept.push(n),
    );
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    engine.calls.length = 0;
    kept.length = 0;
    labelDuringBurst = () => void scheduler.schedule(scheduler.generation, BURST_STEPS); // a label while this burst trains
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    expect(engine.callsOf('train').reduce((a, c) => a + (c.args[0] as number), 0)).toBe(2 * BURST_STEPS);
    expect(engine.callsOf('snapshot')).toHaveLength(3); // early + last of the first burst, the last of the second
    expect(kept).toHaveLength(1); // after the second burst only
    expect(state.view.trainProgress).toBeNull();
  });

  it('a label given mid-burst is shown in a plan right after the next call, which trained on it, with nothing between the two', async () => {
    const { state, scheduler } = host(engine, (v) => {
      if (v.trainProgress !== 0.5 || given) return;
      given = true; // as the store gives a label: sent to the engine in turn, then scheduled
      void scheduler.enqueue(() => engine.addLabels([]));
      void scheduler.schedule(scheduler.generation, BURST_STEPS);
    });
    let given = false;
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    engine.calls.length = 0;
    given = false;
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    const calls = engine.calls.map((c) => c.method).filter((m) => m !== 'proposeQuery');
    // The burst's first call trained on the labels scheduled before it (early snapshot); the label
    // given at half way reaches the engine after the call in flight, and the call after it shows it.
    expect(calls).toEqual([
      'train', 'snapshot', // early
      'train', 'addLabels', 'train', 'snapshot', // the label's plan, one call after it arrived
      'train', 'snapshot', // the burst's last
      'train', 'train', 'train', 'train', 'snapshot', // one more burst for the label; nothing new to show early
    ]);
    expect(state.view.trainProgress).toBeNull();
  });

  it('without new labels only refreshes the snapshot, and keeps the curve point of a label count already recorded', async () => {
    const { state, scheduler } = host(engine);
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    await scheduler.schedule(scheduler.generation, 0);
    expect(engine.callsOf('snapshot')).toHaveLength(2);
    expect(state.view.curve).toHaveLength(1);
    await scheduler.schedule(scheduler.generation, BURST_STEPS, false);
    expect(engine.callsOf('train').length).toBe(BURST_STEPS / CALL_STEPS);
  });

  it('drops the snapshot, training and pairs of a generation replaced while they were in flight', async () => {
    const { state, scheduler } = host(engine);
    const first = scheduler.generation;
    const release = engine.hold('snapshot');
    const burst = scheduler.schedule(first, BURST_STEPS);
    await settle(20);
    expect(engine.callsOf('snapshot')).toHaveLength(1); // held
    const oldPair = state.view.query!;
    expect(scheduler.isCurrent(oldPair)).toBe(true);
    const next = scheduler.replace();
    expect(next).toBe(first + 1);
    expect(scheduler.isCurrent(oldPair)).toBe(false);
    expect(scheduler.nextPair()).toBeNull();
    const proposalsBefore = engine.callsOf('proposeQuery').length;
    release();
    await burst;
    expect(state.view.snapshot).toBeNull();
    expect(state.view.curve).toHaveLength(0);
    expect(engine.callsOf('proposeQuery')).toHaveLength(proposalsBefore);
    // A pair first shown after the replacement belongs to the new generation.
    await scheduler.freshPairs();
    expect(scheduler.isCurrent(state.view.query!)).toBe(true);
  });

  it('one pump per generation: a second request during a burst adds a burst, not a second pump', async () => {
    const { scheduler } = host(engine);
    const gen = scheduler.generation;
    const a = scheduler.schedule(gen, BURST_STEPS);
    const b = scheduler.schedule(gen, BURST_STEPS);
    await Promise.all([a, b]);
    expect(engine.callsOf('snapshot').length).toBeLessThanOrEqual(2);
    expect(engine.callsOf('train').length).toBeLessThanOrEqual((2 * BURST_STEPS) / CALL_STEPS);
  });

  it('reports a failing call once as a notice, a stopped engine not at all, and runs off-line calls in turn', async () => {
    const { state, scheduler } = host(engine);
    const order: string[] = [];
    void scheduler.enqueue(async () => void order.push('a'));
    const offline = scheduler.offline(async (e) => (order.push('offline'), e === engine));
    await scheduler.enqueue(async () => {
      throw new Error('boom');
    });
    await scheduler.enqueue(async () => {
      throw new EngineStoppedError('the worker ended');
    });
    expect(await offline).toBe(true);
    expect(order).toEqual(['a', 'offline']);
    expect(state.notices).toEqual([{ kind: 'error', text: 'Learning engine: boom' }]);
    await expect(scheduler.offline(async () => Promise.reject(new Error('off-line failed')))).rejects.toThrow('off-line failed');
    await scheduler.idle(); // an off-line failure is its caller's: the chain goes on
    expect(state.notices).toHaveLength(1);
  });

  it('neither trains nor proposes pairs without an engine', async () => {
    const { state, scheduler } = host(null);
    await scheduler.schedule(scheduler.generation, BURST_STEPS);
    expect(state.view.query).toBeNull();
    expect(state.view.snapshot).toBeNull();
    expect(engine.calls).toHaveLength(0);
  });
});
