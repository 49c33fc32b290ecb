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
  .column {
    display: grid;
    gap: 1rem;
    min-width: 0;
  }
  /* One column: the cards of both columns in one grid, the labelling card first and the agent's grid
     capped by the window's height, so on a phone or a tablet the pair, the answers and the agent's
     grid just below them share the first screen. */
  @container (max-width: 52rem) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
    .agent {
      --rp-agent-grid-max-width: min(100%, 30vh);
    }
    .column {
      display: contents;
    }
    .labelling {
      order: -1;
    }
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
  /* The running lesson stays at the top of the window while the page scrolls under it, so its step
     is on screen beside the card it talks about; a long lesson scrolls inside its own box. */
  .lesson-slot {
    margin-bottom: 1rem;
    position: sticky;
    top: 0;
    z-index: 2;
    max-height: 45vh;
    overflow-y: auto;
    overscroll-behavior: contain;
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.18);
  }
  /* Phones: tighter text and spacing, so the pair, the answers and the agent's grid fit one screen. */
  @container (max-width: 37.5rem) {
    header {
      margin-bottom: 0.5rem;
    }
    header p,
    .level-summary {
      font-size: 0.85rem;
      line-height: 1.3;
    }
    h2 {
      margin-bottom: 0.2rem;
    }
    .layout,
    .column {
      gap: 0.75rem;
    }
    .card {
      padding: 0.6rem 0.75rem;
    }
    .lesson-slot {
      max-height: 40vh;
      padding: 0.25rem;
    }
    /* The level's summary goes to the end of the agent's card, so the grid follows its heading. */
    .agent {
      display: flex;
      flex-direction: column;
    }
    .agent .level-summary {
      order: 1;
      margin: 0.5rem 0 0;
    }
  }
`;
