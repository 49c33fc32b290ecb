/**
 * `<rp-challenge>`: the label-budget challenge. Without one it offers to start one (a budget of
 * labels, default 10: `challenge-start`). While one runs it says how many of the budget's labels are
 * left. Once the budget is spent it shows the result — the agent's true score, normalised (1 = the
 * optimum, 0 = random moves) — and, beside it, the exact labeller's score on Active and on Random
 * queries with the same budget and seed, which it runs once per challenge through `run` (off-line,
 * in the learning engine: a fresh model each, the session's untouched). `challenge-end` ends it.
 * It shows the true score plainly: the result of a challenge is the truth, by design.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { budgetUsed } from '../app/challenge';
import type { OfflineRunner } from '../app/session-store';
import type { SessionView } from '../app/session-types';
import { SETTING_RANGES, engineSettingsOf } from '../app/settings';
import { theme } from './theme';

/** The label budget a challenge starts with. */
export const DEFAULT_BUDGET = 10;
const [MIN, MAX] = SETTING_RANGES.budget;

/** One row of the result table: a normalised true score, null while it runs, or the reason it failed. */
type Score = number | null | { readonly error: string };

const score = (s: Score) => (s === null ? 'running…' : typeof s === 'number' ? s.toFixed(2) : `not available (${s.error})`);

/** The challenge card; set `view`, `run` and `disabled`. */
@customElement('rp-challenge')
export class RpChallenge extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem 0.75rem;
      }
      input {
        width: 4.5rem;
      }
      p {
        margin: 0.4rem 0;
      }
      .muted {
        color: var(--rp-muted);
        font-size: 0.9rem;
      }
      .result {
        font-size: 1.1rem;
        font-weight: 600;
      }
      table {
        border-collapse: collapse;
        margin: 0.4rem 0;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 0.25rem 0.6rem;
        border-bottom: 1px solid var(--rp-line);
        text-align: end;
      }
      th[scope='row'] {
        text-align: start;
      }
    `,
  ];

  /** The session: its settings (`budget`: null, no challenge), labels and snapshot. */
  @property({ attribute: false }) view: SessionView | null = null;
  /** Runs the off-line yardsticks on the learning engine; null while no engine runs. */
  @property({ attribute: false }) run: OfflineRunner | null = null;
  /** Disables starting and ending (a read-only tab, an engine that is not ready). */
  @property({ type: Boolean }) disabled = false;

  @state() private size = DEFAULT_BUDGET;
  /** The yardsticks of the challenge named by `key`. */
  @state() private runs: { key: string; active: Score; random: Score } | null = null;

  private get key(): string {
    const s = this.view?.settings;
    return s ? JSON.stringify([s.levelText, s.seed, s.members, s.segmentLength, s.budget]) : '';
  }

  private get used(): number {
    return budgetUsed(this.view?.labels ?? []);
  }

  /** The agent's normalised true score once training on every label settled, else null. */
  private get you(): number | null {
    const v = this.view;
    const m = v?.snapshot?.metrics;
    return m && v.trainProgress === null && m.labels === v.labels.length - v.setAsideLabels.length ? m.normalizedReturn : null;
  }

  // Before rendering, so the yardsticks' "running…" shows in the same update (no second one).
  protected override willUpdate(): void {
    const settings = this.view?.settings;
    if (settings?.budget != null && this.used >= settings.budget && this.run && this.runs?.key !== this.key) {
      const { levelText, budget } = settings;
      const run = this.run;
      void this.runYardsticks(this.key, (query) => run((engine) => engine.simulate(levelText, engineSettingsOf(settings), { labels: budget, query })));
    }
  }

  /** Active, then Random: one at a time, as the engine runs them anyway. */
  private async runYardsticks(key: string, simulate: (query: 'active' | 'random') => Promise<{ normalizedReturn: number }>): Promise<void> {
    this.runs = { key, active: null, random: null };
    for (const query of ['active', 'random'] as const) {
      let result: Score;
      try {
        result = (await simulate(query)).normalizedReturn;
      } catch (err) {
        result = { error: err instanceof Error ? err.message : String(err) };
      }
      if (this.runs?.key !== key) return; // another challenge began meanwhile
      this.runs = { ...this.runs, [query]: result };
    }
  }

  override render() {
    const budget = this.view?.settings.budget ?? null;
    if (budget === null) return this.renderStart();
    const spent = this.used >= budget;
    return html`
      <p>${spent ? `All ${budget} labels of the budget are given: labelling has stopped.` : `${budget - this.used} of ${budget} labels left. Choose what to answer well: when they are given, your agent's true score is compared with Active and Random queries on the same budget.`}</p>
      ${spent ? this.renderResult() : nothing}
      <div class="row"><button type="button" ?disabled=${this.disabled} @click=${() => this.emit('challenge-end', {})}>End the challenge</button></div>
    `;
  }

  private renderStart() {
    const ok = Number.isInteger(this.size) && this.size >= MIN && this.size <= MAX;
    return html`<p class="muted">
        A fixed number of labels, then the agent's true score is your result, compared with what Active and Random queries reach on the same budget. Auto-label is off; a new session starts on this level.
      </p>
      <div class="row">
        <label>Labels <input type="number" min=${MIN} max=${MAX} step="1" .value=${String(this.size)} @input=${(e: Event) => (this.size = Number((e.target as HTMLInputElement).value))} /></label>
        <button type="button" ?disabled=${this.disabled || !ok} @click=${() => this.emit('challenge-start', { budget: this.size })}>Start a label-budget challenge</button>
      </div>
      ${ok ? nothing : html`<p role="alert">The budget is a whole number of labels from ${MIN} to ${MAX}.</p>`}`;
  }

  private renderResult() {
    const runs = this.runs?.key === this.key ? this.runs : null;
    const you = this.you;
    const rows: [string, Score][] = [
      ['You', you],
      ['Active queries', runs?.active ?? null],
      ['Random queries', runs?.random ?? null],
    ];
    return html`<p class="result" role="status">Your agent's true score (normalised): ${you === null ? 'training…' : you.toFixed(2)}</p>
      <table>
        <caption class="muted">
          True score, normalised (1 = optimal, 0 = random moves), after ${this.view?.settings.budget} labels; Active and Random are the exact labeller on the same level and seed.
        </caption>
        <thead>
          <tr>
            <th scope="col">Labels chosen by</th>
            <th scope="col">True score (normalised)</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(([who, s]) => html`<tr><th scope="row">${who}</th><td>${who === 'You' && s === null ? 'training…' : score(s)}</td></tr>`)}
        </tbody>
      </table>`;
  }

  private emit(type: 'challenge-start' | 'challenge-end', detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-challenge': RpChallenge;
  }
  interface HTMLElementEventMap {
    /** Start a label-budget challenge of `budget` labels. */
    'challenge-start': CustomEvent<{ budget: number }>;
    /** End the label-budget challenge. */
    'challenge-end': CustomEvent<Record<string, never>>;
  }
}
