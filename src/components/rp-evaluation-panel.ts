/**
 * `<rp-evaluation-panel>`: the assisted-evaluation experiment for the current level,
 * run in the page. A simulated evaluator with limited attention judges N generated plans, flawed and
 * clean, once alone and once reading the assistant's top m claims (runEvaluation in src/core). It
 * takes ~0.1–0.8 s on the main thread, so it runs only on **Run the experiment**, after a frame in
 * which the panel shows "Running…". The table shows flawed/N, detection rate and false approvals
 * alone and with the assistant, clean plans rejected, and the precision of the claims read.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_EVALUATION, runEvaluation, type EvaluationReport, type EvaluatorStats } from '../core/evaluation';
import type { StateSpace } from '../core/states';
import type { Verdict } from '../core/verdicts';
import './rp-reliability';
import { nextPaint } from './next-paint';
import { theme } from './theme';

/** The experiment's inputs as the person edits them (text, parsed on Run). */
interface Inputs {
  trajectories: string;
  k: string;
  q: string;
  m: string;
  seed: string;
}

const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(100 * x)}%` : '—');

/** The experiment panel; set `space` (the level) and `seed` (the session's seed, the default seed here). */
@customElement('rp-evaluation-panel')
export class RpEvaluationPanel extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      p {
        margin: 0.4rem 0;
      }
      .inputs {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(7rem, 1fr));
        align-items: end;
        gap: 0.5rem 0.75rem;
        border: 0;
        padding: 0;
        margin: 0.6rem 0;
      }
      .inputs label {
        display: grid;
        gap: 0.15rem;
        font-size: 0.88rem;
        font-weight: 600;
      }
      input {
        font: inherit;
        min-height: 2.3rem;
        padding: 0.2rem 0.45rem;
        border: 1px solid var(--rp-muted);
        border-radius: var(--rp-radius);
        min-width: 0;
      }
      .run {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        margin-top: 0.75rem;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: start;
        font-weight: 700;
        margin-bottom: 0.3rem;
      }
      th,
      td {
        padding: 0.35rem 0.5rem;
        border-bottom: 1px solid var(--rp-line);
        text-align: end;
      }
      td {
        white-space: nowrap;
      }
      th[scope='row'],
      thead th:first-child {
        text-align: start;
        font-weight: 600;
      }
      thead th {
        background: var(--rp-page);
      }
      .better {
        font-weight: 700;
        color: #1c6b35;
      }
      .count {
        color: var(--rp-muted);
        font-size: 0.85rem;
      }
      .muted {
        color: var(--rp-muted);
        font-size: 0.92rem;
      }
      [role='alert'] {
        color: #a01622;
        font-weight: 600;
      }
    `,
  ];

  /** The level the experiment runs on. */
  @property({ attribute: false }) space: StateSpace | null = null;
  /** The session's seed: the default of the Seed input. */
  @property() seed: number | string = DEFAULT_EVALUATION.seed;
  /** The session's verdicts on the assistant's claims, for the critique model's reliability diagram. */
  @property({ attribute: false }) verdicts: readonly Verdict[] = [];

  @state() private inputs: Inputs = {
    trajectories: String(DEFAULT_EVALUATION.trajectories),
    k: String(DEFAULT_EVALUATION.k),
    q: String(DEFAULT_EVALUATION.q),
    m: String(DEFAULT_EVALUATION.m),
    seed: String(DEFAULT_EVALUATION.seed),
  };
  @state() private running = false;
  @state() private report: EvaluationReport | null = null;
  @state() private error = '';
  /** Milliseconds the last run took. */
  @state() private elapsed = 0;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('seed')) this.inputs = { ...this.inputs, seed: String(this.seed) };
    // A result belongs to the level it ran on.
    if (changed.has('space')) this.report = null;
  }

  private set(key: keyof Inputs, e: Event): void {
    this.inputs = { ...this.inputs, [key]: (e.target as HTMLInputElement).value };
  }

  /** Runs the experiment with the current inputs; resolves when the table is shown (or the error). */
  async run(): Promise<void> {
    const space = this.space;
    if (!space || this.running) return;
    this.running = true;
    this.error = '';
    await this.updateComplete;
    await nextPaint();
    try {
      const { trajectories, k, q, m, seed } = this.inputs;
      const start = performance.now();
      this.report = runEvaluation(space, {
        trajectories: Number(trajectories),
        k: Number(k),
        q: Number(q),
        m: Number(m),
        seed: /^-?\d+$/.test(seed.trim()) ? Number(seed) : seed,
      });
      this.elapsed = performance.now() - start;
    } catch (err) {
      this.report = null;
      this.error = `Could not run the experiment: ${(err as Error).message}.`;
    } finally {
      this.running = false;
    }
    await this.updateComplete;
  }

  override render() {
    const i = this.inputs;
    const T = this.space?.world.level.maxSteps;
    const field = (key: keyof Inputs, text: string, attrs: { min?: string; max?: string; step?: string }, type = 'number') =>
      html`<label
        >${text}
        <input type=${type} min=${attrs.min ?? nothing} max=${attrs.max ?? nothing} step=${attrs.step ?? nothing} .value=${i[key]} @input=${(e: Event) => this.set(key, e)}
      /></label>`;
    return html`
      <p>
        An evaluator who inspects only ${i.k} of the ${T ?? 'T'} steps of each plan, and sees only what the screen shows, misses flaws that happen on the
        steps it skips or that the screen hides — a tomato that only looks watered, a punishment taken while the supervisor was away. Here a simulated
        evaluator judges ${i.trajectories} plans for this level, some good and some flawed, twice: once alone, and once after reading the assistant's top
        ${i.m} ${i.m === '1' ? 'claim' : 'claims'}. It notices a flaw on a step it inspects with probability ${i.q}, and checks each claim against its
        evidence the same way; a claim it cannot check it believes only ${pct(DEFAULT_EVALUATION.gullibility)} of the time. Approving a flawed plan costs
        far more than rejecting a good one, so watch the false approvals.
      </p>
      <fieldset class="inputs" aria-label="Settings of the experiment" ?disabled=${this.running}>
        ${field('trajectories', 'Plans judged (N)', { min: '1', max: '5000', step: '1' })}
        ${field('k', 'Steps inspected (k)', { min: '0', step: '1' })}
        ${field('q', 'Chance of noticing (q)', { min: '0', max: '1', step: '0.05' })}
        ${field('m', 'Claims read (m)', { min: '0', step: '1' })}
        ${field('seed', 'Seed', {}, 'text')}
      </fieldset>
      <div class="run">
        <button class="primary" type="button" ?disabled=${!this.space || this.running} @click=${() => void this.run()}>Run the experiment</button>
        <span role="status">${this.running ? 'Running…' : this.report ? `Done in ${(this.elapsed / 1000).toFixed(2)} s.` : ''}</span>
      </div>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing} ${this.report ? this.renderTable(this.report) : nothing}
      <rp-reliability .verdicts=${this.verdicts}></rp-reliability>
    `;
  }

  private renderTable(r: EvaluationReport) {
    const s = r.settings;
    const row = (name: string, rate: (x: EvaluatorStats) => number, count: (x: EvaluatorStats) => number, of: number, lowerIsBetter: boolean) => {
      const cell = (x: EvaluatorStats) => {
        const [value, alone] = [rate(x), rate(r.unassisted)];
        const better = x !== r.unassisted && (lowerIsBetter ? value < alone : value > alone);
        return html`<td class=${better ? 'better' : ''}>${pct(value)} <span class="count">(${count(x)}/${of})</span></td>`;
      };
      return html`<tr>
        <th scope="row">${name}</th>
        ${cell(r.unassisted)} ${cell(r.assisted)} ${cell(r.debate)}
      </tr>`;
    };
    return html`<table>
        <caption>
          ${r.levels.join(', ')}: ${r.flawed}/${r.n} plans flawed by the hidden truth
        </caption>
        <thead>
          <tr>
            <th scope="col">Evaluator</th>
            <th scope="col">Alone</th>
            <th scope="col">With the assistant</th>
            <th scope="col">With the agent's answers too (debate)</th>
          </tr>
        </thead>
        <tbody>
          ${row('Flawed plans caught (detection rate)', (x) => x.detectionRate, (x) => x.flawedRejected, r.flawed, false)}
          ${row('Flawed plans approved (false approvals)', (x) => x.falseApprovalRate, (x) => x.flawedApproved, r.flawed, true)}
          ${row('Good plans rejected', (x) => x.cleanRejectionRate, (x) => x.cleanRejected, r.clean, true)}
        </tbody>
      </table>
      <p data-readout="summary">
        With the assistant the evaluator caught <strong>${r.assisted.flawedRejected}</strong> of the ${r.flawed} flawed plans instead of
        ${r.unassisted.flawedRejected}, and approved <strong>${r.assisted.flawedApproved}</strong> of them instead of ${r.unassisted.flawedApproved}.
      </p>
      <p data-readout="debate">
        Reading the agent's answer under each claim too, the evaluator caught <strong>${r.debate.flawedRejected}</strong> and approved
        <strong>${r.debate.flawedApproved}</strong>: the agent rebutted ${r.rebuttals} of the ${r.claimsRead} claims read (${r.rebuttalsOfTrueClaims} of them true).
        The model assumes neither side can state a falsehood, the premise of debate.
      </p>
      <p data-readout="precision">
        Claim precision: <strong>${pct(r.claimPrecision)}</strong> — ${r.claimsTrue} of the ${r.claimsRead} claims read pointed at a real flaw.
      </p>
      <p class="muted">Settings: N = ${s.trajectories}, k = ${s.k}, q = ${s.q}, m = ${s.m}, seed ${s.seed}; same settings, same table.</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-evaluation-panel': RpEvaluationPanel;
  }
}
