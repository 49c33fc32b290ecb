/**
 * `<rp-level-editor>`: edit a level as text in a textarea, or paint its tiles on a grid with the mouse,
 * touch or keyboard; text and grid are one draft, and painting rewrites only the grid rows. Every
 * keystroke is parsed at once (errors inline with line and column, the line marked in the gutter);
 * the slow check — enumerating reachable states — runs debounced, showing "Checking…", and a level
 * that passes is reported with `level-edit` so the owner can play it at once. "Generate" fills the
 * editor with a seeded random level (src/core/level-generator.ts) to start from.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { freshLevelSeed } from '../app/builtin-levels';
import { pageOffThread } from '../app/off-thread';
import { LevelError, MAX_GRID_SIDE, TILE_CHARS, parseLevel, type TileChar } from '../core/level';
import { generateLevelText } from '../core/level-generator';
import { editorStyles } from './rp-level-editor.styles';
import { PALETTE_TILES, caretOffset, drawPaintView, keyCommand, paintCell, paintView, problemCells, resizeGrid, textGrid, type LevelValidator } from './level-paint';

export { type LevelCheckResult, type LevelValidator } from './level-paint';
export { checkLevelOnMainThread } from '../app/off-thread';

/** Detail of `level-edit`, `level-play` and `level-share`: the level text. */
export interface LevelTextDetail {
  readonly text: string;
}

/** Most line numbers drawn in the gutter (a level has about 30 lines; a stray paste may have thousands). */
const GUTTER_LINES = 500;

/** A problem to show: 1-based line and column, and the reason without the position. */
interface Problem {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** The full check in the page's worker, started on the first check. */
const checkLevel: LevelValidator = (text) => pageOffThread().checkLevel(text);

const problemOf = (err: unknown): Problem =>
  err instanceof LevelError ? { line: err.line, column: err.column, reason: err.reason } : { line: 1, column: 1, reason: (err as Error)?.message ?? String(err) };

/**
 * The level editor. @fires level-edit - a valid edit, debounced. @fires level-play - "Play this level".
 * @fires level-share - "Copy link" (the owner builds and copies the link).
 */
@customElement('rp-level-editor')
export class RpLevelEditor extends LitElement {
  static override styles = editorStyles;

  /** The level text from the owner; setting it replaces the draft (unless it is the draft just reported). */
  @property({ attribute: false }) text = '';
  /** The full check (default: in the page's worker, on the page's thread where none starts). */
  @property({ attribute: false }) validate: LevelValidator = checkLevel;
  /** Quiet time after the last edit before the full check runs, in milliseconds. */
  @property({ type: Number, attribute: 'debounce-ms' }) debounceMs = 400;
  /** Where "Generate" gets a fresh seed (default: the browser's random source). */
  @property({ attribute: false }) newLevelSeed: () => number = freshLevelSeed;

  @state() private draft = '';
  @state() private parseProblem: Problem | null = null;
  @state() private checkProblem: Problem | null = null;
  @state() private checking = false;
  @state() private states: number | null = null;
  @state() private cursor = { row: 0, col: 0 };
  @state() private tile: TileChar = '#';
  @state() private availableWidth = 0;
  /** The seed of the last generated level while the draft is still that level's text, else null. */
  @state() private generated: { seed: number; text: string } | null = null;
  @query('canvas') private canvas!: HTMLCanvasElement | null;
  @query('textarea') private textarea!: HTMLTextAreaElement | null;
  @query('.gutter') private gutter!: HTMLElement | null;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private checked = ''; // the last text that passed the full check
  private reported = ''; // the last text sent up with level-edit
  private lastPainted = '';
  private dragging = false;
  private resizeObserver?: ResizeObserver;

  /** The text being edited. */
  get value(): string {
    return this.draft;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The painter's column sets the cell size; resizing in the next frame avoids a ResizeObserver loop.
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1]?.contentRect.width ?? 0);
      if (width !== this.availableWidth) requestAnimationFrame(() => (this.availableWidth = width));
    });
    if (this.hasUpdated) this.observePainter();
  }

  protected override firstUpdated(): void {
    this.observePainter();
  }

  private observePainter(): void {
    const column = this.renderRoot.querySelector('.paint');
    if (column) this.resizeObserver?.observe(column);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    clearTimeout(this.timer);
    this.seq++;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('text')) return;
    // The owner echoing the edit just reported must not undo typing done since.
    if (this.text !== this.draft && this.text !== this.reported) this.edit(this.text, false); // checked, to show its size; not reported
    this.reported = '';
  }

  private parse(text: string): Problem | null {
    try {
      parseLevel(text);
      return null;
    } catch (err) {
      return problemOf(err);
    }
  }

  /** Takes a new draft (typed or painted): parse now, full check and `level-edit` after the quiet time. */
  private edit(text: string, report = true): void {
    this.draft = text;
    this.parseProblem = this.parse(text);
    this.checkProblem = null;
    this.states = null;
    clearTimeout(this.timer);
    this.seq++;
    this.checking = !this.parseProblem;
    if (this.parseProblem) return;
    this.timer = setTimeout(() => {
      void this.check(text).then((ok) => {
        if (ok && report && text !== this.reported) {
          this.reported = text;
          this.emit('level-edit', text);
        }
      });
    }, this.debounceMs);
  }

  /** Runs the full check of `text`; false when it failed or a newer edit came first. */
  private async check(text: string): Promise<boolean> {
    const mine = ++this.seq;
    this.checking = true;
    try {
      const result = await this.validate(text);
      if (mine !== this.seq) return false;
      this.checked = text;
      this.states = result?.states ?? null;
      return true;
    } catch (err) {
      if (mine === this.seq) this.checkProblem = problemOf(err);
      return false;
    } finally {
      if (mine === this.seq) this.checking = false;
    }
  }

  /** Play / Copy link: checks now if needed, then reports the draft; a bad draft shows its error instead. */
  private async commit(type: 'level-play' | 'level-share'): Promise<void> {
    const text = this.draft;
    if (this.parseProblem) return this.showProblem();
    clearTimeout(this.timer);
    if (text === this.checked || (await this.check(text))) this.emit(type, text);
    else if (this.checkProblem) this.showProblem();
  }

  private emit(type: 'level-edit' | 'level-play' | 'level-share', text: string): void {
    this.dispatchEvent(new CustomEvent<LevelTextDetail>(type, { detail: { text }, bubbles: true, composed: true }));
  }

  /** Puts the caret on the problem in the textarea. */
  private showProblem(): void {
    const p = this.parseProblem ?? this.checkProblem;
    const ta = this.textarea;
    if (!p || !ta) return;
    const at = caretOffset(this.draft, p.line, p.column);
    ta.focus();
    ta.setSelectionRange(at, Math.min(at + 1, this.draft.length));
  }

  /** Replaces the draft with a newly generated level (a valid level: it passes the full check). */
  private generate(): void {
    const seed = this.newLevelSeed();
    const text = generateLevelText(seed);
    this.generated = { seed, text };
    this.edit(text);
  }

  private paintAt(row: number, col: number, tile: TileChar = this.tile): void {
    this.cursor = { row, col };
    const next = paintCell(this.draft, row, col, tile);
    if (next !== this.draft) this.edit(next);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const cmd = keyCommand(e.key, this.cursor, textGrid(this.draft), this.tile);
    if (!cmd) return;
    e.preventDefault();
    this.cursor = cmd.cursor;
    if (cmd.select) this.tile = cmd.select;
    if (cmd.paint) this.paintAt(cmd.cursor.row, cmd.cursor.col, cmd.paint);
  }

  private cellAt(e: PointerEvent): { row: number; col: number } | null {
    const canvas = this.canvas;
    const view = paintView(textGrid(this.draft));
    if (!canvas || !view) return null;
    const rect = canvas.getBoundingClientRect();
    const col = Math.floor(((e.clientX - rect.left) / rect.width) * view.world.width);
    const row = Math.floor(((e.clientY - rect.top) / rect.height) * view.world.height);
    return row >= 0 && col >= 0 && row < view.world.height && col < view.world.width ? { row, col } : null;
  }

  private onPointer(e: PointerEvent): void {
    if (e.type === 'pointerdown') {
      if (e.button !== 0) return;
      this.dragging = true;
      this.lastPainted = '';
      this.canvas?.focus();
      try {
        this.canvas?.setPointerCapture(e.pointerId); // keep painting while the drag leaves the canvas
      } catch {
        // a synthetic pointer has no capture; painting still works inside the canvas
      }
    } else if (e.type !== 'pointermove') {
      this.dragging = false;
      return;
    }
    const cell = this.dragging ? this.cellAt(e) : null;
    if (!cell || `${cell.row},${cell.col}` === this.lastPainted) return;
    this.lastPainted = `${cell.row},${cell.col}`;
    e.preventDefault();
    this.paintAt(cell.row, cell.col);
  }

  private resize(dRows: number, dCols: number): void {
    const g = textGrid(this.draft);
    this.edit(resizeGrid(this.draft, g.rows.length + dRows, Math.max(1, g.width) + dCols));
  }

  private get cellPx(): number {
    const w = textGrid(this.draft).width || 1;
    return Math.max(16, Math.min(40, Math.floor(((this.availableWidth || 320) - 12) / w))); // 12: the focus ring's room
  }

  protected override updated(): void {
    const canvas = this.canvas;
    const view = paintView(textGrid(this.draft));
    const ctx = canvas?.getContext('2d');
    if (!canvas || !view || !ctx) return;
    const cell = this.cellPx;
    const dpr = globalThis.devicePixelRatio || 1;
    const [w, h] = [cell * view.world.width, cell * view.world.height];
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.width = `${w}px`; // CSSOM, not a style attribute: allowed under a strict CSP
    canvas.style.height = `${h}px`;
    ctx.setTransform(canvas.width / w, 0, 0, canvas.height / h, 0, 0);
    drawPaintView(ctx, view, cell, this.cursor, this.parseProblem ? problemCells(this.draft, this.parseProblem, view.world.width) : []);
  }

  override render() {
    const grid = textGrid(this.draft);
    const lines = this.draft.split('\n');
    const problem = this.parseProblem ?? this.checkProblem;
    const view = paintView(grid);
    const { row, col } = this.cursor;
    const under = grid.rows[row]?.[col] ?? '.';
    const underName = TILE_CHARS[(under === ' ' ? '.' : under) as TileChar] ?? `unknown character "${under}"`;
    return html`
      <div class="layout">
        <div class="text">
          <label for="level-text">Level file</label>
          <div class="editor ${problem ? 'invalid' : ''}">
            <div class="gutter" aria-hidden="true">
              ${lines.slice(0, GUTTER_LINES).map((_, i) => html`<div class=${problem?.line === i + 1 ? 'bad' : ''}>${problem?.line === i + 1 ? '▶ ' : ''}${i + 1}</div>`)}
            </div>
            <textarea id="level-text" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off"
              rows=${Math.min(24, Math.max(10, lines.length + 1))}
              aria-invalid=${problem ? 'true' : 'false'} aria-describedby="level-status level-help"
              .value=${this.draft}
              @input=${(e: Event) => this.edit((e.target as HTMLTextAreaElement).value)}
              @scroll=${(e: Event) => this.gutter && (this.gutter.scrollTop = (e.target as HTMLElement).scrollTop)}></textarea>
          </div>
          <p id="level-status" class="status ${problem ? 'error' : ''}" role="status">
            ${problem
              ? `Line ${problem.line}, column ${problem.column}: ${problem.reason}`
              : this.checking
                ? 'Checking the level…'
                : `✓ Ready to play: ${grid.width} × ${grid.rows.length} cells${this.states !== null ? `, ${this.states.toLocaleString('en')} reachable states` : ''}.`}
          </p>
          ${problem ? html`<button class="small" @click=${this.showProblem}>Show line ${problem.line} in the text</button>` : nothing}
          <p id="level-help" class="hint">A header of <code>key: value</code> lines, a <code>---</code> line, then one line per grid row (at most 20 × 20).</p>
        </div>
        <div class="paint">
          <div class="palette" role="group" aria-label="Tile to paint">
            ${PALETTE_TILES.map(
              (t, i) => html`<button aria-pressed=${this.tile === t.char ? 'true' : 'false'} @click=${() => (this.tile = t.char)}>
                <span class="swatch sw${i}" aria-hidden="true"></span><span>${t.name}</span><span class="sr">, key</span> <kbd>${t.char}</kbd>
              </button>`,
            )}
          </div>
          ${view
            ? html`<div class="canvas-wrap">
                  <canvas tabindex="0" role="application" aria-roledescription="tile painter" aria-label=${`Level grid, ${view.world.width} by ${view.world.height} cells`}
                    aria-describedby="paint-cursor paint-help"
                    @keydown=${this.onKey} @pointerdown=${this.onPointer} @pointermove=${this.onPointer} @pointerup=${this.onPointer} @pointercancel=${this.onPointer}></canvas>
                </div>
                <p id="paint-cursor" class="cursor" aria-live="polite">Row ${row + 1}, column ${col + 1}: ${underName}</p>`
            : html`<p class="hint">${grid.separator < 0 ? 'No grid yet: the text needs a --- line with rows below it.' : 'The grid is empty.'}</p>
                <button @click=${() => this.edit(resizeGrid(this.draft, 5, 7))}>Add a 7 × 5 grid</button>`}
          <p id="paint-help" class="hint">Click or drag to paint. Keyboard: arrow keys move the cursor, a tile's key paints it, Space paints the chosen tile, Delete paints floor.</p>
          ${view
            ? html`<div class="size" role="group" aria-label="Grid size">
                <span>${grid.rows.length} rows</span>
                <button class="small" aria-label="Remove the last row" ?disabled=${grid.rows.length <= 1} @click=${() => this.resize(-1, 0)}>−</button>
                <button class="small" aria-label="Add a row" ?disabled=${grid.rows.length >= MAX_GRID_SIDE} @click=${() => this.resize(1, 0)}>+</button>
                <span>${grid.width} columns</span>
                <button class="small" aria-label="Remove the last column" ?disabled=${grid.width <= 1} @click=${() => this.resize(0, -1)}>−</button>
                <button class="small" aria-label="Add a column" ?disabled=${grid.width >= MAX_GRID_SIDE} @click=${() => this.resize(0, 1)}>+</button>
              </div>`
            : nothing}
        </div>
      </div>
      <div class="actions">
        <button class="primary" @click=${() => this.commit('level-play')}>Play this level</button>
        <button @click=${() => this.commit('level-share')}>Copy link</button>
        <button aria-describedby="generate-hint" @click=${this.generate}>Generate</button>
      </div>
      <p id="generate-hint" class="hint">
        ${this.generated?.text === this.draft ? `Generated from seed ${this.generated.seed}: edit it, then play it.` : 'Generate replaces the text with a new random level to start from.'}
      </p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rp-level-editor': RpLevelEditor;
  }
  interface HTMLElementEventMap {
    'level-edit': CustomEvent<LevelTextDetail>;
    'level-play': CustomEvent<LevelTextDetail>;
    'level-share': CustomEvent<LevelTextDetail>;
  }
}
