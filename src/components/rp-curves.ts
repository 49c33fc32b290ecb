/**
 * `<rp-curves>`: the learning curves against the number of labels, drawn with uPlot — (a) the
 * agent's apparent and learned return, (b) held-out pair accuracy and ensemble disagreement — plus
 * the same numbers as a table for screen readers. With `reveal` (the teacher's Reveal truth) they add
 * the hidden truth: the true return with the optimal and random-policy true returns as reference
 * lines, and the normalised score (1 = optimal); without it no true figure reaches the page, not even
 * in a legend or the table. uPlot is loaded on first use, so it stays out of the initial bundle.
 */
import { LitElement, css, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { CurvePoint } from '../app/session-types';
import { nextPaint } from './next-paint';
import { theme } from './theme';

/** Okabe–Ito colours (safe for the common colour-vision deficiencies), paired with dash patterns. */
const INK = { blue: '#0072B2', vermillion: '#D55E00', green: '#009E73', purple: '#AA4499', black: '#1d2733', grey: '#6b7785' };
const FONT = '14px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const LABEL_FONT = `600 ${FONT}`;
/** Plot height in CSS pixels, axes included (the legend sits below it). */
const PLOT_HEIGHT = 230;

let uplotModule: Promise<typeof uPlot> | null = null;
/** uPlot, imported once on first use (a separate chunk). */
function loadUPlot(): Promise<typeof uPlot> {
  uplotModule ??= import('uplot').then((m) => m.default);
  return uplotModule;
}

const fmt = (v: number | null | undefined, digits = 2): string => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(digits));

/** Legend values: at the cursor, or the latest value when the cursor is off the plot. */
function legendValue(digits: number): uPlot.Series['value'] {
  return (u, raw, sidx, idx) => {
    if (idx != null) return fmt(raw, digits);
    const ys = u.data[sidx] as (number | null | undefined)[];
    for (let i = ys.length - 1; i >= 0; i--) if (ys[i] != null) return fmt(ys[i], digits);
    return '—';
  };
}

type Line = { label: string; stroke: string; dash?: number[]; width?: number; scale?: string; digits?: number; points?: boolean };

function series(l: Line): uPlot.Series {
  return {
    label: l.label,
    stroke: l.stroke,
    width: l.width ?? 3,
    ...(l.dash ? { dash: l.dash } : {}),
    scale: l.scale ?? 'y',
    spanGaps: true,
    value: legendValue(l.digits ?? 2),
    points: { show: l.points ?? true, size: 7, width: 2, fill: '#ffffff' },
  };
}

// Keys are left out rather than set to undefined: uPlot's defaults do not fill an explicit undefined.
function axis(label: string, scale = 'y', side?: 1): uPlot.Axis {
  return {
    scale,
    ...(side ? { side } : {}),
    label,
    font: FONT,
    labelFont: LABEL_FONT,
    labelSize: 26,
    stroke: INK.black,
    grid: { show: side !== 1, stroke: '#e3e8ee', width: 1 },
    ticks: { stroke: '#c9d1db', width: 1 },
    size: 56,
  };
}

/** Legend keys in each series' dash style (uPlot draws them all solid by default). */
const legend: uPlot.Legend = {
  markers: {
    width: 3,
    dash: (u, i) => {
      const d = u.series[i].dash;
      return !d ? 'solid' : d[0] <= 3 ? 'dotted' : 'dashed';
    },
  },
};

const xAxis: uPlot.Axis = { ...axis('Labels given', 'x'), size: 44 };
const xSeries: uPlot.Series = { label: 'Labels', value: legendValue(0) };
const unitRange: uPlot.Range.Function = (_u, min, max) => [Math.min(0, min ?? 0), Math.max(1, max ?? 1)];

/** One chart: its title, caption, uPlot options and how it reads its columns from the points. */
interface ChartSpec {
  readonly title: string;
  readonly caption: string;
  readonly options: Omit<uPlot.Options, 'width' | 'height'>;
  readonly columns: (p: CurvePoint) => (number | null)[];
}

/**
 * The charts: with `reveal` three (returns with the true return, normalised score, accuracy), else two
 * (on-screen and learned returns, accuracy). The optimal and random-policy lines appear only with
 * `reveal` and when those returns are known.
 */
function chartSpecs(optimal: number | undefined, uniform: number | undefined, reveal: boolean): ChartSpec[] {
  const accuracy = accuracySpec();
  if (!reveal) return [hiddenReturnsSpec(), accuracy];
  const refs: Line[] = [];
  if (optimal !== undefined) refs.push({ label: 'Optimal true return', stroke: INK.black, dash: [8, 6], width: 2, points: false });
  if (uniform !== undefined) refs.push({ label: 'Random policy', stroke: INK.grey, dash: [2, 5], width: 2, points: false });
  return [
    {
      title: 'Returns',
      caption:
        'True return is the hidden score; apparent return is what the screen shows. Learned return is the reward model’s own sum, on the right-hand axis: its units are arbitrary, so compare its shape, not its height.',
      options: {
        legend,
        scales: { x: { time: false }, y: {}, learned: {} },
        axes: [xAxis, axis('Return (true score)'), axis('Learned (model units)', 'learned', 1)],
        series: [
          xSeries,
          series({ label: 'True return', stroke: INK.blue }),
          series({ label: 'Apparent return', stroke: INK.vermillion, dash: [12, 6] }),
          ...refs.map(series),
          series({ label: 'Learned return (right axis)', stroke: INK.green, dash: [3, 4], scale: 'learned' }),
        ],
      },
      columns: (p) => [
        p.trueReturn,
        p.apparentReturn,
        ...(optimal !== undefined ? [optimal] : []),
        ...(uniform !== undefined ? [uniform] : []),
        p.learnedReturn,
      ],
    },
    {
      title: 'Normalised score',
      caption: 'The true return rescaled: 0 is a random policy, 1 is the best possible.',
      options: {
        legend,
        scales: { x: { time: false }, y: { range: unitRange } },
        axes: [xAxis, axis('Score (1 = optimal)')],
        series: [xSeries, series({ label: 'Normalised score', stroke: INK.blue })],
      },
      columns: (p) => [p.normalizedReturn],
    },
    accuracy,
  ];
}

/** The returns chart while the truth is hidden: what the screen shows and what the model learned. */
function hiddenReturnsSpec(): ChartSpec {
  return {
    title: 'Returns',
    caption:
      'Apparent return is the score the screen shows. Learned return is the reward model’s own sum, on the right-hand axis: its units are arbitrary, so compare its shape, not its height. The hidden score shows only under Reveal truth.',
    options: {
      legend,
      scales: { x: { time: false }, y: {}, learned: {} },
      axes: [xAxis, axis('Return (on screen)'), axis('Learned (model units)', 'learned', 1)],
      series: [
        xSeries,
        series({ label: 'Apparent return', stroke: INK.vermillion, dash: [12, 6] }),
        series({ label: 'Learned return (right axis)', stroke: INK.green, dash: [3, 4], scale: 'learned' }),
      ],
    },
    columns: (p) => [p.apparentReturn, p.learnedReturn],
  };
}

/** Held-out accuracy and ensemble disagreement (shown with or without the truth). */
function accuracySpec(): ChartSpec {
  return {
    title: 'Accuracy and disagreement',
    caption:
      'Accuracy: the share of held-out pairs (every fifth label, never trained on) the model orders like the labeller. Disagreement: the spread of the ensemble’s predictions, in model units, on the right-hand axis.',
    options: {
      legend,
      scales: { x: { time: false }, y: { range: unitRange }, dis: { range: (_u, _min, max) => [0, Math.max(max ?? 0, 1e-3) * 1.1] } },
      axes: [xAxis, axis('Held-out accuracy'), axis('Disagreement', 'dis', 1)],
      series: [
        xSeries,
        series({ label: 'Held-out accuracy', stroke: INK.purple }),
        series({ label: 'Disagreement (right axis)', stroke: INK.vermillion, dash: [12, 6], scale: 'dis', digits: 3 }),
      ],
    },
    columns: (p) => [p.heldOutAccuracy, p.disagreement],
  };
}

/** The curve as uPlot's column data: x (labels) first, then one array per series. */
function columnsOf(points: readonly CurvePoint[], spec: ChartSpec): uPlot.AlignedData {
  const rows = points.map((p) => spec.columns(p));
  const width = rows[0]?.length ?? 0;
  const cols: (number | null)[][] = Array.from({ length: width }, (_, j) => rows.map((r) => r[j]));
  return [points.map((p) => p.labels), ...cols] as uPlot.AlignedData;
}

/** Learning curves with uPlot. Renders the empty state below two points. */
@customElement('rp-curves')
export class RpCurves extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      :host { display: block; }
      .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr)); gap: 1rem 1.5rem; }
      figure { margin: 0; min-width: 0; }
      h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
      figcaption { color: var(--rp-muted); font-size: 0.9rem; margin-top: 0.25rem; }
      .plot { min-width: 0; min-height: ${PLOT_HEIGHT}px; overflow: hidden; }
      .uplot { font-family: inherit; }
      .u-legend { font-size: 0.95rem; text-align: left; }
      /* Legend keys drawn as a short stroke in the series' colour and dash style. */
      .u-legend .u-marker { width: 1.6em; height: 0 !important; border-width: 3px 0 0 0 !important; background: none !important; vertical-align: middle; }
      .empty { color: var(--rp-muted); margin: 0.5rem 0; }
      details { margin-top: 0.75rem; }
      summary { cursor: pointer; color: var(--rp-accent); font-weight: 600; }
      .scroll { max-height: 20rem; overflow: auto; }
      .scroll table { border-collapse: collapse; font-size: 0.9rem; margin-top: 0.5rem; font-variant-numeric: tabular-nums; }
      .scroll th, .scroll td { border-bottom: 1px solid var(--rp-line); padding: 0.2rem 0.6rem; text-align: right; }
    `,
  ];

  /** Learning-curve points, in order of the number of labels. */
  @property({ attribute: false }) curve: readonly CurvePoint[] = [];
  /** True return of the optimal policy (dashed reference line), when known. */
  @property({ attribute: false }) optimal?: number;
  /** True return of a uniformly random policy (dotted reference line), when known. */
  @property({ attribute: false }) uniform?: number;
  /** Show the hidden truth (true return, normalised score, reference lines): the teacher's Reveal truth. */
  @property({ type: Boolean }) reveal = false;

  @state() private tableOpen = false;

  private charts: uPlot[] = [];
  private chartKey = '';
  private drawing: Promise<void> = Promise.resolve();
  private resizeFrame = 0;
  private resize = new ResizeObserver(() => this.onResize());

  override render() {
    if (this.curve.length < 2) return html`<p class="empty">Label a few pairs to see the learning curves</p>`;
    const specs = chartSpecs(this.optimal, this.uniform, this.reveal);
    return html`
      <div class="charts">
        ${specs.map(
          (s, i) => html`<figure>
            <h3 id="t${i}">${s.title}</h3>
            <div class="plot" role="img" aria-labelledby="t${i}" aria-describedby="c${i}"></div>
            <figcaption id="c${i}">${s.caption}</figcaption>
          </figure>`,
        )}
      </div>
      <details @toggle=${(e: Event) => (this.tableOpen = (e.target as HTMLDetailsElement).open)}>
        <summary>The numbers as a table</summary>
        ${this.tableOpen ? this.table() : nothing}
      </details>
    `;
  }

  private table() {
    const truth = this.reveal;
    return html`<div class="scroll" tabindex="0" role="region" aria-label="Learning curve table">
      <table aria-label="Learning curve data">
        <caption class="empty">One row per training update${truth && this.optimal !== undefined ? html`; optimal true return ${fmt(this.optimal)}` : nothing}</caption>
        <thead>
          <tr><th scope="col">Labels</th>${truth ? html`<th scope="col">True return</th>` : nothing}<th scope="col">Apparent return</th><th scope="col">Learned return</th>${truth ? html`<th scope="col">Normalised score</th>` : nothing}<th scope="col">Held-out accuracy</th><th scope="col">Disagreement</th></tr>
        </thead>
        <tbody>
          ${this.curve.map(
            (p) => html`<tr>
              <th scope="row">${p.labels}</th>${truth ? html`<td>${fmt(p.trueReturn)}</td>` : nothing}<td>${fmt(p.apparentReturn)}</td><td>${fmt(p.learnedReturn)}</td>${truth ? html`<td>${fmt(p.normalizedReturn)}</td>` : nothing}<td>${fmt(p.heldOutAccuracy)}</td><td>${fmt(p.disagreement, 3)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('curve') || changed.has('optimal') || changed.has('uniform') || changed.has('reveal')) {
      this.redraw();
    }
  }

  /**
   * Queues a draw after any draw in flight (a failed draw is reported and does not block the next).
   * The draw waits for the next paint: uPlot sets canvas fonts, which brings the whole page's style up
   * to date first, and done inside the task that re-rendered the page for a new curve point, that
   * made a long task.
   */
  private redraw(): void {
    this.drawing = this.drawing
      .then(nextPaint)
      .then(() => this.draw())
      .catch((e: unknown) => console.error('rp-curves: could not draw the charts', e));
  }

  /** Resolves once the charts (and uPlot, the first time) are drawn for the current properties. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await this.drawing;
    return done;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyCharts();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect: the charts were destroyed, so draw them again.
    if (this.hasUpdated) this.redraw();
    // uPlot's first evaluation takes about 50 ms here: done while the page is idle, not when the
    // first curve point arrives in the middle of labelling.
    else globalThis.requestIdleCallback?.(() => void loadUPlot().catch(() => (uplotModule = null)), { timeout: 10_000 });
  }

  private async draw(): Promise<void> {
    if (this.curve.length < 2) return this.destroyCharts();
    const UPlot = await loadUPlot();
    const points = this.curve;
    if (!this.isConnected || points.length < 2) return this.destroyCharts();
    const specs = chartSpecs(this.optimal, this.uniform, this.reveal);
    const hosts = [...this.renderRoot.querySelectorAll<HTMLElement>('.plot')];
    const key = `${this.reveal}|${this.optimal !== undefined}|${this.uniform !== undefined}`;
    const reusable = key === this.chartKey && this.charts.length === hosts.length && this.charts.every((c, i) => c.root.parentElement === hosts[i]);
    if (reusable) {
      this.charts.forEach((c, i) => c.setData(columnsOf(points, specs[i])));
      return;
    }
    this.destroyCharts();
    this.chartKey = key;
    for (const [i, host] of hosts.entries()) {
      // One chart per task: making them all in one task took over 50 ms here, a pause while labelling.
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
      if (!this.isConnected || !host.isConnected) return this.destroyCharts();
      const opts: uPlot.Options = { ...specs[i].options, width: Math.max(200, host.clientWidth), height: PLOT_HEIGHT };
      this.charts.push(new UPlot(opts, columnsOf(points, specs[i]), host));
      this.resize.observe(host);
    }
  }

  private onResize(): void {
    // Resize on the next frame, not inside the observer's callback: a narrower chart re-wraps its
    // legend, and changing layout inside the callback trips "ResizeObserver loop" errors.
    if (this.resizeFrame) return;
    this.resizeFrame = requestAnimationFrame(() => {
      this.resizeFrame = 0;
      for (const chart of this.charts) {
        const host = chart.root.parentElement;
        const width = host ? Math.max(200, Math.floor(host.clientWidth)) : chart.width;
        if (width !== chart.width) chart.setSize({ width, height: PLOT_HEIGHT });
      }
    });
  }

  private destroyCharts(): void {
    this.resize.disconnect();
    cancelAnimationFrame(this.resizeFrame);
    this.resizeFrame = 0;
    for (const c of this.charts) c.destroy();
    this.charts = [];
    this.chartKey = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-curves': RpCurves;
  }
}
