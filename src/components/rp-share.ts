/**
 * `<rp-share>`: sharing and files for a workshop — Copy link (level, seed, settings and hidden
 * controls in the URL), the name written into exported sessions (reported with `author-change`),
 * export / import of a whole session (several files merge into one dataset),
 * the labels as JSONL for Python tools, and the reward model as TensorFlow.js files.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from './theme';

/** What the person asked for. */
export type ShareAction = 'copy-link' | 'export-session' | 'export-jsonl' | 'export-model';
/** Detail of `share-action`. */
export interface ShareActionDetail {
  readonly action: ShareAction;
}
/** Detail of `author-change`: the name typed for exported session files. */
export interface AuthorChangeDetail {
  readonly author: string;
}
/** Detail of `share-import`: the chosen files' names and text. */
export interface ShareImportDetail {
  readonly files: readonly { readonly name: string; readonly text: string }[];
}

/** Buttons for links and files; see the module doc. */
@customElement('rp-share')
export class RpShare extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      p {
        color: var(--rp-muted);
        font-size: 0.9rem;
        margin: 0.4rem 0 0;
      }
      .author {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
        margin: 0 0 0.6rem;
        color: inherit;
      }
      .author input {
        flex: 1 1 10rem;
      }
      input[type='file'] {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
    `,
  ];

  /** Disables the buttons that need the learning engine (while it starts). */
  @property({ type: Boolean }) busy = false;
  /** The name written into exported session files (the owner keeps it). */
  @property() author = '';

  private act(action: ShareAction): void {
    this.dispatchEvent(new CustomEvent<ShareActionDetail>('share-action', { detail: { action }, bubbles: true, composed: true }));
  }

  private async onFiles(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    if (chosen.length === 0) return;
    const files = await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() })));
    this.dispatchEvent(new CustomEvent<ShareImportDetail>('share-import', { detail: { files }, bubbles: true, composed: true }));
  }

  private onAuthor(e: Event): void {
    const author = (e.target as HTMLInputElement).value;
    this.dispatchEvent(new CustomEvent<AuthorChangeDetail>('author-change', { detail: { author }, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <p class="author">
        <label for="author">Your name in exported sessions</label>
        <input id="author" type="text" maxlength="60" autocomplete="name" .value=${this.author} @change=${this.onAuthor} />
      </p>
      <div class="buttons">
        <button @click=${() => this.act('copy-link')}>Copy link</button>
        <button @click=${() => this.act('export-session')} ?disabled=${this.busy}>Export session</button>
        <button @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>Import session…</button>
        <input type="file" accept=".json,application/json" multiple aria-label="Import session files" @change=${this.onFiles} />
        <button @click=${() => this.act('export-jsonl')}>Export labels (JSONL)</button>
        <button @click=${() => this.act('export-model')} ?disabled=${this.busy}>Export reward model</button>
      </div>
      <p>
        Import several session files at once to merge a workshop's labels (duplicates dropped, authors kept); the room below ranks people by the
        name in their files. A file with any problem is refused whole and your session stays as it is.
      </p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-share': RpShare;
  }
  interface HTMLElementEventMap {
    'share-action': CustomEvent<ShareActionDetail>;
    'share-import': CustomEvent<ShareImportDetail>;
    'author-change': CustomEvent<AuthorChangeDetail>;
  }
}
