/**
 * Shared look of the Reward Playground elements: colour tokens, a visible keyboard focus ring and
 * plain buttons. Each element adopts `theme` next to its own styles; the custom properties inherit,
 * so a host page can restyle every element by setting them on `reward-playground`.
 */
import { css } from 'lit';

/** Tokens, focus ring, buttons, form controls and the screen-reader-only `.sr` class shared by every rp-* element. */
export const theme = css`
  :host {
    --rp-ink: #1d2733;
    --rp-muted: #4a5866;
    --rp-surface: #ffffff;
    --rp-page: #f3f5f8;
    --rp-line: #c9d1db;
    --rp-accent: #1557b0;
    --rp-accent-ink: #ffffff;
    --rp-focus: #c2410c;
    --rp-radius: 8px;
    color: var(--rp-ink);
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    line-height: 1.45;
  }

  /* Read by screen readers, not drawn. */
  .sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  /* A thick, high-contrast ring only for keyboard focus; never removed without a replacement. */
  :focus-visible {
    outline: 3px solid var(--rp-focus);
    outline-offset: 2px;
  }

  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.5rem;
    padding: 0.35rem 0.9rem;
    border-radius: var(--rp-radius);
    border: 1px solid var(--rp-accent);
    background: var(--rp-surface);
    color: var(--rp-accent);
    cursor: pointer;
  }
  button.primary {
    background: var(--rp-accent);
    color: var(--rp-accent-ink);
  }
  button:hover:not(:disabled) {
    filter: brightness(0.92);
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.45;
  }

  /* Touch screens and narrow windows: buttons and selects are at least 44 px tall to hit with a finger. */
  @media (pointer: coarse), (max-width: 600px) {
    button,
    select {
      min-height: 2.75rem;
    }
  }

  select {
    font: inherit;
    min-height: 2.5rem;
    padding: 0.3rem 0.5rem;
    border-radius: var(--rp-radius);
    border: 1px solid var(--rp-muted);
    background: var(--rp-surface);
    color: var(--rp-ink);
    max-width: 100%;
  }
`;
