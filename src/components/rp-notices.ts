/**
 * `<rp-notices>`: messages for the person (storage failure, a backend change, a rejected level) in
 * live regions — errors in role=alert, the rest in role=status — each with a Dismiss button that
 * reports `notice-dismiss`; the owner removes the notice and passes the new list down. A notice that
 * offers a command (restore a backup, take over a session open in another tab) has a button for it
 * too, which reports `notice-action`.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Notice, NoticeAction } from '../app/session-types';
import { theme } from './theme';

/** Detail of `notice-dismiss`: the id of the notice to remove. */
export interface NoticeDismissDetail {
  readonly id: number;
}

/** Detail of `notice-action`: the notice and the command its button offers. */
export interface NoticeActionDetail {
  readonly id: number;
  readonly action: NoticeAction;
}

const KIND_TEXT = { info: 'Note', warning: 'Warning', error: 'Error' } as const;
/** The button text of each command a notice may offer. */
const ACTION_TEXT: Readonly<Record<NoticeAction, string>> = { 'restore-backup': 'Restore backup', 'take-over': 'Use this tab' };

/**
 * Notices as live regions.
 * @fires notice-dismiss - the person dismissed a notice.
 * @fires notice-action - the person chose the command a notice offers.
 */
@customElement('rp-notices')
export class RpNotices extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      ul:empty {
        display: none;
      }
      div:has(ul:not(:empty)) + div ul:not(:empty) {
        margin-top: 0.5rem;
      }
      li {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        padding: 0.5rem 0.5rem 0.5rem 0.9rem;
        border-radius: var(--rp-radius);
        border-left: 6px solid;
      }
      .info {
        border-color: #1557b0;
        background: #eaf2fc;
      }
      .warning {
        border-color: #b35c00;
        background: #fff4e5;
      }
      .error {
        border-color: #b3261e;
        background: #fdecea;
      }
      .text {
        flex: 1 1 auto;
      }
      strong {
        margin-right: 0.35rem;
      }
      button {
        min-height: 2.25rem;
        padding: 0.2rem 0.7rem;
        font-size: 0.9rem;
      }
    `,
  ];

  /** Notices to show, oldest first. */
  @property({ attribute: false }) notices: readonly Notice[] = [];

  override render() {
    // Both regions stay in the page even when empty, so a notice added later is announced.
    const errors = this.notices.filter((n) => n.kind === 'error');
    const others = this.notices.filter((n) => n.kind !== 'error');
    return html`
      <div role="alert"><ul aria-label="Errors">${errors.map((n) => this.item(n))}</ul></div>
      <div role="status"><ul aria-label="Notices">${others.map((n) => this.item(n))}</ul></div>
    `;
  }

  private item(n: Notice) {
    return html`<li class=${n.kind}>
      <span class="text" id="n${n.id}"><strong>${KIND_TEXT[n.kind]}:</strong>${n.text}</span>
      ${n.action ? html`<button aria-describedby="n${n.id}" @click=${() => this.act(n.id, n.action as NoticeAction)}>${ACTION_TEXT[n.action]}</button>` : nothing}
      <button aria-describedby="n${n.id}" @click=${() => this.dismiss(n.id)}>Dismiss</button>
    </li>`;
  }

  private act(id: number, action: NoticeAction): void {
    this.dispatchEvent(new CustomEvent<NoticeActionDetail>('notice-action', { detail: { id, action }, bubbles: true, composed: true }));
  }

  private dismiss(id: number): void {
    this.dispatchEvent(new CustomEvent<NoticeDismissDetail>('notice-dismiss', { detail: { id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-notices': RpNotices;
  }
  interface HTMLElementEventMap {
    'notice-dismiss': CustomEvent<NoticeDismissDetail>;
    'notice-action': CustomEvent<NoticeActionDetail>;
  }
}
