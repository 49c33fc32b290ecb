/**
 * `<reward-playground>`: the top-level element. It owns one session store (src/app), connects to it
 * through a reactive controller, lays out the sandbox — the agent's view with the assistant's critique,
 * the labelling panel, the learning curves, the controls and the label list — and turns the elements'
 * events into store commands. It is the only element that calls the store.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { builtinLevel } from '../app/builtin-levels';
import { indexedDbStorage } from '../app/persistence';
import { SessionStore } from '../app/session-store';
import type { Claim } from '../core/claims';
import './rp-agent-view';
import './rp-assistant';
import './rp-backend-badge';
import './rp-controls';
import './rp-curves';
import './rp-label-list';
import './rp-label-panel';
import './rp-notices';
import './rp-progress';
import './rp-reference-agent';
import { SessionController } from './session-controller';
import { theme } from './theme';

let instances = 0;

/**
 * The sandbox; see the module doc. Attributes (for embedding): `level` (a built-in id), `seed`,
 * `hide` (comma-separated controls to hide: level, query, ensemble, segment, seed, reset, autolabel),
 * `storage-key` (one saved session per key; by default each instance on a page gets its own).
 */
@customElement('reward-playground')
export class RewardPlayground extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        container-type: inline-size;
        background: var(--rp-page);
        padding: clamp(0.5rem, 2.5vw, 1.25rem);
        border-radius: var(--rp-radius);
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
        margin-bottom: 0.75rem;
      }
      h1 {
        margin: 0;
        font-size: clamp(1.4rem, 4vw, 2rem);
      }
      header p {
        margin: 0.2rem 0 0;
        color: var(--rp-muted);
        max-width: 62ch;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1.05fr) minmax(0, 1fr);
        gap: 1rem;
        align-items: start;
      }
      @container (max-width: 52rem) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
      }
      .column {
        display: grid;
        gap: 1rem;
        min-width: 0;
      }
      .card {
        background: var(--rp-surface);
        border: 1px solid var(--rp-line);
        border-radius: var(--rp-radius);
        padding: 0.9rem 1rem;
        min-width: 0;
      }
      h2 {
        font-size: 1.05rem;
        margin: 0 0 0.4rem;
      }
      .level-summary {
        margin: 0 0 0.5rem;
        color: var(--rp-muted);
      }
      details summary {
        cursor: pointer;
        font-weight: 600;
      }
    `,
  ];

  /** IndexedDB key of this instance's saved session; default 'session', 'session-2', … in page order. */
  @property({ attribute: 'storage-key' }) storageKey = '';
  /** Built-in level to start on (overrides the saved session's level; a new level starts a new session). */
  @property() level = '';
  /** Session seed to start with. */
  @property({ type: Number }) seed: number | undefined = undefined;
  /** Controls to hide, comma-separated (for a lesson or an embedded demo). */
  @property() hide = '';

  @state() private reveal = false;
  @state() private claim: Claim | null = null;
  private controller: SessionController | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.controller) {
      instances += 1;
      const key = this.storageKey || (instances === 1 ? 'session' : `session-${instances}`);
      const builtin = this.level ? builtinLevel(this.level) : undefined;
      const initial = {
        ...(builtin ? { levelId: builtin.id, levelText: builtin.text } : {}),
        ...(this.seed !== undefined && Number.isInteger(this.seed) ? { seed: this.seed } : {}),
      };
      const store = new SessionStore({ storage: indexedDbStorage(key), initial });
      if (this.level && !builtin) queueMicrotask(() => store.notify('error', `There is no built-in level "${this.level}"; showing the default level.`));
      this.controller = new SessionController(this, store);
      void store.start();
    }
  }

  /** The session store (for tests and embedding pages). */
  get store(): SessionStore {
    return (this.controller as SessionController).store;
  }

  override render() {
    const ctl = this.controller;
    if (!ctl) return html``;
    const v = ctl.view;
    const store = ctl.store;
    const space = store.engineSpace;
    const level = builtinLevel(v.settings.levelId);
    const name = level?.name ?? space.world.level.name;
    return html`
      <header>
        <div>
          <h1>Reward Playground</h1>
          <p>Teach an agent by choosing the better of two clips. A reward model learns from your clicks; an assistant points out flaws you might miss.</p>
        </div>
        <rp-backend-badge .report=${v.backend} .runsIn=${v.runsIn} .choice=${v.settings.backend}
          @backend-change=${(e: CustomEvent<{ backend: typeof v.settings.backend }>) => void store.updateSettings({ backend: e.detail.backend })}></rp-backend-badge>
      </header>
      <rp-progress .value=${v.probeProgress} label="Measuring backends…"></rp-progress>
      <rp-notices .notices=${v.notices} @notice-dismiss=${(e: CustomEvent<{ id: number }>) => store.dismissNotice(e.detail.id)}></rp-notices>
      <div class="layout">
        <div class="column">
          <section class="card" aria-labelledby="agent-heading">
            <h2 id="agent-heading">The agent: ${name}</h2>
            <p class="level-summary">${space.world.level.summary}</p>
            <rp-agent-view .space=${space} .snapshot=${v.snapshot} name=${name} ?reveal=${this.reveal} .claim=${this.claim}
              @reveal-change=${(e: CustomEvent<{ reveal: boolean }>) => (this.reveal = e.detail.reveal)}></rp-agent-view>
            <rp-progress .value=${v.trainProgress} label="Training…"></rp-progress>
          </section>
          <section class="card" aria-labelledby="assistant-heading">
            <h2 id="assistant-heading">The assistant</h2>
            <rp-assistant .claims=${v.snapshot?.claims ?? []} .pAccept=${v.snapshot?.pAccept ?? []} verdictCount=${v.verdicts.length}
              .approvals=${v.approvals} ?reveal=${this.reveal} ?disabled=${!v.snapshot}
              @claim-focus=${(e: CustomEvent<{ claim: Claim | null }>) => (this.claim = e.detail.claim)}
              @critique-verdict=${(e: CustomEvent<{ claim: Claim; accepted: boolean; strength: 1 | 2 | 3 }>) => void store.judgeClaim(e.detail.claim, e.detail.accepted, e.detail.strength)}
              @plan-verdict=${(e: CustomEvent<{ approved: boolean }>) => void store.judgePlan(e.detail.approved)}></rp-assistant>
          </section>
          ${this.reveal && level
            ? html`<details class="card"><summary>Reference agent (plans on the true score)</summary>
                <rp-reference-agent level=${level.id} seed=${v.settings.seed}></rp-reference-agent></details>`
            : ''}
        </div>
        <div class="column">
          <section class="card" aria-label="Labelling">
            <rp-label-panel .query=${v.query} .labelCount=${v.labels.length} .space=${space} .show=${this.reveal ? 'truth' : 'observation'}
              ?disabled=${v.phase !== 'ready'}
              @label-answer=${(e: CustomEvent<{ answer: Parameters<SessionStore['answer']>[0]; query: unknown }>) => {
                if (e.detail.query === store.state.query) void store.answer(e.detail.answer, 'person');
              }}
              @demonstration=${(e: CustomEvent<{ label: Omit<Parameters<SessionStore['addLabel']>[0], 'id' | 'heldOut'> }>) =>
                void store.addLabel({ ...e.detail.label, ...store.nextLabelSlot() })}></rp-label-panel>
          </section>
          <section class="card" aria-labelledby="curves-heading">
            <h2 id="curves-heading">Learning curves</h2>
            <rp-curves .curve=${v.curve} .optimal=${this.reveal ? v.level?.optimalTrueReturn : undefined} .uniform=${this.reveal ? v.level?.uniformTrueReturn : undefined}></rp-curves>
          </section>
          <section class="card" aria-labelledby="controls-heading">
            <h2 id="controls-heading">Settings</h2>
            <rp-controls .settings=${v.settings} .autoLabel=${v.autoLabel} .hiddenControls=${this.hiddenControls()}
              @settings-change=${(e: CustomEvent<{ patch: Parameters<SessionStore['updateSettings']>[0] }>) => void store.updateSettings(e.detail.patch)}
              @level-change=${(e: CustomEvent<{ id: string }>) => this.changeLevel(e.detail.id)}
              @auto-label=${(e: CustomEvent<{ on: boolean }>) => store.setAutoLabel(e.detail.on)}
              @session-reset=${() => this.resetSession()}></rp-controls>
          </section>
          <section class="card" aria-labelledby="labels-heading">
            <h2 id="labels-heading">Labels</h2>
            <rp-label-list .labels=${v.labels}></rp-label-list>
          </section>
        </div>
      </div>
    `;
  }

  /** The `hide` attribute as a list of control names. */
  private hiddenControls(): string[] {
    return this.hide
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
  }

  private changeLevel(id: string): void {
    const n = this.store.state.labels.length;
    if (n > 0 && !confirm(`Switching level starts a new session and discards your ${n} ${n === 1 ? 'label' : 'labels'}. Continue?`)) {
      this.requestUpdate(); // puts the picker back on the current level
      return;
    }
    void this.store.setLevel(id);
  }

  private resetSession(): void {
    const n = this.store.state.labels.length;
    if (n > 0 && !confirm(`Start a new session? Your ${n} ${n === 1 ? 'label' : 'labels'} will be discarded.`)) return;
    void this.store.newSession();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reward-playground': RewardPlayground;
  }
}
