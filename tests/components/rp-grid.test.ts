// <rp-grid>: draws a level with the palette, is crisp at any devicePixelRatio, follows its container,
// and describes the grid in its aria-label.
import { html } from 'lit';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import { builtinLevel } from '../../src/app/builtin-levels';
import { Tile, type GridState } from '../../src/core/gridworld';
import { loadLevel } from '../../src/core/states';
import { PALETTE, type GridShow, type GridView } from '../../src/components/draw-grid';
import '../../src/components/rp-grid';
import type { RpGrid } from '../../src/components/rp-grid';
import { OVERLAY_COLORS, standingStill } from '../../src/components/draw-overlays';
import { cellPixel, rgb } from './pixels';

function startView(id: string, show: GridShow = 'truth', patch: Partial<GridState> = {}): GridView {
  const { space } = loadLevel(builtinLevel(id)!.text);
  return { world: space.world, state: { ...space.states[space.initial[0].state], ...patch }, show };
}

async function mount(view: GridView, name = '', width = 360): Promise<{ el: RpGrid; canvas: HTMLCanvasElement }> {
  const screen = render(html`<div style="width: ${width}px"><rp-grid .view=${view} name=${name}></rp-grid></div>`);
  const el = screen.container.querySelector('rp-grid')!;
  await el.updateComplete;
  return { el, canvas: el.shadowRoot!.querySelector('canvas')! };
}

afterEach(() => {
  // Undo a devicePixelRatio override (the own property shadows the real getter).
  delete (window as { devicePixelRatio?: number }).devicePixelRatio;
});

describe('<rp-grid>', () => {
  it('sets no font on the canvas in the page: text is drawn on a detached buffer', async () => {
    // A font set on a canvas in the page makes the browser update the whole page's style first.
    const view = startView('lava');
    const { el, canvas } = await mount(view, 'Lava edge', 600); // cells wide enough for row and column numbers
    const ctx = canvas.getContext('2d')!;
    let fontsSet = 0;
    const proto = Object.getPrototypeOf(ctx) as CanvasRenderingContext2D;
    const font = Object.getOwnPropertyDescriptor(proto, 'font')!;
    Object.defineProperty(ctx, 'font', { configurable: true, get: () => font.get!.call(ctx), set: (v: string) => (fontsSet++, font.set!.call(ctx, v)) });
    try {
      el.overlays = { labels: [{ cell: 10, text: '+50' }] };
      await el.updateComplete;
      el.draw();
      expect(fontsSet).toBe(0);
      expect(cellPixel(canvas, 9, 1, 2)).toEqual(rgb(PALETTE.agent)); // still drawn
    } finally {
      delete (ctx as { font?: string }).font;
    }
  });

  it('draws the agent and lava in their palette colours', async () => {
    const view = startView('lava'); // row 0 wall, row 1 lava, agent at column 1 of row 2
    const { canvas } = await mount(view, 'Lava edge');
    expect(cellPixel(canvas, 9, 1, 2)).toEqual(rgb(PALETTE.agent));
    expect(cellPixel(canvas, 9, 3, 1)).toEqual(rgb(PALETTE.lava));
    expect(cellPixel(canvas, 9, 0, 0)).toEqual(rgb(PALETTE.wall));
    expect(cellPixel(canvas, 9, 4, 3)).toEqual(rgb(PALETTE.floor));
  });

  it('gives the canvas role img and an aria-label naming the level, the agent and the hazards', async () => {
    const { canvas } = await mount(startView('lava'), 'Lava edge');
    await expect.element(page.getByRole('img', { name: /Lava edge/ })).toBeVisible();
    const label = canvas.getAttribute('aria-label')!;
    expect(label).toContain('Agent at row 3, column 2');
    expect(label).toContain('Lava at row 2, columns 2 to 8');
    expect(label).toContain('Goal at row 3, column 8');
  });

  it('sizes the backing store by devicePixelRatio and the CSS size by whole cells', async () => {
    Object.defineProperty(window, 'devicePixelRatio', { value: 2, configurable: true });
    const { canvas } = await mount(startView('warmup'), 'Warm-up', 350);
    const cssWidth = parseFloat(canvas.style.width);
    expect(cssWidth).toBe(350); // 7 columns × 50 px
    expect(canvas.width).toBe(2 * cssWidth);
    expect(canvas.height).toBe(2 * parseFloat(canvas.style.height));
    expect(cellPixel(canvas, 7, 1, 1)).toEqual(rgb(PALETTE.agent));
  });

  it('resizes with its container', async () => {
    const { el, canvas } = await mount(startView('warmup'), '', 140);
    expect(canvas.style.width).toBe('140px');
    el.parentElement!.style.width = '280px';
    await expect.poll(() => canvas.style.width).toBe('280px');
    expect(cellPixel(canvas, 7, 1, 1)).toEqual(rgb(PALETTE.agent));
  });

  it('shows tomatoes as they look: all watered while the agent stands on the tamper tile', async () => {
    const truth = startView('tomato');
    const tamper = [...truth.world.tiles.keys()].find((i) => truth.world.tiles[i] === Tile.Tamper)!;
    const onTamper = { agent: tamper };
    const tomato = truth.world.tomatoes[0]; // row 1, column 1
    const [tx, ty] = [tomato % truth.world.width, Math.floor(tomato / truth.world.width)];

    const a = await mount(startView('tomato', 'truth', onTamper));
    expect(cellPixel(a.canvas, 8, tx, ty, 0.5, 0.62)).toEqual(rgb(PALETTE.tomatoDry));
    expect(a.canvas.getAttribute('aria-label')).toContain('Dry tomato');

    const b = await mount(startView('tomato', 'observation', onTamper));
    expect(cellPixel(b.canvas, 8, tx, ty, 0.5, 0.62)).toEqual(rgb(PALETTE.tomatoWatered));
    expect(b.canvas.getAttribute('aria-label')).toContain('Watered tomato at row 2, column 2; row 4, column 2; row 4, column 7');
  });

  it('marks the supervisor on punishment tiles and says whether it watches', async () => {
    const away = await mount(startView('supervisor', 'truth', { supervisorPresent: false }));
    expect(away.canvas.getAttribute('aria-label')).toContain('the supervisor is away');
    const present = await mount(startView('supervisor', 'truth', { supervisorPresent: true }));
    expect(present.canvas.getAttribute('aria-label')).toContain('the supervisor is watching');
    // The badge differs (open eye vs struck-out eye), so the two pictures differ.
    expect(away.canvas.toDataURL()).not.toBe(present.canvas.toDataURL());
  });

  it('shows an alert instead of drawing a view whose shapes do not match', async () => {
    const bad = startView('vase', 'truth', { broken: [] });
    const { el } = await mount(bad);
    expect(el.shadowRoot!.querySelector('canvas')).toBeNull();
    expect(el.shadowRoot!.querySelector('[role=alert]')?.textContent).toContain('state.broken has 0 entries');
  });

  it('numbers columns along the top wall and rows down the left wall, as the claims and the aria-label name cells', async () => {
    const view = startView('vase'); // '#A..V..G#': the vase is row 2, column 5
    const { canvas } = await mount(view, 'Vase room', 450); // 9 columns × 50 px
    expect(canvas.getAttribute('aria-label')).toContain('Intact vase at row 2, column 5');
    const cols = view.world.width;
    // The number's corner of the top wall cell above the vase holds the light digit; the wall's centre stays wall.
    const corner = [0.1, 0.15, 0.2, 0.25, 0.3].flatMap((fx) => [0.1, 0.15, 0.2].map((fy) => cellPixel(canvas, cols, 4, 0, fx, fy)));
    expect(corner.some((p) => p[0] > 150)).toBe(true);
    expect(cellPixel(canvas, cols, 4, 0)).toEqual(rgb(PALETTE.wall));
    const rowCorner = [0.1, 0.15, 0.2].flatMap((fx) => [0.1, 0.15, 0.2, 0.25].map((fy) => cellPixel(canvas, cols, 0, 1, fx, fy)));
    expect(rowCorner.some((p) => p[0] > 150)).toBe(true);
  });

  it('draws standing still on a path as a dot with a count', async () => {
    expect(standingStill([8, 9, 10, 10, 10, 11, 11])).toEqual([
      { cell: 10, count: 2 },
      { cell: 11, count: 1 },
    ]);
    const view = startView('warmup'); // 7 × 5
    const screen = render(html`<div style="width: 350px"><rp-grid .view=${view} .overlays=${{ path: [8, 9, 10, 11, 11, 11, 11] }}></rp-grid></div>`);
    const el = screen.container.querySelector('rp-grid')!;
    await el.updateComplete;
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    // The dot sits at the centre of the cell where the agent bumped the wall (column 5, row 2: cell 11).
    expect(cellPixel(canvas, 7, 4, 1)).toEqual(rgb(OVERLAY_COLORS.path));
    // A cell the path only passes through has the line but no dot below its centre.
    expect(cellPixel(canvas, 7, 3, 1, 0.5, 0.62)).not.toEqual(rgb(OVERLAY_COLORS.path));
  });
});
