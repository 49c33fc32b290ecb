/**
 * `<rp-lesson>`: one guided lesson beside the sandbox. It shows the lesson's title, the step on screen
 * ("Step 2 of 5") with its text, and the list of steps with ✓ marks; Next / Back move between steps.
 * On every new `view` (and `reveal`) it runs the pure `advance` reducer, so a step completes by
 * itself once the learner has reached its outcome during the step (counted from the baseline taken
 * when the step came on screen), and it keeps progress in localStorage (one key per lesson). It never
 * touches the session: presets and step actions go up as events for the owner to apply.
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { advance, clearProgress, emptyProgress, goToStep, isComplete, loadProgress, saveProgress, type LessonProgress, type ProgressStorage } from '../app/lesson-progress';
import { stepText, type Lesson, type LessonPreset } from '../app/lessons';
import type { SessionView } from '../app/session-types';
import { theme } from './theme';

/** Detail of `lesson-exit`: the lesson being left. */
export interface LessonExitDetail {
  readonly lessonId: string;
}

/** Detail of `lesson-progress`: the new progress, and whether every step is done. */
export interface LessonProgressDetail {
  readonly progress: LessonProgress;
  readonly complete: boolean;
}

/** Detail of `lesson-action` (a step's button) and `lesson-restart` (Start over): the preset to apply. */
export interface LessonPresetDetail {
  readonly lessonId: string;
  /** The step whose button was pressed; absent for Start over. */
  readonly stepId?: string;
  readonly preset: LessonPreset;
}

/**
 * A guided lesson. @fires lesson-progress - a step was completed or shown. @fires lesson-action - a
 * step's button asks for its preset. @fires lesson-restart - Start over (apply the lesson's preset).
 * @fires lesson-exit - Exit lesson.
 */
@customElement('rp-lesson')
export class RpLesson extends LitElement {
  static override styles = [
    theme,
    css`
      :host {
        display: block;
        background: var(--rp-surface);
        border: 2px solid var(--rp-accent);
        border-radius: var(--rp-radius);
        padding: 0.75rem 1rem;
        font-size: 1.05rem;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: start;
        gap: 0.25rem 0.75rem;
      }
      h2 {
        margin: 0;
        font-size: 1.25rem;
        line-height: 1.25;
      }
      .summary {
        margin: 0.2rem 0 0;
        color: var(--rp-muted);
        font-size: 0.95rem;
      }
      .count {
        margin: 0.6rem 0 0.2rem;
        font-weight: 700;
        color: var(--rp-accent);
        font-variant-numeric: tabular-nums;
      }
      .text {
        margin: 0;
        font-size: 1.2rem;
        font-weight: 600;
        line-height: 1.35;
      }
      .done-badge {
        color: #1f6f35;
        font-weight: 700;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.6rem;
      }
      ol {
        list-style: none;
        margin: 0.75rem 0 0;
        padding: 0.5rem 0 0;
        border-top: 1px solid var(--rp-line);
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 0.15rem;
      }
      ol button {
        all: unset;
        box-sizing: border-box;
        display: flex;
        gap: 0.5rem;
        width: 100%;
        min-width: 0;
        overflow: hidden;
        padding: 0.2rem 0.4rem;
        border-radius: 6px;
        cursor: pointer;
        font-size: 0.95rem;
        color: var(--rp-ink);
      }
      ol button:focus-visible {
        outline: 3px solid var(--rp-focus);
      }
      ol button[aria-current='step'] {
        background: var(--rp-page);
        font-weight: 700;
      }
      .mark {
        flex: none;
        width: 1.6rem;
        text-align: center;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .mark.done {
        color: #1f6f35;
        font-size: 1.15rem;
        line-height: 1.2;
      }
      .label {
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      /* Phones: smaller type, so the step and its buttons fit the sticky panel's share of the screen. */
      @media (max-width: 600px) {
        :host {
          padding: 0.5rem 0.75rem;
          font-size: 0.95rem;
        }
        h2 {
          font-size: 1.1rem;
        }
        .summary {
          font-size: 0.85rem;
        }
        .count {
          margin-top: 0.4rem;
        }
        .text {
          font-size: 1.05rem;
        }
      }
    `,
  ];

  /** The lesson to show; nothing renders while null. */
  @property({ attribute: false }) lesson: Lesson | null = null;
  /** The session view the steps' checks read (null while the session starts). */
  @property({ attribute: false }) view: SessionView | null = null;
  /** Whether Reveal truth is on (some steps ask for it). */
  @property({ type: Boolean }) reveal = false;
  /** Where progress is kept: undefined = localStorage, null = nowhere (nothing persists). */
  @property({ attribute: false }) storage: ProgressStorage | null | undefined = undefined;
  /** Separates the progress of several playgrounds on one page (part of the storage key). */
  @property({ attribute: 'storage-key' }) storageKey = 'default';

  @state() private progress: LessonProgress | null = null;
  private announce = false;

  /** The current progress (null without a lesson). */
  get lessonProgress(): LessonProgress | null {
    return this.progress;
  }

  private get options() {
    return { storage: this.storage, namespace: this.storageKey };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const lesson = this.lesson;
    if (changed.has('lesson') || changed.has('storage') || changed.has('storageKey')) {
      this.progress = lesson ? loadProgress(lesson, this.options) : null;
    }
    if (lesson && this.progress) this.setProgress(advance(this.progress, lesson, this.view, { reveal: this.reveal }));
  }

  protected override updated(): void {
    if (!this.announce || !this.progress || !this.lesson) return;
    this.announce = false;
    const detail: LessonProgressDetail = { progress: this.progress, complete: isComplete(this.progress, this.lesson) };
    this.emit('lesson-progress', detail);
  }

  private setProgress(next: LessonProgress): void {
    const before = this.progress;
    if (next === before) return;
    this.progress = next;
    // A new baseline alone (the step's starting point) is saved but is no step completed or shown.
    if (!before || next.current !== before.current || next.done.length !== before.done.length) this.announce = true;
    saveProgress(next, this.options);
  }

  private emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  private go(index: number): void {
    const lesson = this.lesson;
    if (!lesson || !this.progress) return;
    const shown = goToStep(this.progress, lesson, index);
    this.setProgress(advance(shown, lesson, this.view, { reveal: this.reveal }));
  }

  private restart(): void {
    const lesson = this.lesson;
    if (!lesson) return;
    clearProgress(lesson.id, this.options);
    this.setProgress(emptyProgress(lesson));
    this.emit<LessonPresetDetail>('lesson-restart', { lessonId: lesson.id, preset: lesson.preset });
  }

  override render() {
    const lesson = this.lesson;
    const p = this.progress;
    if (!lesson || !p) return nothing;
    const n = lesson.steps.length;
    const complete = isComplete(p, lesson);
    const step = lesson.steps[p.current];
    const stepDone = step ? p.done.includes(step.id) : false;
    return html`
      <section aria-labelledby="lesson-title">
        <header>
          <div>
            <h2 id="lesson-title">${lesson.title}</h2>
            <p class="summary">${lesson.summary}</p>
          </div>
          <button @click=${() => this.emit<LessonExitDetail>('lesson-exit', { lessonId: lesson.id })}>Exit lesson</button>
        </header>
        <div role="status" aria-live="polite">
          ${step
            ? html`<p class="count">Step ${p.current + 1} of ${n}${stepDone ? html` <span class="done-badge">✓ done</span>` : nothing}</p>
                <p class="text">${stepText(step, this.reveal)}</p>`
            : html`<p class="count">${complete ? `✓ Lesson complete: all ${n} steps done` : `${p.done.length} of ${n} steps done`}</p>`}
        </div>
        <div class="row">
          ${step?.action
            ? html`<button class="primary" @click=${() => this.emit<LessonPresetDetail>('lesson-action', { lessonId: lesson.id, stepId: step.id, preset: step.action!.preset })}>${step.action.label}</button>`
            : nothing}
          <button @click=${() => this.go(p.current - 1)} ?disabled=${p.current === 0}>Back</button>
          ${step ? html`<button class=${stepDone ? 'primary' : ''} @click=${() => this.go(p.current + 1)} ?disabled=${p.current === n - 1 && !complete}>Next</button>` : nothing}
          ${complete || !step ? html`<button @click=${this.restart}>Start over</button>` : nothing}
        </div>
        <ol aria-label="Steps">
          ${lesson.steps.map((s, i) => {
            const done = p.done.includes(s.id);
            const text = stepText(s, this.reveal);
            return html`<li>
              <button aria-current=${i === p.current ? 'step' : 'false'} title=${text} @click=${() => this.go(i)}>
                <span class="mark ${done ? 'done' : ''}" aria-hidden="true">${done ? '✓' : `${i + 1}.`}</span>
                <span class="sr">Step ${i + 1}${done ? ', done' : ''}:</span>
                <span class="label">${text}</span>
              </button>
            </li>`;
          })}
        </ol>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-lesson': RpLesson;
  }
  interface HTMLElementEventMap {
    'lesson-exit': CustomEvent<LessonExitDetail>;
    'lesson-progress': CustomEvent<LessonProgressDetail>;
    'lesson-action': CustomEvent<LessonPresetDetail>;
    'lesson-restart': CustomEvent<LessonPresetDetail>;
  }
}
