/** The styles of `<rp-level-editor>`, apart so the element's file stays readable in one sitting. */
import { css, unsafeCSS } from 'lit';
import { EDITOR_COLOURS, PALETTE_TILES } from './level-paint';
import { theme } from './theme';

/** Styles of `<rp-level-editor>`. */
export const editorStyles = [
  theme,
  css`
    :host {
      display: block;
    }
    .layout {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
      gap: 1rem;
      align-items: start;
    }
    label {
      display: block;
      font-weight: 700;
      margin-bottom: 0.25rem;
    }
    .editor {
      display: flex;
      border: 1px solid var(--rp-muted);
      border-radius: var(--rp-radius);
      background: var(--rp-surface);
      overflow: hidden;
    }
    .editor.invalid {
      border: 2px solid ${unsafeCSS(EDITOR_COLOURS.bad)};
    }
    .gutter,
    textarea {
      font: 0.95rem/1.5 ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', Menlo, Consolas, monospace;
      padding: 0.5rem 0.4rem;
      margin: 0;
    }
    .gutter {
      flex: none;
      min-width: 2.2rem;
      overflow: hidden;
      text-align: right;
      color: var(--rp-muted);
      background: var(--rp-page);
      user-select: none;
      box-sizing: border-box;
    }
    .gutter .bad {
      color: #ffffff;
      background: ${unsafeCSS(EDITOR_COLOURS.bad)};
      font-weight: 700;
      margin: 0 -0.4rem;
      padding: 0 0.4rem;
    }
    textarea {
      flex: 1;
      min-width: 0;
      border: none;
      resize: vertical;
      white-space: pre;
      overflow: auto;
      color: var(--rp-ink);
      background: transparent;
      tab-size: 4;
    }
    textarea:focus-visible {
      outline: none;
    }
    .editor:focus-within {
      outline: 3px solid var(--rp-focus);
      outline-offset: 2px;
    }
    .status {
      margin: 0.4rem 0;
      font-weight: 600;
      color: #1f6f35;
    }
    .status.error {
      color: ${unsafeCSS(EDITOR_COLOURS.bad)};
    }
    .hint,
    .cursor {
      color: var(--rp-muted);
      font-size: 0.9rem;
      margin: 0.4rem 0;
    }
    .cursor {
      color: var(--rp-ink);
      font-weight: 600;
    }
    code,
    kbd {
      font-family: ui-monospace, monospace;
    }
    kbd {
      border: 1px solid var(--rp-line);
      border-radius: 4px;
      padding: 0 0.3rem;
      background: var(--rp-page);
      font-size: 0.85rem;
      margin-left: auto;
    }
    button.small {
      min-height: 2rem;
      min-width: 2.2rem;
      padding: 0.1rem 0.5rem;
    }
    .palette {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
      gap: 0.3rem;
      margin-bottom: 0.5rem;
    }
    .palette button {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      font-weight: 500;
      min-height: 2.25rem;
      padding: 0.2rem 0.45rem;
      color: var(--rp-ink);
      border-color: var(--rp-line);
      text-align: left;
    }
    .palette button[aria-pressed='true'] {
      border: 2px solid var(--rp-accent);
      background: #e7effa;
      font-weight: 700;
    }
    .swatch {
      flex: none;
      width: 1rem;
      height: 1rem;
      border-radius: 3px;
      border: 1px solid var(--rp-muted);
    }
    ${unsafeCSS(PALETTE_TILES.map((t, i) => `.sw${i} { background: ${t.colour}; }`).join('\n'))}
    .canvas-wrap {
      overflow-x: auto;
      padding: 6px; /* room for the focus ring, which overflow would clip */
    }
    canvas {
      display: block;
      touch-action: none;
      cursor: crosshair;
      border-radius: 4px;
    }
    .size {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.35rem;
    }
    .size span {
      margin-left: 0.5rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin-top: 0.75rem;
    }
  `,
];
