/**
 * Painting a canvas through a detached buffer. Setting `ctx.font` on a canvas that is in the page
 * makes the browser bring the whole page's style up to date first (a forced style recalculation,
 * tens of milliseconds while the page changes under a running training); on a detached canvas it
 * does not. So components paint into a detached canvas of the same size and copy it in one
 * `drawImage`, which needs no style.
 */

/** A detached canvas per visible one, kept while the visible one lives. */
const buffers = new WeakMap<HTMLCanvasElement, HTMLCanvasElement>();

/**
 * Calls `paint` with a context on a cleared detached canvas the size of `canvas`, scaled so that it
 * draws in CSS pixels over `cssWidth` × `cssHeight`, then copies the result onto `canvas`.
 */
export function paintBuffered(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number, paint: (ctx: CanvasRenderingContext2D) => void): void {
  const target = canvas.getContext('2d');
  let buffer = buffers.get(canvas);
  if (!buffer) buffers.set(canvas, (buffer = document.createElement('canvas')));
  if (buffer.width !== canvas.width) buffer.width = canvas.width;
  if (buffer.height !== canvas.height) buffer.height = canvas.height;
  const ctx = buffer.getContext('2d');
  if (!target || !ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, buffer.width, buffer.height);
  ctx.setTransform(canvas.width / cssWidth, 0, 0, canvas.height / cssHeight, 0, 0);
  paint(ctx);
  target.setTransform(1, 0, 0, 1, 0, 0);
  target.clearRect(0, 0, canvas.width, canvas.height);
  if (canvas.width > 0 && canvas.height > 0) target.drawImage(buffer, 0, 0);
}
