/**
 * `<reward-playground>`: the top-level element. It owns one session store (src/app), connects to it
 * through a reactive controller, lays out the sandbox — the agent's view with the assistant's critique,
 * the labelling panel, the learning curves, settings, sharing and files, lessons and the level
 * editor — and turns the elements' events into store commands. It is the only element that calls
 * the store. Page-level state (the URL's level, seed, settings, hidden controls and lesson) is read
 * by the first instance on the page.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cleanAuthorName, loadAuthorName, saveAuthorName } from '../app/author-name';
import { builtinLevel, levelById } from '../app/builtin-levels';
import { budgetUsed } from '../app/challenge';
import { LESSONS, lessonById, type LessonPreset } from '../app/lessons';
import { clearRun, loadRun, runKey, saveRun, type RunSummary } from '../app/run-store';
import { indexedDbStorage } from '../app/persistence';
import { SessionStore } from '../app/session-store';
import type { SessionView } from '../app/session-types';
import type { Settings } from '../app/settings';
import { SnapshotDiffTracker } from '../app/snapshot-diff';
import { HIDEABLE_CONTROLS, LINK_SESSION_PREFIX, linkSessionKey, parseUrlState, settingsFromUrl, type HideableControl } from '../app/url-state';
import type { Claim } from '../core/claims';
import type { Answer } from '../core/preferences';
import './rp-agent-view';
import './rp-assistant';
import './rp-backend-badge';
import './rp-controls';
import './rp-label-panel';
import './rp-notices';
import './rp-progress';
import type { ShareAction } from './rp-share';
import { rewardPlaygroundStyles } from './reward-playground.styles';
import { SessionController } from './session-controller';
import { theme } from './theme';

let instances = 0;

/**
 * The sandbox; see the module doc. Attributes (for embedding): `level` (a built-in id or `gen:SEED`), `seed`,
 * `hide` (comma-separated controls to hide, see HIDEABLE_CONTROLS), `lesson` (a lesson id),
 * `storage-key` (one saved session per key; by default each instance on a page gets its own).
 */
@customElement('reward-playground')
export class RewardPlayground extends LitElement {
  static override styles = [theme, rewardPlaygroundStyles];

  /** IndexedDB key of this instance's saved session; default 'session', 'session-2', … in page order. */
  @property({ attribute: 'storage-key' }) storageKey = '';
  /** Built-in or generated (`gen:SEED`) level to start on (overrides the saved session's level; a new level starts a new session, the old one kept as a backup). */
  @property() level = '';
  /** Session seed to start with. */
  @property({ type: Number }) seed: number | undefined = undefined;
  /** Controls to hide, comma-separated (for a lesson or an embedded demo). */
  @property() hide = '';
  /** The guided lesson shown above the sandbox ('' for none). */
  @property() lesson = '';

  @state() private reveal = false;
  @state() private claim: Claim | null = null;
  @state() private lessonHide: readonly string[] = [];
  /** The level editor is made once its card is first opened: its first render is a long task, and most visits never open it. */
  @state() private editorOpened = false;
  /** The name written into exported session files, kept in this browser. */
  @state() private author = loadAuthorName();
  /** The run recorded by "Try again with the assistant" under its storage key (read once per key). */
  private recorded: { key: string; run: RunSummary | null } | null = null;
  private controller: SessionController | null = null;
  /** What each new snapshot changed, for the click-effect chain and the outlined cells. */
  private readonly diffs = new SnapshotDiffTracker();
  private key = 'session';

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.controller) return;
    instances += 1;
    const fromUrl = instances === 1 && location.hash.length > 1 ? parseUrlState(location.hash) : null;
    const builtin = this.level ? levelById(this.level) : undefined;
    const initial: Partial<Settings> = {
      ...(builtin ? { levelId: builtin.id, levelText: builtin.text } : {}),
      ...(this.seed !== undefined && Number.isInteger(this.seed) ? { seed: this.seed } : {}),
      ...(fromUrl ? settingsFromUrl(fromUrl.state) : {}),
    };
    if (fromUrl?.state.hide) this.hide = [...this.hiddenList(), ...fromUrl.state.hide].join(',');
    if (fromUrl?.state.lesson) this.lesson = fromUrl.state.lesson;
    // A lesson named by the page or the link starts on its own level and settings unless told otherwise.
    const lesson = lessonById(this.lesson);
    if (lesson) {
      this.lessonHide = lesson.preset.hide;
      const lessonLevel = builtinLevel(lesson.preset.levelId);
      if (!initial.levelText && lessonLevel) Object.assign(initial, { levelId: lessonLevel.id, levelText: lessonLevel.text, ...lesson.preset.settings });
    }
    // A link that names a level (or a lesson) opens that level's own saved session: a second link
    // never replaces the first one's labels, and the visitor's own session stays as it was. A link
    // that names no level (`#hide=seed`) keeps the visitor's session, level and labels.
    const linkNamesLevel = fromUrl !== null && (fromUrl.state.levelId !== undefined || fromUrl.state.levelText !== undefined || fromUrl.state.lesson !== undefined);
    const linkKey = !this.storageKey && linkNamesLevel ? linkSessionKey(initial) : null;
    this.key = this.storageKey || linkKey || (instances === 1 ? 'session' : `session-${instances}`);
    // Links used to share one key; a session saved there is found again by the first link to its level.
    const store = new SessionStore({ storage: indexedDbStorage(this.key, linkKey ? LINK_SESSION_PREFIX : undefined), initial });
    this.controller = new SessionController(this, store);
    queueMicrotask(() => {
      if (this.level && !builtin) store.notify('error', `There is no built-in level "${this.level}"; showing the default level.`);
      for (const error of fromUrl?.errors ?? []) store.notify('warning', `The link was partly ignored: ${error}`);
      if (linkKey) store.notify('info', `This link opens its own session on ${levelById(initial.levelId ?? '')?.name ?? 'its level'}; labels given here stay with it. Your own session is kept: open the page without the part after '#' to return to it.`);
      if (this.lesson && !lessonById(this.lesson)) store.notify('warning', `There is no lesson "${this.lesson}".`);
    });
    void store.start();
  }

  protected override firstUpdated(): void {
    // Panels that start closed, or fill in below the first screen, load once the first pair is on
    // screen (or the session failed to open): the initial JavaScript stays small, and evaluating
    // them does not hold up the first pair.
    const store = this.store;
    const ready = (v: SessionView) => v.opened || v.phase !== 'starting';
    if (ready(store.state)) return this.loadPanels();
    const off = store.subscribe((v) => {
      if (!ready(v)) return;
      off();
      setTimeout(() => this.loadPanels(), 0);
    });
  }

  private loadPanels(): void {
    void import('./rp-click-effect'); // says what a click changed: nothing to say before the first pair
    void import('./rp-evaluation-panel');
    void import('./rp-level-editor');
    void import('./rp-label-replay');
    void import('./rp-run-compare');
    void import('./rp-room');
    void import('./rp-lesson');
    void import('./rp-reference-agent');
    void import('./rp-label-review');
    void import('./rp-challenge');
    void import('./rp-curves');
    void import('./rp-label-list');
    void import('./rp-share');
  }

  /** The session store (for tests and embedding pages). */
  get store(): SessionStore {
    return (this.controller as SessionController).store;
  }

  /** Controls hidden by the `hide` attribute, the URL and the running lesson. */
  private hiddenList(): string[] {
    const own = this.hide
      .split(',')
      .map((h) => h.trim())
      .filter((h) => (HIDEABLE_CONTROLS as readonly string[]).includes(h));
    return [...new Set([...own, ...this.lessonHide])];
  }

  private shows(name: HideableControl): boolean {
    return !this.hiddenList().includes(name);
  }

  override render() {
    const ctl = this.controller;
    if (!ctl) return nothing;
    const v = ctl.view;
    const store = ctl.store;
    const space = store.engineSpace;
    const level = builtinLevel(v.settings.levelId);
    const name = level?.name ?? space.world.level.name;
    const lesson = lessonById(this.lesson);
    const reveal = this.reveal && this.shows('truth');
    const effect = this.diffs.next(v.snapshot, v.trainProgress !== null, v.labels);
    const budget = v.settings.budget;
    const used = budgetUsed(v.labels);
    return html`
      <header>
        <div>
          <h1>Reward Playground</h1>
          <p>Teach an agent by choosing the better of two clips. A reward model learns from your clicks; an assistant points out flaws you might miss.</p>
        </div>
        ${this.shows('backend')
          ? html`<rp-backend-badge .report=${v.backend} .runsIn=${v.runsIn} .choice=${v.settings.backend} .progress=${v.probeProgress}
              @backend-change=${(e: CustomEvent<{ backend: Settings['backend'] }>) => void store.updateSettings({ backend: e.detail.backend })}
              @backend-remeasure=${() => void store.remeasureBackend()}></rp-backend-badge>`
          : nothing}
      </header>
      <rp-notices
        .notices=${v.notices}
        @notice-dismiss=${(e: CustomEvent<{ id: number }>) => store.dismissNotice(e.detail.id)}
        @notice-action=${(e: CustomEvent<{ action: string }>) => (e.detail.action === 'take-over' ? store.takeOver() : e.detail.action === 'restore-backup' && void store.restoreBackup())}
      ></rp-notices>
      ${lesson
        ? html`<div class="lesson-slot card">
            <rp-lesson .lesson=${lesson} .view=${v} ?reveal=${reveal} storage-key=${this.key}
              @lesson-action=${(e: CustomEvent<{ preset: LessonPreset }>) => void this.applyPreset(e.detail.preset)}
              @lesson-restart=${(e: CustomEvent<{ preset: LessonPreset }>) => void this.applyPreset(e.detail.preset)}
              @lesson-exit=${() => ((this.lesson = ''), (this.lessonHide = []))}></rp-lesson>
          </div>`
        : nothing}
      <div class="layout">
        <div class="column">
          <section class="card agent" aria-labelledby="agent-heading">
            <h2 id="agent-heading">The agent: ${name}</h2>
            <p class="level-summary">${space.world.level.summary}</p>
            <rp-agent-view .space=${space} .snapshot=${v.snapshot} name=${name} ?reveal=${reveal} ?revealable=${this.shows('truth')} .claim=${this.shownClaim()} .moved=${effect?.movedCells}
              @reveal-change=${(e: CustomEvent<{ reveal: boolean }>) => (this.reveal = e.detail.reveal)}></rp-agent-view>
            <rp-progress .value=${v.trainProgress} label="Training…"></rp-progress>
            <rp-click-effect .diff=${effect} .labels=${v.labels} .world=${space.world} ?reveal=${reveal} ?busy=${v.trainProgress !== null} ?starting=${v.phase === 'starting'}></rp-click-effect>
          </section>
          ${this.shows('assistant') ? this.renderAssistant() : nothing}
          ${this.renderRetry(name, reveal)}
          ${reveal && level
            ? html`<details class="card"><summary>Reference agent (plans on the true score)</summary>
                <rp-reference-agent level=${level.id} seed=${v.settings.seed}></rp-reference-agent></details>`
            : nothing}
          ${this.shows('assistant')
            ? html`<details class="card"><summary>Experiment: does the assistant help an evaluator?</summary>
                <rp-evaluation-panel .space=${space} .seed=${v.settings.seed} .verdicts=${v.verdicts}></rp-evaluation-panel></details>`
            : nothing}
          ${this.shows('editor')
            ? html`<details class="card" @toggle=${(e: Event) => (this.editorOpened ||= (e.target as HTMLDetailsElement).open)}><summary>Edit the level</summary>
                ${this.editorOpened
                  ? html`<rp-level-editor .text=${v.settings.levelText} @level-play=${(e: CustomEvent<{ text: string }>) => void this.playLevel(e.detail.text)}
                      @level-share=${(e: CustomEvent<{ text: string }>) => void this.shareLevel(e.detail.text)}></rp-level-editor>`
                  : nothing}</details>`
            : nothing}
        </div>
        <div class="column">
          <section class="card labelling" aria-label="Labelling">
            <rp-label-panel .query=${v.query} .labelCount=${budget === null ? v.labels.length : used} .budget=${budget} .space=${space} .episode=${v.snapshot?.rollout ?? null} .show=${reveal ? 'truth' : 'observation'}
              ?disabled=${v.phase === 'error' || v.readOnly || (budget !== null && used >= budget)}
              @label-answer=${(e: HTMLElementEventMap['label-answer']) => void store.answer(e.detail.answer, 'person', e.detail.query)}
              @demonstration=${(e: CustomEvent<{ label: Omit<Parameters<SessionStore['addLabel']>[0], 'id' | 'heldOut'> }>) =>
                void store.addLabel({ ...e.detail.label, ...store.nextLabelSlot() })}></rp-label-panel>
          </section>
          ${lesson && budget === null
            ? nothing
            : html`<section class="card" aria-labelledby="challenge-heading">
                <h2 id="challenge-heading">Label-budget challenge</h2>
                <rp-challenge .view=${v} .run=${v.phase === 'ready' ? store.offline : null} ?disabled=${v.phase !== 'ready' || v.readOnly}
                  @challenge-start=${(e: CustomEvent<{ budget: number }>) => this.confirmDiscard('A label-budget challenge') && void store.startChallenge(e.detail.budget)}
                  @challenge-end=${() => void store.updateSettings({ budget: null })}></rp-challenge>
              </section>`}
          ${this.shows('curves')
            ? html`<section class="card" aria-labelledby="curves-heading">
                <h2 id="curves-heading">Learning curves</h2>
                <rp-curves .curve=${v.curve} ?reveal=${reveal} .optimal=${reveal ? v.level?.optimalTrueReturn : undefined} .uniform=${reveal ? v.level?.uniformTrueReturn : undefined}></rp-curves>
              </section>`
            : nothing}
          <section class="card" aria-labelledby="controls-heading">
            <h2 id="controls-heading">Settings</h2>
            <rp-controls .settings=${v.settings} .autoLabel=${v.autoLabel} .backend=${v.backend} .hiddenControls=${this.hiddenList()}
              @settings-change=${(e: CustomEvent<{ patch: Partial<Settings> }>) => void store.updateSettings(e.detail.patch)}
              @level-change=${(e: CustomEvent<{ id: string }>) => this.changeLevel(e.detail.id)}
              @auto-label=${(e: CustomEvent<{ on: boolean }>) => store.setAutoLabel(e.detail.on)}
              @session-reset=${() => this.resetSession()}></rp-controls>
          </section>
          ${this.shows('lessons') && !lesson
            ? html`<section class="card" aria-labelledby="lessons-heading">
                <h2 id="lessons-heading">Guided lessons</h2>
                <div class="lessons">${LESSONS.map((l) => html`<button @click=${() => this.startLesson(l.id)}>${l.title}</button>`)}</div>
              </section>`
            : nothing}
          ${this.shows('share')
            ? html`<section class="card" aria-labelledby="share-heading">
                <h2 id="share-heading">Share and files</h2>
                <rp-share ?busy=${v.phase !== 'ready'} .author=${this.author}
                  @author-change=${(e: CustomEvent<{ author: string }>) => ((this.author = cleanAuthorName(e.detail.author)), saveAuthorName(this.author))}
                  @share-action=${(e: CustomEvent<{ action: ShareAction }>) => void this.share(e.detail.action)}
                  @share-import=${(e: CustomEvent<{ files: { name: string; text: string }[] }>) => void this.importFiles(e.detail.files)}></rp-share>
              </section>
              <details class="card"><summary>Room: leaderboard and teacher's view of the workshop's files</summary><rp-room .run=${store.offline}></rp-room></details>`
            : nothing}
          ${this.shows('labels')
            ? html`<section class="card" aria-labelledby="labels-heading">
                <h2 id="labels-heading">Labels</h2>
                <rp-label-list .labels=${v.labels} .setAsideLabels=${v.setAsideLabels}></rp-label-list>
              </section>`
            : nothing}
          ${this.shows('assistant') && this.shows('labels')
            ? html`<section class="card" aria-labelledby="review-heading">
                <h2 id="review-heading">Check my labels</h2>
                <rp-label-review .issues=${v.snapshot?.labelIssues ?? []} .reviewed=${v.reviewedLabels} .labels=${v.labels} .space=${space}
                  .show=${reveal ? 'truth' : 'observation'} ?disabled=${v.phase !== 'ready'}
                  @label-relabel=${(e: CustomEvent<{ labelId: string; answer: Answer }>) => void store.relabel(e.detail.labelId, e.detail.answer)}
                  @label-keep=${(e: CustomEvent<{ labelId: string }>) => void store.keepLabel(e.detail.labelId)}></rp-label-review>
              </section>`
            : nothing}
        </div>
      </div>
    `;
  }

  /** The assistant's claim to draw on the grid: only one of the snapshot on screen (a claim outlives its snapshot when the level changes). */
  private shownClaim(): Claim | null {
    const claim = this.claim;
    return claim && this.shows('assistant') && this.store.state.snapshot?.claims.includes(claim) ? claim : null;
  }

  private renderAssistant() {
    const v = this.store.state;
    return html`<section class="card" aria-labelledby="assistant-heading">
      <h2 id="assistant-heading">The assistant</h2>
      <rp-assistant .claims=${v.snapshot?.claims ?? []} .pAccept=${v.snapshot?.pAccept ?? []} verdictCount=${v.verdicts.length} .verdicts=${v.verdicts}
        .approvals=${v.approvals} ?reveal=${this.reveal && this.shows('truth')} ?disabled=${!v.snapshot}
        @claim-focus=${(e: CustomEvent<{ claim: Claim | null }>) => (this.claim = e.detail.claim)}
        @critique-verdict=${(e: CustomEvent<{ claim: Claim; accepted: boolean; strength: 1 | 2 | 3 }>) =>
          void this.store.judgeClaim(e.detail.claim, e.detail.accepted, e.detail.strength)}
        @plan-verdict=${(e: CustomEvent<{ approved: boolean }>) => void this.store.judgePlan(e.detail.approved)}></rp-assistant>
    </section>`;
  }

  /**
   * The comparison with the recorded run (when one is recorded for this level) and, under Reveal truth
   * only — it shows the truth by design —, "Replay my labels with the truth" with Try again.
   */
  private renderRetry(name: string, reveal: boolean) {
    const v = this.store.state;
    const space = this.store.engineSpace;
    const before = this.recordedRun();
    return html`${before
      ? html`<section class="card" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Without the assistant / With the assistant</h2>
          <rp-run-compare .recorded=${before} .space=${space} .view=${v} level-name=${name} ?assistant=${this.shows('assistant')} ?reveal=${reveal}
            @run-forget=${() => this.forgetRun()}></rp-run-compare>
        </section>`
      : nothing}
    ${reveal && this.shows('labels')
      ? html`<details class="card"><summary>Replay my labels with the truth</summary>
          <rp-label-replay .space=${space} .labels=${v.labels} ?disabled=${v.readOnly || v.phase === 'error'} @run-retry=${() => void this.tryAgain(name)}
                  @labels-correct=${(e: HTMLElementEventMap['labels-correct']) => void this.store.relabelAll(e.detail.changes)}></rp-label-replay></details>`
      : nothing}`;
  }

  private runKey(): string {
    const { levelId, levelText } = this.store.state.settings;
    return runKey(levelId, levelText, this.key);
  }

  private recordedRun(): RunSummary | null {
    const key = this.runKey();
    if (this.recorded?.key !== key) this.recorded = { key, run: loadRun(key) };
    return this.recorded.run;
  }

  /** Records this run, shows the assistant, turns Reveal truth off (the new run is judged from the screen) and starts again on the level. */
  private async tryAgain(name: string): Promise<void> {
    if (!this.confirmDiscard('Trying again with the assistant')) return;
    const { summarizeRun } = await import('../app/run-compare'); // with the replay panel, already loaded
    const run = summarizeRun(this.store.engineSpace, this.store.state, name, this.shows('assistant'));
    const key = this.runKey();
    saveRun(key, run); // a storage that refuses keeps it for this page only
    this.recorded = { key, run };
    this.hide = this.hide
      .split(',')
      .filter((h) => h.trim() !== 'assistant')
      .join(',');
    this.lessonHide = this.lessonHide.filter((h) => h !== 'assistant');
    this.reveal = false;
    void this.store.newSession();
  }

  private forgetRun(): void {
    const key = this.runKey();
    clearRun(key);
    this.recorded = { key, run: null };
    this.requestUpdate();
  }

  /** Asks before discarding labels; true when the person agrees (or there is nothing to lose). */
  private confirmDiscard(what: string): boolean {
    const n = this.store.state.labels.length;
    return n === 0 || confirm(`${what} starts a new session and discards your ${n} ${n === 1 ? 'label' : 'labels'}. Continue?`);
  }

  private changeLevel(id: string): void {
    if (!this.confirmDiscard('Switching level')) return this.requestUpdate(); // puts the picker back
    void this.store.setLevel(id);
  }

  private resetSession(): void {
    if (this.confirmDiscard('Reset')) void this.store.newSession();
  }

  private async playLevel(text: string): Promise<void> {
    if (this.confirmDiscard('Playing the edited level')) await this.store.setLevelText(text);
  }

  private async shareLevel(text: string): Promise<void> {
    const settings = { ...this.store.state.settings, levelId: 'custom', levelText: text };
    const { urlFor, urlStateOf } = await import('../app/url-state');
    const { defaultSettings } = await import('../app/settings');
    const url = urlFor(urlStateOf(settings, defaultSettings('custom', text)), location.href);
    await navigator.clipboard?.writeText(url).catch(() => {});
    this.store.notify('info', `Link to this level copied: ${url.length > 120 ? `${url.slice(0, 117)}…` : url}`);
  }

  private startLesson(id: string): void {
    const lesson = lessonById(id);
    if (!lesson || !this.confirmDiscard(`The lesson "${lesson.title}"`)) return;
    this.lesson = id;
    void this.applyPreset(lesson.preset);
    void this.showLesson();
  }

  /**
   * Once the lesson panel has rendered, scrolls the playground's top into view: the panel stands there
   * in its place (it is sticky, so it already shows where it sticks), above the cards its first steps
   * talk about.
   */
  private async showLesson(): Promise<void> {
    await this.updateComplete;
    // Instant: a smooth scroll is cut short by the layout changing as the lesson's preset applies.
    if (this.renderRoot.querySelector('.lesson-slot')) this.scrollIntoView({ block: 'start' });
  }

  /** Applies a lesson's preset: its level, settings, hidden controls and Reveal truth. */
  private async applyPreset(preset: LessonPreset): Promise<void> {
    this.lessonHide = preset.hide;
    if (preset.reveal !== undefined) this.reveal = preset.reveal;
    if (this.store.state.settings.levelId !== preset.levelId || this.store.state.labels.length > 0) await this.store.setLevel(preset.levelId);
    // A lesson runs on the features model unless its preset names another: its checks were written for it.
    await this.store.updateSettings({ rewardModel: 'features', ...preset.settings });
  }

  private async share(action: ShareAction): Promise<void> {
    const hide = this.hiddenList() as HideableControl[];
    try {
      const { copyLink, exportLabels, exportModel, exportSessionFile } = await import('../app/share-actions');
      if (action === 'copy-link') await copyLink(this.store, { hide, ...(this.lesson ? { lesson: this.lesson } : {}) });
      else if (action === 'export-session') await exportSessionFile(this.store, this.author);
      else if (action === 'export-jsonl') exportLabels(this.store);
      else await exportModel(this.store);
    } catch (err) {
      this.store.notify('error', `That did not work: ${(err as Error).message}`);
    }
  }

  private async importFiles(files: { name: string; text: string }[]): Promise<void> {
    if (!this.confirmDiscard('Importing')) return;
    await this.store.importFiles(files);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'reward-playground': RewardPlayground;
  }
}
