/**
 * `<rp-level-picker>`: a labelled select of levels that reports the choice with a `level-change`
 * event and shows the chosen level's one-line summary. It keeps no state of its own: the owner sets
 * `value` in answer to the event.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from './theme';

/** One entry of the picker: what it needs to know about a level. */
export interface LevelChoice {
  /** Stable id, reported in `level-change`. */
  readonly id: string;
  /** Display name (user text; Lit escapes it). */
  readonly name: string;
  /** One-line summary shown under the select ('' for none). */
  readonly summary: string;
}

/** Detail of `level-change`: the id of the level the person chose. */
export interface LevelChangeDetail {
  readonly id: string;
}

/** A labelled select of levels. @fires level-change - the person chose a level (`detail.id`). */
@customElement('rp-level-picker')
export class RpLevelPicker extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
      }
      label {
        font-weight: 600;
      }
      select {
        flex: 1 1 12rem;
      }
      p {
        margin: 0.5rem 0 0;
        color: var(--rp-muted);
      }
    `,
  ];

  /** The levels to choose from, in display order. */
  @property({ attribute: false }) levels: readonly LevelChoice[] = [];
  /** Id of the chosen level. */
  @property() value = '';

  override render() {
    const chosen = this.levels.find((l) => l.id === this.value);
    return html`
      <div class="row">
        <label for="level">Level</label>
        <select id="level" aria-describedby="summary" @change=${this.onChange}>
          ${this.levels.map((l) => html`<option value=${l.id} ?selected=${l.id === this.value}>${l.name}</option>`)}
        </select>
      </div>
      <p id="summary">${chosen?.summary ?? ''}</p>
    `;
  }

  protected override updated(): void {
    // `?selected` only sets the initial choice; keep the live select in step with `value`.
    const select = this.renderRoot.querySelector('select');
    if (select && select.value !== this.value && this.levels.some((l) => l.id === this.value)) select.value = this.value;
  }

  private onChange(e: Event): void {
    const id = (e.target as HTMLSelectElement).value;
    this.dispatchEvent(new CustomEvent<LevelChangeDetail>('level-change', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-level-picker': RpLevelPicker;
  }
  interface HTMLElementEventMap {
    'level-change': CustomEvent<LevelChangeDetail>;
  }
}
