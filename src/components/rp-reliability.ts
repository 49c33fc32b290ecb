/**
 * `<rp-reliability>`: a reliability diagram of the assistant's critique model. Each verdict that
 * recorded the P(accept) shown when it was given is binned by that prediction (reliabilityBins, 5
 * bins); a dot per non-empty bin sits at (mean prediction, fraction the person accepted), its area
 * growing with the bin's count, which is written beside it. Dots on the diagonal mean a calibrated
 * model; dots below it, an assistant more confident than the person's verdicts warrant. The same
 * figures are in a table for screen readers.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { reliabilityBins, type ReliabilityBin, type Verdict } from '../core/verdicts';
import { theme } from './theme';

/** Plot geometry in SVG units: the unit square maps to [LEFT, LEFT + SIZE] × [TOP + SIZE, TOP]. */
const SIZE = 160;
const LEFT = 34;
const TOP = 10;
const px = (p: number) => LEFT + p * SIZE;
const py = (p: number) => TOP + (1 - p) * SIZE;
const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * The diagram's SVG content for bins of a reliability diagram: axes, the diagonal, and one dot per
 * non-empty bin with its count. Pure: the same bins give the same drawing.
 */
export function reliabilityPlot(bins: readonly ReliabilityBin[]) {
  const most = Math.max(1, ...bins.map((b) => b.count));
  const ticks = [0, 0.5, 1];
  return svg`
    <rect x=${px(0)} y=${py(1)} width=${SIZE} height=${SIZE} class="frame" />
    ${ticks.map(
      (t) => svg`<line x1=${px(t)} y1=${py(0)} x2=${px(t)} y2=${py(0) + 4} class="axis" />
        <text x=${px(t)} y=${py(0) + 15} text-anchor="middle">${t}</text>
        <line x1=${px(0) - 4} y1=${py(t)} x2=${px(0)} y2=${py(t)} class="axis" />
        <text x=${px(0) - 7} y=${py(t) + 4} text-anchor="end">${t}</text>`,
    )}
    <line x1=${px(0)} y1=${py(0)} x2=${px(1)} y2=${py(1)} class="diagonal" />
    ${bins
      .filter((b) => b.count > 0)
      .map(
        (b) => svg`<circle class="bin" data-bin=${b.lo.toFixed(1)} cx=${px(b.meanPredicted)} cy=${py(b.observed)} r=${3 + 6 * Math.sqrt(b.count / most)} />
          <text class="count" x=${px(b.meanPredicted) + 11} y=${py(b.observed) + (b.observed > 0.9 ? 12 : -6)}>${b.count}</text>`,
      )}
    <text x=${px(0.5)} y=${py(0) + 30} text-anchor="middle">predicted P(accept)</text>
    <text transform="translate(10 ${py(0.5)}) rotate(-90)" text-anchor="middle">accepted</text>`;
}

/** The reliability diagram; set `verdicts` (the session's verdicts on the assistant's claims). */
@customElement('rp-reliability')
export class RpReliability extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0.75rem 0 0;
      }
      figcaption {
        font-weight: 700;
      }
      svg {
        display: block;
        width: 100%;
        max-width: 15rem;
        height: auto;
        font-size: 10px;
        fill: var(--rp-muted);
      }
      .frame {
        fill: none;
        stroke: var(--rp-line);
      }
      .axis {
        stroke: var(--rp-muted);
      }
      .diagonal {
        stroke: var(--rp-muted);
        stroke-dasharray: 4 3;
      }
      .bin {
        fill: var(--rp-accent);
        fill-opacity: 0.75;
      }
      .count {
        fill: var(--rp-ink);
        font-weight: 700;
      }
      p {
        margin: 0.3rem 0;
        font-size: 0.92rem;
        color: var(--rp-muted);
      }
    `,
  ];

  /** The person's verdicts; those without a recorded P(accept) (older sessions) are left out. */
  @property({ attribute: false }) verdicts: readonly Verdict[] = [];

  override render() {
    const bins = reliabilityBins(this.verdicts);
    const n = bins.reduce((s, b) => s + b.count, 0);
    const accepted = bins.reduce((s, b) => s + b.accepted, 0);
    const predicted = bins.reduce((s, b) => s + (b.count ? b.meanPredicted * b.count : 0), 0);
    const older = this.verdicts.length - n;
    return html`<figure>
      <figcaption>Is the assistant's P(accept) calibrated?</figcaption>
      ${n === 0
        ? html`<p data-readout="reliability">No verdicts with a recorded prediction yet: judge the assistant's claims to compare what it expected with what you decided.</p>`
        : html`<svg viewBox="0 0 ${LEFT + SIZE + 24} ${TOP + SIZE + 36}" role="img" aria-label="Reliability diagram: predicted P(accept) against the fraction of claims you accepted">
              ${reliabilityPlot(bins)}
            </svg>
            <p data-readout="reliability">
              ${n} ${n === 1 ? 'verdict' : 'verdicts'}: the assistant expected you to accept ${pct(predicted / n)} on average; you accepted ${pct(accepted / n)}
              (${accepted} of ${n}). On the dashed diagonal, its predictions would match your verdicts.
            </p>
            <table class="sr">
              <caption>Verdicts by predicted P(accept)</caption>
              <thead>
                <tr><th scope="col">Predicted</th><th scope="col">Verdicts</th><th scope="col">Accepted</th></tr>
              </thead>
              <tbody>
                ${bins.map(
                  (b) => html`<tr>
                    <th scope="row">${b.lo.toFixed(1)}–${b.hi.toFixed(1)}</th>
                    <td>${b.count}</td>
                    <td>${b.count ? `${b.accepted} (${pct(b.observed)})` : '—'}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
      ${older > 0 ? html`<p>${older} older ${older === 1 ? 'verdict has' : 'verdicts have'} no recorded prediction and ${older === 1 ? 'is' : 'are'} not shown.</p>` : nothing}
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-reliability': RpReliability;
  }
}
