// What the Node tests of the session store share: waiting for a view, and a learning engine that
// runs on this thread (EngineHost) instead of in a worker.
import type { SessionStore, StoreOptions } from '../../src/app/session-store';
import type { SessionView } from '../../src/app/session-types';
import { EngineHost } from '../../src/learning/engine-host';

/** The store's view once `check` holds on it (now or after a later update); rejects after `ms`. */
export function untilView(store: SessionStore, check: (v: SessionView) => boolean, ms: number): Promise<SessionView> {
  return new Promise((resolve, reject) => {
    if (check(store.state)) return resolve(store.state);
    const timer = setTimeout(() => (off(), reject(new Error('timed out'))), ms);
    const off = store.subscribe((v) => {
      if (check(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

/** Connects a store to a learning engine on this thread, which yields to the event loop between calls. */
export const mainThreadConnect: NonNullable<StoreOptions['connect']> = async (onEvent) => ({
  api: new EngineHost(onEvent, () => new Promise((r) => setTimeout(r, 0))),
  runsIn: 'main-thread',
  close: () => {},
});
