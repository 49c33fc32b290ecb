/**
 * Whether the control with focus uses a key itself, so that page-wide shortcuts (the answer keys,
 * Demonstrate's arrows) leave it alone.
 */

/** Input types that take no typing: keys pressed on them are free for page-wide shortcuts. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image']);

/**
 * True when the control with focus uses this key itself: any key in a text field, select or editable
 * text; arrows, Home, End and Page keys on a slider or radio button.
 */
export function keyTakenBy(e: KeyboardEvent): boolean {
  const el = e.composedPath()[0];
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (!(el instanceof HTMLInputElement)) return false;
  if (el.type === 'range' || el.type === 'radio') return /^(Arrow|Page|Home$|End$)/.test(e.key);
  return !NON_TEXT_INPUTS.has(el.type);
}
