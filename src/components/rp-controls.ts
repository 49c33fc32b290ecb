/**
 * `<rp-controls>`: the session's settings — level (a built-in one, or "Random level": a generated
 * level `gen:SEED` with a fresh seed), query mode, ensemble size, segment length, seed, Reset — and
 * Auto-label with its simulated labeller (exact by default; random answers and a Boltzmann temperature
 * make it a noisy person) and speed. It keeps no state: every change is
 * reported as an event (`settings-change`, `level-change`, `auto-label`, `session-reset`) and the
 * owner passes the new settings back down. Numbers commit on `change`; an invalid one is put back.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { BUILTIN_LEVELS, freshLevelSeed, generatedLevelId, isGeneratedLevelId } from '../app/builtin-levels';
import { REAL_SETTING_RANGES, SETTING_RANGES, type Settings } from '../app/settings';
import { parseLevel } from '../core/level';
import { SESSION_SCHEDULE } from '../core/schedule';
import type { SessionView } from '../app/session-types';
import './rp-level-picker';
import type { LevelChangeDetail, LevelChoice } from './rp-level-picker';
import { theme } from './theme';

/** Names of the controls a lesson can hide. */
export type ControlName = 'level' | 'query' | 'ensemble' | 'model' | 'segment' | 'seed' | 'reset' | 'autolabel';

/** Detail of `settings-change`: the settings the person changed (already validated). */
export interface SettingsChangeDetail {
  readonly patch: Partial<Settings>;
}

/** Detail of `auto-label`: whether Auto-label should run. */
export interface AutoLabelDetail {
  readonly on: boolean;
}

type NumericSetting = keyof typeof SETTING_RANGES;

/** The picker's "Random level" entry; never a level id (a colon, and not a seed after `gen:`). */
export const RANDOM_LEVEL_CHOICE = 'gen:new';
const RANDOM_CHOICE: LevelChoice = { id: RANDOM_LEVEL_CHOICE, name: 'Random level', summary: 'A new level generated from a random seed.' };

/** What the grid model costs where it trains, from the probe's timing of its step; a general line until one is measured. */
export function gridCost(report: SessionView['backend']): string {
  const ms = report?.model === 'grid' ? report.probe.find((r) => r.backend === report.backend)?.msPerStep : null;
  if (ms === null || ms === undefined) return 'A small conv net over the grid as seen: seconds per label without a GPU';
  const perLabel = (ms * SESSION_SCHEDULE.stepsPerLabel) / 1000;
  return `A small conv net over the grid as seen: about ${perLabel < 10 ? perLabel.toFixed(1) : Math.round(perLabel)} s of training per label on ${report?.backend} here${perLabel > 2 ? '; Features is far quicker' : ''}`;
}

/** Display of a setting as a number input: a fraction shown in percent, rounded to hide float noise. */
const shown = (value: number, scale: number) => String(Math.round(value * scale * 1e6) / 1e6);

const DELAY_STEP_MS = 100;
const [MIN_DELAY, MAX_DELAY] = SETTING_RANGES.autoLabelDelayMs;

/**
 * Session controls. @fires settings-change - a validated settings patch. @fires level-change - a
 * level was picked (from the inner rp-level-picker). @fires auto-label - Auto-label toggled.
 * @fires session-reset - Reset pressed (the owner asks for confirmation).
 */
@customElement('rp-controls')
export class RpControls extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 11rem), 1fr));
        gap: 0.75rem 1rem;
        align-items: start;
      }
      .field {
        display: flex;
        flex-direction: column;
        gap: 0.25rem;
      }
      label {
        font-weight: 600;
      }
      input[type='number'] {
        font: inherit;
        min-height: 2.5rem;
        padding: 0.3rem 0.5rem;
        border-radius: var(--rp-radius);
        border: 1px solid var(--rp-muted);
        width: 100%;
        box-sizing: border-box;
      }
      input[type='range'] {
        min-height: 2.5rem;
        accent-color: var(--rp-accent);
      }
      .hint {
        color: var(--rp-muted);
        font-size: 0.85rem;
      }
      .level {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-start;
        gap: 0.5rem;
        margin-bottom: 0.75rem;
      }
      rp-level-picker {
        flex: 1 1 16rem;
      }
      fieldset {
        border: 1px solid var(--rp-line);
        border-radius: var(--rp-radius);
        margin: 1rem 0 0;
        padding: 0.5rem 0.9rem 0.9rem;
      }
      legend {
        font-weight: 700;
        padding: 0 0.3rem;
      }
      button[aria-pressed='true'] {
        background: var(--rp-accent);
        color: var(--rp-accent-ink);
      }
    `,
  ];

  /** Current settings; nothing renders until they are set. */
  @property({ attribute: false }) settings: Settings | null = null;
  /** Whether Auto-label is running. */
  @property({ attribute: false }) autoLabel = false;
  /** Where the model trains, with the probe's timings (they say what the grid model costs here). */
  @property({ attribute: false }) backend: SessionView['backend'] = null;
  /** Controls not to render (for a lesson that fixes them); `hidden` is taken by HTMLElement. */
  @property({ attribute: false }) hiddenControls: readonly ControlName[] | readonly string[] = [];
  /** Levels offered by the picker (default: the built-in levels); "Random level" is added after them. */
  @property({ attribute: false }) levels: readonly LevelChoice[] = BUILTIN_LEVELS;
  /** Where "Random level" gets a fresh seed (default: the browser's random source). */
  @property({ attribute: false }) newLevelSeed: () => number = freshLevelSeed;

  /** The picker entry of the generated level on screen, parsed once per level text. */
  private generated: { text: string; choice: LevelChoice } | null = null;

  private shows(name: ControlName): boolean {
    return !(this.hiddenControls as readonly string[]).includes(name);
  }

  override render() {
    const s = this.settings;
    if (!s) return nothing;
    const generated = isGeneratedLevelId(s.levelId);
    const current = s.levelId === 'custom' ? { id: 'custom', name: 'Custom level', summary: '' } : generated ? this.generatedChoice(s) : null;
    const levels = [...this.levels, ...(current && !this.levels.some((l) => l.id === current.id) ? [current] : []), RANDOM_CHOICE];
    return html`
      ${this.shows('level')
        ? html`<div class="level">
            <rp-level-picker .levels=${levels} value=${s.levelId} @level-change=${this.onPick}></rp-level-picker>
            ${generated ? html`<button class="new-level" @click=${this.randomLevel}>New random level</button>` : nothing}
          </div>`
        : nothing}
      <div class="grid">
        ${this.shows('query')
          ? html`<div class="field">
              <label for="query">Query mode</label>
              <select id="query" aria-describedby="query-hint" @change=${this.onQuery}>
                <option value="active" ?selected=${s.queryMode === 'active'}>Active</option>
                <option value="random" ?selected=${s.queryMode === 'random'}>Random</option>
              </select>
              <span class="hint" id="query-hint">${s.queryMode === 'active' ? 'Asks about the pair the models disagree on most' : 'Asks about a random pair'}</span>
            </div>`
          : nothing}
        ${this.shows('ensemble') ? this.numberField('members', 'Ensemble size', s.members) : nothing}
        ${this.shows('model')
          ? html`<div class="field">
              <label for="model">Reward model</label>
              <select id="model" aria-describedby="model-hint" @change=${this.onModel}>
                <option value="features" ?selected=${s.rewardModel === 'features'}>Features</option>
                <option value="grid" ?selected=${s.rewardModel === 'grid'}>Grid (pixels)</option>
              </select>
              <span class="hint" id="model-hint">${s.rewardModel === 'features' ? 'An MLP over named events (vase broken, goal…): fast anywhere' : gridCost(this.backend)}</span>
            </div>`
          : nothing}
        ${this.shows('segment') ? this.numberField('segmentLength', 'Segment length (steps)', s.segmentLength) : nothing}
        ${this.shows('seed') ? this.numberField('seed', 'Seed', s.seed) : nothing}
        ${this.shows('reset') ? html`<div class="field"><button @click=${this.onReset}>Reset</button></div>` : nothing}
      </div>
      ${this.shows('autolabel') ? this.autoLabelControls(s) : nothing}
    `;
  }

  private numberField(key: NumericSetting, label: string, value: number) {
    const [min, max] = SETTING_RANGES[key];
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <input id=${key} type="number" inputmode="numeric" min=${min} max=${max} step="1" .value=${String(value)} @change=${(e: Event) => this.onNumber(e, key)} />
    </div>`;
  }

  /** An input for a real-valued setting, shown × `scale` (percent: 100). */
  private realField(key: keyof typeof REAL_SETTING_RANGES, label: string, value: number, scale: number, hint: string) {
    const [min, max] = REAL_SETTING_RANGES[key];
    return html`<div class="field">
      <label for=${key}>${label}</label>
      <input id=${key} type="number" inputmode="decimal" min=${min * scale} max=${max * scale} step="any" aria-describedby=${`${key}-hint`}
        .value=${shown(value, scale)} @change=${(e: Event) => this.onReal(e, key, scale)} />
      <span class="hint" id=${`${key}-hint`}>${hint}</span>
    </div>`;
  }

  private generatedChoice(s: Settings): LevelChoice {
    if (this.generated?.text !== s.levelText) {
      let choice: LevelChoice;
      try {
        const level = parseLevel(s.levelText);
        choice = { id: s.levelId, name: level.name, summary: level.summary };
      } catch {
        choice = { id: s.levelId, name: s.levelId, summary: '' };
      }
      this.generated = { text: s.levelText, choice };
    }
    return { ...this.generated.choice, id: s.levelId };
  }

  private autoLabelControls(s: Settings) {
    const speed = MAX_DELAY - s.autoLabelDelayMs;
    return html`<fieldset>
      <legend>Auto-label</legend>
      <div class="grid">
        <div class="field">
          <button aria-pressed=${this.autoLabel ? 'true' : 'false'} aria-describedby="auto-hint" @click=${this.onAutoLabel}>Auto-label</button>
          <span class="hint" id="auto-hint">${this.autoLabel ? 'On: a simulated labeller answers for you' : 'Off: you answer'}</span>
        </div>
        <div class="field">
          <label for="labeller">Simulated labeller</label>
          <select id="labeller" @change=${this.onLabeller}>
            <option value="oracle" ?selected=${s.labeller === 'oracle'}>Exact oracle (sees the true score)</option>
            <option value="observer" ?selected=${s.labeller === 'observer'}>Observer (sees only the screen)</option>
          </select>
        </div>
        ${this.realField('labellerNoise', 'Random answers (%)', s.labellerNoise, 100, 'A noisy person: the chance of a random answer. 0 = exact.')}
        ${this.realField('labellerTemperature', 'Boltzmann temperature', s.labellerTemperature, 1, 'A noisy person: higher picks the worse clip more often. 0 = exact.')}
        <div class="field">
          <label for="speed">Auto-label speed</label>
          <input
            id="speed"
            type="range"
            min="0"
            max=${MAX_DELAY - MIN_DELAY}
            step=${DELAY_STEP_MS}
            .value=${String(speed)}
            aria-valuetext=${`at least ${s.autoLabelDelayMs} ms between answers`}
            @change=${this.onSpeed}
          />
          <span class="hint">at least ${s.autoLabelDelayMs} ms between answers</span>
        </div>
      </div>
    </fieldset>`;
  }

  protected override updated(): void {
    // Keep the live fields in step with the settings: `?selected` only sets the initial choice, and a
    // property binding skips a value it set before, even when the person has typed over it since.
    const s = this.settings;
    if (!s) return;
    const sync = (id: string, v: string | number) => {
      const el = this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`);
      if (el && el.value !== String(v)) el.value = String(v);
    };
    sync('query', s.queryMode);
    sync('labeller', s.labeller);
    sync('members', s.members);
    sync('model', s.rewardModel);
    sync('segmentLength', s.segmentLength);
    sync('seed', s.seed);
    sync('labellerNoise', shown(s.labellerNoise, 100));
    sync('labellerTemperature', shown(s.labellerTemperature, 1));
    sync('speed', MAX_DELAY - s.autoLabelDelayMs);
  }

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  private patch(patch: Partial<Settings>): void {
    this.emit<SettingsChangeDetail>('settings-change', { patch });
  }

  private onNumber(e: Event, key: NumericSetting): void {
    const input = e.target as HTMLInputElement;
    const current = this.settings?.[key];
    const [min, max] = SETTING_RANGES[key];
    const text = input.value.trim();
    const v = Number(text);
    if (text === '' || !Number.isInteger(v) || v < min || v > max || current === undefined) {
      input.value = String(current ?? '');
      return;
    }
    if (v !== current) this.patch({ [key]: v });
  }

  private onReal(e: Event, key: keyof typeof REAL_SETTING_RANGES, scale: number): void {
    const input = e.target as HTMLInputElement;
    const current = this.settings?.[key];
    const [min, max] = REAL_SETTING_RANGES[key];
    const text = input.value.trim();
    const v = Number(text) / scale;
    if (text === '' || !Number.isFinite(v) || v < min || v > max || current === undefined) {
      input.value = current === undefined ? '' : shown(current, scale);
      return;
    }
    if (v !== current) this.patch({ [key]: v });
  }

  /** The picker's choice: a level id is passed on; "Random level" becomes a new generated level. */
  private onPick(e: CustomEvent<LevelChangeDetail>): void {
    if (e.detail.id !== RANDOM_LEVEL_CHOICE) return;
    e.stopPropagation();
    this.randomLevel();
  }

  private randomLevel(): void {
    this.emit<LevelChangeDetail>('level-change', { id: generatedLevelId(this.newLevelSeed()) });
    this.requestUpdate(); // puts the picker back until the owner sets the new level
  }

  private onModel(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    if (v === 'features' || v === 'grid') this.patch({ rewardModel: v });
  }

  private onQuery(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    if (v === 'active' || v === 'random') this.patch({ queryMode: v });
  }

  private onLabeller(e: Event): void {
    const v = (e.target as HTMLSelectElement).value;
    if (v === 'oracle' || v === 'observer') this.patch({ labeller: v });
  }

  private onSpeed(e: Event): void {
    const speed = Number((e.target as HTMLInputElement).value);
    const delay = Math.min(MAX_DELAY, Math.max(MIN_DELAY, MAX_DELAY - speed));
    if (delay !== this.settings?.autoLabelDelayMs) this.patch({ autoLabelDelayMs: delay });
  }

  private onAutoLabel(): void {
    this.emit<AutoLabelDetail>('auto-label', { on: !this.autoLabel });
  }

  private onReset(): void {
    this.emit<Record<string, never>>('session-reset', {});
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-controls': RpControls;
  }
  interface HTMLElementEventMap {
    'settings-change': CustomEvent<SettingsChangeDetail>;
    'auto-label': CustomEvent<AutoLabelDetail>;
    'session-reset': CustomEvent<Record<string, never>>;
  }
}
