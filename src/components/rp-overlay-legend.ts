/**
 * `<rp-overlay-legend>`: a key to what is drawn over the grid, as HTML text under the canvas, one entry
 * per overlay currently shown: the heat-map's colour scale with its numeric range (the learned reward
 * against its median cell), policy arrows, the agent's path, the assistant's dashed fix, the step
 * marker, standing-still dots, outlined cells and the true scores on tiles. The swatches take their
 * colours from OVERLAY_COLORS, the same table the canvas is painted from, so the key cannot drift from
 * the picture.
 */
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { finiteRange, heatScale } from '../core/overlays';
import { cssProps } from './css-props';
import { HEAT_ALPHA, OVERLAY_COLORS, standingStill, type GridOverlays } from './draw-overlays';
import { theme } from './theme';

const rgba = (rgb: readonly number[], alpha: number) => `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${alpha})`;
const num = (x: number) => (Math.abs(x) < 0.005 ? '0' : x > 0 ? `+${x.toFixed(2)}` : `−${(-x).toFixed(2)}`);

/** The legend of the overlays given; see the module doc. Renders nothing when no overlay is shown. */
@customElement('rp-overlay-legend')
export class RpOverlayLegend extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        font-size: 0.85rem;
      }
      ul {
        list-style: none;
        margin: 0.4rem 0 0;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.3rem 1.1rem;
      }
      li {
        display: inline-flex;
        align-items: center;
        gap: 0.4rem;
      }
      .swatch {
        display: inline-block;
        flex: none;
        width: 1.6rem;
        height: 0.9rem;
      }
      .scale {
        width: 6rem;
        border: 1px solid var(--rp-line);
      }
      .line {
        height: 0;
        border-top: 4px solid;
        border-radius: 2px;
      }
      .dashed {
        border-top-style: dashed;
      }
      .ring {
        width: 0.9rem;
        border: 3px solid;
        border-radius: 50%;
      }
      .dot {
        width: 0.7rem;
        height: 0.7rem;
        border-radius: 50%;
      }
      .box {
        width: 0.9rem;
        border: 3px solid;
      }
      .ends {
        font-variant-numeric: tabular-nums;
        color: var(--rp-muted);
      }
    `,
  ];

  /** The overlays drawn on the grid (the same object the grid gets). */
  @property({ attribute: false }) overlays: GridOverlays = {};
  /** The level has interruption tiles: standing still may also be sitting out an interruption. */
  @property({ type: Boolean }) interruptions = false;

  override render() {
    const items = this.items();
    return items.length ? html`<ul aria-label="Legend">${items}</ul>` : nothing;
  }

  private items(): TemplateResult[] {
    const o = this.overlays;
    const out: TemplateResult[] = [];
    const heat = o.heat && this.heatItem(o.heat);
    if (heat) out.push(heat);
    if (o.arrows) out.push(html`<li data-legend="arrows"><span class="swatch line" style=${cssProps({ 'border-color': `${OVERLAY_COLORS.arrow}` })} aria-hidden="true"></span>Policy arrows: longer means a more likely move</li>`);
    if (o.path && o.path.length > 1)
      out.push(html`<li data-legend="path"><span class="swatch line" style=${cssProps({ 'border-color': `${OVERLAY_COLORS.path}` })} aria-hidden="true"></span>The agent's path (its current plan)</li>`);
    if (o.fixPath && o.fixPath.length > 1)
      out.push(html`<li data-legend="fix"><span class="swatch line dashed" style=${cssProps({ 'border-color': `${OVERLAY_COLORS.fix}` })} aria-hidden="true"></span>Dashed: the assistant's suggested fix</li>`);
    if (o.marker) out.push(html`<li data-legend="marker"><span class="swatch ring" style=${cssProps({ 'border-color': `${OVERLAY_COLORS.marker}` })} aria-hidden="true"></span>Ring: the step the assistant's claim is about</li>`);
    // The dot takes the colour of the path it lies on; the agent's path first.
    const still = ([[o.path, OVERLAY_COLORS.path], [o.fixPath, OVERLAY_COLORS.fix]] as const).find(([p]) => p && standingStill(p).length > 0);
    if (still)
      out.push(html`<li data-legend="still"><span class="swatch dot" style=${cssProps({ background: `${still[1]}` })} aria-hidden="true"></span>Dot with ×n: the agent stands still there n steps (${this.interruptions ? 'a bump into a wall, or an interruption' : 'a bump into a wall'})</li>`);
    if (o.outline?.length)
      out.push(html`<li data-legend="outline"><span class="swatch box" style=${cssProps({ 'border-color': `${OVERLAY_COLORS.outline}` })} aria-hidden="true"></span>Outlined: cells whose learned reward moved most after the last update</li>`);
    if (o.labels?.length) out.push(html`<li data-legend="labels">Numbers on tiles: the true score of each tile (Reveal truth)</li>`);
    return out;
  }

  private heatItem(heat: NonNullable<GridOverlays['heat']>): TemplateResult | null {
    if (heat.kind === 'uncertainty') {
      const range = finiteRange(heat.values);
      if (!range) return null;
      const u = OVERLAY_COLORS.uncertain;
      return html`<li data-legend="heat">
        Uncertainty (ensemble spread):
        <span class="ends">${num(0)}</span>
        <span class="swatch scale" style=${cssProps({ background: `linear-gradient(to right, ${rgba(u, 0)}, ${rgba(u, HEAT_ALPHA)})` })} aria-hidden="true"></span>
        <span class="ends">${range.max.toFixed(2)}</span>
        <span>(darker = less sure)</span>
      </li>`;
    }
    const scale = heatScale(heat.values);
    if (!scale) return null;
    if (scale.reach === 0) return html`<li data-legend="heat">Learned reward: every cell ${num(scale.centre)}, so no cell stands out yet</li>`;
    // As on the canvas: clear at the median cell, each end as strong as its distance from it.
    const alpha = (v: number) => +((HEAT_ALPHA * Math.abs(v - scale.centre)) / scale.reach).toFixed(3);
    const clear = +((100 * (scale.centre - scale.min)) / (scale.max - scale.min)).toFixed(1);
    const [n, p] = [OVERLAY_COLORS.negative, OVERLAY_COLORS.positive];
    return html`<li data-legend="heat">
      Learned reward: <span class="ends">${num(scale.min)}</span>
      <span class="swatch scale" style=${cssProps({ background: `linear-gradient(to right, ${rgba(n, alpha(scale.min))}, ${rgba(n, 0)} ${clear}%, ${rgba(p, 0)} ${clear}%, ${rgba(p, alpha(scale.max))})` })} aria-hidden="true"></span>
      <span class="ends">${num(scale.max)}</span>
      <span>(green: above the median cell, ${num(scale.centre)}; red: below)</span>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-overlay-legend': RpOverlayLegend;
  }
}
