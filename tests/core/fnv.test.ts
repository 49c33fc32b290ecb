// FNV-1a (32 bits) against the published test vectors, and numbers fed as the texts' code units are.
import { describe, expect, it } from 'vitest';
import { Fnv1a } from '../../src/core/fnv';

describe('Fnv1a', () => {
  it('gives the published FNV-1a digests', () => {
    expect(new Fnv1a().hex).toBe('811c9dc5');
    expect(new Fnv1a().text('a').hex).toBe('e40c292c');
    expect(new Fnv1a().text('foobar').hex).toBe('bf9cf968');
  });

  it('feeds a text as its code units, one number each', () => {
    const units = new Fnv1a();
    for (const c of 'vase') units.number(c.charCodeAt(0));
    expect(units.value).toBe(new Fnv1a().text('vase').value);
    expect(new Fnv1a().text('ab').number(-1).text('c').hex).not.toBe(new Fnv1a().text('a').number(-1).text('bc').hex);
  });
});
