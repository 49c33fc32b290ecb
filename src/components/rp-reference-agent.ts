/**
 * `<rp-reference-agent>`: the reference agent (planned on the true score) playing a built-in level step
 * by step, with the hidden score and the normalised score beside the grid — the yardstick every learned
 * agent is measured against, shown in the teacher's view.
 */
import { LitElement, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_LEVEL_ID, builtinLevel } from '../app/builtin-levels';
import { ReferenceAgent, type ReferenceFrame } from '../app/reference-agent';
import type { EventKind } from '../core/gridworld';
import type { GridShow, GridView } from './draw-grid';
import './rp-grid';
import { referenceAgentStyles } from './rp-reference-agent.styles';
import { theme } from './theme';

/** Milliseconds between steps while the reference agent plays. */
export const PLAY_INTERVAL_MS = 300;

/** What each event looks like in the "last move" line. */
const EVENT_TEXT: Readonly<Record<EventKind, string>> = {
  blocked: 'bumped into something',
  'vase-broken': 'broke a vase',
  'box-pushed': 'pushed a box',
  'tomato-watered': 'watered a tomato',
  'tomato-dried': 'a tomato dried out',
  'on-tamper': 'is on the tamper tile',
  punished: 'took the punishment',
  coin: 'picked up a coin',
  goal: 'reached the goal',
  lava: 'fell into lava',
  checkpoint: 'passed a checkpoint the way its arrow points',
  'wrong-way': 'lost ground round the track',
  interrupted: 'was stopped by an interruption',
  paused: 'sits out an interruption',
  button: 'pressed the off-switch button: no more interruptions',
  rock: 'picked up a rock',
  switch: 'flipped the rock switch: the score on screen counts rocks the other way',
  'diamond-switch': 'flipped the diamond switch: the score on screen counts diamonds the other way',
};

const END_TEXT = { goal: 'Reached the goal', lava: 'Fell into lava', 'step limit': 'Ran out of steps' } as const;

const signed = (x: number) => (x > 0 ? `+${x}` : x < 0 ? `−${-x}` : '0');

/** The reference agent's grid, controls and scores for one built-in level. */
@customElement('rp-reference-agent')
export class RpReferenceAgent extends LitElement {
  static override styles = [theme, referenceAgentStyles];

  /** Seed of the reference episode (fixes the supervisor draw and tomato drying). */
  @property({ type: Number }) seed = 1;

  /** The built-in level to play. */
  @property({ attribute: 'level' }) levelId = DEFAULT_LEVEL_ID;
  @state() private frame: ReferenceFrame | null = null;
  @state() private playing = false;
  @state() private show: GridShow = 'truth';
  @state() private error = '';

  private agent: ReferenceAgent | null = null;
  private unsubscribe?: () => void;
  private timer?: ReturnType<typeof setTimeout>;

  /** `levelId|seed` of the episode loaded (or that failed to load), so it is built once per choice. */
  private loadedFor = '';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.agent && !this.unsubscribe) {
      this.unsubscribe = this.agent.subscribe((f) => (this.frame = f));
      this.frame = this.agent.frame();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.pause();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected override willUpdate(): void {
    const key = `${this.levelId}|${this.seed}`;
    if (key !== this.loadedFor) {
      this.loadedFor = key;
      this.load();
    }
  }

  /** Builds the reference agent for the current level and seed. */
  private load(): void {
    this.pause();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    const level = builtinLevel(this.levelId);
    try {
      if (!level) throw new Error(`there is no built-in level "${this.levelId}"`);
      this.agent = new ReferenceAgent(level.text, this.seed);
      this.unsubscribe = this.agent.subscribe((f) => (this.frame = f));
      this.frame = this.agent.frame();
      this.error = '';
    } catch (e) {
      this.agent = null;
      this.frame = null;
      this.error = `Could not load this level: ${(e as Error).message}`;
    }
  }

  private togglePlay(): void {
    if (this.playing) return this.pause();
    if (!this.agent) return;
    if (this.agent.done) this.agent.reset();
    this.playing = true;
    this.scheduleStep();
  }

  private scheduleStep(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.agent || !this.agent.step() || this.agent.done) this.pause();
      else this.scheduleStep();
    }, PLAY_INTERVAL_MS);
  }

  private pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.playing = false;
  }

  private stepOnce(): void {
    this.pause();
    this.agent?.step();
  }

  private resetEpisode(): void {
    this.pause();
    this.agent?.reset();
  }

  override render() {
    const level = builtinLevel(this.levelId);
    return html`
      <div class="layout">
        <section class="card board" aria-label="Gridworld">
          <rp-grid .view=${this.gridView()} name=${level?.name ?? ''}></rp-grid>
          ${this.renderShowToggle()}
        </section>
        ${this.renderAgent()}
      </div>
    `;
  }

  private gridView(): GridView | null {
    return this.agent && this.frame ? { world: this.agent.world, state: this.frame.state, show: this.show } : null;
  }

  private renderShowToggle() {
    const option = (value: GridShow, text: string) => html`<label>
      <input type="radio" name="show" value=${value} .checked=${this.show === value} @change=${() => (this.show = value)} />${text}
    </label>`;
    return html`<fieldset>
      <legend>Show</legend>
      ${option('truth', 'True state')} ${option('observation', 'What the screen shows')}
    </fieldset>`;
  }

  private renderAgent() {
    const f = this.frame;
    const agent = this.agent;
    if (!f || !agent) return html`<div class="card agent"><p role="alert">${this.error || 'No level loaded.'}</p></div>`;
    const events = f.events.filter((k) => k !== 'goal' && k !== 'lava').map((k) => EVENT_TEXT[k]);
    const move = f.action
      ? `Last move: ${f.action}${events.length ? ` — ${events.join(', ')}` : ''}.`
      : 'Press Play, or Step through it one move at a time.';
    return html`<section class="card agent" aria-labelledby="ref-heading">
      <h2 id="ref-heading">Reference agent (plans on the true score)</h2>
      <p class="hint">It sees the hidden score and plays the best plan for it: the yardstick for every agent you train.</p>
      <div class="buttons">
        <button class="primary" @click=${this.togglePlay} aria-pressed=${this.playing ? 'true' : 'false'}>
          ${this.playing ? 'Pause' : 'Play'}
        </button>
        <button @click=${this.stepOnce} ?disabled=${f.done}>Step</button>
        <button @click=${this.resetEpisode} ?disabled=${f.t === 0}>Reset</button>
      </div>
      <dl>
        <div><dt>Step</dt><dd data-readout="step">${f.t} / ${f.maxSteps}</dd></div>
        <div><dt>True score so far</dt><dd data-readout="true-score">${signed(f.trueReturn)}</dd></div>
        <div><dt>Normalised score</dt><dd data-readout="normalized">${agent.normalizedScore.toFixed(2)}</dd></div>
      </dl>
      <p class="hint">Normalised score of this whole episode: 1 is the optimal plan's average, 0 is random moves.</p>
      <p class="move">${move}</p>
      <p class="status" role="status">${f.end ? `${END_TEXT[f.end]} after ${f.t} steps. True score ${signed(f.trueReturn)}.` : ''}</p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-reference-agent': RpReferenceAgent;
  }
}
