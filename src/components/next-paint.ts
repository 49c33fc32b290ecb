/** Resolves after the browser had a chance to paint (or after 100 ms in a hidden tab, where frames stop). */
export function nextPaint(): Promise<void> {
  return new Promise<void>((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}
