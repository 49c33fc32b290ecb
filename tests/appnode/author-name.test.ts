// The name written into exported session files: kept per browser, on one line and cut to length,
// removed when cleared, and never a throw when storage is blocked.
import { describe, expect, it } from 'vitest';
import { AUTHOR_KEY, MAX_AUTHOR_NAME, cleanAuthorName, loadAuthorName, saveAuthorName, type AuthorStorage } from '../../src/app/author-name';

function mapStorage(): AuthorStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('author name', () => {
  it('keeps a cleaned name and gives it back; an empty one is removed', () => {
    const storage = mapStorage();
    saveAuthorName('  Ada\n\tLovelace  ', storage);
    expect(storage.map.get(AUTHOR_KEY)).toBe('Ada Lovelace');
    expect(loadAuthorName(storage)).toBe('Ada Lovelace');
    saveAuthorName('   ', storage);
    expect(storage.map.has(AUTHOR_KEY)).toBe(false);
    expect(loadAuthorName(storage)).toBe('');
    expect(cleanAuthorName('x'.repeat(200))).toHaveLength(MAX_AUTHOR_NAME);
  });

  it('never throws where storage is blocked', () => {
    const blocked: AuthorStorage = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(loadAuthorName(blocked)).toBe('');
    expect(() => saveAuthorName('Ada', blocked)).not.toThrow();
    expect(loadAuthorName(null)).toBe('');
  });
});
