/**
 * `<rp-click-effect>`: what the last click changed, as one chain read top to bottom — your answer → the
 * learned reward (the cells that moved most, outlined on the grid) → the agent's new plan → the change in
 * score. When a click moved nothing it says so plainly. The true and normalised scores appear only with
 * `reveal`; without it no true figure is written anywhere, not even in an attribute.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SnapshotDiff, Change } from '../app/snapshot-diff';
import { at } from '../core/claims/text';
import { Tile, type World } from '../core/gridworld';
import type { Answer, Label, Provenance } from '../core/preferences';
import { theme } from './theme';

/** How each answer reads. */
const ANSWER_TEXT: Readonly<Record<Answer, string>> = { left: 'Left is better', right: 'Right is better', equal: 'Equal', 'cant-tell': "Can't tell" };
/** Who gave a label, as a short aside. */
const SOURCE_TEXT: Readonly<Record<Provenance, string>> = { person: '', labeller: ' (simulated labeller)', assistant: " (an accepted claim of the assistant)", demonstration: ' (a demonstration)' };

const signed = (x: number, digits = 1) => (Math.abs(x) < 0.5 * 10 ** -digits ? '0' : x > 0 ? `+${x.toFixed(digits)}` : `−${(-x).toFixed(digits)}`);
const moved = (c: Change, digits = 1) => `${signed(c.before, digits)} → ${signed(c.after, digits)} (${Math.abs(c.delta) < 0.5 * 10 ** -digits ? 'no change' : signed(c.delta, digits)})`;

/** The chain of effects of the last update; see the module doc. */
@customElement('rp-click-effect')
export class RpClickEffect extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        margin-top: 0.75rem;
      }
      section {
        background: var(--rp-page);
        border-radius: 6px;
        padding: 0.5rem 0.75rem;
      }
      h3 {
        margin: 0 0 0.25rem;
        font-size: 0.95rem;
      }
      ol {
        margin: 0;
        padding-left: 1.3rem;
        font-size: 0.9rem;
      }
      .none {
        font-weight: 600;
      }
      p {
        margin: 0;
        font-size: 0.9rem;
      }
    `,
  ];

  /** The change from the previous snapshot to the current one (null before there are two to compare). */
  @property({ attribute: false }) diff: SnapshotDiff | null = null;
  /** The session's labels (to name the answers the update learnt from). */
  @property({ attribute: false }) labels: readonly Label[] = [];
  /** The level's world (for cell positions and naming the goal); null while unknown. */
  @property({ attribute: false }) world: World | null = null;
  /** Show the true and normalised score changes (teacher view). */
  @property({ type: Boolean }) reveal = false;
  /** A training burst is running: the effect of the newest click is on its way. */
  @property({ type: Boolean }) busy = false;
  /** The learning engine is still starting: answers given meanwhile wait for it. */
  @property({ type: Boolean }) starting = false;

  override render() {
    const d = this.diff;
    const waiting = this.starting && !this.busy && this.labels.length > 0;
    return html`<section role="status" aria-labelledby="effect-heading">
      <h3 id="effect-heading">What your last click changed</h3>
      ${this.busy ? html`<p data-effect="busy">Learning from your answer…</p>` : nothing}
      ${waiting
        ? html`<p data-effect="starting">Your answer is kept. The learning engine is still starting: the model learns from it, and the plan changes, as soon as the engine is ready.</p>`
        : nothing}
      ${d ? this.chain(d) : this.busy || waiting ? nothing : html`<p data-effect="empty">Answer a pair: what it changes will show here.</p>`}
    </section>`;
  }

  private chain(d: SnapshotDiff) {
    return html`
      ${d.nothingChanged ? html`<p class="none" data-effect="nothing">This click changed nothing visible: the learned reward did not move, the plan and the scores stayed the same.</p>` : nothing}
      <ol>
        <li data-effect="answer">${this.answerText(d)}</li>
        <li data-effect="reward">${this.rewardText(d)}</li>
        <li data-effect="plan">${this.planText(d)}</li>
        <li data-effect="score">${this.scoreText(d)}</li>
      </ol>
    `;
  }

  private answerText(d: SnapshotDiff): string {
    const added = d.labelsAfter - d.labelsBefore;
    const last = this.labels[d.labelsAfter - 1];
    if (added <= 0 || !last) return 'No new label: the model was refreshed.';
    const answer = `${ANSWER_TEXT[last.answer]}${SOURCE_TEXT[last.provenance]}`;
    return added === 1 ? `Your answer (label ${d.labelsAfter}): ${answer}.` : `${added} new labels (up to label ${d.labelsAfter}); the last: ${answer}.`;
  }

  private rewardText(d: SnapshotDiff): string {
    if (!d.movedCells.length) return `The learned reward did not move (largest change ${d.largestMove.toFixed(3)}).`;
    const cells = d.movedCells.map((m) => `${this.where(m.cell)} ${signed(m.before, 2)} → ${signed(m.after, 2)}`);
    return `The learned reward moved most at ${cells.join('; ')} (outlined on the grid).`;
  }

  private planText(d: SnapshotDiff): string {
    const p = d.plan;
    if (!p.changed) return 'The plan did not change.';
    const end = p.terminated ? `ends at ${this.where(p.endAfter)}` : `stops at ${this.where(p.endAfter)} when its steps run out`;
    return `The agent's plan changed: now ${p.stepsAfter} ${p.stepsAfter === 1 ? 'step' : 'steps'} (was ${p.stepsBefore}), ${end}.`;
  }

  private scoreText(d: SnapshotDiff): string {
    const seen = `Score on screen ${moved(d.apparent)}; learned score ${moved(d.learned, 2)}.`;
    return this.reveal ? `${seen} True score ${moved(d.trueReturn)}; normalised score ${moved(d.normalized, 2)}.` : seen;
  }

  /** A cell as a person finds it on the grid ("row R, column C", as the claims and the grid's numbers say), and "the goal" or "the lava" where it is one. */
  private where(cell: number): string {
    const w = this.world;
    if (!w || cell < 0) return `cell ${cell}`;
    const place = at(w, cell);
    return w.tiles[cell] === Tile.Goal ? `the goal (${place})` : w.tiles[cell] === Tile.Lava ? `the lava (${place})` : `(${place})`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-click-effect': RpClickEffect;
  }
}
