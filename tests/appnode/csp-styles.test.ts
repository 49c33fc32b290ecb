// The page runs under `Content-Security-Policy: default-src 'self'`, which refuses inline style
// attributes. A Lit template that writes `style="…"` (or binds a plain string to `style`) renders in
// the component tests, which run without that policy, and only fails in the built page; this test
// catches it in the sources. Inline styles go through `cssProps` (src/components/css-props.ts).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = new URL('../../src/components/', import.meta.url).pathname;

describe('component templates under a strict Content-Security-Policy', () => {
  it('set inline styles only through cssProps, never as a style attribute', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.ts'))) {
      readFileSync(join(DIR, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/\sstyle=(?!\$\{cssProps\()/.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//')) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
