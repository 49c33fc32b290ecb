/** Layout and look of `<reward-playground>` (kept apart so the element file reads as behaviour). */
import { css } from 'lit';

/** Two columns when wide (agent and assistant | labelling, curves, settings), one when narrow. */
export const rewardPlaygroundStyles = css`
  :host {
    display: block;
    container-type: inline-size;
    background: var(--rp-page);
    padding: clamp(0.5rem, 2.5vw, 1.25rem);
    border-radius: var(--rp-radius);
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
    margin-bottom: 0.75rem;
  }
  h1 {
    margin: 0;
    font-size: clamp(1.4rem, 4vw, 2rem);
  }
  header p {
    margin: 0.2rem 0 0;
    color: var(--rp-muted);
    max-width: 62ch;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1.05fr) minmax(0, 1fr);
    gap: 1rem;
    align-items: start;
  }
  @container (max-width: 52rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .column {
    display: grid;
    gap: 1rem;
    min-width: 0;
  }
  .card {
    background: var(--rp-surface);
    border: 1px solid var(--rp-line);
    border-radius: var(--rp-radius);
    padding: 0.9rem 1rem;
    min-width: 0;
  }
  h2 {
    font-size: 1.05rem;
    margin: 0 0 0.4rem;
  }
  .level-summary {
    margin: 0 0 0.5rem;
    color: var(--rp-muted);
  }
  details summary {
    cursor: pointer;
    font-weight: 600;
  }
  .lessons {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin-top: 0.5rem;
  }
  .lesson-slot {
    margin-bottom: 1rem;
  }
`;
