/**
 * `<rp-demonstrate>`: Demonstrate mode. The person drives the agent from the start of the agent's own
 * episode, with the arrow keys (anywhere on the page but in a text field or select) or the on-screen
 * arrow buttons, until the episode ends (goal, lava, the step limit) or they press "Done" earlier.
 * Their clip is drawn as it grows beside the agent's episode at the same step. "Done" reports the
 * label "demonstration ≻ the agent's episode", both cut to the moves made when finished early (see
 * src/core/demonstration.ts); Backspace undoes a move; "Cancel" (or Escape) gives up.
 */
import { LitElement, css, html } from 'lit';
import { cssProps } from './css-props';
import { customElement, property, state } from 'lit/decorators.js';
import {
  canFinish,
  demonstrationLabel,
  demonstrationSegment,
  isComplete,
  sameAsAgent,
  startEpisodeDemonstration,
  stepDemonstration,
  undoDemonstration,
  type Demonstration,
  type DemonstrationLabel,
} from '../core/demonstration';
import type { Action } from '../core/gridworld';
import type { Trajectory } from '../core/planner';
import type { Rng } from '../core/rng';
import type { StateSpace } from '../core/states';
import type { GridShow } from './draw-grid';
import './rp-clip';
import { clipLayoutStyles } from './clip-layout.styles';
import { keyTakenBy } from './key-taken';
import { theme } from './theme';

/** Detail of `demonstration`: the label to store (the store adds its id and held-out flag). */
export interface DemonstrationDetail {
  readonly label: DemonstrationLabel;
}

const KEY_ACTION: Readonly<Record<string, Action>> = { ArrowUp: 0, ArrowDown: 1, ArrowLeft: 2, ArrowRight: 3 };
const PAD: readonly [Action, string, string][] = [
  [0, 'Move up', '↑'],
  [2, 'Move left', '←'],
  [1, 'Move down', '↓'],
  [3, 'Move right', '→'],
];

/** Lets a person demonstrate a better episode than the agent's `episode`, from its start. */
@customElement('rp-demonstrate')
export class RpDemonstrate extends LitElement {
  static override styles = [
    theme,
    clipLayoutStyles,
    css`
      :host {
        display: block;
      }
      section:focus {
        outline: none;
      }
      h3 {
        margin: 0;
        font-size: 1rem;
      }
      .hint {
        margin: 0.15rem 0 0.6rem;
        color: var(--rp-muted);
      }
      .pad {
        display: grid;
        grid-template-columns: repeat(3, 3rem);
        grid-template-areas: '. up .' 'left down right';
        gap: 0.3rem;
        justify-content: center;
        margin: 0.75rem 0 0.25rem;
      }
      .pad button {
        padding: 0;
        min-height: 2.75rem;
        font-size: 1.2rem;
      }
      .status {
        text-align: center;
        margin: 0.25rem 0 0.5rem;
        font-weight: 600;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        justify-content: flex-end;
      }
    `,
  ];

  /** The level's state space. */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** The agent's episode (from step 0) the demonstration answers; the person starts where it starts. */
  @property({ attribute: false }) episode: Trajectory | null = null;
  /** Which picture to draw. */
  @property({ attribute: false }) show: GridShow = 'observation';
  /** Seeded stream for stochastic outcomes (tomatoes drying); null takes the most likely outcome. */
  @property({ attribute: false }) rng: Rng | null = null;

  @state() private demo: Demonstration | null = null;
  @state() private error = '';

  private readonly onKey = (e: KeyboardEvent) => this.handleKey(e);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('space') || changed.has('episode')) this.restart();
  }

  protected override firstUpdated(): void {
    // Move focus into the mode so a keyboard or screen-reader user lands on its heading.
    this.renderRoot.querySelector('section')?.focus();
  }

  /** Takes back every move. */
  restart(): void {
    this.demo = null;
    this.error = '';
    if (!this.space || !this.episode) return;
    try {
      this.demo = startEpisodeDemonstration(this.space, this.episode);
    } catch (e) {
      this.error = (e as Error).message;
    }
  }

  /** Makes one move (ignored once the demonstration is complete). */
  move(action: Action): void {
    if (this.space && this.demo) this.demo = stepDemonstration(this.space, this.demo, action, this.rng);
  }

  private undo(): void {
    if (this.demo) this.demo = undoDemonstration(this.demo);
  }

  private handleKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || keyTakenBy(e)) return;
    if (e.key in KEY_ACTION) this.move(KEY_ACTION[e.key]);
    else if (e.key === 'Escape') this.cancel();
    else if (e.key === 'Backspace') this.undo();
    else return;
    e.preventDefault(); // no page scrolling, and no other listener acts on the same key
  }

  private done(): void {
    if (!this.space || !this.demo || !canFinish(this.demo)) return;
    const label = demonstrationLabel(this.space, this.demo);
    this.dispatchEvent(new CustomEvent<DemonstrationDetail>('demonstration', { detail: { label }, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent<null>('demonstration-cancel', { detail: null, bubbles: true, composed: true }));
  }

  override render() {
    const { space, demo } = this;
    if (!space || !demo) return html`<section tabindex="-1"><p role="alert">${this.error || 'Nothing to demonstrate yet.'}</p></section>`;
    const steps = demo.transitions.length;
    const complete = isComplete(space, demo);
    const repeat = steps > 0 && sameAsAgent(demo);
    const moves = `${steps} ${steps === 1 ? 'move' : 'moves'}`;
    const status = repeat
      ? complete
        ? 'Those are exactly the agent’s moves: undo some and show something better.'
        : `${moves}, the same as the agent’s so far: show something different.`
      : complete
        ? `The episode is over after ${moves}. Press Done to teach it.`
        : `${steps} of at most ${demo.agent.length} moves made.${steps > 0 ? ' Press Done when you have shown enough.' : ''}`;
    return html`<section tabindex="-1" aria-labelledby="demo-heading">
      <h3 id="demo-heading">Demonstrate an episode</h3>
      <p class="hint">
        Drive the agent from the start of the episode to show what you want; the agent’s own episode
        plays beside yours. Done when you have shown enough. Arrow keys or the buttons move; Backspace
        undoes a move; Escape cancels.
      </p>
      <div class="clips">
        <figure>
          <figcaption>Your demonstration</figcaption>
          <rp-clip data-side="demonstration" .space=${space} .segment=${demonstrationSegment(demo)} .frame=${steps} .show=${this.show}></rp-clip>
        </figure>
        <figure>
          <figcaption>The agent’s episode, same step</figcaption>
          <rp-clip data-side="agent" .space=${space} .segment=${demo.agent} .frame=${steps} .show=${this.show}></rp-clip>
        </figure>
      </div>
      <div class="pad">
        ${PAD.map(
          ([a, name, arrow]) =>
            html`<button type="button" style=${cssProps({ 'grid-area': name.slice(5) })} aria-label=${name} ?disabled=${complete} @click=${() => this.move(a)}>
              ${arrow}
            </button>`,
        )}
      </div>
      <p class="status" role="status">${status}</p>
      <div class="actions">
        <button type="button" ?disabled=${steps === 0} @click=${this.undo}>Undo</button>
        <button type="button" ?disabled=${steps === 0} @click=${this.restart}>Start over</button>
        <button type="button" @click=${this.cancel}>Cancel</button>
        <button type="button" class="primary" ?disabled=${!canFinish(demo)} @click=${this.done}>Done</button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-demonstrate': RpDemonstrate;
  }
  interface HTMLElementEventMap {
    demonstration: CustomEvent<DemonstrationDetail>;
    'demonstration-cancel': CustomEvent<null>;
  }
}
