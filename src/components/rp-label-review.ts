/**
 * `<rp-label-review>`: the assistant's check of the person's own labels. It lists
 * the label issues — labels the reward models confidently contradict, and preferences that go round
 * in a circle — and lets the person review each label: **Relabel** opens the two clips of that label
 * (rp-clip-pair) with the four answers, and the chosen answer is reported as `label-relabel`;
 * **Keep** reports `label-keep`. The element holds no labels of its own: it renders `issues` (less
 * those whose labels were all `reviewed`) and `labels` and says what the person chose.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { dropReviewed, type LabelIssue } from '../core/label-quality';
import type { Answer, Label } from '../core/preferences';
import type { StateSpace } from '../core/states';
import type { GridShow } from './draw-grid';
import './rp-clip-pair';
import { theme } from './theme';

/** Detail of `label-relabel`: the label to change and its new answer (it may equal the old one). */
export interface LabelRelabelDetail {
  readonly labelId: string;
  readonly answer: Answer;
}
/** Detail of `label-keep`: the label the person reviewed and kept as it is. */
export interface LabelKeepDetail {
  readonly labelId: string;
}

/** The four answers offered when relabelling, with their button names (as in the labelling panel). */
export const RELABEL_ANSWERS: readonly { readonly answer: Answer; readonly name: string }[] = [
  { answer: 'left', name: 'Left is better' },
  { answer: 'right', name: 'Right is better' },
  { answer: 'equal', name: 'Equal' },
  { answer: 'cant-tell', name: "Can't tell" },
];

const ANSWER_NAME = Object.fromEntries(RELABEL_ANSWERS.map((a) => [a.answer, a.name])) as Record<Answer, string>;
const KIND_TEXT: Readonly<Record<LabelIssue['kind'], string>> = {
  contradicted: 'The reward models disagree with this label',
  cycle: 'These preferences go round in a circle',
};

/** The label review list; set `issues`, `reviewed`, `labels`, `space`, `show` and `disabled`. */
@customElement('rp-label-review')
export class RpLabelReview extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .intro {
        margin: 0 0 0.5rem;
        color: var(--rp-muted);
      }
      ol.issues {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.75rem;
      }
      .issue {
        border-left: 4px solid #b35c00;
        padding: 0.2rem 0 0.2rem 0.75rem;
      }
      .kind {
        font-size: 0.8rem;
        text-transform: uppercase;
        letter-spacing: 0.04em;
        font-weight: 700;
        color: #8a4500;
      }
      .detail {
        margin: 0.2rem 0 0.4rem;
        font-size: 0.92rem;
      }
      ul.labels {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: 0.4rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.4rem 0.6rem;
      }
      .row .which {
        flex: 1 1 12rem;
      }
      .review {
        margin: 0.5rem 0 0.25rem;
        padding: 0.6rem;
        border: 1px solid var(--rp-line);
        border-radius: var(--rp-radius);
        background: var(--rp-page);
      }
      .question {
        margin: 0.6rem 0 0;
      }
      .answers {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.4rem;
      }
      .answers button.current {
        border-width: 3px;
      }
    `,
  ];

  /** The issues found, in order (e.g. from findLabelIssues). */
  @property({ attribute: false }) issues: readonly LabelIssue[] = [];
  /** Ids of the labels the person reviewed and kept: an issue of only such labels is not shown. */
  @property({ attribute: false }) reviewed: readonly string[] = [];
  /** The session's labels, to find each issue's clips and current answer. */
  @property({ attribute: false }) labels: readonly Label[] = [];
  /** The level's state space (for drawing the clips). */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** Which picture the clips draw. */
  @property({ attribute: false }) show: GridShow = 'observation';
  /** Disables every button (e.g. while the engine starts). */
  @property({ type: Boolean }) disabled = false;

  /** Id of the label whose clips are open for relabelling, or null. */
  @state() private open: string | null = null;
  private focusAnswers = false;

  protected override willUpdate(): void {
    // Close the review when its label left the list (relabelled, kept, or a new session).
    if (this.open !== null && !this.shown.some((i) => i.labelIds.includes(this.open as string))) this.open = null;
  }

  protected override updated(): void {
    if (!this.focusAnswers) return;
    this.focusAnswers = false;
    this.renderRoot.querySelector<HTMLButtonElement>('.answers button')?.focus();
  }

  private toggle(labelId: string): void {
    this.open = this.open === labelId ? null : labelId;
    this.focusAnswers = this.open !== null;
  }

  private relabel(labelId: string, answer: Answer): void {
    this.open = null;
    this.dispatchEvent(new CustomEvent<LabelRelabelDetail>('label-relabel', { detail: { labelId, answer }, bubbles: true, composed: true }));
  }

  private keep(labelId: string): void {
    if (this.open === labelId) this.open = null;
    this.dispatchEvent(new CustomEvent<LabelKeepDetail>('label-keep', { detail: { labelId }, bubbles: true, composed: true }));
  }

  /** The issues to show: those with a label not yet reviewed. */
  private get shown(): LabelIssue[] {
    return dropReviewed(this.issues, this.reviewed);
  }

  override render() {
    const issues = this.shown;
    if (issues.length === 0) return html`<p role="status">No label looks inconsistent.</p>`;
    const byId = new Map(this.labels.map((l) => [l.id, l]));
    const n = issues.length;
    return html`
      <p class="intro" role="status">
        The assistant found ${n} ${n === 1 ? 'issue' : 'issues'} in your labels. Look at the clips again: relabel a label, or keep it as it is.
      </p>
      <ol class="issues">
        ${issues.map(
          (issue) => html`<li class="issue" data-kind=${issue.kind}>
            <div class="kind">${KIND_TEXT[issue.kind]}</div>
            <p class="detail">${issue.detail}</p>
            <ul class="labels">
              ${issue.labelIds.map((id) => this.renderLabel(id, byId.get(id)))}
            </ul>
          </li>`,
        )}
      </ol>
    `;
  }

  private renderLabel(id: string, label: Label | undefined) {
    const open = this.open === id && label !== undefined;
    return html`<li>
      <div class="row">
        <span class="which">Label ${id}: ${label ? html`you answered <strong>${ANSWER_NAME[label.answer]}</strong>` : 'no longer in the session'}</span>
        <button type="button" aria-label=${`Relabel ${id}`} aria-expanded=${open ? 'true' : 'false'} ?disabled=${!label || this.disabled} @click=${() => this.toggle(id)}>
          Relabel
        </button>
        <button type="button" aria-label=${`Keep ${id}`} ?disabled=${!label || this.disabled} @click=${() => this.keep(id)}>Keep</button>
      </div>
      ${open && label ? this.renderReview(label) : nothing}
    </li>`;
  }

  private renderReview(label: Label) {
    return html`<div class="review">
      <rp-clip-pair .space=${this.space} .left=${label.left} .right=${label.right} .show=${this.show}></rp-clip-pair>
      <p class="question">Your answer was <strong>${ANSWER_NAME[label.answer]}</strong>. Watch the clips again: which is better?</p>
      <div class="answers" role="group" aria-label=${`New answer for ${label.id}`}>
        ${RELABEL_ANSWERS.map(
          (a) => html`<button
            type="button"
            class=${a.answer === label.answer ? 'current' : ''}
            title=${a.answer === label.answer ? 'Your current answer' : ''}
            ?disabled=${this.disabled}
            @click=${() => this.relabel(label.id, a.answer)}
          >
            ${a.name}
          </button>`,
        )}
        <button type="button" @click=${() => (this.open = null)}>Cancel</button>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-label-review': RpLabelReview;
  }
  interface HTMLElementEventMap {
    'label-relabel': CustomEvent<LabelRelabelDetail>;
    'label-keep': CustomEvent<LabelKeepDetail>;
  }
}
