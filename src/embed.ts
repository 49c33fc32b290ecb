// The embeddable module: `<script type="module" src=".../reward-playground.js">` defines
// <reward-playground> for any static page. It pulls its chunks (and, where the page is on the same
// origin, the learning worker) from next to itself; elsewhere the engine runs on the main thread.
import './components/reward-playground';
