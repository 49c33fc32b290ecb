/**
 * `<rp-label-replay>`: "Replay my labels with the truth". It lists the learner's own labels in the
 * order given — each clip's return on the screen and its true return, the answer given, the answer by
 * the true scores, and a mark where the screen fooled the learner — and opens any label's two clips
 * (rp-clip-pair, drawn with the hidden truth) to watch them step by step. It shows the truth by design:
 * the page offers it only under Reveal truth. **Correct my fooled labels** reports each fooled label
 * with the true scores' answer as `labels-correct` (the owner relabels them and the model retrains);
 * **Try again with the assistant** is reported as `run-retry`; the owner records the run and starts
 * again.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { replayRows, type ClipReturns, type ReplayRow } from '../app/label-truth';
import type { Answer, Label } from '../core/preferences';
import type { StateSpace } from '../core/states';
import { ANSWER_TEXT, PROVENANCE_TEXT } from './rp-label-list';
import './rp-clip-pair';
import { theme } from './theme';

/** A return as shown in the replay: one decimal at most, no "-0". */
export function formatReturn(x: number): string {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? '0' : String(r);
}

/** Detail of `labels-correct`: each fooled label and the answer the true scores give. */
export interface LabelsCorrectDetail {
  readonly changes: readonly { readonly labelId: string; readonly answer: Answer }[];
}

/**
 * The learner's labels judged against the truth; set `space` and `labels`. @fires run-retry - Try
 * again with the assistant. @fires labels-correct - Correct my fooled labels.
 */
@customElement('rp-label-replay')
export class RpLabelReplay extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .intro,
      .empty {
        margin: 0 0 0.5rem;
        color: var(--rp-muted);
      }
      .scroll {
        max-height: 32rem;
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
      th,
      td {
        text-align: left;
        padding: 0.25rem 0.45rem;
        border-bottom: 1px solid var(--rp-line);
        vertical-align: middle;
      }
      thead th {
        position: sticky;
        top: 0;
        background: var(--rp-page);
        z-index: 1;
      }
      td.n {
        text-align: right;
        color: var(--rp-muted);
        font-variant-numeric: tabular-nums;
      }
      .ret {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
      }
      .ret .true {
        display: block;
        font-weight: 700;
      }
      tr.fooled > td {
        background: #fdecea;
      }
      .mark {
        font-size: 0.8rem;
        font-weight: 700;
        border-radius: 4px;
        padding: 0 0.3rem;
        border: 1px solid currentColor;
        white-space: nowrap;
      }
      .mark.fooled {
        color: #8a1c1c;
        background: #ffffff;
      }
      .mark.right {
        color: #00664a;
      }
      .mark.unjudged {
        color: var(--rp-muted);
        border-style: dashed;
      }
      td.clips {
        background: var(--rp-page);
        padding: 0.6rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 1rem;
        margin-top: 0.75rem;
      }
      .actions p {
        margin: 0;
        flex: 1 1 14rem;
        color: var(--rp-muted);
        font-size: 0.9rem;
      }
    `,
  ];

  /** The level's state space (to judge the labels and draw their clips). */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** The session's labels, oldest first; only the learner's own are replayed. */
  @property({ attribute: false }) labels: readonly Label[] = [];
  /** Disables Try again (e.g. while another tab writes the session). */
  @property({ type: Boolean }) disabled = false;

  /** Id of the label whose clips are open, or null. */
  @state() private open: string | null = null;
  private rows: ReplayRow[] = [];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('space') || changed.has('labels')) this.rows = this.space ? replayRows(this.space, this.labels) : [];
    if (this.open !== null && !this.rows.some((r) => r.label.id === this.open)) this.open = null;
  }

  override render() {
    const rows = this.rows;
    const fooled = rows.filter((r) => r.fooled === true).length;
    return html`
      ${rows.length === 0
        ? html`<p class="empty">No labels of yours yet: label a few pairs, then replay them here.</p>`
        : html`<p class="intro" role="status">
              The screen fooled you on <strong>${fooled}</strong> of your ${rows.length} ${rows.length === 1 ? 'label' : 'labels'}: your answer disagrees with the clips' true scores. Open a label to watch its clips with the hidden truth drawn.
            </p>
            <div class="scroll" tabindex="0" role="region" aria-label="Your labels with the truth, oldest first">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th><th scope="col">From</th><th scope="col">Left clip</th><th scope="col">Right clip</th>
                    <th scope="col">You said</th><th scope="col">Truth</th><th scope="col">Fooled?</th><th scope="col"><span class="sr">Replay</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${rows.map((r) => this.renderRow(r))}
                </tbody>
              </table>
            </div>`}
      ${fooled > 0
        ? html`<div class="actions">
            <p>Now that you know the truth, give those ${fooled === 1 ? 'label' : `${fooled} labels`} the answer the true scores give, and watch what the agent learns.</p>
            <button type="button" ?disabled=${this.disabled} @click=${this.correct}>Correct my fooled ${fooled === 1 ? 'label' : 'labels'}</button>
          </div>`
        : nothing}
      <div class="actions">
        <p>Start again on this level with the assistant on the page, and compare the two runs.</p>
        <button type="button" class="primary" ?disabled=${this.disabled} @click=${this.retry}>Try again with the assistant</button>
      </div>
    `;
  }

  /** Reports the fooled labels with the answers the true scores give. */
  private correct(): void {
    const changes = this.rows.filter((r) => r.fooled === true && r.truth !== null).map((r) => ({ labelId: r.label.id, answer: r.truth as Answer }));
    this.dispatchEvent(new CustomEvent<LabelsCorrectDetail>('labels-correct', { detail: { changes }, bubbles: true, composed: true }));
  }

  private renderRow(r: ReplayRow) {
    const id = r.label.id;
    const open = this.open === id;
    return html`<tr class=${r.fooled ? 'fooled' : nothing} data-label=${id}>
        <td class="n">${r.number}</td>
        <td>${PROVENANCE_TEXT[r.label.provenance]}</td>
        <td>${this.returns(r.left)}</td>
        <td>${this.returns(r.right)}</td>
        <td>${ANSWER_TEXT[r.label.answer]}</td>
        <td>${r.truth ? ANSWER_TEXT[r.truth] : '—'}</td>
        <td>${this.mark(r)}</td>
        <td>
          <button type="button" aria-expanded=${open ? 'true' : 'false'} aria-label=${`Replay label ${r.number}`} ?disabled=${r.truth === null}
            @click=${() => (this.open = open ? null : id)}>${open ? 'Close' : 'Replay'}</button>
        </td>
      </tr>
      ${open
        ? html`<tr>
            <td class="clips" colspan="8">
              <rp-clip-pair .space=${this.space} .left=${r.label.left} .right=${r.label.right} .show=${'truth'}></rp-clip-pair>
            </td>
          </tr>`
        : nothing}`;
  }

  private returns(c: ClipReturns | null) {
    if (!c) return html`<span class="ret">does not fit this level</span>`;
    return html`<span class="ret">screen ${formatReturn(c.apparent)} <span class="true">true ${formatReturn(c.true)}</span></span>`;
  }

  private mark(r: ReplayRow) {
    if (r.fooled === null) return html`<span class="mark unjudged">cannot tell</span>`;
    if (r.label.answer === 'cant-tell') return html`<span class="mark unjudged">no answer</span>`;
    return r.fooled
      ? html`<span class="mark fooled" title="The screen fooled you: the true scores say ${r.truth ? ANSWER_TEXT[r.truth] : ''}">Fooled</span>`
      : html`<span class="mark right">Correct</span>`;
  }

  private retry(): void {
    this.dispatchEvent(new CustomEvent('run-retry', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-label-replay': RpLabelReplay;
  }
  interface HTMLElementEventMap {
    'labels-correct': CustomEvent<LabelsCorrectDetail>;
  }
}
