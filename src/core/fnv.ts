/** FNV-1a (32 bits): a short, stable digest of texts and 32-bit numbers, to name data (not a secret). */
export class Fnv1a {
  private h = 0x811c9dc5;

  /** Feeds one 32-bit number. */
  number(n: number): this {
    this.h = Math.imul(this.h ^ (n | 0), 0x01000193) >>> 0;
    return this;
  }

  /** Feeds a text's UTF-16 code units. */
  text(s: string): this {
    for (let i = 0; i < s.length; i++) this.number(s.charCodeAt(i));
    return this;
  }

  /** The digest as an unsigned 32-bit number. */
  get value(): number {
    return this.h;
  }

  /** The digest as 8 hex digits. */
  get hex(): string {
    return this.h.toString(16).padStart(8, '0');
  }
}
