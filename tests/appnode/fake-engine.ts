/**
 * A fake learning engine for fast Node tests of the store and its parts: it implements the
 * `EngineApi` calls the page makes with no model at all (pairs cut from seeded rollouts of the
 * level's real state space, hand-built snapshots whose label count is the labels it was given),
 * records every call, and can hold a method's calls until the test lets them go, so a test can
 * replace the session while an answer or a snapshot is in flight.
 */
import type { EngineConnection } from '../../src/app/engine-client';
import type { Label, Segment } from '../../src/core/preferences';
import type { Verdict } from '../../src/core/verdicts';
import type { EnsembleWeights } from '../../src/learning/ensemble';
import type { QueryMode, QueryProposal } from '../../src/core/queries';
import { loadLevel, type StateSpace } from '../../src/core/states';
import type { ChannelSaliency } from '../../src/learning/engine';
import type { BackendChoice, BackendReport, EngineApi, EngineEvent, SnapshotOptions } from '../../src/learning/protocol';
import { fakeWeights, realSegments } from './sessions';
import { snapshotOf } from './snapshots';

/** One call the fake engine received: the method and its arguments. */
export interface EngineCall {
  readonly method: keyof EngineApi;
  readonly args: readonly unknown[];
}

/** A fake engine that keeps the labels it was given and records its calls. */
export class FakeEngine implements EngineApi {
  readonly calls: EngineCall[] = [];
  /** The labels the engine holds now (loadLevel replaces them, addLabels appends, setLabels replaces). */
  labels: readonly Label[] = [];
  /** The saliency a snapshot carries when asked for it (null, as for the features model, by default). */
  saliency: readonly ChannelSaliency[] | null = null;
  private space: StateSpace | null = null;
  private segments: Segment[] = [];
  private proposals = 0;
  private readonly holds = new Map<keyof EngineApi, Promise<void>>();

  /** Holds every later call of `method` until the returned function is called. */
  hold(method: keyof EngineApi): () => void {
    let release = () => {};
    this.holds.set(method, new Promise<void>((r) => (release = r)));
    return () => {
      this.holds.delete(method);
      release();
    };
  }

  /** The calls of `method`, oldest first. */
  callsOf(method: keyof EngineApi): EngineCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private async enter(method: keyof EngineApi, args: readonly unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await this.holds.get(method);
  }

  async init(choice: BackendChoice): Promise<BackendReport> {
    await this.enter('init', [choice]);
    return report(choice);
  }
  async setBackend(choice: BackendChoice): Promise<BackendReport> {
    await this.enter('setBackend', [choice]);
    return report(choice);
  }
  async loadLevel(levelText: string, settings: Parameters<EngineApi['loadLevel']>[1], labels: readonly Label[], verdicts: readonly Verdict[] = [], weights?: EnsembleWeights) {
    await this.enter('loadLevel', [levelText, settings, labels, verdicts, weights]);
    this.space = loadLevel(levelText).space;
    this.segments = realSegments(this.space, settings.segmentLength ?? 10, 1, 4);
    this.labels = labels;
    return { name: 'fake', numStates: this.space.numStates, numTransitions: this.space.numTransitions, optimalTrueReturn: 1, uniformTrueReturn: 0, restoredWeights: weights !== undefined };
  }
  async setVerdicts(verdicts: Parameters<EngineApi['setVerdicts']>[0]): Promise<void> {
    await this.enter('setVerdicts', [verdicts]);
  }
  async setLabels(labels: readonly Label[]): Promise<void> {
    await this.enter('setLabels', [labels]);
    this.labels = labels;
  }
  async addLabels(labels: readonly Label[]): Promise<void> {
    await this.enter('addLabels', [labels]);
    this.labels = [...this.labels, ...labels];
  }
  async train(steps: number) {
    await this.enter('train', [steps]);
    return { loss: 0.5, steps, backend: 'cpu' };
  }
  async snapshot(options?: SnapshotOptions) {
    await this.enter('snapshot', options ? [options] : []);
    const space = this.requireSpace();
    const snapshot = snapshotOf(space, '', new Float32Array(space.numTransitions), { labels: this.labels.length });
    return { ...snapshot, saliency: options?.saliency === false ? null : this.saliency };
  }
  async proposeQuery(mode: QueryMode): Promise<QueryProposal> {
    await this.enter('proposeQuery', [mode]);
    const n = this.proposals++;
    const left = this.segments[n % this.segments.length];
    const right = this.segments[(n + 1) % this.segments.length];
    return { left, right, mode, sources: ['policy', 'random'], information: 0.1, disagreement: 0.01, meanPreference: 0.5, reason: `fake pair ${n + 1}` };
  }
  metrics(): never {
    throw new Error('not faked');
  }
  /** Small made-up weights whose seed is the number of labels held, so a test can tell which were saved. */
  async getWeights(): Promise<EnsembleWeights> {
    await this.enter('getWeights', []);
    return fakeWeights(2, [4], this.labels.length);
  }
  rollout(): never {
    throw new Error('not faked');
  }
  simulate(): never {
    throw new Error('not faked');
  }
  curveFromLabels(): never {
    throw new Error('not faked');
  }

  private requireSpace(): StateSpace {
    if (!this.space) throw new Error('no level loaded');
    return this.space;
  }
}

/** A `connect` option for `SessionStore` that hands out `engine` on the main thread. */
export function fakeConnect(engine: FakeEngine): (onEvent: (e: EngineEvent) => void) => Promise<EngineConnection> {
  return async () => ({ api: engine, runsIn: 'main-thread', close: () => {} });
}

/** Lets every pending promise callback and timer of 0 ms run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

function report(choice: BackendChoice): BackendReport {
  return { backend: choice === 'auto' ? 'cpu' : choice, probe: [] };
}
