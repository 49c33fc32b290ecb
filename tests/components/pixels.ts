// Test helpers: read a canvas pixel at the centre (or a fraction) of a grid cell, compare to a palette hex.

/** [r, g, b] of a `#rrggbb` colour. */
export function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** [r, g, b] of the backing-store pixel at (fx, fy) of cell (x, y); the grid is `cols` cells wide. */
export function cellPixel(canvas: HTMLCanvasElement, cols: number, x: number, y: number, fx = 0.5, fy = 0.5): [number, number, number] {
  const scale = canvas.width / cols; // backing-store pixels per cell
  const ctx = canvas.getContext('2d')!;
  const d = ctx.getImageData(Math.floor((x + fx) * scale), Math.floor((y + fy) * scale), 1, 1).data;
  return [d[0], d[1], d[2]];
}
