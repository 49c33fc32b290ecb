/**
 * Links: valid states round-trip through the hash exactly (built-in, generated `gen:SEED` and custom
 * levels, unicode level names, every setting — a noisy labeller's real numbers too —, hide lists, lessons); hostile hashes — random text, bad numbers, unknown keys,
 * broken or huge levels, script-looking text, broken percent-encoding — never throw, yield only valid
 * fields, and explain every rejected value on one line. Each level a link opens has its own saved-session
 * key, so a second link never replaces the first one's labels; a link that names no level has none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LEVELS } from '../../src/app/builtin-levels';
import { defaultSettings, REAL_SETTING_RANGES, SETTING_RANGES } from '../../src/app/settings';
import {
  HIDEABLE_CONTROLS,
  MAX_HASH_LENGTH,
  decodeBase64,
  encodeBase64,
  hashFor,
  linkSessionKey,
  parseUrlState,
  settingsFromUrl,
  urlFor,
  urlStateOf,
  type UrlState,
} from '../../src/app/url-state';
import { generateLevelText } from '../../src/core/level-generator';
import { isKept, QUICK_STATES } from '../../src/app/level-spaces';
import { loadLevel } from '../../src/core/states';
import { builtinText } from '../core/helpers';

const b64url = (text: string) => encodeBase64(new TextEncoder().encode(text), true);
const CUSTOM = builtinText('vase').replace('name: Vase room', 'name: Café ☕ <script>alert(1)</script>');

/** Checks that a parsed state holds only valid values. */
function expectValid(state: UrlState) {
  if (state.levelText !== undefined) expect(() => loadLevel(state.levelText!)).not.toThrow();
  if (state.levelId !== undefined && !/^gen:(0|[1-9]\d*)$/.test(state.levelId)) expect(BUILTIN_LEVELS.map((l) => l.id)).toContain(state.levelId);
  for (const [key, value] of Object.entries(state.settings ?? {})) {
    if (key in SETTING_RANGES) {
      const [lo, hi] = SETTING_RANGES[key as keyof typeof SETTING_RANGES];
      expect(Number.isInteger(value) && (value as number) >= lo && (value as number) <= hi).toBe(true);
    } else if (key in REAL_SETTING_RANGES) {
      const [lo, hi] = REAL_SETTING_RANGES[key as keyof typeof REAL_SETTING_RANGES];
      expect(Number.isFinite(value) && (value as number) >= lo && (value as number) <= hi).toBe(true);
    } else expect(['queryMode', 'labeller', 'backend']).toContain(key);
  }
  for (const h of state.hide ?? []) expect(HIDEABLE_CONTROLS).toContain(h);
  if (state.lesson !== undefined) expect(state.lesson).toMatch(/^[a-z0-9-]{1,40}$/);
  expect(Object.keys(state).every((k) => ['levelId', 'levelText', 'settings', 'hide', 'lesson'].includes(k))).toBe(true);
}

function expectLines(errors: readonly string[]) {
  for (const e of errors) {
    expect(e.length).toBeGreaterThan(0);
    expect(e.length).toBeLessThan(400);
    expect(e).not.toMatch(/[\n\r\u2028\u2029]/);
  }
}

describe('examples', () => {
  it('reads the example link of the issue', () => {
    expect(parseUrlState('#level=vase&seed=3&query=random&hide=seed,ensemble')).toEqual({
      state: { levelId: 'vase', settings: { seed: 3, queryMode: 'random' }, hide: ['seed', 'ensemble'] },
      errors: [],
    });
  });

  it('an empty or missing hash means nothing set', () => {
    for (const h of ['', '#', '#&&', '   ']) expect(parseUrlState(h)).toEqual({ state: {}, errors: [] });
  });

  it('a custom level travels as base64url text, unicode and markup-looking names included', () => {
    const hash = hashFor({ levelText: CUSTOM });
    expect(hash).toMatch(/^text=[A-Za-z0-9_-]+$/);
    expect(parseUrlState(`#${hash}`)).toEqual({ state: { levelText: CUSTOM }, errors: [] });
  });

  it('each bad value is reported on one line and only that field falls back', () => {
    const r = parseUrlState('#level=atlantis&seed=-4&members=9&segment=3.5&query=clever&hide=seed,everything&lesson=../../etc&colour=red&seed=5');
    expect(r.state).toEqual({ hide: ['seed'] });
    expect(r.errors).toEqual([
      'Link: unknown setting "colour"; ignored.',
      'Link: "seed" is given more than once; the first is used.',
      'Link: there is no built-in level "atlantis"; using the saved or default level.',
      `Link: "../../etc" is not a lesson id (a–z, 0–9 and '-', at most 40); ignored.`,
      'Link: seed must be a whole number from 0 to 2147483647, got "-4"; using the saved or default value.',
      'Link: query must be one of active, random, got "clever"; using the saved or default value.',
      'Link: members must be a whole number from 1 to 8, got "9"; using the saved or default value.',
      'Link: segment must be a whole number from 3 to 20, got "3.5"; using the saved or default value.',
      `Link: "everything" is not a control that can be hidden (known: ${HIDEABLE_CONTROLS.join(', ')}); ignored.`,
    ]);
  });

  it('a broken custom level is refused with its line and column; a built-in level in the same link is then used', () => {
    const r = parseUrlState(`#text=${b64url(CUSTOM.replace('#A..', '#A.Z'))}&level=box`);
    expect(r.state).toEqual({ levelId: 'box' });
    expect(r.errors).toEqual([expect.stringMatching(/^Link: the level in "text" was not loaded \(line \d+, column 4: unknown character "Z"/)]);
  });

  it('refuses a huge hash whole, and huge or non-base64 level text', () => {
    expect(parseUrlState(`#seed=1&x=${'a'.repeat(MAX_HASH_LENGTH)}`)).toEqual({ state: {}, errors: [expect.stringMatching(/^The link's settings are too long/)] });
    expect(parseUrlState(`#text=${'QUFB'.repeat(7000)}`).errors[0]).toMatch(/too long/);
    expect(parseUrlState('#text=<script>alert(1)</script>').errors[0]).toMatch(/not base64url text/);
    expect(parseUrlState('#text=%E0%A4%A').errors[0]).toMatch(/not properly encoded/);
  });

  it('a level too large to enumerate on the page is only parsed here: the session that opens it loads it in the page worker', () => {
    // 1,856 reachable states: more than are enumerated on the page's thread; its syntax is checked.
    const big = `name: big\nmax_steps: 30\n---\n${['##########', '#A.V..V..#', '#........#', '#.V..V..V#', '#.V.....G#', '##########'].join('\n')}\n`;
    expect(loadLevel(big).space.numStates).toBeGreaterThan(QUICK_STATES);
    expect(parseUrlState(`#text=${b64url(big)}`)).toEqual({ state: { levelText: big }, errors: [] });
    expect(isKept(big)).toBe(false);
    expect(parseUrlState(`#text=${b64url(big.replace('#A.V', '#A.Z'))}`).errors[0]).toMatch(/unknown character "Z"/);
  });

  it('urlFor keeps the base and replaces any old hash; urlStateOf shares a session', () => {
    const defaults = defaultSettings('warmup', builtinText('warmup'));
    const settings = { ...defaults, levelId: 'vase', levelText: builtinText('vase'), seed: 42, members: 3, backend: 'cpu' as const };
    const state = urlStateOf(settings, defaults, { hide: ['seed', 'truth'], lesson: 'side-effects' });
    expect(state).toEqual({ levelId: 'vase', settings: { seed: 42, members: 3 }, hide: ['seed', 'truth'], lesson: 'side-effects' });
    const url = urlFor(state, 'https://example.org/workshop/rp/?x=1#level=box');
    expect(url).toBe('https://example.org/workshop/rp/?x=1#level=vase&lesson=side-effects&seed=42&members=3&hide=seed,truth');
    expect(parseUrlState(new URL(url).hash)).toEqual({ state, errors: [] });
    expect(settingsFromUrl(state)).toEqual({ seed: 42, members: 3, levelId: 'vase', levelText: builtinText('vase') });
    const custom = urlStateOf({ ...settings, levelId: 'custom', levelText: CUSTOM }, defaults);
    expect(custom.levelText).toBe(CUSTOM);
    expect(settingsFromUrl(custom)).toMatchObject({ levelId: 'custom', levelText: CUSTOM });
  });

  it('the reward model travels as model=grid; a link without it keeps the features model', () => {
    const defaults = defaultSettings('warmup', builtinText('warmup'));
    const state = urlStateOf({ ...defaults, rewardModel: 'grid' }, defaults);
    expect(state.settings).toEqual({ seed: 1, rewardModel: 'grid' });
    const url = urlFor(state, 'https://example.org/rp/');
    expect(url).toBe('https://example.org/rp/#level=warmup&seed=1&model=grid');
    expect(settingsFromUrl(parseUrlState(new URL(url).hash).state)).toMatchObject({ rewardModel: 'grid' });
    expect(parseUrlState('#level=warmup&model=pixels').errors[0]).toMatch(/model/);
  });

  it('a generated level travels as gen:SEED and reproduces exactly the same level', () => {
    const r = parseUrlState('#level=gen:42&seed=3');
    expect(r).toEqual({ state: { levelId: 'gen:42', settings: { seed: 3 } }, errors: [] });
    expect(settingsFromUrl(r.state)).toEqual({ seed: 3, levelId: 'gen:42', levelText: generateLevelText(42) });
    expect(parseUrlState('#level=gen%3A42').state).toEqual({ levelId: 'gen:42' }); // percent-encoded colon
    const defaults = defaultSettings('warmup', builtinText('warmup'));
    const shared = urlStateOf({ ...defaults, levelId: 'gen:42', levelText: generateLevelText(42) }, defaults);
    expect(shared).toEqual({ levelId: 'gen:42', settings: { seed: 1 } });
    expect(hashFor(shared)).toBe('level=gen:42&seed=1');
    // An edited generated level is shared as its text.
    const edited = generateLevelText(42).replace(/^name: .*$/m, 'name: My level');
    expect(urlStateOf({ ...defaults, levelId: 'gen:42', levelText: edited }, defaults).levelText).toBe(edited);
  });

  it('a bad or hostile gen: id is refused with a clear notice, like a bad level id', () => {
    for (const bad of ['gen:', 'gen:abc', 'gen:-1', 'gen:042', 'gen:1.5', 'gen: 7', 'gen:2147483648', 'gen:99999999999999999999', 'gen:<script>alert(1)</script>', 'gen:1%0Aevil', 'GEN:4']) {
      const r = parseUrlState(`#level=${encodeURIComponent(bad)}&seed=2`);
      expect(r.state, bad).toEqual({ settings: { seed: 2 } });
      expect(r.errors, bad).toHaveLength(1);
      expect(r.errors[0]).toMatch(/^Link: (".*" is not a generated level \(gen: and a whole number from 0 to 2147483647\)|there is no built-in level ".*"); using the saved or default level\.$/);
      expectLines(r.errors);
    }
  });

  it('a noisy simulated labeller travels as noise and temperature (real numbers; defaults left out)', () => {
    const r = parseUrlState('#labeller=observer&noise=0.25&temperature=2.5');
    expect(r).toEqual({ state: { settings: { labeller: 'observer', labellerNoise: 0.25, labellerTemperature: 2.5 } }, errors: [] });
    const defaults = defaultSettings('vase', builtinText('vase'));
    const state = urlStateOf({ ...defaults, labellerNoise: 0.1, labellerTemperature: 0.5 }, defaults);
    expect(hashFor(state)).toBe('level=vase&seed=1&noise=0.1&temperature=0.5');
    expect(hashFor(urlStateOf(defaults, defaults))).toBe('level=vase&seed=1');
    const bad = parseUrlState('#noise=1.5&temperature=-1');
    expect(bad.state).toEqual({});
    expect(bad.errors).toEqual([
      'Link: noise must be a number from 0 to 1, got "1.5"; using the saved or default value.',
      'Link: temperature must be a number from 0 to 100, got "-1"; using the saved or default value.',
    ]);
    for (const v of ['NaN', 'Infinity', '0x1', '1e3', '', ' 1', '.', '1,5']) expect(parseUrlState(`#temperature=${encodeURIComponent(v)}`).state, v).toEqual({});
  });

  it('a label-budget challenge travels as budget (a whole number of labels, 1–200; none left out)', () => {
    expect(parseUrlState('#level=vase&budget=10')).toEqual({ state: { levelId: 'vase', settings: { budget: 10 } }, errors: [] });
    const defaults = defaultSettings('vase', builtinText('vase'));
    expect(hashFor(urlStateOf({ ...defaults, budget: 12 }, defaults))).toBe('level=vase&seed=1&budget=12');
    expect(hashFor(urlStateOf({ ...defaults, budget: null }, defaults))).toBe('level=vase&seed=1');
    expect(settingsFromUrl(parseUrlState('#budget=5').state)).toEqual({ budget: 5 });
    for (const v of ['0', '201', '2.5', '-1', 'ten', '']) {
      const r = parseUrlState(`#budget=${v}`);
      expect(r.state, v).toEqual({});
      expect(r.errors, v).toEqual([`Link: budget must be a whole number from 1 to 200, got "${v}"; using the saved or default value.`]);
    }
  });

  it('base64 helpers: exact round trips and strict decoding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, url) => {
        const text = encodeBase64(bytes, url);
        expect(decodeBase64(text, url)).toEqual(bytes);
        if (!url) expect(text).toBe(Buffer.from(bytes).toString('base64'));
        else expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 300 },
    );
    for (const bad of ['A', 'AB=C', 'AB==AB==', '****', 'AB/=']) expect(decodeBase64(bad)).toBeNull();
  });
});

// ---- property tests ---------------------------------------------------------------------------

const setting = fc.record(
  {
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    queryMode: fc.constantFrom('active' as const, 'random' as const),
    members: fc.integer({ min: 1, max: 8 }),
    segmentLength: fc.integer({ min: 3, max: 20 }),
    labeller: fc.constantFrom('oracle' as const, 'observer' as const),
    labellerNoise: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x + 0), // + 0: no −0
    labellerTemperature: fc.double({ min: 0, max: 100, noNaN: true }).map((x) => x + 0),
    autoLabelDelayMs: fc.integer({ min: 0, max: 5000 }),
    backend: fc.constantFrom('auto' as const, 'webgpu' as const, 'webgl' as const, 'wasm' as const, 'cpu' as const),
    budget: fc.integer({ min: 1, max: 200 }),
  },
  { requiredKeys: [] },
);
const levelName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !/[\n\r]/.test(s) && s.length <= 60 && s.trim().length > 0 && s.trim() === s);
const validState: fc.Arbitrary<UrlState> = fc
  .record(
    {
      level: fc.oneof(
        fc.constantFrom(...BUILTIN_LEVELS.map((l) => ({ levelId: l.id }))),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => ({ levelId: `gen:${seed}` })),
        fc.tuple(fc.constantFrom(...BUILTIN_LEVELS), levelName).map(([l, name]) => ({ levelText: l.text.replace(/^name: .*$/m, () => `name: ${name}`) })),
      ),
      settings: setting,
      hide: fc.uniqueArray(fc.constantFrom(...HIDEABLE_CONTROLS), { minLength: 1 }),
      lesson: fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/),
    },
    { requiredKeys: [] },
  )
  .map(({ level, settings, hide, lesson }) => ({
    ...(level ?? {}),
    ...(settings && Object.keys(settings).length > 0 ? { settings } : {}),
    ...(hide ? { hide } : {}),
    ...(lesson !== undefined ? { lesson } : {}),
  }));

const KEYS = ['level', 'text', 'lesson', 'seed', 'query', 'members', 'model', 'segment', 'labeller', 'noise', 'temperature', 'delay', 'backend', 'budget', 'hide'];
const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('NaN', 'Infinity', '-1', '1e3', '0x10', '3.5', '99999999999', '', ' 7', '+5', '00', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '%00', '%E0%A4%A', '__proto__', 'constructor', 'seed,,ensemble,<b>', 'a'.repeat(5000)),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ unit: 'binary' }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('vase', 'box', 'custom').map((s) => s.toUpperCase()),
  fc.constantFrom('gen:', 'gen:-1', 'gen:007', 'gen:2147483648', 'gen:1e3', 'gen:0x10', 'gen:NaN', 'gen:1/../x'),
  fc.string().map((s) => b64url(`name: x\nmax_steps: 10\n---\n${s}`)),
  fc.uint8Array({ maxLength: 400 }).map((b) => encodeBase64(b, true)),
);
const hostileHash = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 })), hostileValue), { minLength: 1, maxLength: 8 }).map((pairs) => `#${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`),
  fc.array(fc.tuple(fc.constantFrom(...KEYS), hostileValue), { minLength: 1, maxLength: 6 }).map((pairs) => `#${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`),
  fc.integer({ min: MAX_HASH_LENGTH - 10, max: MAX_HASH_LENGTH * 3 }).map((n) => `#seed=1&level=${'v'.repeat(n)}`),
);

describe('the saved session a link opens', () => {
  const keyOf = (hash: string) => linkSessionKey(settingsFromUrl(parseUrlState(hash).state));

  it('two links to different levels open different sessions; the same level opens the same one, whatever else the link sets', () => {
    const vase = keyOf('#level=vase&seed=3');
    const tomato = keyOf('#level=tomato&seed=3');
    expect(vase).toBe('session-link-vase');
    expect(tomato).toBe('session-link-tomato');
    expect(keyOf('#level=vase&seed=9&query=random&hide=seed')).toBe(vase);
    expect(keyOf('#level=gen:42')).toBe('session-link-gen:42');
  });

  it('a link that names no level has no session of its own: it keeps the visitor\'s', () => {
    expect(parseUrlState('#hide=seed').state).toEqual({ hide: ['seed'] });
    expect(keyOf('#hide=seed')).toBeNull();
    expect(keyOf('#seed=5&backend=webgpu')).toBeNull();
    // A level the link names but that is refused is no level either.
    expect(keyOf('#level=nope&seed=2')).toBeNull();
  });

  it('a level given as text is named by its text: different texts, different sessions; a built-in level\'s own text, its id', () => {
    const custom = keyOf(`#text=${b64url(CUSTOM)}`);
    expect(custom).toMatch(/^session-link-text-\d+-[0-9a-f]{8}$/);
    expect(keyOf(`#text=${b64url(CUSTOM)}&seed=4`)).toBe(custom);
    expect(keyOf(`#text=${b64url(CUSTOM.replace('Café', 'Cafe'))}`)).not.toBe(custom);
    expect(linkSessionKey({ levelId: 'custom', levelText: builtinText('vase') })).not.toBe('session-link-vase');
    expect(linkSessionKey({ levelId: 'vase', levelText: builtinText('vase') })).toBe('session-link-vase');
    expect(linkSessionKey({ levelId: 'vase', levelText: CUSTOM })).toBe(custom);
  });

  it('a backend in a link is read as a preference like any other setting', () => {
    expect(parseUrlState('#backend=webgpu').state.settings).toEqual({ backend: 'webgpu' });
  });
});

describe('property: links', () => {
  it('300 valid states round-trip through the hash exactly, with no errors', () => {
    fc.assert(
      fc.property(validState, (state) => {
        const parsed = parseUrlState(`#${hashFor(state)}`);
        expect(parsed.errors).toEqual([]);
        expect(parsed.state).toEqual(state);
        expect(parseUrlState(new URL(urlFor(state, 'https://example.org/rp/')).hash)).toEqual(parsed);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('400 hostile hashes never throw, keep only valid fields and explain each problem on one line', () => {
    fc.assert(
      fc.property(hostileHash, (hash) => {
        const { state, errors } = parseUrlState(hash);
        expectValid(state);
        expectLines(errors);
      }),
      { numRuns: 400, seed: 12 },
    );
  });

  it('200 hashes with at least one bad value report at least one error and keep the good values', () => {
    const bad = fc.constantFrom('seed=-1', 'members=0', 'segment=abc', 'query=<b>', 'level=../../x', 'hide=all', 'lesson=A B', 'text=%%%', 'colour=red', 'delay=1e3', 'backend=gpu', 'text=QUFB', 'level=gen:-5', 'noise=2', 'temperature=abc');
    fc.assert(
      fc.property(validState, bad, (state, extra) => {
        const hash = `${hashFor(state)}&${extra}`;
        const { state: parsed, errors } = parseUrlState(hash);
        expect(errors.length).toBeGreaterThan(0);
        expectLines(errors);
        expectValid(parsed);
        const key = extra.split('=')[0];
        const ownKeys = hashFor(state).split('&').map((p) => p.split('=')[0]);
        // A bad value for a key the valid state already set is a repeat: the first (valid) wins.
        if (ownKeys.includes(key)) expect(parsed).toEqual(state);
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  it('a lone error never throws, even for input that is not a string', () => {
    expect(() => parseUrlState(undefined as unknown as string)).not.toThrow();
    expect(parseUrlState(42 as unknown as string)).toEqual({ state: {}, errors: [] });
  });
});
