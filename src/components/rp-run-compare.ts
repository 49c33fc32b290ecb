/**
 * `<rp-run-compare>`: the comparison card "Without the assistant / With the assistant" — the recorded
 * run beside the current one (true score normalised and raw, score on screen, labels, fooled labels),
 * the better figure of each line marked. Figures of the hidden truth show only under `reveal`.
 * **Forget this comparison** is reported as `run-forget`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { compareRuns, summarizeRun, type ComparisonRow } from '../app/run-compare';
import type { RunSummary } from '../app/run-store';
import type { SessionView } from '../app/session-types';
import type { StateSpace } from '../core/states';
import { formatReturn } from './rp-label-replay';
import { theme } from './theme';

/** Column heading of a run: says whether the assistant was on the page. */
export function runHeading(run: RunSummary, which: 'before' | 'after'): string {
  if (which === 'before') return run.assistant ? 'Your last run (assistant shown)' : 'Without the assistant';
  return run.assistant ? 'With the assistant' : 'This run (assistant hidden)';
}

/** Fooled labels as "2 of 5" (the run's labels), so runs of different lengths compare. */
export function fooledText(fooled: number, run: RunSummary | null): string {
  return run ? `${fooled} of ${run.labels}` : String(fooled);
}

/**
 * The two runs side by side; set `recorded`, `reveal` and either `current` or the session it is made
 * from (`space`, `view`, `levelName`, `assistant`). @fires run-forget - Forget this comparison.
 */
@customElement('rp-run-compare')
export class RpRunCompare extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.5rem;
        border-bottom: 1px solid var(--rp-line);
      }
      thead th {
        background: var(--rp-page);
      }
      td.better {
        font-weight: 700;
        color: #00664a;
      }
      p {
        margin: 0.5rem 0 0;
        color: var(--rp-muted);
        font-size: 0.9rem;
      }
      .actions {
        margin-top: 0.5rem;
      }
    `,
  ];

  /** The recorded run (before trying again). */
  @property({ attribute: false }) recorded: RunSummary | null = null;
  /** The current run, updated as the learner labels; when null, made from `space` and `view`. */
  @property({ attribute: false }) current: RunSummary | null = null;
  /** The level's state space and the session on screen, to summarise the current run from. */
  @property({ attribute: false }) space: StateSpace | null = null;
  @property({ attribute: false }) view: SessionView | null = null;
  @property({ attribute: 'level-name' }) levelName = '';
  /** Whether the assistant is on the page in the current run. */
  @property({ type: Boolean }) assistant = false;
  /** Whether Reveal truth is on: the true figures show only then. */
  @property({ type: Boolean }) reveal = false;

  override render() {
    const before = this.recorded;
    const after = this.current ?? (this.space && this.view ? summarizeRun(this.space, this.view, this.levelName, this.assistant) : null);
    if (!before || !after) return nothing;
    const rows = compareRuns(before, after).filter((r) => this.reveal || !r.truth);
    return html`
      <table>
        <caption class="sr">Your run on ${before.levelName}, before and after trying again</caption>
        <thead>
          <tr><th scope="col"><span class="sr">Figure</span></th><th scope="col">${runHeading(before, 'before')}</th><th scope="col">${runHeading(after, 'after')}</th></tr>
        </thead>
        <tbody>
          ${rows.map((r) => this.renderRow(r, before, after))}
        </tbody>
      </table>
      ${this.reveal ? nothing : html`<p>Turn on Reveal truth to compare the scores the agent really reached and the labels the screen fooled.</p>`}
      <div class="actions"><button type="button" @click=${this.forget}>Forget this comparison</button></div>
    `;
  }

  private renderRow(r: ComparisonRow, before: RunSummary, after: RunSummary) {
    const cell = (x: number | null, which: 'before' | 'after') =>
      html`<td class=${r.better === which ? 'better' : nothing}>${x === null ? '—' : r.key === 'normalizedReturn' ? x.toFixed(2) : r.key === 'labels' ? String(x) : r.key === 'fooled' ? fooledText(x, which === 'before' ? before : after) : formatReturn(x)}${r.better === which ? html`<span class="sr"> (better)</span>` : nothing}</td>`;
    return html`<tr data-key=${r.key}><th scope="row">${r.name}</th>${cell(r.before, 'before')}${cell(r.after, 'after')}</tr>`;
  }

  private forget(): void {
    this.dispatchEvent(new CustomEvent('run-forget', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-run-compare': RpRunCompare;
  }
}
