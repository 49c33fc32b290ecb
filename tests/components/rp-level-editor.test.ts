// <rp-level-editor>: the level text and the painted grid stay one draft; errors inline with line and
// column (aria-invalid, the line marked in the gutter); valid edits reported with level-edit after a
// debounce; painting with the keyboard and the mouse rewrites only the grid rows; Play / Copy link;
// the slow reachable-states check runs debounced with "Checking the level…"; Generate fills in a
// generated level to start from.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import { builtinLevel } from '../../src/app/builtin-levels';
import { LevelError } from '../../src/core/level';
import { generateLevelText } from '../../src/core/level-generator';
import { loadLevel } from '../../src/core/states';
import '../../src/components/rp-level-editor';
import type { LevelValidator, RpLevelEditor } from '../../src/components/rp-level-editor';
import { paintCell, resizeGrid, textGrid } from '../../src/components/level-paint';

const vase = builtinLevel('vase')!.text; // header: lines 1–4 (--- on line 4), grid rows on lines 5–8
const header = (text: string) => text.split('\n').slice(0, 4).join('\n');
const rows = (text: string) => textGrid(text).rows;

async function mount(text = vase, opts: { validate?: LevelValidator; debounceMs?: number; seeds?: number[] } = {}) {
  const seeds = [...(opts.seeds ?? [42])];
  const events: { type: string; text: string }[] = [];
  const log = (e: Event) => events.push({ type: e.type, text: (e as CustomEvent<{ text: string }>).detail.text });
  const screen = render(html`<div @level-edit=${log} @level-play=${log} @level-share=${log}>
    <rp-level-editor .text=${text} .newLevelSeed=${() => seeds.shift() ?? 0} debounce-ms=${opts.debounceMs ?? 50} .validate=${opts.validate ?? ((t: string) => import('../../src/components/rp-level-editor').then((m) => m.checkLevelOnMainThread(t)))}></rp-level-editor>
  </div>`);
  const el = screen.container.querySelector<RpLevelEditor>('rp-level-editor')!;
  await el.updateComplete;
  return { el, events, textarea: page.getByLabelText('Level file'), status: page.getByRole('status') };
}

describe('level-paint helpers', () => {
  it('paints one cell, padding a short row, and moves the agent rather than adding a second', () => {
    const painted = paintCell(vase, 1, 4, 'L');
    expect(header(painted)).toBe(header(vase));
    expect(rows(painted)[1]).toBe('#A..L..G#');
    expect(rows(paintCell('name: x\nmax_steps: 5\n---\n#A\n#\n', 1, 3, 'G'))).toEqual(['#A', '#..G']);
    expect(rows(paintCell(vase, 2, 5, 'A'))).toEqual(['#########', '#...V..G#', '#....A..#', '#########']);
    expect(paintCell('no grid', 0, 0, '#')).toBe('no grid');
  });

  it('resizes the grid, keeping the header, and adds a grid to a text without one', () => {
    const bigger = resizeGrid(vase, 5, 10);
    expect(header(bigger)).toBe(header(vase));
    expect(rows(bigger)).toEqual(['#########.', '#A..V..G#.', '#.......#.', '#########.', '..........']);
    expect(rows(resizeGrid(vase, 2, 3))).toEqual(['###', '#A.']);
    expect(resizeGrid('name: x\nmax_steps: 5\n', 2, 2)).toBe('name: x\nmax_steps: 5\n---\n..\n..\n');
  });
});

describe('<rp-level-editor>', () => {
  it('renders the level text, the painted grid and the tile palette', async () => {
    const { textarea, status } = await mount();
    await expect.element(textarea).toHaveValue(vase);
    await expect.element(textarea).toHaveAttribute('aria-invalid', 'false');
    await expect.element(page.getByRole('application', { name: 'Level grid, 9 by 4 cells' })).toBeVisible();
    await expect.element(page.getByRole('button', { name: /wall/ })).toHaveAttribute('aria-pressed', 'true');
    await expect.element(page.getByRole('button', { name: /vase.*key V/ })).toBeVisible();
    await expect.element(status).toHaveTextContent('✓ Ready to play');
  });

  it('shows a bad character inline with line and column, marks the line, and clears it when fixed', async () => {
    const { textarea, status, events, el } = await mount();
    const bad = vase.replace('#A..V..G#', '#AZ.V..G#'); // line 6, column 3
    await textarea.fill(bad);
    await expect.element(status).toHaveTextContent('Line 6, column 3: unknown character "Z"');
    await expect.element(textarea).toHaveAttribute('aria-invalid', 'true');
    await expect.element(textarea).toHaveAttribute('aria-describedby', 'level-status level-help');
    expect(el.shadowRoot!.querySelector('.gutter .bad')?.textContent?.trim()).toBe('▶ 6');
    await new Promise((r) => setTimeout(r, 150));
    expect(events).toEqual([]); // an invalid edit is never reported

    await page.getByRole('button', { name: 'Show line 6 in the text' }).click();
    const ta = el.shadowRoot!.querySelector('textarea')!;
    expect(ta.value.slice(ta.selectionStart, ta.selectionEnd)).toBe('Z');

    const fixed = vase.replace('#A..V..G#', '#A.$V..G#');
    await textarea.fill(fixed);
    await expect.element(textarea).toHaveAttribute('aria-invalid', 'false');
    await expect.poll(() => events).toEqual([{ type: 'level-edit', text: fixed }]);
    await expect.element(status).toHaveTextContent(/✓ Ready to play: 9 × 4 cells, [\d,]+ reachable states/);
    expect(el.shadowRoot!.querySelector('.gutter .bad')).toBeNull();
  });

  it('debounces level-edit: a burst of typing is reported once, with the last text', async () => {
    const { textarea, events } = await mount(vase, { debounceMs: 300 });
    for (const n of [21, 22, 23]) await textarea.fill(vase.replace('max_steps: 30', `max_steps: ${n}`));
    await expect.poll(() => events.length).toBe(1);
    expect(events[0].text).toContain('max_steps: 23');
  });

  it('paints with the keyboard: arrows move the cursor, a tile key or Space paints; the header is kept', async () => {
    const { el, events } = await mount();
    const canvas = page.getByRole('application');
    // The palette (one button per tile) pushes the canvas below this narrow test frame: bring it into view first.
    (canvas.element() as HTMLElement).scrollIntoView({ block: 'center' });
    await canvas.click({ position: { x: 2, y: 2 } }); // paints a wall over the corner wall: no change
    await expect.element(page.getByText('Row 1, column 1: wall')).toBeVisible();
    await userEvent.keyboard('{ArrowDown}{ArrowRight}{ArrowRight}{ArrowRight}');
    await expect.element(page.getByText('Row 2, column 4: floor')).toBeVisible();
    await userEvent.keyboard('v');
    expect(rows(el.value)[1]).toBe('#A.VV..G#');
    await expect.element(page.getByRole('button', { name: /vase/ })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.keyboard('{ArrowDown}{ }');
    expect(rows(el.value)[2]).toBe('#..V....#');
    await page.getByRole('button', { name: /lava/ }).click();
    (canvas.element() as HTMLElement).focus();
    await userEvent.keyboard('{ArrowRight}{ }{Delete}{ArrowLeft}');
    expect(rows(el.value)[2]).toBe('#..V....#'); // lava painted, then Delete painted floor back
    await userEvent.keyboard('{ }');
    expect(rows(el.value)[2]).toBe('#..L....#');
    expect(header(el.value)).toBe(header(vase));
    await expect.element(page.getByLabelText('Level file')).toHaveValue(el.value); // the text follows the grid
    await expect.poll(() => events.at(-1)).toEqual({ type: 'level-edit', text: el.value });
  });

  it('paints with the mouse on the cell under the pointer', async () => {
    const { el } = await mount();
    await page.getByRole('button', { name: /coin/ }).click();
    const canvas = page.getByRole('application');
    // The whole grid on screen first: the palette above it has grown with the tiles, and a click
    // below the bottom of the test frame would land nowhere.
    canvas.element().scrollIntoView({ block: 'center' });
    const rect = canvas.element().getBoundingClientRect();
    const cell = rect.width / 9;
    await canvas.click({ position: { x: cell * 6.5, y: cell * 2.5 } }); // row 3, column 7
    expect(rows(el.value)[2]).toBe('#.....$.#');
  });

  it('Play this level and Copy link report the text; a bad level shows its error instead', async () => {
    const { textarea, events, el } = await mount();
    await page.getByRole('button', { name: 'Play this level' }).click();
    await page.getByRole('button', { name: 'Copy link' }).click();
    expect(events).toEqual([{ type: 'level-play', text: vase }, { type: 'level-share', text: vase }]);
    await textarea.fill(vase.replace('#A..', '#...')); // no agent
    await page.getByRole('button', { name: 'Play this level' }).click();
    expect(events).toHaveLength(2);
    await expect.element(page.getByRole('status')).toHaveTextContent('Line 5, column 1: no agent');
    expect(el.shadowRoot!.activeElement?.id).toBe('level-text');
  });

  it('runs the slow check debounced, shows "Checking the level…", and reports too many states', async () => {
    let release!: () => void;
    const calls: string[] = [];
    const validate: LevelValidator = (text) => {
      calls.push(text);
      return new Promise((_, reject) => (release = () => reject(new LevelError(5, 1, 'too many reachable states for the planner: more than 100,000'))));
    };
    const { textarea, status, events } = await mount(vase, { validate, debounceMs: 100 });
    const edited = vase.replace('max_steps: 30', 'max_steps: 31');
    await textarea.fill(edited);
    await expect.element(status).toHaveTextContent('Checking the level…');
    await expect.poll(() => calls).toEqual([edited]);
    release();
    await expect.element(status).toHaveTextContent('Line 5, column 1: too many reachable states');
    await expect.element(textarea).toHaveAttribute('aria-invalid', 'true');
    expect(events).toEqual([]);
  });

  it('the real check rejects a level with too many reachable states', async () => {
    const coins = ['name: Coins', 'max_steps: 50', '---', '#'.repeat(20), `#A${'$'.repeat(17)}#`, `#${'.'.repeat(18)}#`, `#${'$'.repeat(18)}#`, '#'.repeat(20)].join('\n');
    const { status, events } = await mount(coins, { debounceMs: 0 });
    await page.getByRole('button', { name: 'Play this level' }).click();
    await expect.element(status, { timeout: 60_000 }).toHaveTextContent(/Line 4, column 1: too many reachable states/);
    expect(events).toEqual([]);
  });

  it('takes a new text from the owner, but not the echo of its own edit', async () => {
    const { el, textarea, events } = await mount();
    const mine = vase.replace('max_steps: 30', 'max_steps: 12');
    await textarea.fill(mine);
    await expect.poll(() => events.length).toBe(1);
    await textarea.fill(`${mine}\n`); // typing on while the owner loads the first edit
    el.text = mine; // the owner echoes the reported text back
    await el.updateComplete;
    await expect.element(textarea).toHaveValue(`${mine}\n`);
    const tomato = builtinLevel('tomato')!.text;
    el.text = tomato;
    await el.updateComplete;
    await expect.element(textarea).toHaveValue(tomato);
    await expect.element(page.getByRole('application', { name: 'Level grid, 8 by 5 cells' })).toBeVisible();
  });

  it('Generate fills the editor with a valid generated level to start from, reported like an edit', async () => {
    const { textarea, status, events } = await mount(vase, { seeds: [42, 7] });
    await page.getByRole('button', { name: 'Generate' }).click();
    const text = generateLevelText(42);
    expect(() => loadLevel(text)).not.toThrow();
    await expect.element(textarea).toHaveValue(text);
    await expect.element(textarea).toHaveAttribute('aria-invalid', 'false');
    await expect.element(status).toHaveTextContent('✓ Ready to play');
    await expect.element(page.getByText('Generated from seed 42')).toBeVisible();
    await expect.poll(() => events).toEqual([{ type: 'level-edit', text }]);
    await page.getByRole('button', { name: 'Play this level' }).click();
    await expect.poll(() => events.map((e) => e.type)).toEqual(['level-edit', 'level-play']);
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect.element(textarea).toHaveValue(generateLevelText(7));
  });
});
