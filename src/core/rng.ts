/**
 * A seeded, splittable pseudo-random number generator (sfc32 seeded through a string hash).
 *
 * One `Rng` is created from the session seed and *split* by label for every consumer
 * (`rng.split('rollout')`), so adding a consumer never shifts another consumer's stream.
 * Core and learning code never use an unseeded random source.
 */

/** Hashes a string to four 32-bit words (cyrb128), used to seed sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703,
    h2 = 3144134277,
    h3 = 1013904242,
    h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A seeded random stream. Same seed (and same split labels) ⇒ same numbers, in Node and in browsers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The text this stream was seeded from (seed plus split labels); used to derive children. */
  readonly key: string;

  /** Creates a stream from a seed: any integer or string. */
  constructor(seed: number | string) {
    this.key = String(seed);
    [this.a, this.b, this.c, this.d] = cyrb128(this.key);
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm up
  }

  /** A 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n), n ≥ 1. */
  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`Rng.int needs n ≥ 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Picks an index with probability proportional to `weights` (non-negative, not all zero). */
  weighted(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    throw new RangeError('Rng.weighted needs at least one positive weight');
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** An independent child stream named by `label`; does not advance this stream. */
  split(label: string): Rng {
    return new Rng(`${this.key}/${label}`);
  }
}
