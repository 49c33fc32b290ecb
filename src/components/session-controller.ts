/**
 * Connects a Lit host to the session store: subscribes in hostConnected, unsubscribes in
 * hostDisconnected, and asks the host to render on every new view (lit.dev "Reactive controllers").
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionStore } from '../app/session-store';
import type { SessionView } from '../app/session-types';

/** Keeps `view` current and re-renders the host when the store changes. */
export class SessionController implements ReactiveController {
  /** The latest view of the session. */
  view: SessionView;
  private unsubscribe: (() => void) | null = null;

  /** Attaches to `host` and reads from `store`. */
  constructor(
    private readonly host: ReactiveControllerHost,
    readonly store: SessionStore,
  ) {
    this.view = store.state;
    host.addController(this);
  }

  hostConnected(): void {
    this.view = this.store.state;
    this.unsubscribe = this.store.subscribe((view) => {
      this.view = view;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
