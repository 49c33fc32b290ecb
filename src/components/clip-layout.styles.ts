/** Shared layout of two clips side by side (side by side on every screen, so a phone shows both at once), for the pair and Demonstrate mode. */
import { css } from 'lit';

/** `.clips` grid with a `figure` and centred `figcaption` per clip. */
export const clipLayoutStyles = css`
  .clips {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.75rem;
  }
  figure {
    margin: 0;
    min-width: 0;
  }
  figcaption {
    font-weight: 700;
    text-align: center;
    margin-bottom: 0.25rem;
  }
  @media (max-width: 600px) {
    .clips {
      gap: 0.5rem;
    }
    figcaption {
      margin-bottom: 0;
      line-height: 1.25;
    }
  }
`;
