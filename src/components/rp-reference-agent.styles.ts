/** Layout and look of `<rp-reference-agent>` (kept apart so the element file reads as behaviour). */
import { css } from 'lit';

/** Styles of `<rp-reference-agent>`: grid and controls side by side when wide, stacked when narrow. */
export const referenceAgentStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  header h1 {
    margin: 0;
    font-size: clamp(1.5rem, 4vw, 2.1rem);
    letter-spacing: -0.01em;
  }
  header p {
    margin: 0.25rem 0 1rem;
    color: var(--rp-muted);
    max-width: 60ch;
  }
  /* Wide: the grid on the left, picker and agent on the right. Narrow: picker, grid, agent. */
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(16rem, 22rem);
    grid-template-areas: 'grid agent';
    gap: 1rem;
    align-items: start;
  }
  @container (max-width: 46rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
      grid-template-rows: auto;
      grid-template-areas: 'grid' 'agent';
    }
  }
  .picker {
    grid-area: picker;
  }
  .board {
    grid-area: grid;
  }
  .agent {
    grid-area: agent;
  }
  .card {
    background: var(--rp-surface);
    border: 1px solid var(--rp-line);
    border-radius: var(--rp-radius);
    padding: 1rem;
    min-width: 0;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.25rem;
  }
  .hint {
    margin: 0 0 0.75rem;
    color: var(--rp-muted);
    font-size: 0.95rem;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .buttons button {
    flex: 1 1 5rem;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: 0.5rem;
    margin: 1rem 0 0.5rem;
  }
  dl div {
    background: var(--rp-page);
    border-radius: 6px;
    padding: 0.4rem 0.5rem;
  }
  dt {
    font-size: 0.8rem;
    color: var(--rp-muted);
  }
  dd {
    margin: 0;
    font-size: 1.3rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .move,
  .status {
    margin: 0.25rem 0 0;
  }
  .status {
    font-weight: 600;
  }
  /* Kept in the accessibility tree while empty, so the end of the episode is announced. */
  .status:empty {
    margin: 0;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0.75rem 0 0;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    align-items: center;
    justify-content: center;
  }
  legend {
    float: left;
    font-weight: 600;
    margin-inline-end: 0.5rem;
  }
  fieldset label {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    min-height: 2rem;
  }
  input[type='radio'] {
    width: 1.1rem;
    height: 1.1rem;
    accent-color: var(--rp-accent);
  }
  [role='alert'] {
    color: #a3142c;
    font-weight: 600;
  }
`;
