/**
 * `<rp-clip-pair>`: the two proposed segments side by side (stacked on screens ≤ 600 px wide), looping
 * in sync: one frame counter, advanced at a steady FRAMES_PER_SECOND, drives both clips, the shorter
 * one padded with its final state. A scrubber ("Clip frame") pauses the loop and shows the chosen
 * frame; a button plays and pauses. With prefers-reduced-motion the loop starts paused.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Segment } from '../core/preferences';
import type { StateSpace } from '../core/states';
import type { GridShow } from './draw-grid';
import './rp-clip';
import { clipLayoutStyles } from './clip-layout.styles';
import { theme } from './theme';

/** Loop speed, in clip frames per second. */
export const FRAMES_PER_SECOND = 4;
/** Extra ticks the last frame is held before the loop starts again, so the ending can be seen. */
export const END_HOLD_TICKS = 2;

/** Number of frames of a pair: the start state plus the steps of the longer clip. */
export function pairFrames(left: Segment | null, right: Segment | null): number {
  return Math.max(left?.length ?? 0, left?.transitions.length ?? 0, right?.length ?? 0, right?.transitions.length ?? 0) + 1;
}

/** Plays two clips in sync; set `space`, `left`, `right` and `show`. */
@customElement('rp-clip-pair')
export class RpClipPair extends LitElement {
  static override styles = [
    theme,
    clipLayoutStyles,
    css`
      :host {
        display: block;
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
        margin-top: 0.6rem;
      }
      .scrub {
        flex: 1 1 14rem;
        display: flex;
        align-items: center;
        gap: 0.75rem;
      }
      .scrub label {
        font-weight: 600;
        white-space: nowrap;
      }
      input[type='range'] {
        flex: 1 1 auto;
        min-width: 4rem;
        min-height: 2rem;
        margin: 0;
        accent-color: var(--rp-accent);
      }
      output {
        white-space: nowrap;
        font-variant-numeric: tabular-nums;
        min-width: 4.5ch;
        text-align: end;
        color: var(--rp-muted);
      }
      button {
        min-width: 7.5rem;
        white-space: nowrap;
      }
      /* Narrow screens: the button and the scrubber share one row; the slider is a 44 px touch target. */
      @media (max-width: 600px) {
        .controls {
          flex-wrap: nowrap;
          margin-top: 0.4rem;
        }
        .scrub {
          flex: 1 1 0;
          min-width: 0;
          gap: 0.4rem;
        }
        .scrub label {
          font-size: 0.9rem;
        }
        input[type='range'] {
          min-height: 2.75rem;
        }
        button {
          min-width: 0;
          padding-inline: 0.6rem;
        }
      }
    `,
  ];

  /** The level's state space. */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** The left segment. */
  @property({ attribute: false }) left: Segment | null = null;
  /** The right segment. */
  @property({ attribute: false }) right: Segment | null = null;
  /** Which picture the clips draw. */
  @property({ attribute: false }) show: GridShow = 'observation';
  /** Start looping when a pair arrives (ignored under prefers-reduced-motion, which starts paused). */
  @property({ type: Boolean }) autoplay = true;

  /** The frame both clips show. */
  @state() frame = 0;
  /** Whether the loop is running. */
  @state() playing = false;

  private raf = 0;
  private wake: ReturnType<typeof setTimeout> | undefined;
  private last = 0;
  private elapsed = 0;
  private hold = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLoop();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.playing) this.startLoop();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new pair starts from its first frame, looping unless motion is unwelcome.
    if (changed.has('left') || changed.has('right') || changed.has('autoplay')) {
      this.frame = 0;
      this.elapsed = 0;
      this.hold = 0;
      const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
      this.setPlaying(this.autoplay && !reduce && !!this.left && !!this.right);
    }
    this.frame = Math.min(this.frame, pairFrames(this.left, this.right) - 1);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // For `npm run bench` (P2): when both clips have drawn a new pair. A mark costs nothing.
    if ((changed.has('left') || changed.has('right')) && this.left && this.right)
      void Promise.all([...this.renderRoot.querySelectorAll('rp-clip')].map((c) => c.updateComplete)).then(() => performance.mark('rp:pair-shown'));
  }

  /** Plays or pauses the loop. */
  setPlaying(on: boolean): void {
    this.playing = on;
    if (on) this.startLoop();
    else this.stopLoop();
  }

  private startLoop(): void {
    if (this.raf || this.wake !== undefined || !this.isConnected) return;
    this.last = performance.now();
    this.scheduleTick();
  }

  /**
   * Wakes for the next clip frame only: a timer until it is due, then an animation frame (which a
   * hidden tab does not run). Asking for every display refresh instead made the page render at 60
   * frames a second to show 4.
   */
  private scheduleTick(): void {
    const wait = Math.max(0, 1000 / FRAMES_PER_SECOND - this.elapsed);
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.raf = requestAnimationFrame((t) => this.tick(t));
    }, wait);
  }

  private stopLoop(): void {
    clearTimeout(this.wake);
    this.wake = undefined;
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  /** Advances by whole ticks of elapsed time, so the speed is steady whatever the display's rate. */
  private tick(now: number): void {
    this.raf = 0;
    if (!this.playing) return;
    this.elapsed += Math.min(now - this.last, 1000);
    this.last = now;
    const tickMs = 1000 / FRAMES_PER_SECOND;
    const frames = pairFrames(this.left, this.right);
    while (this.elapsed >= tickMs) {
      this.elapsed -= tickMs;
      if (this.frame < frames - 1) this.frame++;
      else if (this.hold < END_HOLD_TICKS) this.hold++;
      else {
        this.frame = 0;
        this.hold = 0;
      }
    }
    this.scheduleTick();
  }

  private onScrub(e: Event): void {
    this.setPlaying(false);
    this.frame = Number((e.target as HTMLInputElement).value);
    this.hold = 0;
  }

  override render() {
    const frames = pairFrames(this.left, this.right);
    const clip = (side: string, segment: Segment | null) => html`<figure>
      <figcaption>${side}</figcaption>
      <rp-clip data-side=${side.toLowerCase()} .space=${this.space} .segment=${segment} .frame=${this.frame} .show=${this.show}></rp-clip>
    </figure>`;
    return html`<div class="clips">${clip('Left', this.left)} ${clip('Right', this.right)}</div>
      <div class="controls">
        <button type="button" @click=${() => this.setPlaying(!this.playing)}>
          ${this.playing ? 'Pause clips' : 'Play clips'}
        </button>
        <div class="scrub">
          <label for="scrub">Clip frame</label>
        <input
          id="scrub"
          type="range"
          min="0"
          max=${frames - 1}
          step="1"
          .value=${String(this.frame)}
          aria-valuetext=${`step ${this.frame} of ${frames - 1}`}
          @pointerdown=${() => this.setPlaying(false)}
          @input=${this.onScrub}
        />
          <output for="scrub" aria-hidden="true">${this.frame} / ${frames - 1}</output>
        </div>
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-clip-pair': RpClipPair;
  }
}
