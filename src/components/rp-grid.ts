/**
 * `<rp-grid>`: draws a gridworld snapshot on a canvas. The canvas is sized in whole CSS pixels per
 * cell to fit its container (watched with a ResizeObserver) and its backing store is scaled by
 * devicePixelRatio, so it stays crisp on any screen. The canvas is `role="img"` with a text
 * alternative from `describeGrid`.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { paintBuffered } from './buffered-canvas';
import { cssProps } from './css-props';
import { customElement, property, query, state } from 'lit/decorators.js';
import { describeGrid } from './describe-grid';
import { drawGrid, type GridView } from './draw-grid';
import { drawOverlays, type GridOverlays } from './draw-overlays';
import { theme } from './theme';

/** Smallest cell, in CSS pixels, below which the grid would be unreadable. */
export const MIN_CELL_PX = 12;

/** Draws a grid snapshot; set `view` (and `name`, the level's name for the text alternative). */
@customElement('rp-grid')
export class RpGrid extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      canvas {
        display: block;
        margin-inline: auto;
        border-radius: 4px;
      }
      p {
        margin: 0;
        color: var(--rp-muted);
      }
    `,
  ];

  /** The snapshot to draw; nothing is drawn while null. */
  @property({ attribute: false }) view: GridView | null = null;
  /** Overlays drawn over the grid (heat-map, arrows, paths, marker, labels); none by default. */
  @property({ attribute: false }) overlays: GridOverlays | null = null;
  /** The level's name, used to start the text alternative. */
  @property() name = '';
  /** Largest cell, in CSS pixels. */
  @property({ type: Number, attribute: 'max-cell' }) maxCell = 64;
  /** Largest grid height, as a fraction of the window's height (keeps big levels on screen). */
  @property({ type: Number, attribute: 'max-height-fraction' }) maxHeightFraction = 0.7;

  @state() private availableWidth = 0;
  @state() private dpr = globalThis.devicePixelRatio || 1;
  @query('canvas') private canvas!: HTMLCanvasElement | null;

  private resizeObserver?: ResizeObserver;
  private resizeFrame = 0;
  private dprQuery?: MediaQueryList;
  private readonly onDprChange = () => this.watchDpr();

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0;
      if (Math.abs(width - this.availableWidth) < 0.5) return;
      // Resizing the canvas changes this element's height; doing it in the next frame rather than
      // inside the observer callback avoids a "ResizeObserver loop" error.
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => (this.availableWidth = width));
    });
    this.resizeObserver.observe(this);
    this.availableWidth = this.clientWidth;
    this.watchDpr();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    cancelAnimationFrame(this.resizeFrame);
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dprQuery = undefined;
  }

  /** Follows devicePixelRatio changes (zoom, moving the window to another screen). */
  private watchDpr(): void {
    this.dprQuery?.removeEventListener('change', this.onDprChange);
    this.dpr = globalThis.devicePixelRatio || 1;
    this.dprQuery = globalThis.matchMedia?.(`(resolution: ${this.dpr}dppx)`);
    this.dprQuery?.addEventListener('change', this.onDprChange);
  }

  /** CSS pixels per cell for the current container and window. */
  get cellPx(): number {
    const view = this.view;
    if (!view) return 0;
    const byWidth = Math.floor((this.availableWidth || this.clientWidth) / view.world.width);
    const byHeight = Math.floor((globalThis.innerHeight * this.maxHeightFraction) / view.world.height);
    return Math.max(MIN_CELL_PX, Math.min(this.maxCell, byWidth, byHeight || this.maxCell));
  }

  override render() {
    const view = this.view;
    if (!view) return html`<p>No level loaded.</p>`;
    let label: string;
    try {
      label = describeGrid(view, this.name);
    } catch (e) {
      return html`<p role="alert">Cannot draw this grid: ${(e as Error).message}</p>`;
    }
    const cell = this.cellPx;
    const w = cell * view.world.width,
      h = cell * view.world.height;
    return html`<canvas
      role="img"
      aria-label=${label}
      width=${Math.round(w * this.dpr)}
      height=${Math.round(h * this.dpr)}
      style=${cssProps({ width: `${w}px`, height: `${h}px` })}
    ></canvas>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.draw();
  }

  /** Repaints the canvas from `view` (called after every update). */
  draw(): void {
    const canvas = this.canvas;
    const view = this.view;
    if (!canvas || !view) return;
    const cell = this.cellPx;
    paintBuffered(canvas, cell * view.world.width, cell * view.world.height, (ctx) => {
      drawGrid(ctx, view, cell);
      if (this.overlays) drawOverlays(ctx, view.world, this.overlays, cell);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-grid': RpGrid;
  }
}
