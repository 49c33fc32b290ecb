/**
 * `<rp-label-panel>`: where a person labels. It shows the proposed pair looping in sync, the reason
 * the pair was chosen, the number of labels so far, and the four answers, also on the keys 1, 2,
 * 3 or =, 4 or ? (listened for on the whole page, except while typing in a text field or select).
 * It never waits on training: it renders whatever `query` it is given, and "Preparing the next
 * pair…" over the last pair, dimmed, while it is null.
 * "Demonstrate an episode" opens `<rp-demonstrate>` beside the agent's current episode (`episode`,
 * captured when the button is pressed, so a refreshed snapshot never restarts a demonstration in
 * progress); its `demonstration` and `demonstration-cancel` events bubble out of this element unchanged.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Trajectory } from '../core/planner';
import type { Answer } from '../core/preferences';
import type { QueryProposal } from '../core/queries';
import type { Rng } from '../core/rng';
import type { StateSpace } from '../core/states';
import type { GridShow } from './draw-grid';
import './rp-clip-pair';
import { keyTakenBy } from './key-taken';
import { theme } from './theme';

/** Detail of `label-answer`: the answer and the pair it answers (compare it with the current query). */
export interface LabelAnswerDetail {
  readonly answer: Answer;
  readonly query: QueryProposal;
}

/** The four answers: accessible name, the key shown on the button, and every key that gives it. */
export const ANSWER_BUTTONS: readonly { answer: Answer; name: string; key: string; keys: readonly string[] }[] = [
  { answer: 'left', name: 'Left is better', key: '1', keys: ['1'] },
  { answer: 'right', name: 'Right is better', key: '2', keys: ['2'] },
  { answer: 'equal', name: 'Equal', key: '3', keys: ['3', '='] },
  { answer: 'cant-tell', name: "Can't tell", key: '4', keys: ['4', '?'] },
];

/** "1 label", "12 labels". */
export function labelCountText(n: number): string {
  return `${n} ${n === 1 ? 'label' : 'labels'}`;
}

/** Why Demonstrate is off before the agent's first plan (its tooltip and accessible description: no line of its own, so the answers and the agent share a phone's first screen). */
const DEMO_WHY = 'Available once the agent has planned its first episode.';

/** The labelling panel; set `query`, `labelCount`, `budget`, `space`, `episode`, `show` and `disabled`. */
@customElement('rp-label-panel')
export class RpLabelPanel extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: 0.25rem 1rem;
      }
      h2 {
        margin: 0;
        font-size: 1.05rem;
      }
      .count {
        margin: 0;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .reason {
        margin: 0.15rem 0 0.6rem;
        color: var(--rp-muted);
      }
      .why {
        font-weight: 600;
        color: var(--rp-ink);
      }
      .placeholder {
        display: grid;
        place-items: center;
        min-height: 8rem;
        margin: 0.6rem 0;
        border: 1px dashed var(--rp-line);
        border-radius: var(--rp-radius);
        color: var(--rp-muted);
      }
      .stage {
        position: relative;
      }
      .stale {
        opacity: 0.3;
      }
      .waiting {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        margin: 0;
        font-weight: 700;
      }
      .waiting span {
        padding: 0.4rem 1rem;
        border-radius: 999px;
        background: var(--rp-surface);
        box-shadow: 0 1px 6px rgb(0 0 0 / 0.2);
      }
      .answers {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .answers button {
        flex: 1 1 auto;
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: 0.5rem;
        padding-inline: 0.6rem;
        white-space: nowrap;
      }
      /* Narrow (touch) screens: a 2 × 2 grid of equal buttons; the key hints give way to the names. */
      @media (max-width: 600px) {
        .answers {
          display: grid;
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .answers button {
          white-space: normal;
        }
        kbd {
          display: none;
        }
        /* Little room: the reason alone, as its own sentence. */
        .why {
          display: none;
        }
        .why + span {
          display: block;
        }
        .why + span::first-letter {
          text-transform: uppercase;
        }
        .reason {
          margin: 0.1rem 0 0.4rem;
          font-size: 0.9rem;
          line-height: 1.3;
        }
        .answers,
        .demo-row {
          margin-top: 0.5rem;
        }
        .demo-row {
          flex-wrap: nowrap;
          font-size: 0.9rem;
        }
        .demo-row button {
          min-height: 2.75rem;
          padding-inline: 0.6rem;
        }
      }
      .answers button.side {
        background: var(--rp-accent);
        color: var(--rp-accent-ink);
      }
      kbd {
        font: 600 0.8rem ui-monospace, SFMono-Regular, Menlo, monospace;
        min-width: 1.4em;
        padding: 0.05rem 0.3rem;
        border: 1px solid currentColor;
        border-radius: 4px;
        opacity: 0.8;
      }
      .demo-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-top: 0.75rem;
        color: var(--rp-muted);
      }
      .demo-row button {
        font-weight: 500;
        min-height: 2.25rem;
        border-color: var(--rp-line);
        color: var(--rp-ink);
      }
    `,
  ];

  /** The pair to label, or null while the next one is being prepared. */
  @property({ attribute: false }) query: QueryProposal | null = null;
  /** Labels given so far in this session (in a label-budget challenge: the person's own, of the budget). */
  @property({ attribute: false }) labelCount = 0;
  /** The label-budget challenge's budget, shown as "k of N labels"; null without a challenge. */
  @property({ attribute: false }) budget: number | null = null;
  /** The level's state space (for drawing the clips). */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** Which picture the clips draw: what a person sees, or the truth (with each clip's true score). */
  @property({ attribute: false }) show: GridShow = 'observation';
  /** Disables answering and demonstrating (e.g. while the engine is not running). */
  @property({ type: Boolean }) disabled = false;
  /** Seeded stream for stochastic outcomes in Demonstrate mode; null takes the most likely outcome. */
  @property({ attribute: false }) demoRng: Rng | null = null;
  /** The agent's current episode from step 0 (the snapshot's rollout); null until there is a snapshot. */
  @property({ attribute: false }) episode: Trajectory | null = null;

  /** The agent's episode being demonstrated against, or null when not demonstrating. */
  @state() private demoOf: Trajectory | null = null;

  private readonly onKey = (e: KeyboardEvent) => this.handleKey(e);
  /** The last pair shown, kept on screen (dimmed) while the next one is prepared. */
  private lastQuery: QueryProposal | null = null;
  /** Index of the answer button that had focus when the buttons were disabled, or -1. */
  private refocus = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey);
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    // A new level makes the segment being demonstrated against meaningless.
    if (changed.has('space') && changed.get('space') !== undefined) {
      this.demoOf = null;
      this.lastQuery = null;
    }
    if (this.query) this.lastQuery = this.query;
    // Disabling the focused answer button would drop focus to the page; remember it to give it back.
    const focused = this.renderRoot.querySelector?.('.answers button:focus');
    if (focused && !this.canAnswer) this.refocus = [...this.renderRoot.querySelectorAll('.answers button')].indexOf(focused);
  }

  protected override updated(): void {
    if (this.refocus < 0 || !this.canAnswer) return;
    const active = document.activeElement;
    if (!active || active === document.body) {
      this.renderRoot.querySelectorAll<HTMLButtonElement>('.answers button')[this.refocus]?.focus();
    }
    this.refocus = -1;
  }

  private get canAnswer(): boolean {
    return !!this.query && !!this.space && !this.disabled && !this.demoOf;
  }

  private handleKey(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey || keyTakenBy(e) || !this.canAnswer) return;
    const button = ANSWER_BUTTONS.find((b) => b.keys.includes(e.key));
    if (!button) return;
    e.preventDefault();
    this.emitAnswer(button.answer);
  }

  private emitAnswer(answer: Answer): void {
    const query = this.query;
    if (!query || !this.canAnswer) return;
    this.dispatchEvent(new CustomEvent<LabelAnswerDetail>('label-answer', { detail: { answer, query }, bubbles: true, composed: true }));
  }

  private async openDemo(): Promise<void> {
    const episode = this.episode;
    if (!episode || !this.space || this.disabled) return;
    await import('./rp-demonstrate'); // defines <rp-demonstrate>, loaded on first use: not in the page's first script
    if (this.space && !this.disabled) this.demoOf = episode;
  }

  private async closeDemo(): Promise<void> {
    this.demoOf = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.demo-row button')?.focus();
  }

  override render() {
    const { query } = this;
    const off = !this.canAnswer;
    return html`<section aria-labelledby="label-heading">
      <div class="head">
        <h2 id="label-heading">Which clip is better?</h2>
        <p class="count" role="status">${this.budget === null ? labelCountText(this.labelCount) : `${this.labelCount} of ${labelCountText(this.budget)}`}</p>
      </div>
      ${this.demoOf ? this.renderDemo() : [this.renderPair(query), this.renderAnswers(off), this.renderDemoRow()]}
    </section>`;
  }

  private renderAnswers(off: boolean) {
    return html`<div class="answers" role="group" aria-label="Your answer">
      ${ANSWER_BUTTONS.map(
        (b) => html`<button
          type="button"
          class=${b.answer === 'left' || b.answer === 'right' ? 'side' : ''}
          aria-keyshortcuts=${b.keys.join(' ')}
          ?disabled=${off}
          @click=${() => this.emitAnswer(b.answer)}
        >
          <span>${b.name}</span><kbd aria-hidden="true">${b.key}</kbd>
        </button>`,
      )}
    </div>`;
  }

  private renderDemoRow() {
    const off = !this.episode || !this.space || this.disabled;
    return html`<div class="demo-row">
      <span>Or show it how:</span>
      <button type="button" ?disabled=${off} aria-describedby=${this.episode ? nothing : 'demo-why'} title=${this.episode ? nothing : DEMO_WHY} @click=${this.openDemo}>
        Demonstrate an episode
      </button>
      ${this.episode ? nothing : html`<span id="demo-why" class="sr">${DEMO_WHY}</span>`}
    </div>`;
  }

  /** The pair; while the next is prepared, the last one stays in place, dimmed, so the page does not jump. */
  private renderPair(query: QueryProposal | null) {
    const shown = query ?? this.lastQuery;
    if (!shown || !this.space) return html`<p class="placeholder" role="status">Preparing the next pair…</p>`;
    return html`<p class="reason ${query ? '' : 'stale'}"><span class="why">Why this pair:</span> <span>${shown.reason}</span></p>
      <div class="stage">
        <rp-clip-pair class=${query ? '' : 'stale'} ?inert=${!query} .space=${this.space} .left=${shown.left} .right=${shown.right} .show=${this.show}></rp-clip-pair>
        ${query ? nothing : html`<p class="waiting" role="status"><span>Preparing the next pair…</span></p>`}
      </div>`;
  }

  private renderDemo() {
    return html`<rp-demonstrate
      .space=${this.space}
      .episode=${this.demoOf}
      .show=${this.show}
      .rng=${this.demoRng}
      @demonstration=${this.closeDemo}
      @demonstration-cancel=${this.closeDemo}
    ></rp-demonstrate>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-label-panel': RpLabelPanel;
  }
  interface HTMLElementEventMap {
    'label-answer': CustomEvent<LabelAnswerDetail>;
  }
}
