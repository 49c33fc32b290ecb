/**
 * `<rp-clip>`: one frame of a segment (a short clip of the agent's behaviour) as a small grid: the
 * state at that frame, the path so far as a trail, and an "episode over" badge once the clip has
 * ended the episode. Frame 0 is the segment's start state, frame i the state after its i-th step;
 * frames past the last step (padding, when the other clip of a pair is longer) show the final state.
 * The canvas is `role="img"`, labelled with the whole clip in words: its moves and the events a
 * person can see (or, when `show` is 'truth', every event and the clip's true score).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { paintBuffered } from './buffered-canvas';
import { cssProps } from './css-props';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ACTION_NAMES, EVENT_BIT, type EventKind } from '../core/gridworld';
import { checkSegment, segmentSum, type Segment } from '../core/preferences';
import type { StateSpace } from '../core/states';
import { cellsText } from './describe-grid';
import { PALETTE, drawGrid, type GridShow, type GridView } from './draw-grid';
import { theme } from './theme';

/** What one frame of a clip shows: the state, the cells visited so far, and whether the clip is over. */
export interface ClipFrame {
  /** State index drawn at this frame. */
  readonly state: number;
  /** Steps taken by this frame, 0 … transitions.length. */
  readonly step: number;
  /** Agent cells from the start to this frame, repeats (blocked moves) collapsed. */
  readonly trail: readonly number[];
  /** How the clip ended the episode, once this frame has reached that end; null otherwise. */
  readonly ended: 'goal' | 'lava' | null;
}

/** A grid view with the clip's trail drawn over it. */
export interface ClipView extends GridView {
  /** Agent cells visited, oldest first; the last is where the agent stands. */
  readonly trail: readonly number[];
}

/** How a segment ended the episode: at the goal, in lava, or not at all. */
export function clipEnd(space: StateSpace, segment: Segment): 'goal' | 'lava' | null {
  const last = segment.transitions[segment.transitions.length - 1];
  if (last === undefined || !space.terminated[last]) return null;
  return space.events[last] & EVENT_BIT.lava ? 'lava' : 'goal';
}

/** The frame `frame` (≥ 0; beyond the last step shows the final state) of `segment`. */
export function clipFrame(space: StateSpace, segment: Segment, frame: number): ClipFrame {
  const step = Math.max(0, Math.min(Math.floor(frame) || 0, segment.transitions.length));
  const trail = [space.states[segment.start].agent];
  let s = segment.start;
  for (let i = 0; i < step; i++) {
    s = space.next[segment.transitions[i]];
    const cell = space.states[s].agent;
    if (cell !== trail[trail.length - 1]) trail.push(cell);
  }
  return { state: s, step, trail, ended: step === segment.transitions.length ? clipEnd(space, segment) : null };
}

/** Words for each event in a move, as a person would say what they saw. */
const EVENT_TEXT: Readonly<Partial<Record<EventKind, string>>> = {
  blocked: 'bumped into something',
  'vase-broken': 'broke a vase',
  'box-pushed': 'pushed a box',
  'tomato-watered': 'watered a tomato',
  'tomato-dried': 'a tomato dried out',
  'on-tamper': 'on the tamper tile',
  punished: 'took the punishment',
  coin: 'picked up a coin',
};
const END_TEXT = { goal: 'reached the goal', lava: 'fell into lava' } as const;
const signed = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${-x}` : '0');

/** The whole clip in words: start, moves with the events `show` lets a person see, and the end. */
export function describeClip(space: StateSpace, segment: Segment, show: GridShow): string {
  const where = (s: number) => cellsText([space.states[s].agent], space.world.width);
  const mask = show === 'truth' ? space.events : space.visibleEvents;
  // Runs of the same move with the same events are told once ("up 12 times (bumped into something)"),
  // so a whole episode — up to max_steps moves, often stuck against a wall — stays readable.
  const runs: { move: string; events: string; count: number }[] = [];
  segment.transitions.forEach((k, i) => {
    const events = Object.entries(EVENT_TEXT)
      .filter(([kind]) => mask[k] & EVENT_BIT[kind as EventKind])
      .map(([, text]) => text)
      .join(', ');
    const move = ACTION_NAMES[segment.actions[i]];
    const prev = runs[runs.length - 1];
    if (prev && prev.move === move && prev.events === events) prev.count += 1;
    else runs.push({ move, events, count: 1 });
  });
  const moves = runs.map(({ move, events, count }) => `${move}${count > 1 ? ` ${count} times` : ''}${events ? ` (${events})` : ''}`);
  const n = segment.transitions.length;
  const end = clipEnd(space, segment);
  const last = clipFrame(space, segment, n).state;
  const parts = [
    `${n} ${n === 1 ? 'move' : 'moves'} from ${where(segment.start)}${n ? `: ${moves.join(', ')}` : ''}.`,
    `Ends at ${where(last)}${end ? `, ${END_TEXT[end]}: episode over` : ''}.`,
  ];
  if (show === 'truth') parts.push(`True score of this clip: ${signed(segmentSum(segment, space.trueReward))}.`);
  return parts.join(' ');
}

/** Paints a clip frame: the grid by `drawGrid`, then the trail, never over the agent itself. */
export function drawClip(ctx: CanvasRenderingContext2D, view: ClipView, cellPx: number): void {
  drawGrid(ctx, view, cellPx);
  const { world, trail } = view;
  if (trail.length === 0) return;
  const c = cellPx;
  const centre = (cell: number): [number, number] => [((cell % world.width) + 0.5) * c, (Math.floor(cell / world.width) + 0.5) * c];
  ctx.save();
  // Clip out the agent's disc so the trail passes under it rather than over it.
  const [ax, ay] = centre(trail[trail.length - 1]);
  ctx.beginPath();
  ctx.rect(0, 0, world.width * c, world.height * c);
  ctx.arc(ax, ay, 0.37 * c, 0, Math.PI * 2);
  ctx.clip('evenodd');
  ctx.strokeStyle = PALETTE.agent;
  ctx.globalAlpha = 0.5;
  ctx.lineWidth = Math.max(2, 0.14 * c);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.beginPath();
  trail.forEach((cell, i) => (i === 0 ? ctx.moveTo(...centre(cell)) : ctx.lineTo(...centre(cell))));
  ctx.stroke();
  // A ring marks where the clip started.
  ctx.globalAlpha = 0.8;
  ctx.lineWidth = Math.max(1.5, 0.06 * c);
  ctx.beginPath();
  ctx.arc(...centre(trail[0]), 0.2 * c, 0, Math.PI * 2);
  ctx.stroke();
  ctx.restore();
}

/** Draws one frame of a segment; set `space`, `segment`, `frame` and `show`. */
@customElement('rp-clip')
export class RpClip extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        min-width: 0;
      }
      .frame {
        position: relative;
        width: fit-content;
        margin-inline: auto;
      }
      canvas {
        display: block;
        border-radius: 4px;
      }
      .badge {
        position: absolute;
        inset-block-start: 4px;
        inset-inline-start: 50%;
        transform: translateX(-50%);
        white-space: nowrap;
        padding: 0.1rem 0.55rem;
        border-radius: 999px;
        background: var(--rp-ink);
        color: #fff;
        font-size: 0.8rem;
        font-weight: 700;
      }
      .badge.lava {
        background: #a3142c;
      }
      .badge.goal {
        background: #17692e;
      }
      p {
        margin: 0.25rem 0 0;
        text-align: center;
        font-size: 0.9rem;
        color: var(--rp-muted);
      }
    `,
  ];

  /** The level's state space; nothing is drawn while null. */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** The segment to play; nothing is drawn while null. */
  @property({ attribute: false }) segment: Segment | null = null;
  /** Frame to draw: 0 is the start state; past the last step shows the final state. */
  @property({ attribute: false }) frame = 0;
  /** 'observation' draws what a person watching sees; 'truth' the true state, with the clip's true score. */
  @property({ attribute: false }) show: GridShow = 'observation';
  /** Largest cell, in CSS pixels. */
  @property({ type: Number, attribute: 'max-cell' }) maxCell = 40;

  @state() private availableWidth = 0;
  @query('canvas') private canvas!: HTMLCanvasElement | null;
  private resizeObserver?: ResizeObserver;
  private resizeFrame = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width ?? 0;
      if (Math.abs(width - this.availableWidth) < 0.5) return;
      // Next frame, not inside the callback: resizing the canvas would loop the observer.
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => (this.availableWidth = width));
    });
    this.resizeObserver.observe(this);
    this.availableWidth = this.clientWidth;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.resizeFrame);
  }

  /** The last clip described, and its words: they do not change from frame to frame. */
  private described: { space: StateSpace; segment: Segment; show: GridShow; text: string } | null = null;

  private describe(space: StateSpace, segment: Segment, show: GridShow): string {
    const d = this.described;
    if (d && d.space === space && d.segment === segment && d.show === show) return d.text;
    const text = describeClip(space, segment, show);
    this.described = { space, segment, show, text };
    return text;
  }

  /** CSS pixels per cell for the current width. */
  get cellPx(): number {
    if (!this.space) return 0;
    return Math.max(8, Math.min(this.maxCell, Math.floor((this.availableWidth || this.clientWidth) / this.space.world.width)));
  }

  override render() {
    const { space, segment } = this;
    if (!space || !segment) return html`<p>No clip.</p>`;
    let label: string, f: ClipFrame;
    try {
      checkSegment(space, segment);
      label = this.describe(space, segment, this.show);
      f = clipFrame(space, segment, this.frame);
    } catch (e) {
      return html`<p role="alert">Cannot show this clip: ${(e as Error).message}</p>`;
    }
    const cell = this.cellPx,
      dpr = globalThis.devicePixelRatio || 1;
    const w = cell * space.world.width,
      h = cell * space.world.height;
    return html`<div class="frame">
        <canvas
          role="img"
          aria-label=${label}
          data-frame=${this.frame}
          data-step=${f.step}
          width=${Math.round(w * dpr)}
          height=${Math.round(h * dpr)}
          style=${cssProps({ width: `${w}px`, height: `${h}px` })}
        ></canvas>
        ${f.ended ? html`<span class="badge ${f.ended}" aria-hidden="true">${f.ended === 'goal' ? 'Goal' : 'Lava'} · episode over</span>` : nothing}
      </div>
      ${this.show === 'truth' ? html`<p class="score" data-true-score=${segmentSum(segment, space.trueReward)}>True score ${signed(segmentSum(segment, space.trueReward))}</p>` : nothing}`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.draw();
  }

  /** Repaints the canvas from the current properties (called after every update). */
  draw(): void {
    const { canvas, space, segment } = this;
    if (!canvas || !space || !segment) return;
    const f = clipFrame(space, segment, this.frame);
    const cell = this.cellPx;
    paintBuffered(canvas, cell * space.world.width, cell * space.world.height, (ctx) => {
      drawClip(ctx, { world: space.world, state: space.states[f.state], show: this.show, trail: f.trail }, cell);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-clip': RpClip;
  }
}
