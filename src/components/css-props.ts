/**
 * `style=${cssProps({...})}`: sets inline CSS properties through the CSSOM only. Lit's styleMap
 * writes a `style` attribute on first render, which a strict Content-Security-Policy (no
 * 'unsafe-inline' styles) refuses; `element.style.setProperty` is always allowed.
 */
import { noChange } from 'lit';
import { Directive, PartType, directive, type AttributePart, type PartInfo } from 'lit/directive.js';

class CssPropsDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ATTRIBUTE || part.name !== 'style') throw new Error('cssProps belongs in a style attribute binding');
  }

  render(props: Readonly<Record<string, string>>): typeof noChange {
    void props;
    return noChange;
  }

  override update(part: AttributePart, [props]: [Readonly<Record<string, string>>]): typeof noChange {
    const style = (part.element as HTMLElement).style;
    for (const [name, value] of Object.entries(props)) style.setProperty(name, value);
    return noChange;
  }
}

/** Sets CSS properties (kebab-case names) on the element, CSP-safe; see the module doc. */
export const cssProps = directive(CssPropsDirective);
