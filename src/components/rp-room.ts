/**
 * `<rp-room>`: the room's leaderboard and the teacher's view, after a workshop. The teacher opens
 * every participant's exported session file at once; each is read and checked here, in the browser
 * (nothing is uploaded), and the room (src/app/room.ts) is shown per level: rank, person, labels,
 * fooled labels and the true score each agent reached, then the summary — people, labels per
 * person, agreement on pairs answered by several people, and the room's fooled share. Files made in a
 * label-budget challenge show their budget and are ranked among files of the same budget. Per level,
 * "Train on the pooled labels" trains fresh models on the room's pooled labels at a few label counts
 * (through `run`, in the learning engine's `curveFromLabels`; the session's model is untouched) and
 * draws the agent's true score against the number of labels, then the label-quality check of the
 * model trained on all of them, by person. It shows the hidden truth plainly. A
 * file that cannot be read gets one line naming it and why; the others count.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { buildRoom, curveCounts, roomLabelCheck, type RoomFile, type RoomLevel, type RoomSummary } from '../app/room';
import type { OfflineRunner } from '../app/session-store';
import type { OfflinePoint } from '../app/session-types';
import { engineSettingsOf } from '../app/settings';
import { MAX_FILE_CHARS } from '../app/session-file';
import { pageOffThread } from '../app/off-thread';
import { oneLine } from '../app/url-state';
import { theme } from './theme';

const pct = (x: number) => `${Math.round(100 * x)}%`;
const num = (x: number | null, digits: number) => (x === null ? '—' : x.toFixed(digits));

/** A pooled curve of one level group: its points, null while training, or why it failed. */
type PooledCurve = OfflinePoint[] | null | { readonly error: string };

/** The room view; it holds the files opened last. */
@customElement('rp-room')
export class RpRoom extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .open {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.75rem;
      }
      input[type='file'] {
        position: absolute;
        width: 1px;
        height: 1px;
        opacity: 0;
      }
      .muted {
        color: var(--rp-muted);
        font-size: 0.9rem;
        margin: 0.4rem 0 0;
      }
      ul.problems {
        margin: 0.5rem 0 0;
        padding-left: 1.2rem;
        color: #a01622;
      }
      h3 {
        margin: 1rem 0 0.3rem;
        font-size: 1rem;
      }
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: start;
        color: var(--rp-muted);
        font-size: 0.9rem;
        margin-bottom: 0.3rem;
      }
      th,
      td {
        padding: 0.3rem 0.5rem;
        border-bottom: 1px solid var(--rp-line);
        text-align: end;
      }
      thead th {
        background: var(--rp-page);
      }
      th[scope='row'],
      thead th:nth-child(2) {
        text-align: start;
        font-weight: 600;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 0.75rem;
        margin: 0.6rem 0 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .pooled {
        margin-top: 0.6rem;
      }
      svg {
        display: block;
        max-width: 100%;
        margin-top: 0.4rem;
      }
      polyline {
        fill: none;
        stroke: var(--rp-accent, #2563eb);
        stroke-width: 2;
      }
      circle {
        fill: var(--rp-accent, #2563eb);
      }
      .axis {
        stroke: var(--rp-line);
      }
      text {
        font-size: 11px;
        fill: var(--rp-muted);
      }
    `,
  ];

  /** Runs calls on the learning engine (the page passes the session store's `offline`); null hides the pooled-model button. */
  @property({ attribute: false }) run: OfflineRunner | null = null;

  @state() private levels: readonly RoomLevel[] = [];
  @state() private problems: readonly string[] = [];
  @state() private opened = 0;
  /** Pooled curves by level group, for the files opened last. */
  @state() private curves: ReadonlyMap<RoomLevel, PooledCurve> = new Map();

  private async trainPooled(level: RoomLevel, run: OfflineRunner): Promise<void> {
    const set = (curve: PooledCurve) => (this.curves = new Map(this.curves).set(level, curve));
    set(null);
    try {
      set(await run((engine) => engine.curveFromLabels(level.levelText, engineSettingsOf(level.settings), level.pooledLabels, curveCounts(level.pooledLabels.length))));
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async onFiles(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const chosen = [...(input.files ?? [])];
    input.value = '';
    if (chosen.length === 0) return;
    const read = await Promise.all(chosen.map((f) => readOne(f)));
    this.levels = buildRoom(read.filter((r): r is RoomFile => 'session' in r));
    this.problems = read.filter((r): r is { problem: string } => 'problem' in r).map((r) => r.problem);
    this.opened = chosen.length;
    this.curves = new Map();
  }

  override render() {
    return html`
      <div class="open">
        <button @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}>Open the room's files…</button>
        <input type="file" accept=".json,application/json" multiple aria-label="Open the room's files" @change=${this.onFiles} />
        <span role="status">${this.opened ? `${this.opened - this.problems.length} of ${this.opened} files read.` : ''}</span>
      </div>
      <p class="muted">Choose every participant's exported session file at once. They are read here, in this browser; nothing is uploaded. This is a teacher's view for after the session: it shows the hidden truth.</p>
      ${this.problems.length ? html`<ul class="problems" role="alert">${this.problems.map((p) => html`<li>${p}</li>`)}</ul>` : nothing}
      ${this.levels.map((level) => this.renderLevel(level))}
    `;
  }

  private renderLevel(level: RoomLevel) {
    return html`<section>
      <h3>${level.levelName} <span class="muted">(${level.levelId})</span></h3>
      <div class="scroll" role="region" tabindex="0" aria-label=${`Leaderboard: ${level.levelName}`}><table>
        <caption>
          Ranked by true score, then fewer labels, then fewer fooled labels; files of a label-budget challenge among those of the same budget.
        </caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Person</th>
            <th scope="col">Labels</th>
            <th scope="col">Fooled labels</th>
            <th scope="col">True score (normalised)</th>
            <th scope="col">True return</th>
            <th scope="col">Budget</th>
          </tr>
        </thead>
        <tbody>
          ${level.rows.map(
            (r) => html`<tr>
              <td>${r.rank}</td>
              <th scope="row">${r.person}</th>
              <td>${r.labels}${r.unjudged ? html` <span class="muted">(${r.unjudged} not judged)</span>` : nothing}</td>
              <td>${r.fooled}</td>
              <td>${num(r.normalizedReturn, 2)}</td>
              <td>${num(r.trueReturn, 1)}</td>
              <td>${r.budget ?? '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      ${renderSummary(level.summary)}
      ${this.renderPooled(level)}
    </section>`;
  }

  private renderPooled(level: RoomLevel) {
    const run = this.run;
    if (!run) return nothing;
    const n = level.pooledLabels.length;
    const curve = this.curves.get(level);
    const running = this.curves.has(level) && curve === null;
    const issues = Array.isArray(curve) ? curve.at(-1)?.labelIssues : undefined; // the point on every label carries the check
    return html`<div class="pooled">
      <button type="button" ?disabled=${running || n === 0} @click=${() => void this.trainPooled(level, run)}>Train on the pooled labels</button>
      <span class="muted">${n === 0 ? 'No label to pool.' : `${n} pooled ${n === 1 ? 'label' : 'labels'} (everyone's own, each identical label once): one fresh model per count.`}</span>
      ${running ? html`<p class="muted" role="status">Training on the pooled labels…</p>` : nothing}
      ${curve && 'error' in curve ? html`<p class="problems" role="alert">The pooled model could not be trained: ${curve.error}</p>` : nothing}
      ${Array.isArray(curve) ? renderCurve(level.levelName, curve) : nothing}
      ${issues ? renderLabelCheck(level, issues) : nothing}
    </div>`;
  }
}

/** The label-quality check on all the pooled labels, by person: labels the pooled model overrules, answers that go round. */
function renderLabelCheck(level: RoomLevel, issues: Parameters<typeof roomLabelCheck>[1]) {
  const check = roomLabelCheck(level, issues);
  const n = level.pooledLabels.length;
  const none = check.overruled.length === 0 && check.cycles.length === 0;
  return html`<div class="label-check" role="region" aria-label=${`Label check across the room: ${level.levelName}`}>
    <p><strong>Label check across the room</strong> (the model trained on all ${n} pooled labels):
      ${none ? 'no label stands out. The pooled model overrules none of them, and no answers go round.' : nothing}</p>
    ${none
      ? nothing
      : html`<ul>
          ${check.overruled.length
            ? html`<li>Labels the pooled model overrules (its members agree the other side is better): ${check.overruled.map((o) => `${o.person} ${o.labels}`).join(', ')}.</li>`
            : nothing}
          ${check.cycles.map((c) => html`<li>Answers that go round (${c.labels} labels, such as one pair answered both ways): ${c.people.join(' and ')}.</li>`)}
        </ul>`}
  </div>`;
}

/** The pooled model's curve: normalised true score against pooled labels, drawn and as a table. */
function renderCurve(name: string, points: readonly OfflinePoint[]) {
  const W = 320,
    H = 120,
    pad = 24;
  const maxX = Math.max(1, ...points.map((p) => p.labels));
  const ys = points.map((p) => p.normalizedReturn).filter(Number.isFinite);
  const lo = Math.min(0, ...ys),
    hi = Math.max(1, ...ys);
  const x = (n: number) => pad + ((W - 2 * pad) * n) / maxX;
  const y = (v: number) => H - pad - ((H - 2 * pad) * (v - lo)) / (hi - lo);
  const drawn = points.filter((p) => Number.isFinite(p.normalizedReturn));
  return html`<svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="img" aria-label=${`Pooled model on ${name}: normalised true score against pooled labels`}>
      <line class="axis" x1=${pad} y1=${y(0)} x2=${W - pad} y2=${y(0)}></line>
      <line class="axis" x1=${pad} y1=${y(1)} x2=${W - pad} y2=${y(1)}></line>
      <text x="2" y=${y(1) + 4}>1</text>
      <text x="2" y=${y(0) + 4}>0</text>
      <text x=${W - pad} y=${H - 4} text-anchor="end">${maxX} labels</text>
      <polyline points=${drawn.map((p) => `${x(p.labels).toFixed(1)},${y(p.normalizedReturn).toFixed(1)}`).join(' ')}></polyline>
      ${drawn.map((p) => svg`<circle cx=${x(p.labels)} cy=${y(p.normalizedReturn)} r="3"></circle>`)}
    </svg>
    <div class="scroll" role="region" tabindex="0" aria-label=${`Pooled model: ${name}`}><table>
      <caption>The pooled model: a fresh model trained on the first n pooled labels, and its agent's true score.</caption>
      <thead>
        <tr>
          <th scope="col">Pooled labels</th>
          <th scope="col">True score (normalised)</th>
          <th scope="col">True return</th>
        </tr>
      </thead>
      <tbody>
        ${points.map((p) => html`<tr><td>${p.labels}</td><td>${num(p.normalizedReturn, 2)}</td><td>${num(p.trueReturn, 1)}</td></tr>`)}
      </tbody>
    </table></div>`;
}

function renderSummary(s: RoomSummary) {
  return html`<dl>
    <dt>People</dt>
    <dd>${s.people}</dd>
    <dt>Labels per person</dt>
    <dd>${s.labelsPerPerson.map((p) => `${p.person}: ${p.labels}`).join(', ')} (${s.labels} in all)</dd>
    <dt>Agreement on shared pairs</dt>
    <dd>${s.agreement === null ? 'no pair was answered by two people' : `${s.agreedPairs} of ${s.sharedPairs} pairs answered by two or more people (${pct(s.agreement)})`}</dd>
    <dt>Fooled share</dt>
    <dd>${s.fooledShare === null ? 'no label to judge' : `${s.fooled} of ${s.judged} labels (${pct(s.fooledShare)}) disagree with the true scores`}</dd>
  </dl>`;
}

/** One chosen file, parsed; or one line naming it and why it cannot be used. */
async function readOne(file: File): Promise<RoomFile | { problem: string }> {
  const name = oneLine(file.name, 80);
  if (file.size > MAX_FILE_CHARS) return { problem: `${name}: the file is too large (at most ${MAX_FILE_CHARS / 1e6} MB)` };
  const parsed = await pageOffThread().parseSessionFile(await file.text());
  return parsed.ok ? { fileName: name, session: parsed.session } : { problem: `${name}: ${parsed.error}` };
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-room': RpRoom;
  }
}
