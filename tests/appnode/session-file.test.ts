/**
 * Session files: a real session on every built-in level round-trips exactly (weights included);
 * each kind of damage gives one clear line naming where it is; a well-formed label that does not fit
 * the level (made on another level, edited by hand) is kept as it is, so a session holding one
 * exports and imports again; and property tests feed hundreds of
 * generated hostile files (random JSON mutations of valid files, random JSON, random bytes, huge and
 * deeply nested input) — each is refused with a one-line message, nothing throws, and the session a
 * store holds is untouched.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_FILE_CHARS,
  MAX_NESTING,
  exportSession,
  nestingDepth,
  parseSessionFile,
  sessionFileName,
  toSavedSession,
  type SessionData,
} from '../../src/app/session-file';
import { generateLevelText } from '../../src/core/level-generator';
import type { Action } from '../../src/core/gridworld';
import { partitionLabels, type Label, type Segment } from '../../src/core/preferences';
import { MAX_STATES, loadLevel } from '../../src/core/states';
import { builtinLevelNames, builtinText } from '../core/helpers';
import { CLAIM_KINDS } from '../../src/core/claims';
import { FEATURE_DIM } from '../../src/core/features';
import { fakeWeights, realSession } from './sessions';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function expectRefused(text: string): string {
  const r = parseSessionFile(text);
  if (r.ok) throw new Error(`accepted a broken file: ${text.slice(0, 200)}`);
  expect(r.error.length).toBeGreaterThan(0);
  expect(r.error).not.toMatch(/[\n\r]/);
  expect(r.error.length).toBeLessThanOrEqual(301);
  return r.error;
}

function mutate(text: string, change: (file: { [key: string]: Json }) => void): string {
  const file = JSON.parse(text) as { [key: string]: Json };
  change(file);
  return JSON.stringify(file);
}

const at = (x: Json, ...path: (string | number)[]): Json => path.reduce<Json>((o, k) => (o as Record<string | number, Json>)[k], x);

describe('round trip', () => {
  it.each(builtinLevelNames())('a real session on %s exports, parses and re-exports exactly', (level) => {
    const session = realSession(level, { labels: 25, withWeights: true, author: 'Ana Lima', labelAuthors: ['Ana', 'Bo'] });
    expect(session.labels.length).toBeGreaterThan(20);
    const text = exportSession(session);
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session).toEqual(session);
    expect(exportSession(parsed.session)).toBe(text);
    expect(parsed.session.settings.levelId).toBe(level);
  });

  it('a custom level is written with id "custom" and stays custom', () => {
    const text = builtinText('vase').replace('name: Vase room', 'name: My <b>vase</b> room');
    const base = realSession('vase');
    const session: SessionData = { ...base, settings: { ...base.settings, levelId: 'custom', levelText: text } };
    const parsed = parseSessionFile(exportSession(session));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.settings.levelId).toBe('custom');
    expect(parsed.session.settings.levelText).toBe(text);
  });

  it('a built-in id whose text differs from the built-in level is imported as custom (its labels index that text)', () => {
    const file = mutate(exportSession(realSession('vase', { labels: 0 })), (f) => {
      (f.level as { text: string }).text = builtinText('vase').replace('#A..V..G#', '#A.V...G#');
      f.labels = [];
      f.verdicts = [];
    });
    const parsed = parseSessionFile(file);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.settings.levelId).toBe('custom');
  });

  it('non-finite curve values are written as null and read back as NaN; files have one record per line', () => {
    const base = realSession('warmup', { labels: 3 });
    const session = { ...base, curve: [{ ...base.curve[0], learnedReturn: NaN, heldOutAccuracy: null }] };
    const text = exportSession(session);
    expect(text).toContain('"learnedReturn":null');
    expect(text.split('\n').filter((l) => l.startsWith('    {"id":"l')).length).toBe(session.labels.length);
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.curve[0].learnedReturn).toBeNaN();
    expect(parsed.session.curve[0].heldOutAccuracy).toBeNull();
  });

  it('a file whose weights were made for another feature set keeps its labels and drops the weights', () => {
    const session = realSession('vase', { labels: 10, withWeights: true });
    const old = { ...session, weights: fakeWeights(session.settings.members, [64, 64], 3, FEATURE_DIM + 9) };
    const parsed = parseSessionFile(exportSession(old));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.labels).toEqual(session.labels);
    expect(parsed.session.weights).toBeUndefined();
  });

  it('weights given as plain number arrays are accepted too', () => {
    const session = realSession('lava', { withWeights: true });
    const file = mutate(exportSession(session), (f) => {
      (f.weights as { values: Json[] }).values = session.weights!.values.map((v) => Array.from(v));
    });
    const parsed = parseSessionFile(file);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.weights).toEqual(session.weights);
  });

  it('the saved form is what the store persists', () => {
    const session = realSession('box');
    expect(toSavedSession(session)).toEqual({ version: 1, settings: session.settings, labels: session.labels, curve: session.curve, verdicts: session.verdicts, approvals: session.approvals });
  });

  it('a verdict keeps the P(accept) predicted when it was given; a file without it (older) still loads', () => {
    const base = realSession('vase');
    const session: SessionData = { ...base, verdicts: base.verdicts.map((x, i) => (i % 2 === 0 ? { ...x, pAccept: 0.95 - i / 10 } : x)) };
    const text = exportSession(session);
    expect(text).toContain('"pAccept":0.95');
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.verdicts).toEqual(session.verdicts);
    expect(parsed.session.verdicts.map((x) => 'pAccept' in x)).toEqual(session.verdicts.map((_, i) => i % 2 === 0));
    expect(exportSession(parsed.session)).toBe(text);
    const older = exportSession(base);
    expect(older).not.toContain('pAccept');
    const read = parseSessionFile(older);
    if (!read.ok) throw new Error(read.error);
    expect(read.session.verdicts).toEqual(base.verdicts);
    expect(expectRefused(mutate(text, (f) => ((at(f, 'verdicts', 0) as Record<string, Json>).pAccept = 1.5)))).toMatch(/^verdicts\[0\]\.pAccept: must be at most 1, got 1\.5$/);
  });

  it('a verdict saved when there were five kinds of claim loads with its features widened to today’s kinds', () => {
    const base = realSession('vase');
    expect(base.verdicts.length).toBeGreaterThan(0);
    const continuous = base.verdicts[0].features.slice(CLAIM_KINDS.length);
    const today = [...CLAIM_KINDS.map((k) => (k === 'irreversible' ? 1 : 0)), ...continuous];
    const older = [1, 0, 0, 0, 0, ...continuous]; // the one-hot block before kinds were appended
    const read = parseSessionFile(
      mutate(exportSession(base), (f) => {
        const v = at(f, 'verdicts', 0) as Record<string, Json>;
        v.kind = 'irreversible';
        v.features = older;
      }),
    );
    if (!read.ok) throw new Error(read.error);
    expect(read.session.verdicts[0].features).toEqual(today);
    expect(expectRefused(mutate(exportSession(base), (f) => ((at(f, 'verdicts', 0) as Record<string, Json>).features = [0, 1])))).toMatch(/^verdicts\[0\]\.features: /);
  });

  it('a noisy simulated labeller (random answers, Boltzmann temperature) round-trips exactly', () => {
    const session = realSession('vase', { labels: 5, settings: { labeller: 'observer', labellerNoise: 0.15, labellerTemperature: 2.5 } });
    const text = exportSession(session);
    expect(text).toContain('"labellerNoise":0.15,"labellerTemperature":2.5');
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.settings).toMatchObject({ labeller: 'observer', labellerNoise: 0.15, labellerTemperature: 2.5 });
    expect(parsed.session).toEqual(session);
    expect(exportSession(parsed.session)).toBe(text);
  });

  it('a file without the noisy-labeller settings (older, or an exact labeller) loads with 0 for both', () => {
    const exact = exportSession(realSession('vase', { labels: 3 }));
    expect(exact).not.toContain('labellerNoise'); // written only when chosen: older versions still read these files
    const old = mutate(exportSession(realSession('vase', { labels: 3, settings: { labellerNoise: 0.5, labellerTemperature: 1 } })), (f) => {
      delete (f.settings as Record<string, Json>).labellerNoise;
      delete (f.settings as Record<string, Json>).labellerTemperature;
    });
    for (const file of [exact, old]) {
      const parsed = parseSessionFile(file);
      if (!parsed.ok) throw new Error(parsed.error);
      expect(parsed.session.settings.labellerNoise).toBe(0);
      expect(parsed.session.settings.labellerTemperature).toBe(0);
    }
    const valid = exportSession(realSession('vase', { labels: 1 }));
    const set = (key: string, value: Json) => mutate(valid, (f) => ((f.settings as Record<string, Json>)[key] = value));
    expect(expectRefused(set('labellerNoise', 1.5))).toBe('settings.labellerNoise: must be at most 1, got 1.5');
    expect(expectRefused(set('labellerTemperature', -1))).toBe('settings.labellerTemperature: must be at least 0, got -1');
    expect(expectRefused(set('labellerTemperature', '2'))).toBe('settings.labellerTemperature: expected a number, got text "2"');
  });

  it('a label-budget challenge carries its budget; a file without one reads as no challenge', () => {
    const session = realSession('vase', { labels: 4, settings: { budget: 10 } });
    const text = exportSession(session);
    expect(text).toContain('"budget":10');
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.settings.budget).toBe(10);
    expect(parsed.session).toEqual(session);
    const plain = exportSession(realSession('vase', { labels: 2 }));
    expect(plain).not.toContain('budget'); // written only in a challenge: older versions still read these files
    const read = parseSessionFile(plain);
    if (!read.ok) throw new Error(read.error);
    expect(read.session.settings.budget).toBeNull();
    const set = (value: Json) => mutate(plain, (f) => ((f.settings as Record<string, Json>).budget = value));
    expect(parseSessionFile(set(null)).ok).toBe(true);
    expect(expectRefused(set(0))).toBe('settings.budget: must be at least 1, got 0');
    expect(expectRefused(set(2.5))).toMatch(/^settings\.budget: /);
  });

  it('the grid reward model is written by name and read back; a file without it (older) reads as the features model', () => {
    const session = realSession('vase', { labels: 4, settings: { rewardModel: 'grid' } });
    const text = exportSession(session);
    expect(text).toContain('"rewardModel":"grid"');
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session).toEqual(session);
    const plain = exportSession(realSession('vase', { labels: 2 }));
    expect(plain).not.toContain('rewardModel'); // features sessions stay readable by older versions
    const read = parseSessionFile(plain);
    if (!read.ok) throw new Error(read.error);
    expect(read.session.settings.rewardModel).toBe('features');
    const set = (value: Json) => mutate(plain, (f) => ((f.settings as Record<string, Json>).rewardModel = value));
    expect(expectRefused(set('pixels'))).toMatch(/^settings\.rewardModel: /);
  });

  it('weights saved with a grid model are dropped on reading: its labels retrain it', () => {
    const session = realSession('vase', { labels: 6, withWeights: true, settings: { rewardModel: 'grid' } });
    const parsed = parseSessionFile(exportSession(session));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.labels).toEqual(session.labels);
    expect(parsed.session.weights).toBeUndefined();
  });

  it('a generated level is written with its id gen:SEED and read back as that level; edited, it is custom', () => {
    const text = generateLevelText(42);
    const base = realSession('vase', { labels: 0 });
    const session: SessionData = { ...base, labels: [], verdicts: [], settings: { ...base.settings, levelId: 'gen:42', levelText: text } };
    const file = exportSession(session);
    expect(file).toContain('"level": {"id":"gen:42"');
    expect(sessionFileName(session, new Date('2025-03-01T00:00:00Z'))).toBe('reward-playground-gen-42-2025-03-01.json');
    expect(sessionFileName({ ...session, author: ' Ada  Lovelace / Zoë ' }, new Date('2025-03-01T00:00:00Z'))).toBe('reward-playground-gen-42-ada-lovelace-zoë-2025-03-01.json');
    const parsed = parseSessionFile(file);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session.settings.levelId).toBe('gen:42');
    expect(parsed.session.settings.levelText).toBe(text);
    const edited = mutate(file, (f) => ((f.level as { text: string }).text = text.replace(/^name: .*$/m, 'name: Edited')));
    const again = parseSessionFile(edited);
    expect(again.ok && again.session.settings.levelId).toBe('custom');
    for (const bad of ['gen:', 'gen:-1', 'gen:007', 'gen:x', 'gen:1:2']) {
      expect(expectRefused(mutate(file, (f) => ((f.level as { id: string }).id = bad)))).toMatch(/^level\.id: must be a level id/);
    }
  });

  it('an author name is cleaned to one line on export', () => {
    const text = exportSession({ ...realSession('warmup', { labels: 1 }), author: '  Ana\n\tLima  ' });
    const parsed = parseSessionFile(text);
    expect(parsed.ok && parsed.session.author).toBe('Ana Lima');
  });
});

describe('clear messages for each kind of damage', () => {
  const valid = exportSession(realSession('vase', { labels: 12, withWeights: true, author: 'Ana' }));
  const cases: [string, (f: { [key: string]: Json }) => void, RegExp][] = [
    ['negative transition', (f) => ((at(f, 'labels', 3, 'left', 'transitions') as number[])[2] = -1), /^labels\[3\]\.left\.transitions\[2\]: must be at least 0, got -1$/],
    ['negative start', (f) => ((at(f, 'labels', 0, 'right') as Record<string, Json>).start = -3), /^labels\[0\]\.right\.start: must be at least 0/],
    ['a transition index past the format\'s bound', (f) => ((at(f, 'labels', 3, 'left', 'transitions') as number[])[2] = 2 ** 31), /^labels\[3\]\.left\.transitions\[2\]: must be at most 2147483647, got 2147483648$/],
    ['a start past the format\'s bound', (f) => ((at(f, 'labels', 0, 'right') as Record<string, Json>).start = MAX_STATES + 1), /^labels\[0\]\.right\.start: must be at most 100000, got 100001$/],
    ['a fractional transition index', (f) => ((at(f, 'labels', 3, 'left', 'transitions') as number[])[2] = 2.5), /^labels\[3\]\.left\.transitions\[2\]: must be a whole number, got 2\.5$/],
    ['a letter outside the action alphabet', (f) => {
      const s = at(f, 'labels', 2, 'left') as Record<string, string>;
      s.actions = `x${s.actions.slice(1)}`;
    }, /^labels\[2\]\.left\.actions: must be a string of the letters u, d, l, r$/],
    ['actions and transitions of different lengths', (f) => ((at(f, 'labels', 2, 'left') as Record<string, string>).actions += 'u'), /^labels\[2\]\.left\.actions: 11 actions for 10 transitions$/],
    ['a longer clip than its length', (f) => ((at(f, 'labels', 2, 'left') as Record<string, number>).length = 5), /^labels\[2\]\.left\.transitions: 10 steps, more than the clip length 5$/],
    ['a segment past the step limit', (f) => ((at(f, 'labels', 2, 'left') as Record<string, number>).startStep = 25), /^labels\[2\]\.left\.startStep: step 25 \+ 10 steps runs past the level's 30-step limit$/],
    ['a deleted field', (f) => delete (f.settings as Record<string, Json>).seed, /^settings\.seed: is missing$/],
    ['a renamed field', (f) => {
      const l = at(f, 'labels', 4) as Record<string, Json>;
      l.anwser = l.answer;
      delete l.answer;
    }, /^labels\[4\]\.answer: is missing$/],
    ['an unknown field', (f) => ((at(f, 'labels', 0) as Record<string, Json>).extra = 1), /^labels\[0\]\.extra: is not a field of this format$/],
    ['a wrong type', (f) => ((f.settings as Record<string, Json>).members = 'five'), /^settings\.members: expected a number, got text "five"$/],
    ['a number out of range', (f) => ((f.settings as Record<string, Json>).members = 9), /^settings\.members: must be at most 8, got 9$/],
    ['a fraction', (f) => ((f.settings as Record<string, Json>).seed = 1.5), /^settings\.seed: must be a whole number, got 1\.5$/],
    ['an unknown choice', (f) => ((f.settings as Record<string, Json>).queryMode = 'clever'), /^settings\.queryMode: must be "active" or "random", got text "clever"$/],
    ['a duplicate id', (f) => ((at(f, 'labels', 5) as Record<string, Json>).id = 'l2'), /^labels\[5\]\.id: "l2" is used twice \(also labels\[1\]\.id\)$/],
    ['broken level text', (f) => ((f.level as Record<string, string>).text = (f.level as Record<string, string>).text.replace('#A..', '#A.Z')), /^level\.text: the level does not load: line \d+, column 4: unknown character "Z"/],
    ['a level with two agents', (f) => ((f.level as Record<string, string>).text = (f.level as Record<string, string>).text.replace('V..G', 'VA.G')), /^level\.text: the level does not load: .*a second agent/],
    ['another format', (f) => (f.format = 'tfjs'), /^format: this is not a Reward Playground session file/],
    ['a newer version', (f) => (f.version = 2), /^version: this file is version 2, made by a newer Reward Playground; this one reads version 1$/],
    ['weights of another ensemble size', (f) => ((at(f, 'weights', 'shapes', 0) as number[])[0] = 3), /^weights\.shapes\[0\]\[0\]: 3 ensemble members, but settings\.members is 5$/],
    ['weights that are not base64', (f) => ((at(f, 'weights', 'values') as Json[])[1] = '!!!!'), /^weights\.values\[1\]: is not base64 text$/],
    ['weights of the wrong size', (f) => ((at(f, 'weights', 'values') as Json[])[1] = 'AAAAAA=='), /^weights\.values\[1\]: 4 bytes; shape \[5, 1, 64\] needs 1280$/],
    ['a verdict of an unknown kind', (f) => ((at(f, 'verdicts', 0) as Record<string, Json>).kind = 'vibes'), /^verdicts\[0\]\.kind: must be "irreversible" or/],
    ['an author over two lines', (f) => (f.author = 'Ana\nLima'), /^author: must be one line of text without control characters$/],
    ['an author of 10,000 characters', (f) => (f.author = 'x'.repeat(10_000)), /^author: is too long \(10,000; at most 100\)$/],
    ['a __proto__ key', (f) => Object.defineProperty(at(f, 'labels', 2), '__proto__', { value: { polluted: true }, enumerable: true }), /^labels\[2\]\.__proto__: the key "__proto__" is not allowed$/],
  ];
  it.each(cases)('%s', (_, change, message) => {
    expect(expectRefused(mutate(valid, change))).toMatch(message);
  });

  it.each([
    ['', /^the file is empty$/],
    ['not json', /^the file is not valid JSON \(/],
    ['NaN', /^the file is not valid JSON/],
    ['[1, 2]', /^the file is not a Reward Playground session \(expected a JSON object\)$/],
    ['{"format": "reward-playground-session", "version": 1}', /^exportedAt: is missing$/],
    ['{"format": "reward-playground-session", "version": 1, "exportedAt": "2025-01-01T00:00:00Z", "author": 1e999}', /^author: expected text, got Infinity$/],
    [`${'['.repeat(MAX_NESTING + 1)}${']'.repeat(MAX_NESTING + 1)}`, /^the file is nested 33 levels deep; a session file needs at most 32$/],
    ['['.repeat(1_000_000), /^the file is nested 1000000 levels deep/],
    [' '.repeat(MAX_FILE_CHARS + 1), /^the file is too large \(10\.0 MB; at most 10 MB\)$/],
  ])('raw text %#', (text, message) => {
    expect(expectRefused(text)).toMatch(message);
  });

  it('ignores brackets inside strings when measuring nesting', () => {
    expect(nestingDepth('{"a": "[[[[[[", "b": [1, {"c": "\\"]]]"}]}')).toBe(3);
  });

  it('no prototype is polluted by a hostile file', () => {
    expectRefused('{"__proto__": {"polluted": true}, "format": "reward-playground-session"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a label that does not fit the level is kept: the store sets it aside, the file still imports', () => {
  const session = realSession('vase', { labels: 12, withWeights: true, author: 'Ana' });
  const { space } = loadLevel(builtinText('vase'));
  const other = realSession('tomato', { labels: 4, seed: 5 });
  const withSegment = (label: Label, side: 'left' | 'right', change: (s: Segment) => Partial<Segment>): Label => ({ ...label, [side]: { ...label[side], ...change(label[side]) } });
  const nextAction = (a: Action) => ((a + 1) % 4) as Action;
  /** One label changed so that it no longer follows the vase room's dynamics, though well formed. */
  const cases: [string, number, (l: Label) => Label][] = [
    ['a transition this level does not have', 3, (l) => withSegment(l, 'left', (s) => ({ transitions: s.transitions.map((k, j) => (j === 2 ? space.numTransitions + 5 : k)) }))],
    ['a start that is not a state of this level', 0, (l) => withSegment(l, 'right', () => ({ start: space.numStates }))],
    ['a start the first step does not leave from', 1, (l) => withSegment(l, 'left', (s) => ({ start: (s.start + 1) % space.numStates }))],
    ['an action letter that is not its transition\'s action', 2, (l) => withSegment(l, 'left', (s) => ({ actions: s.actions.map((a, j) => (j === 0 ? nextAction(a) : a)) }))],
    ['a pair made on another level', 4, (l) => ({ ...l, left: other.labels[0].left, right: other.labels[1].right })],
  ];

  it.each(cases)('%s: imported unchanged among the good labels, and it round-trips', (_, index, change) => {
    const misfit = change(session.labels[index]);
    const withMisfit: SessionData = { ...session, labels: session.labels.map((l, i) => (i === index ? misfit : l)) };
    const text = exportSession(withMisfit);
    const parsed = parseSessionFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.session).toEqual(withMisfit);
    expect(parsed.session.labels[index]).toEqual(misfit);
    // Exactly that label is the one the store will set aside; the others still train.
    const { fitting, misfits } = partitionLabels(space, parsed.session.labels);
    expect(misfits.map((m) => m.label.id)).toEqual([misfit.id]);
    expect(fitting).toEqual(session.labels.filter((_, i) => i !== index));
    // Exported again, the file is the same text and imports to the same session.
    expect(exportSession(parsed.session)).toBe(text);
    const again = parseSessionFile(exportSession(parsed.session));
    if (!again.ok) throw new Error(again.error);
    expect(again.session).toEqual(withMisfit);
  });

  it('a file whose labels all fit is read as before: nothing to set aside', () => {
    const parsed = parseSessionFile(exportSession(session));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(partitionLabels(space, parsed.session.labels).misfits).toEqual([]);
  });
});

// ---- property tests ---------------------------------------------------------------------------

const BASES = [
  exportSession(realSession('vase', { labels: 10, withWeights: true, author: 'Ana' })),
  exportSession(realSession('tomato', { labels: 8, labelAuthors: ['Bo', 'Chen'] })),
  exportSession(realSession('supervisor', { labels: 6, seed: 7 })),
  exportSession(realSession('combined', { labels: 8, seed: 3, withWeights: true, settings: { members: 3, segmentLength: 6 } })),
];
const NULLABLE = /^curve\[\d+\]\.(trueReturn|apparentReturn|learnedReturn|normalizedReturn|heldOutAccuracy|disagreement)$/;
const OPTIONAL = new Set(['author', 'weights']);

interface Slot {
  readonly path: (string | number)[];
  readonly value: Json;
}

/** Every position in a parsed file (not the root), with its value. */
function slots(value: Json, path: (string | number)[] = [], out: Slot[] = []): Slot[] {
  if (path.length > 0) out.push({ path, value });
  if (Array.isArray(value)) value.forEach((v, i) => slots(v, [...path, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) slots(v, [...path, k], out);
  return out;
}

const pathText = (p: readonly (string | number)[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
const kind = (x: Json) => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);
const parentOf = (root: Json, path: (string | number)[]) => at(root, ...path.slice(0, -1)) as Record<string | number, Json>;

/** A valid file, parsed, with the position chosen by `pick` (a fraction) among those matching `filter`. */
function choose(root: Json, pick: number, filter: (s: Slot) => boolean): Slot {
  const all = slots(root).filter(filter);
  return all[Math.floor(pick * all.length) % all.length];
}

/** A uniform fraction in [0, 1): picks a position anywhere in the file, not mostly the first one. */
const fraction = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((n) => n / 2 ** 30);

const WRONG: Json[] = ['text', 7, -2.5, true, null, [], [1, 2], {}, { a: 1 }];

/** One mutation guaranteed to break a valid file; returns the file text. */
const mutations: fc.Arbitrary<(base: string) => string>[] = [
  // delete a required field
  fraction.map((p) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const s = choose(root, p, (x) => typeof x.path[x.path.length - 1] === 'string' && !(x.path.length === 1 && OPTIONAL.has(x.path[0] as string)) && x.path[x.path.length - 1] !== 'author');
    delete parentOf(root, s.path)[s.path[s.path.length - 1]];
    return JSON.stringify(root);
  }),
  // rename a field (required: now missing; optional: now unknown)
  fc.tuple(fraction, fc.constantFrom('_', 'X', ' ', '2')).map(([p, suffix]) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const s = choose(root, p, (x) => typeof x.path[x.path.length - 1] === 'string');
    const parent = parentOf(root, s.path);
    const key = s.path[s.path.length - 1] as string;
    parent[key + suffix] = parent[key];
    delete parent[key];
    return JSON.stringify(root);
  }),
  // a value of another JSON type anywhere
  fc.tuple(fraction, fc.nat()).map(([p, w]) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const s = choose(root, p, () => true);
    const options = WRONG.filter((x) => kind(x) !== kind(s.value) && !(x === null && NULLABLE.test(pathText(s.path))));
    parentOf(root, s.path)[s.path[s.path.length - 1]] = options[w % options.length];
    return JSON.stringify(root);
  }),
  // a huge or infinite number in a numeric place (raw JSON: 1e999 is Infinity)
  fc.tuple(fraction, fc.constantFrom('1e999', '-1e999', 'NaN', 'Infinity', '1e400')).map(([p, raw]) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const s = choose(root, p, (x) => typeof x.value === 'number');
    parentOf(root, s.path)[s.path[s.path.length - 1]] = '@@NUMBER@@';
    return JSON.stringify(root).replace('"@@NUMBER@@"', raw);
  }),
  // a negative index in a segment, or one past the format's bounds
  fc.tuple(fraction, fc.integer({ min: 1, max: 2 ** 40 }), fc.boolean()).map(([p, n, negative]) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const s = choose(root, p, (x) => /^labels\[\d+\]\.(left|right)\.(start|startStep|length|transitions\[\d+\])$/.test(pathText(x.path)));
    const key = String(s.path[s.path.length - 1]);
    // A transition past this level's range but within the format's bound only does not fit the
    // level (kept, set aside by the store): past the bound it is refused.
    parentOf(root, s.path)[s.path[s.path.length - 1]] = negative ? -n : key === 'length' ? 21 + (n % 100) : key === 'startStep' ? 500 + n : key === 'start' ? 200_000 + n : 2 ** 31 + n;
    return JSON.stringify(root);
  }),
  // broken level text
  fc.tuple(fc.constantFrom<'char' | 'agent' | 'separator' | 'cut' | 'size' | 'header'>('char', 'agent', 'separator', 'cut', 'size', 'header'), fc.nat()).map(([how, n]) => (base: string) => {
    const root = JSON.parse(base) as { level: { text: string } };
    const t = root.level.text;
    const grid = t.indexOf('---') + 4;
    root.level.text = {
      char: t.slice(0, grid + 1) + '?<script>' + t.slice(grid + 1),
      agent: t.slice(0, grid) + t.slice(grid).replace('A', '.'),
      separator: t.replace('---', '--'),
      cut: t.slice(0, (n % Math.max(1, grid - 4))),
      size: t + `${'#'.repeat(25)}\n`,
      header: `colour: red\n${t}`,
    }[how];
    return JSON.stringify(root);
  }),
  // a __proto__ key in any object
  fraction.map((p) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const objects = [{ path: [], value: root } as Slot, ...slots(root)].filter((x) => kind(x.value) === 'object');
    const target = objects[Math.floor(p * objects.length) % objects.length].value as object;
    Object.defineProperty(target, '__proto__', { value: { isAdmin: true }, enumerable: true });
    return JSON.stringify(root);
  }),
  // deep nesting in place of any value
  fc.tuple(fraction, fc.integer({ min: MAX_NESTING, max: 20_000 })).map(([p, depth]) => (base: string) => {
    const root = JSON.parse(base) as Json;
    const s = choose(root, p, () => true);
    parentOf(root, s.path)[s.path[s.path.length - 1]] = '@@DEEP@@';
    return JSON.stringify(root).replace('"@@DEEP@@"', '['.repeat(depth) + ']'.repeat(depth));
  }),
  // a duplicate id
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('labels', 'verdicts', 'approvals')).map(([i, j, list]) => (base: string) => {
    const root = JSON.parse(base) as Record<string, { id: string }[]>;
    const items = root[list];
    if (items.length < 2) return base.replace('"version": 1', '"version": 0');
    const a = i % items.length;
    const b = (a + 1 + (j % (items.length - 1))) % items.length;
    items[b].id = items[a].id;
    return JSON.stringify(root);
  }),
  // text cut short
  fraction.map((p) => (base: string) => base.slice(0, Math.floor(p * (base.trimEnd().length - 1)))),
  // a huge string: over the size limit, or just under it in a field with a small limit
  fc.tuple(fc.boolean(), fc.constantFrom('author', 'id', 'text')).map(([over, field]) => (base: string) => {
    const root = JSON.parse(base) as { author?: string; labels: { id: string }[]; level: { text: string } };
    const filler = (n: number) => 'A'.repeat(Math.max(0, n));
    const room = MAX_FILE_CHARS - JSON.stringify(root).length - (over ? -10 : 200);
    if (field === 'author') root.author = filler(room);
    else if (field === 'id' && root.labels.length > 0) root.labels[0].id = filler(room);
    else root.level.text = root.level.text + filler(room);
    return JSON.stringify(root);
  }),
];

/** A broken file: a valid base with one to three mutations, the last of them applied last. */
const brokenFile = fc
  .tuple(fc.constantFrom(...BASES), fc.array(fc.oneof(...mutations.map((m, i) => ({ arbitrary: m, weight: i === mutations.length - 1 ? 1 : 10 }))), { minLength: 1, maxLength: 3 }))
  .map(([base, ms]) => ms.reduce((text, m) => {
    // later mutations work on a parseable file; if an earlier one broke the JSON, keep the broken text
    try {
      JSON.parse(text);
    } catch {
      return text;
    }
    return nestingDepth(text) > MAX_NESTING ? text : m(text);
  }, base));

describe('property: hostile import files are refused with one clear line, and nothing changes', () => {
  it('every valid base file is accepted', () => {
    for (const base of BASES) expect(parseSessionFile(base).ok).toBe(true);
  });

  it('300 files mutated from valid ones (deleted/renamed fields, wrong types, huge numbers, NaN, bad indices, broken levels, __proto__, deep nesting, 10 MB strings)', () => {
    const held = realSession('vase', { labels: 5 });
    const before = exportSession(held);
    let current: SessionData = held;
    fc.assert(
      fc.property(brokenFile, (text) => {
        const r = parseSessionFile(text);
        if (r.ok) current = r.session; // what an import does on success: it never should here
        expectRefused(text);
      }),
      { numRuns: 300, seed: 20250301 },
    );
    expect(current).toBe(held);
    expect(exportSession(current)).toBe(before);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('200 arbitrary JSON values (never a session)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => void expectRefused(JSON.stringify(value) ?? '')), { numRuns: 200, seed: 7 });
  });

  it('200 arbitrary objects that claim the format', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (extra) => {
        void expectRefused(JSON.stringify({ ...extra, format: 'reward-playground-session', version: 1 }));
      }),
      { numRuns: 200, seed: 8 },
    );
  });

  it('200 strings of random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), (bytes, utf8) => {
        const text = utf8 ? new TextDecoder().decode(bytes) : String.fromCharCode(...bytes);
        void expectRefused(text);
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
