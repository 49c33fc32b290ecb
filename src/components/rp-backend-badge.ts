/**
 * `<rp-backend-badge>`: a small button naming the reward model's backend ("WASM · worker"). It opens
 * a dialog with the probe's measurements and a select to override the choice, reported with a
 * `backend-change` event; the owner switches the backend and passes the new report down.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SessionView } from '../app/session-types';
import type { Settings } from '../app/settings';
import { theme } from './theme';

/** The backend in use and the probe's table (the engine's BackendReport). */
export type BackendReportView = NonNullable<SessionView['backend']>;
/** One measured backend of the probe. */
export type ProbeRowView = BackendReportView['probe'][number];
/** A backend choice: measured ('auto') or named. */
export type BackendChoice = Settings['backend'];

/** Detail of `backend-change`: the backend the person chose. */
export interface BackendChangeDetail {
  readonly backend: BackendChoice;
}

const NAMES: Readonly<Record<string, string>> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };
/** Display name of a tfjs backend id ('wasm' → 'WASM'); unknown ids are shown as they are. */
export const backendName = (id: string): string => NAMES[id] ?? id;

const CHOICES: readonly (readonly [BackendChoice, string])[] = [
  ['auto', 'Automatic (measured)'],
  ['webgpu', 'WebGPU'],
  ['webgl', 'WebGL'],
  ['wasm', 'WASM'],
  ['cpu', 'CPU'],
];

const WHERE = { worker: 'worker', 'main-thread': 'main thread' } as const;

/**
 * Backend badge and probe dialog. @fires backend-change - the person chose a backend.
 * @fires backend-remeasure - the person asked to measure the backends again.
 */
@customElement('rp-backend-badge')
export class RpBackendBadge extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: inline-block;
      }
      .badge {
        min-height: 2rem;
        padding: 0.15rem 0.7rem;
        border-radius: 999px;
        font-size: 0.9rem;
        font-weight: 600;
      }
      .warn {
        color: #8a3b00;
      }
      dialog {
        border: 1px solid var(--rp-line);
        border-radius: var(--rp-radius);
        padding: 1.25rem;
        max-width: min(40rem, calc(100vw - 2rem));
        color: var(--rp-ink);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.35);
      }
      h2 {
        margin: 0 0 0.5rem;
        font-size: 1.2rem;
      }
      .note {
        border-left: 4px solid #d55e00;
        background: #fff4ec;
        padding: 0.4rem 0.7rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
        margin: 0.5rem 0 1rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.6rem;
        border-bottom: 1px solid var(--rp-line);
      }
      .wide {
        overflow-x: auto;
      }
      td.num {
        text-align: right;
      }
      tr.chosen {
        font-weight: 700;
        background: #eef4fc;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        justify-content: space-between;
      }
      label {
        font-weight: 600;
        margin-right: 0.5rem;
      }
    `,
  ];

  /** The backend in use and the probe's table; null while the engine starts. */
  @property({ attribute: false }) report: BackendReportView | null = null;
  /** Where the learning engine runs; null while unknown. */
  @property({ attribute: false }) runsIn: 'worker' | 'main-thread' | null = null;
  /** The person's setting: 'auto' (measured) or a named backend. */
  @property({ attribute: false }) choice: BackendChoice = 'auto';
  /** 0–1 progress of the backend probe while it measures, else null. */
  @property({ attribute: false }) progress: number | null = null;

  override render() {
    const r = this.report;
    const where = this.runsIn ? ` · ${WHERE[this.runsIn]}` : '';
    const measuring = this.progress !== null ? `measuring… ${Math.round(this.progress * 100)}%` : null;
    const text = measuring ?? (r ? `${backendName(r.backend)}${where}` : 'starting…');
    return html`
      <button class="badge" aria-haspopup="dialog" title="Show how the backend was chosen" @click=${this.open}>
        Backend: ${text}${r?.note ? html` <span class="warn" aria-hidden="true">⚠</span><span class="sr">(changed on its own)</span>` : nothing}
      </button>
      <dialog aria-labelledby="title" @close=${() => this.requestUpdate()}>
        <h2 id="title">Reward-model backend</h2>
        <p>${r ? html`In use: <strong>${backendName(r.backend)}</strong>${this.runsIn ? html`, in the ${this.runsIn === 'worker' ? 'Web Worker (the page never waits on it)' : 'main thread'}` : nothing}.` : 'The engine is starting.'}</p>
        ${r?.note ? html`<p class="note" role="note">${r.note}</p>` : nothing}
        ${this.probeTable()}
        ${r?.measuredAt !== undefined && this.choice === 'auto'
          ? html`<p class="row">
              <span>${r.reused ? 'Measured in this browser on' : 'Measured on'} ${new Date(r.measuredAt).toLocaleString()}${r.reused ? ' and taken again without measuring' : ''}.</span>
              <button @click=${this.onRemeasure}>Measure again</button>
            </p>`
          : nothing}
        <div class="row">
          <div>
            <label for="choice">Use backend</label>
            <select id="choice" @change=${this.onChoice}>
              ${CHOICES.map(([v, name]) => html`<option value=${v} ?selected=${v === this.choice}>${name}</option>`)}
            </select>
          </div>
          <button class="primary" autofocus @click=${this.close}>Close</button>
        </div>
      </dialog>
    `;
  }

  private probeTable() {
    const rows = this.report?.probe ?? [];
    if (this.report?.provisional) {
      return html`<p class="row">
        <span>Not measured yet: the engine started on ${backendName(this.report.backend)}, the first backend ready, so that the first plans need not wait. The backends are measured once you pause, and the fastest takes over.</span>
        <button @click=${this.onRemeasure}>Measure now</button>
      </p>`;
    }
    if (!rows.length) return html`<p>No measurements: ${this.report ? 'the backend was chosen by hand.' : 'the probe has not run yet.'}</p>`;
    const times = rows.filter((p) => p.available && p.msPerStep != null).map((p) => p.msPerStep as number);
    const fastest = times.length ? Math.min(...times) : null;
    return html`<div class="wide"><table>
      <caption class="sr">The probe times one training step on each backend and picks the fastest.</caption>
      <thead>
        <tr><th scope="col">Backend</th><th scope="col">Available</th><th scope="col">ms per step</th><th scope="col">× fastest</th><th scope="col">Error</th></tr>
      </thead>
      <tbody>
        ${rows.map((p) => {
          const ms = p.available ? p.msPerStep : null;
          return html`<tr class=${p.backend === this.report?.backend ? 'chosen' : ''}>
            <th scope="row">${backendName(p.backend)}</th>
            <td>${p.available ? 'yes' : 'no'}</td>
            <td class="num">${ms == null ? '—' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1)}</td>
            <td class="num">${ms == null || !fastest ? '—' : `${(ms / fastest).toFixed(1)}×`}</td>
            <td>${p.error ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table></div>`;
  }

  protected override updated(): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#choice');
    if (select && select.value !== this.choice) select.value = this.choice;
  }

  /** Opens the probe dialog (as a modal). */
  open(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  /** Closes the probe dialog. */
  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private onRemeasure(): void {
    this.dispatchEvent(new CustomEvent('backend-remeasure', { bubbles: true, composed: true }));
  }

  private onChoice(e: Event): void {
    const backend = (e.target as HTMLSelectElement).value as BackendChoice;
    this.dispatchEvent(new CustomEvent<BackendChangeDetail>('backend-change', { detail: { backend }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-backend-badge': RpBackendBadge;
  }
  interface HTMLElementEventMap {
    'backend-change': CustomEvent<BackendChangeDetail>;
    'backend-remeasure': CustomEvent<void>;
  }
}
