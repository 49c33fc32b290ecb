/**
 * `<rp-progress>`: one labelled progress bar ("Measuring backends…", "Training…") with
 * role=progressbar and aria-valuenow in percent. It renders nothing while `value` is null (idle), but
 * keeps its height, so the page below it does not jump at every training burst; the bar grows by a
 * transform, which needs no layout, and without a transition, which would ask for a frame per step.
 */
import { LitElement, css, html, nothing } from 'lit';
import { cssProps } from './css-props';
import { customElement, property } from 'lit/decorators.js';
import { theme } from './theme';

/** A progress bar for the backend probe or a training burst. */
@customElement('rp-progress')
export class RpProgress extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        min-height: 1.4rem;
      }
      .row {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        font-size: 0.9rem;
      }
      #label {
        flex: none;
        min-width: 10em;
      }
      .track {
        flex: 1 1 auto;
        height: 0.5rem;
        border-radius: 999px;
        background: var(--rp-line);
        overflow: hidden;
        min-width: 4rem;
      }
      .fill {
        height: 100%;
        background: var(--rp-accent);
        transform-origin: left;
      }
      .pct {
        font-variant-numeric: tabular-nums;
        color: var(--rp-muted);
        min-width: 3ch;
        text-align: right;
      }
    `,
  ];

  /** Progress from 0 to 1, or null when idle (nothing shown). */
  @property({ attribute: false }) value: number | null = null;
  /** What is in progress, e.g. "Training…". */
  @property() label = 'Working…';

  override render() {
    if (this.value === null) return nothing;
    const pct = Math.round(Math.min(1, Math.max(0, Number.isFinite(this.value) ? this.value : 0)) * 100);
    return html`<div class="row">
      <span id="label">${this.label}</span>
      <div class="track" role="progressbar" aria-labelledby="label" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${pct} aria-valuetext=${`${pct}%`}>
        <div class="fill" style=${cssProps({ transform: `scaleX(${pct / 100})` })}></div>
      </div>
      <span class="pct" aria-hidden="true">${pct}%</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-progress': RpProgress;
  }
}
