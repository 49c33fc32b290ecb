/**
 * One settings table, three readers: for every setting and a spread of values (edges, just outside,
 * fractions, other types), the page's sanitiser, a shared link and a session file accept exactly the
 * values `settingAllows` allows, and a link and a file carry an allowed value through unchanged.
 */
import { describe, expect, it } from 'vitest';
import { exportSession, parseSessionFile } from '../../src/app/session-file';
import { SETTING_KEYS, SETTING_SPECS, defaultSettings, sanitizeSettings, settingAllows, type SettingKey, type SettingSpec } from '../../src/app/settings';
import { hashFor, parseUrlState } from '../../src/app/url-state';
import { builtinText } from '../core/helpers';
import { realSession } from './sessions';

/** Values worth trying for a setting: its edges and middle, just outside, a fraction, and other types. */
function candidates(spec: SettingSpec): unknown[] {
  const other = [null, undefined, true, '', '1', Number.NaN, Number.POSITIVE_INFINITY, -1];
  if (spec.kind === 'choice') return [...spec.values, 'Auto', `${spec.values[0]} `, 'none', 0, ...other];
  const [lo, hi] = spec.range;
  return [lo, hi, (lo + hi) / 2, Math.floor((lo + hi) / 2), lo - 1, hi + 1, lo + 0.25, hi - 0.5, ...other];
}

const base = defaultSettings('warmup', builtinText('warmup'));

describe('settings', () => {
  it('the table names every setting but the level, and each link key once', () => {
    expect(SETTING_KEYS.sort()).toEqual(Object.keys(base).filter((k) => k !== 'levelId' && k !== 'levelText').sort());
    const links = SETTING_KEYS.map((k) => SETTING_SPECS[k].link);
    expect(new Set(links).size).toBe(links.length);
  });

  it('the defaults are allowed values', () => {
    for (const key of SETTING_KEYS) expect(settingAllows(key, base[key]), key).toBe(true);
  });

  describe.each(SETTING_KEYS.map((key) => [key]))('%s', (key: SettingKey) => {
    const spec: SettingSpec = SETTING_SPECS[key];
    const values = candidates(spec);

    it('some candidates are allowed and some are not', () => {
      expect(values.some((x) => settingAllows(key, x))).toBe(true);
      expect(values.some((x) => !settingAllows(key, x))).toBe(true);
    });

    it('the sanitiser keeps exactly the allowed values, else the base value', () => {
      for (const value of values) {
        const out = sanitizeSettings({ [key]: value }, base)[key];
        expect(out, String(value)).toEqual(settingAllows(key, value) ? value : base[key]);
      }
    });

    it('a link accepts exactly the allowed values, and writes them back the same', () => {
      for (const value of values) {
        if (typeof value !== (spec.kind === 'choice' ? 'string' : 'number')) continue; // a link's values are all text: "1" is the number 1
        const parsed = parseUrlState(`${spec.link}=${encodeURIComponent(String(value))}`);
        const allowed = settingAllows(key, value);
        expect(parsed.errors.length, `${spec.link}=${String(value)}`).toBe(allowed ? 0 : 1);
        expect(parsed.state.settings?.[key]).toEqual(allowed ? value : undefined);
        if (allowed) expect(hashFor(parsed.state)).toBe(`${spec.link}=${encodeURIComponent(String(value))}`);
      }
    });

    it('a session file accepts exactly the allowed values, and imports them unchanged', () => {
      const session = realSession('warmup', { labels: 0 });
      const file = JSON.parse(exportSession(session)) as { settings: Record<string, unknown> };
      for (const value of values) {
        if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) continue; // JSON has no such value
        const parsed = parseSessionFile(JSON.stringify({ ...file, settings: { ...file.settings, [key]: value } }));
        expect(parsed.ok, `${key}: ${JSON.stringify(value)}`).toBe(settingAllows(key, value));
        if (parsed.ok) expect(parsed.session.settings[key]).toEqual(value);
      }
    });
  });
});
