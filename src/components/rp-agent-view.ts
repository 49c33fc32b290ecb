/**
 * `<rp-agent-view>`: the learned agent in its world. The grid with toggleable overlays (learned-reward
 * heat-map, ensemble uncertainty, policy arrows, the agent's rollout path) and the teacher's
 * **Reveal truth** switch, which shows the hidden state and the true score of everything on screen.
 * Play / pause / step / speed replay the agent's current greedy rollout. The assistant's claim, when
 * given, is drawn as a marker at its step and its fix as a dashed path. Under the grid, a legend names
 * every overlay shown.
 */
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SessionView } from '../app/session-types';
import type { MovedCell } from '../app/snapshot-diff';
import type { Claim } from '../core/claims';
import type { StateSpace } from '../core/states';
import type { GridView } from './draw-grid';
import { truthLabels, type GridOverlays } from './draw-overlays';
import './rp-grid';
import './rp-overlay-legend';
import { theme } from './theme';

type Snapshot = NonNullable<SessionView['snapshot']>;
/** Which heat-map is drawn. */
export type HeatMode = 'none' | 'reward' | 'uncertainty';

/** Detail of `reveal-change`. */
export interface RevealChangeDetail {
  readonly reveal: boolean;
}

const signed = (x: number) => (Math.abs(x) < 0.005 ? '0' : x > 0 ? `+${x.toFixed(1)}` : `−${(-x).toFixed(1)}`);

/**
 * Whether `snapshot` was made on the level of `space`: its per-cell arrays have one entry per cell and
 * its rollout stays inside the level's states. A snapshot of another level (one still in flight while
 * the level changes) does not, and is not drawn.
 */
export function snapshotFits(snapshot: Snapshot, space: StateSpace): boolean {
  const cells = space.world.width * space.world.height;
  const { rollout, rolloutStates } = snapshot;
  return (
    snapshot.cellReward.length === cells &&
    snapshot.cellUncertainty.length === cells &&
    snapshot.cellPolicy.length === cells * 4 &&
    rolloutStates.length === rollout.actions.length + 1 &&
    statesFit(rollout.states, space) &&
    rollout.transitions.every((k) => Number.isInteger(k) && k >= 0 && k < space.numTransitions) &&
    rolloutStates.every((st) => st.agent >= 0 && st.agent < cells)
  );
}

/** Whether every state index lies in the level's state space. */
const statesFit = (states: readonly number[], space: StateSpace) => states.every((i) => Number.isInteger(i) && i >= 0 && i < space.states.length);

/** The agent's view; see the module doc. Emits `reveal-change` when the teacher toggles Reveal truth. */
@customElement('rp-agent-view')
export class RpAgentView extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .toggles {
        display: flex;
        flex-wrap: wrap;
        gap: 0.35rem 1rem;
        margin: 0.5rem 0;
        font-size: 0.9rem;
      }
      .toggles label {
        display: inline-flex;
        gap: 0.3rem;
        align-items: center;
      }
      .reveal {
        font-weight: 600;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr));
        gap: 0.5rem;
        margin: 0.75rem 0 0;
      }
      dl div {
        background: var(--rp-page);
        border-radius: 6px;
        padding: 0.4rem 0.6rem;
      }
      dt {
        font-size: 0.8rem;
        color: var(--rp-muted);
      }
      dd {
        margin: 0;
        font-size: 1.2rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      /* The page may cap the grid's width (the one-column layout does, to keep it on the first screen). */
      rp-grid {
        max-width: var(--rp-agent-grid-max-width, none);
        margin-inline: auto;
      }
      /* Touch: each switch's label is a 44 px tall target. */
      @media (pointer: coarse), (max-width: 600px) {
        .toggles label {
          min-height: 2.75rem;
        }
      }
      .hidden-score {
        color: var(--rp-muted);
        font-weight: 400;
        font-size: 0.85rem;
      }
      .saliency ul {
        list-style: none;
        padding: 0;
        margin: 0.3rem 0 0;
        display: grid;
        grid-template-columns: max-content 1fr max-content;
        gap: 0.2rem 0.6rem;
        align-items: center;
      }
      .saliency li {
        display: contents;
      }
      .saliency meter {
        width: 100%;
      }
    `,
  ];

  /** The level's state space (page-side copy, same enumeration as the engine's). */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** The engine's latest snapshot (null while the first one is computed). */
  @property({ attribute: false }) snapshot: Snapshot | null = null;
  /** The level's name (for the grid's text alternative). */
  @property() name = '';
  /** Reveal the hidden truth (teacher view). */
  @property({ type: Boolean }) reveal = false;
  /** Offer the Reveal truth switch (a lesson may hide it). */
  @property({ type: Boolean }) revealable = true;
  /** A claim of the assistant to draw (marker at its step, fix path dashed). */
  @property({ attribute: false }) claim: Claim | null = null;
  /** Cells to outline: those whose learned reward moved most after the last update (none when undefined). */
  @property({ attribute: false }) moved: readonly MovedCell[] | undefined = undefined;

  @state() private heat: HeatMode = 'reward';
  @state() private arrows = false;
  @state() private path = true;
  @state() private t = 0;
  @state() private playing = false;
  @state() private speed = 3;
  private timer?: ReturnType<typeof setTimeout>;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('snapshot') && this.snapshot && this.t > this.snapshot.rollout.actions.length) this.t = 0;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // For `npm run bench` (P2): when a plan made after N labels is on the grid. A mark costs nothing.
    const s = changed.has('snapshot') ? this.current : null;
    if (s) void this.renderRoot.querySelector('rp-grid')?.updateComplete.then(() => performance.mark('rp:plan-drawn', { detail: { labels: s.metrics.labels } }));
  }

  /** The snapshot when it belongs to the level on screen, else null. */
  private get current(): Snapshot | null {
    const s = this.snapshot;
    return s && this.space && snapshotFits(s, this.space) ? s : null;
  }

  private get steps(): number {
    return this.current?.rollout.actions.length ?? 0;
  }

  private togglePlay(): void {
    if (this.playing) return this.pause();
    if (this.t >= this.steps) this.t = 0;
    this.playing = true;
    this.tick();
  }

  private tick(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.t >= this.steps) return this.pause();
      this.t += 1;
      this.tick();
    }, 1000 / this.speed);
  }

  private pause(): void {
    clearTimeout(this.timer);
    this.playing = false;
  }

  private overlays(): GridOverlays {
    const s = this.current;
    const space = this.space;
    if (!s || !space) return {};
    const cellsOf = (states: readonly number[]) => states.map((i) => space.states[i].agent);
    const overlays: { -readonly [K in keyof GridOverlays]: GridOverlays[K] } = {};
    if (this.heat !== 'none') overlays.heat = { values: this.heat === 'reward' ? s.cellReward : s.cellUncertainty, kind: this.heat };
    if (this.arrows) overlays.arrows = s.cellPolicy;
    if (this.path) overlays.path = cellsOf(s.rollout.states);
    if (this.claim) {
      // A claim about another rollout (or level) may point past this one: draw only what lies in it.
      const at = s.rollout.states[Math.max(0, this.claim.step - 1)];
      if (at !== undefined) overlays.marker = { cell: space.states[at].agent, label: `step ${this.claim.step}` };
      if (this.claim.fix && statesFit(this.claim.fix.states, space)) overlays.fixPath = cellsOf(this.claim.fix.states);
    }
    if (this.moved?.length) overlays.outline = this.moved.map((m) => m.cell).filter((cell) => cell >= 0 && cell < space.world.width * space.world.height);
    if (this.reveal) overlays.labels = truthLabels(space.world);
    return overlays;
  }

  override render() {
    const s = this.current;
    const space = this.space;
    if (!space) return html`<p role="status">The agent is getting ready…</p>`;
    if (!s) {
      // The level as it starts, until the agent's first plan: something to look at while labelling.
      const start: GridView = { world: space.world, state: space.states[space.initial[0].state], show: this.reveal ? 'truth' : 'observation' };
      return html`<rp-grid .view=${start} .overlays=${this.reveal ? { labels: truthLabels(space.world) } : {}} name=${this.name}></rp-grid>
        <p role="status">The agent is getting ready: its first plan shows here once the reward model has started. You can label the pairs meanwhile.</p>`;
    }
    const t = Math.min(this.t, this.steps);
    const state = s.rolloutStates[t];
    const view: GridView = { world: space.world, state, show: this.reveal ? 'truth' : 'observation' };
    const upTo = (values: ArrayLike<number>) => Array.from(s.rollout.transitions.slice(0, t), (k) => values[k]).reduce((a, b) => a + b, 0);
    let learned = 0;
    for (let i = 0; i < t; i++) learned += s.rolloutLearned[i];
    const m = s.metrics;
    const overlays = this.overlays();
    return html`
      <rp-grid .view=${view} .overlays=${overlays} name=${this.name}></rp-grid>
      <rp-overlay-legend .overlays=${overlays} ?interruptions=${space.world.hasInterruptions}></rp-overlay-legend>
      <div class="toggles" role="group" aria-label="Overlays">
        <label>Heat-map
          <select @change=${(e: Event) => (this.heat = (e.target as HTMLSelectElement).value as HeatMode)}>
            <option value="reward" ?selected=${this.heat === 'reward'}>Learned reward</option>
            <option value="uncertainty" ?selected=${this.heat === 'uncertainty'}>Uncertainty</option>
            <option value="none" ?selected=${this.heat === 'none'}>None</option>
          </select>
        </label>
        <label><input type="checkbox" .checked=${this.arrows} @change=${(e: Event) => (this.arrows = (e.target as HTMLInputElement).checked)} />Policy arrows</label>
        <label><input type="checkbox" .checked=${this.path} @change=${(e: Event) => (this.path = (e.target as HTMLInputElement).checked)} />Agent's path</label>
        ${this.revealable ? html`<label class="reveal"><input type="checkbox" .checked=${this.reveal} @change=${this.onReveal} />Reveal truth</label>` : ''}
      </div>
      <div class="buttons">
        <button class="primary" @click=${this.togglePlay} aria-pressed=${this.playing ? 'true' : 'false'}>${this.playing ? 'Pause' : 'Play'}</button>
        <button @click=${() => (this.pause(), (this.t = Math.min(this.steps, t + 1)))} ?disabled=${t >= this.steps}>Step</button>
        <button @click=${() => (this.pause(), (this.t = 0))} ?disabled=${t === 0}>Rewind</button>
        <label>Speed <input type="range" min="1" max="10" .value=${String(this.speed)} @input=${(e: Event) => (this.speed = Number((e.target as HTMLInputElement).value))} /></label>
      </div>
      <dl>
        <div><dt>Step</dt><dd data-readout="step">${t} / ${space.world.level.maxSteps}</dd></div>
        <div><dt>Score on screen</dt><dd data-readout="apparent">${signed(upTo(space.apparentReward))}</dd></div>
        <div><dt>Learned score</dt><dd data-readout="learned">${signed(learned)}</dd></div>
        ${this.reveal
          ? html`<div><dt>True score</dt><dd data-readout="true">${signed(upTo(space.trueReward))}</dd></div>
              <div>
                <dt>Normalised score</dt>
                <dd data-readout="normalized" title="Expected true return of the agent's policy: 1 = optimal, 0 = random moves">${m.normalizedReturn.toFixed(2)}</dd>
              </div>`
          : html`<div><dt>Hidden score</dt><dd data-readout="true"><span class="hidden-score">hidden</span></dd></div>`}
      </dl>
      ${s.saliency ? saliencyView(s.saliency) : ''}
    `;
  }

  private onReveal(e: Event): void {
    const reveal = (e.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent<RevealChangeDetail>('reveal-change', { detail: { reveal }, bubbles: true, composed: true }));
  }
}

/** The grid model's five channels that move its ranking of the agent's moves most along its path, as bars. */
function saliencyView(saliency: NonNullable<Snapshot['saliency']>) {
  const top = saliency.filter((x) => x.value > 0).slice(0, 5);
  const max = top[0]?.value ?? 1;
  return html`<section class="saliency" aria-label="What the grid model looks at">
    <p class="hint">What the grid model looks at on this path: how much hiding one kind of tile changes how it ranks the agent's moves.</p>
    <ul>
      ${top.map((x) => html`<li><span>${x.channel.replace(/-/g, ' ')}</span><meter min="0" max=${max} .value=${x.value}></meter><span>${x.value.toFixed(2)}</span></li>`)}
    </ul>
  </section>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-agent-view': RpAgentView;
  }
  interface HTMLElementEventMap {
    'reveal-change': CustomEvent<RevealChangeDetail>;
  }
}
