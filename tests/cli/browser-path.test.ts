import { accessSync, constants, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BROWSER_ARGS, findBrowser } from '../../src/cli/browser-path';

describe('findBrowser', () => {
  it('returns an existing executable file', () => {
    const path = findBrowser();
    expect(statSync(path).isFile()).toBe(true);
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
  });

  it('prefers CHROME_PATH when it names an existing file', () => {
    const path = findBrowser();
    expect(findBrowser({ CHROME_PATH: path })).toBe(path);
  });

  it('throws naming the path when CHROME_PATH is set but missing, instead of falling through', () => {
    const missing = '/nonexistent/dir/chrome-that-is-not-here';
    expect(() => findBrowser({ CHROME_PATH: missing })).toThrow(missing);
  });

  it('treats an empty CHROME_PATH as unset', () => {
    expect(findBrowser({ CHROME_PATH: '' })).toBe(findBrowser({}));
  });

  it('launch args expose WebGPU and keep Chromium off the network', () => {
    expect(BROWSER_ARGS).toContain('--enable-unsafe-webgpu');
    expect(BROWSER_ARGS).toContain('--disable-background-networking');
  });
});
