/**
 * `<rp-label-list>`: the session's labels, newest first, as a compact scrollable table — number,
 * answer, where the label came from (text with a small badge), whether it is held out to measure
 * accuracy and whether it is set aside (kept, not trained on: it does not fit this level). At most
 * `max` rows are rendered; the rest are counted ("and 37 earlier labels").
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Answer, Label, Provenance } from '../core/preferences';
import { theme } from './theme';

/** Rows rendered at most by default. */
export const MAX_LABEL_ROWS = 200;

/** How each answer reads in the list. */
export const ANSWER_TEXT: Readonly<Record<Answer, string>> = { left: 'Left', right: 'Right', equal: 'Equal', 'cant-tell': "Can't tell" };

/** How each provenance reads in the list. */
export const PROVENANCE_TEXT: Readonly<Record<Provenance, string>> = {
  person: 'Person',
  labeller: 'Simulated labeller',
  assistant: 'Assistant',
  demonstration: 'Demonstration',
};

// 16×16 outline glyphs, one per provenance, so the badge differs in shape as well as colour.
const ICONS: Readonly<Record<Provenance, ReturnType<typeof svg>>> = {
  person: svg`<circle cx="8" cy="5" r="3"/><path d="M2.5 15c0-3.2 2.5-5.5 5.5-5.5s5.5 2.3 5.5 5.5"/>`,
  labeller: svg`<rect x="2.5" y="4.5" width="11" height="9" rx="2"/><path d="M8 1.5v3M5.5 8.5h.01M10.5 8.5h.01M6 11.5h4"/>`,
  assistant: svg`<path d="M2 3.5h12v8H7l-3.5 3v-3H2z"/><path d="M8 5.5v3M8 10h.01"/>`,
  demonstration: svg`<path d="M5 14V6.5a1.5 1.5 0 0 1 3 0V9l4 1v4"/><path d="M3 4l2-2 2 2"/>`,
};

/** The labels, newest first. */
@customElement('rp-label-list')
export class RpLabelList extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .scroll {
        max-height: var(--rp-label-list-height, 16rem);
        overflow: auto;
        border: 1px solid var(--rp-line);
        border-radius: var(--rp-radius);
        background: var(--rp-surface);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.9rem;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--rp-page);
        z-index: 1;
      }
      th,
      td {
        text-align: left;
        padding: 0.2rem 0.5rem;
        border-bottom: 1px solid var(--rp-line);
        white-space: nowrap;
      }
      /* The last (held-out) column takes the slack, so the others stay compact in a wide panel. */
      th:last-child,
      td:last-child {
        width: 100%;
      }
      td.n,
      th.n {
        text-align: right;
        font-variant-numeric: tabular-nums;
        color: var(--rp-muted);
      }
      .badge {
        display: inline-flex;
        align-items: center;
        gap: 0.3rem;
        padding: 0 0.45rem 0 0.3rem;
        border-radius: 999px;
        border: 1px solid currentColor;
        font-size: 0.8rem;
        font-weight: 600;
        line-height: 1.5;
      }
      .badge svg {
        width: 0.95rem;
        height: 0.95rem;
        fill: none;
        stroke: currentColor;
        stroke-width: 1.5;
        stroke-linecap: round;
        stroke-linejoin: round;
      }
      .person {
        color: #0b4f8a;
        background: #eaf3fb;
      }
      .labeller {
        color: #4a5866;
        background: #f0f2f5;
      }
      .assistant {
        color: #7a3a00;
        background: #fdf1e7;
      }
      .demonstration {
        color: #00664a;
        background: #e6f6f0;
      }
      .held {
        font-size: 0.8rem;
        font-weight: 600;
        color: #6a2c70;
        border: 1px dashed currentColor;
        border-radius: 4px;
        padding: 0 0.3rem;
      }
      .aside {
        font-size: 0.8rem;
        font-weight: 600;
        color: #8a1c1c;
        background: #fdecea;
        border: 1px solid currentColor;
        border-radius: 4px;
        padding: 0 0.3rem;
      }
      .why {
        font-size: 0.8rem;
        color: var(--rp-muted);
      }
      /* A set-aside label reads as inactive; its tag says why. */
      tr.set-aside td:not(:last-child) {
        color: var(--rp-muted);
      }
      p {
        margin: 0.4rem 0 0;
        color: var(--rp-muted);
        font-size: 0.9rem;
      }
    `,
  ];

  /** Labels in the order given (oldest first); shown newest first. */
  @property({ attribute: false }) labels: readonly Label[] = [];
  /** Ids of the labels set aside: kept in the session, not trained on, as they do not fit the level. */
  @property({ attribute: false }) setAsideLabels: readonly string[] = [];
  /** Rows rendered at most. */
  @property({ attribute: false }) max = MAX_LABEL_ROWS;

  override render() {
    const n = this.labels.length;
    if (!n) return html`<p>No labels yet.</p>`;
    const shown = Math.min(n, Math.max(0, this.max));
    const aside = new Set(this.setAsideLabels);
    const newest = [];
    for (let i = n - 1; i >= n - shown; i--) newest.push(i);
    // Keyed by position in the session (oldest first, so a row keeps its key as labels are added): a
    // new label adds one row at the top instead of rewriting every row below it.
    const rows = repeat(newest, (i) => i, (i) => this.row(this.labels[i], i + 1, aside.has(this.labels[i].id)));
    return html`
      <div class="scroll" tabindex="0" role="region" aria-label="Labels, newest first">
        <table>
          <thead>
            <tr><th class="n" scope="col">#</th><th scope="col">Answer</th><th scope="col">From</th><th scope="col"><span class="sr">Held out or set aside</span></th></tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>
      </div>
      ${n > shown ? html`<p>and ${n - shown} earlier ${n - shown === 1 ? 'label' : 'labels'}</p>` : nothing}
    `;
  }

  private row(label: Label, number: number, setAside: boolean) {
    const p = label.provenance;
    return html`<tr class=${setAside ? 'set-aside' : nothing}>
      <td class="n">${number}</td>
      <td>${ANSWER_TEXT[label.answer] ?? label.answer}</td>
      <td>
        <span class="badge ${p}"><svg viewBox="0 0 16 16" aria-hidden="true">${ICONS[p]}</svg>${PROVENANCE_TEXT[p] ?? p}</span>
      </td>
      <td>
        ${label.heldOut ? html`<span class="held" title="Not trained on: used to measure accuracy">held out</span>` : nothing}
        ${setAside ? html`<span class="aside" title="Kept in the session and its export, not trained on: its clips do not follow this level">set aside</span> <span class="why">does not fit this level</span>` : nothing}
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-label-list': RpLabelList;
  }
}
