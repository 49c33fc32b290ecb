/**
 * The level file format (LEVEL-FORMAT.md): every error the parser reports, with its exact line and
 * column and a message that says what is wrong; hand-written variations that must keep loading
 * (Windows line endings, trailing blank lines, spaces as floor, ragged rows, keys in any order); and
 * fast-check round trips: Level → serializeLevel → parseLevel is the identity, varied text parses to
 * the same Level, and parse(serialize(parse(text))) = parse(text).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DRY_PROB, DEFAULT_INTERRUPT_PROB, DEFAULT_INTERRUPT_STEPS, LevelError, MAX_INTERRUPT_STEPS, TILE_CHARS, parseLevel, serializeLevel, type Level, type Supervisor } from '../../src/core/level';
import { MAX_PLAN_CELLS, MAX_STATES, loadLevel, stateLimit } from '../../src/core/states';
import { builtinLevelNames, builtinText, loadBuiltin } from './helpers';

/** The LevelError that loading `text` throws (through loadLevel, and parseLevel unless `afterParse`). */
function levelError(text: string, options: { limit?: number; afterParse?: boolean } = {}): LevelError {
  let error: unknown;
  try {
    loadLevel(text, options.limit);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(LevelError);
  const e = error as LevelError;
  expect(e.name).toBe('LevelError');
  expect(e.message).toBe(`line ${e.line}, column ${e.column}: ${e.reason}`);
  if (options.afterParse) expect(() => parseLevel(text)).not.toThrow();
  else expect(() => parseLevel(text)).toThrow(e.message);
  return e;
}

/** Asserts the error's position and that its reason matches. */
function expectError(text: string, line: number, column: number, reason: RegExp, options?: { limit?: number; afterParse?: boolean }) {
  const e = levelError(text, options);
  expect({ line: e.line, column: e.column }).toEqual({ line, column });
  expect(e.reason).toMatch(reason);
}

const HEAD = 'name: x\nmax_steps: 5\n---\n'; // grid starts on line 4

describe('errors listed in LEVEL-FORMAT.md', () => {
  it('no agent', () => expectError(`${HEAD}#..#\n#.G#\n`, 4, 1, /no agent.*exactly one "A"/));
  it('two agents: the second is reported, naming the first', () =>
    expectError(`${HEAD}#A.\n.A#\n`, 5, 2, /second agent "A".*line 4, column 2/));
  it('unknown character', () => expectError(`${HEAD}A.Z\n`, 4, 3, /unknown character "Z"/));
  it('unknown character: a tab is not floor', () => expectError(`${HEAD}A.\n.\t.\n`, 5, 2, /unknown character "\t"/));
  it('grid over 20 rows: reported at row 21', () => {
    const rows = ['A', ...Array(20).fill('.')];
    expectError(`${HEAD}${rows.join('\n')}\n`, 24, 1, /21 rows high.*at most 20 × 20/);
  });
  it('grid over 20 columns: reported at column 21', () =>
    expectError(`${HEAD}A\n${'.'.repeat(21)}\n`, 5, 21, /21 cells wide.*at most 20 × 20/));
  it('grid over 20 columns with trailing spaces (they are floor)', () =>
    expectError(`${HEAD}A${' '.repeat(20)}\n`, 4, 21, /21 cells wide/));
  it('missing name', () => expectError('max_steps: 5\n---\nA\n', 1, 1, /missing required header key "name"/));
  it('missing max_steps', () => expectError('name: x\n---\nA\n', 1, 1, /missing required header key "max_steps"/));
  for (const bad of ['0', '501', 'abc', '3.5', '-3', '1e2', '']) {
    // "max_steps: " is 11 characters, so the value (or the place for it) starts in column 12.
    it(`bad max_steps "${bad}"`, () =>
      expectError(`name: x\nmax_steps: ${bad}\n---\nA\n`, 2, 12, new RegExp(`max_steps must be a whole number from 1 to 500, got "${bad}"`)));
  }
  it('bad max_steps: the column follows extra spaces', () =>
    expectError('name: x\nmax_steps:    7x\n---\nA\n', 2, 15, /max_steps must be a whole number/));

  it('too many reachable states: a room full of vases and coins', () => {
    const text = `name: many\nmax_steps: 1\n---\n#########\n#A$V$V$V#\n#V$V$V$V#\n#$V$V$V$#\n#V$V$V$V#\n#########\n`;
    expectError(text, 4, 1, new RegExp(`too many reachable states.*more than ${MAX_STATES.toLocaleString('en')} \\(`), { afterParse: true });
  });
  it('too many planning cells: the same room with max_steps 50 stops at MAX_PLAN_CELLS / 51 states, and says to lower max_steps', () => {
    const text = `name: many\nmax_steps: 50\n---\n#########\n#A$V$V$V#\n#V$V$V$V#\n#$V$V$V$#\n#V$V$V$V#\n#########\n`;
    const limit = Math.floor(MAX_PLAN_CELLS / 51);
    expect(stateLimit(50)).toBe(limit);
    expectError(text, 4, 1, new RegExp(`more than ${limit.toLocaleString('en')} with max_steps 50 .*or lower max_steps`), { afterParse: true });
    // Every built-in level is far below the cap.
    for (const name of builtinLevelNames()) {
      const { space } = loadBuiltin(name);
      expect(space.numStates * (space.world.level.maxSteps + 1)).toBeLessThan(MAX_PLAN_CELLS / 10);
    }
  });
  it('too many reachable states: the limit argument, on warmup.level (15 states)', () => {
    const text = builtinText('warmup');
    expectError(text, 5, 1, /too many reachable states.*more than 14/, { limit: 14, afterParse: true });
    expect(loadLevel(text, 15).space.numStates).toBe(15);
  });
  it('too many reachable states: the line is right with Windows line endings and blank header lines', () => {
    const text = `\r\nname: x\r\n\r\nmax_steps: 5\r\n---\r\n#A..#\r\n`;
    expectError(text, 6, 1, /more than 2\b/, { limit: 2, afterParse: true });
  });
});

describe('other errors the parser reports', () => {
  it("missing '---'", () => expectError('name: x\nmax_steps: 5\nA', 3, 1, /missing the '---' line/));
  it('empty text', () => expectError('', 1, 1, /missing the '---' line/));
  it('unknown header key', () => expectError('name: x\nmax_steps: 5\ncolour: red\n---\nA\n', 3, 1, /unknown header key "colour"/));
  it('header keys are case-sensitive', () => expectError('Name: x\nmax_steps: 5\n---\nA\n', 1, 1, /unknown header key "Name"/));
  it('duplicate key', () => expectError('name: x\nmax_steps: 5\nname: y\n---\nA\n', 3, 1, /"name" appears twice/));
  it('a header line without a colon', () => expectError('name: x\nhello\n---\nA\n', 2, 1, /expected 'key: value'.*"hello"/));
  it('bad supervisor', () =>
    expectError(`${HEAD.replace('---', 'supervisor: sometimes\n---')}A\n`, 3, 13, /supervisor must be present, absent or random, got "sometimes"/));
  for (const bad of ['1.5', '-0.1', 'abc', '0.5.1', '2']) {
    it(`bad dry_prob "${bad}"`, () =>
      expectError(`${HEAD.replace('---', `dry_prob: ${bad}\n---`)}A\n`, 3, 11, new RegExp(`dry_prob must be a number from 0 to 1, got "${bad.replace('.', '\\.')}"`)));
  }
  it('bad interrupt_prob', () =>
    expectError(`${HEAD.replace('---', 'interrupt_prob: 1.5\n---')}A\n`, 3, 17, /interrupt_prob must be a number from 0 to 1, got "1\.5"/));
  for (const bad of ['0', '51', '2.5', 'x']) {
    it(`bad interrupt_steps "${bad}"`, () =>
      expectError(`${HEAD.replace('---', `interrupt_steps: ${bad}\n---`)}A\n`, 3, 18, new RegExp(`interrupt_steps must be a whole number from 1 to 50, got "${bad.replace('.', '\\.')}"`)));
  }
  it('empty grid: reported at the --- line', () => expectError(`${HEAD}\n   \n\n`, 3, 1, /grid is empty/));
  it('name too long', () => expectError(`name: ${'n'.repeat(61)}\nmax_steps: 5\n---\nA\n`, 1, 7, /name must be 1–60 characters, got 61/));
  it('empty name', () => expectError('name:\nmax_steps: 5\n---\nA\n', 1, 6, /name must be 1–60 characters, got 0/));
  it('not text', () => {
    const e = (() => {
      try {
        parseLevel(42 as unknown as string);
      } catch (err) {
        return err as LevelError;
      }
      throw new Error('no error');
    })();
    expect([e.line, e.column, e.reason]).toEqual([1, 1, 'a level must be text']);
  });
});

describe('hand-written variations that must load', () => {
  const canonical = 'name: Room\nmax_steps: 12\n---\n#####\n#A.G#\n#...#\n#####\n';
  const room = parseLevel(canonical);

  it('the canonical text', () => {
    expect(room).toEqual({
      name: 'Room',
      maxSteps: 12,
      summary: '',
      supervisor: 'present',
      dryProb: DEFAULT_DRY_PROB,
      interruptProb: DEFAULT_INTERRUPT_PROB,
      interruptSteps: DEFAULT_INTERRUPT_STEPS,
      width: 5,
      height: 4,
      grid: ['#####', '#A.G#', '#...#', '#####'],
    });
    expect(Object.isFrozen(room)).toBe(true);
    expect(Object.isFrozen(room.grid)).toBe(true);
    expect(structuredClone(room)).toEqual(room);
  });
  it('Windows line endings', () => expect(parseLevel(canonical.replace(/\n/g, '\r\n'))).toEqual(room));
  it('trailing blank lines, including ones with spaces', () => expect(parseLevel(`${canonical}\n\n   \n\r\n`)).toEqual(room));
  it('no final newline', () => expect(parseLevel(canonical.trimEnd())).toEqual(room));
  it('a byte-order mark', () => expect(parseLevel(`\uFEFF${canonical}`)).toEqual(room));
  it('blank header lines, spaces around keys and values, trailing space after ---', () =>
    expect(parseLevel('\n  name  :   Room  \n\nmax_steps:12\n---  \n#####\n#A.G#\n#...#\n#####\n')).toEqual(room));
  it('spaces as floor', () => expect(parseLevel('name: Room\nmax_steps: 12\n---\n#####\n#A G#\n#   #\n#####\n')).toEqual(room));
  it('ragged rows are padded with floor', () => {
    const l = parseLevel('name: R\nmax_steps: 3\n---\n#####\n#A\n\n#..G#\n');
    expect(l.grid).toEqual(['#####', '#A...', '.....', '#..G#']);
    expect([l.width, l.height]).toEqual([5, 4]);
  });
  it('keys in any order', () => {
    const text = 'dry_prob: 0.5\nsupervisor: random\nmax_steps: 7\nsummary: s: with a colon\nname: N\n---\nA\n';
    expect(parseLevel(text)).toMatchObject({ name: 'N', maxSteps: 7, summary: 's: with a colon', supervisor: 'random', dryProb: 0.5 });
  });
  it('the limits themselves: 20 × 20, max_steps 1 and 500, dry_prob 0 and 1, a 60-character name', () => {
    const grid = ['A'.padEnd(20, '.'), ...Array(19).fill('#'.repeat(20))].join('\n');
    for (const [steps, dry] of [
      ['1', '0'],
      ['500', '1'],
      ['007', '1.'],
      ['30', '.25'],
    ]) {
      const { level, space } = loadLevel(`name: ${'n'.repeat(60)}\nmax_steps: ${steps}\ndry_prob: ${dry}\n---\n${grid}\n`);
      expect([level.width, level.height, level.maxSteps, level.dryProb]).toEqual([20, 20, +steps, +dry]);
      expect(space.numStates).toBe(20);
    }
  });
  it('every built-in level in every variation above parses the same', () => {
    for (const name of builtinLevelNames()) {
      const text = builtinText(name);
      const level = parseLevel(text);
      expect(parseLevel(text.replace(/\n/g, '\r\n'))).toEqual(level);
      expect(parseLevel(`\uFEFF${text}\n\n`)).toEqual(level);
      const [head, grid] = text.split('---\n');
      const keys = head.trim().split('\n').reverse().join('\n');
      expect(parseLevel(`${keys}\n---\n${grid.replace(/\./g, ' ')}`)).toEqual(level);
      expect(parseLevel(serializeLevel(level))).toEqual(level);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Round-trip properties.

const GRID_CHARS = (Object.keys(TILE_CHARS) as string[]).filter((c) => c !== 'A');

/** A grid of width × height cells from TILE_CHARS with exactly one A. */
const gridArb = fc
  .record({ width: fc.integer({ min: 1, max: 20 }), height: fc.integer({ min: 1, max: 20 }) })
  .chain(({ width, height }) =>
    fc.record({
      width: fc.constant(width),
      height: fc.constant(height),
      cells: fc.array(fc.constantFrom(...GRID_CHARS), { minLength: width * height, maxLength: width * height }),
      agent: fc.integer({ min: 0, max: width * height - 1 }),
    }),
  )
  .map(({ width, height, cells, agent }) => {
    cells[agent] = 'A';
    const grid = Array.from({ length: height }, (_, y) => cells.slice(y * width, (y + 1) * width).join(''));
    return { width, height, grid };
  });

/** One-line text as the parser stores it: trimmed, no line breaks. */
const lineArb = (minLength: number, maxLength: number) =>
  fc
    .oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'binary', minLength, maxLength }))
    .filter((s) => s.length >= minLength && s.length <= maxLength && s === s.trim() && !/[\r\n]/.test(s));

const supervisorArb = fc.constantFrom<Supervisor>('present', 'absent', 'random');

/** Any valid Level: header values anywhere in range. */
const levelArb: fc.Arbitrary<Level> = fc
  .record({
    name: lineArb(1, 60),
    maxSteps: fc.integer({ min: 1, max: 500 }),
    summary: fc.oneof(fc.constant(''), lineArb(1, 80)),
    supervisor: supervisorArb,
    dryProb: fc.oneof(fc.constant(DEFAULT_DRY_PROB), fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    interruptProb: fc.oneof(fc.constant(DEFAULT_INTERRUPT_PROB), fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    interruptSteps: fc.integer({ min: 1, max: MAX_INTERRUPT_STEPS }),
    grid: gridArb,
  })
  .map(({ grid, ...head }) => ({ ...head, ...grid }));

describe('round trips (fast-check)', () => {
  it('serializeLevel then parseLevel gives back any valid Level', () => {
    fc.assert(
      fc.property(levelArb, (level) => {
        expect(parseLevel(serializeLevel(level))).toEqual(level);
      }),
      { numRuns: 300 },
    );
  });

  it('regression: a dry_prob written in plain decimals survives parse → serialize → parse', () => {
    const level = parseLevel(`${HEAD.replace('---', 'dry_prob: 0.0000001\n---')}A\n`);
    expect(level.dryProb).toBe(1e-7);
    expect(parseLevel(serializeLevel(level))).toEqual(level);
  });

  /** Hand-written-looking text for a Level, with the given variations. */
  const variedArb = fc
    .record({
      level: levelArb,
      dryText: fc.constantFrom('0', '1', '0.05', '0.3', '.5', '1.', '0.125', '1.000'),
      explicitDefaults: fc.boolean(),
      order: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
      pad: fc.constantFrom('', ' ', '   '),
      crlf: fc.boolean(),
      bom: fc.boolean(),
      blankHeaderLines: fc.boolean(),
      spaces: fc.boolean(),
      ragged: fc.boolean(),
      trailing: fc.constantFrom('', '\n', '\n\n  \n'),
    })
    .map((v) => {
      const level: Level = { ...v.level, dryProb: +v.dryText };
      const head: [string, string, number][] = [
        ['name', level.name, v.order[0]],
        ['max_steps', String(level.maxSteps), v.order[1]],
      ];
      if (level.summary || v.explicitDefaults) head.push(['summary', level.summary, v.order[2]]);
      if (level.supervisor !== 'present' || v.explicitDefaults) head.push(['supervisor', level.supervisor, v.order[3]]);
      head.push(['dry_prob', v.dryText, v.order[4]]);
      if (level.interruptProb !== DEFAULT_INTERRUPT_PROB || v.explicitDefaults) head.push(['interrupt_prob', String(level.interruptProb), v.order[5]]);
      if (level.interruptSteps !== DEFAULT_INTERRUPT_STEPS || v.explicitDefaults) head.push(['interrupt_steps', String(level.interruptSteps), v.order[6]]);
      head.sort((a, b) => a[2] - b[2]);
      const headLines = head.map(([k, val]) => `${v.pad}${k}${v.pad}:${v.pad}${val}${v.pad}`);
      if (v.blankHeaderLines) headLines.splice(1, 0, '', v.pad);
      const last = level.grid.length - 1;
      // The last row keeps its full width and its dots, so the width and height cannot change.
      const rows = level.grid.map((row, i) => {
        if (i === last) return row;
        let r = v.ragged ? row.replace(/\.+$/, '') : row;
        if (v.spaces) r = r.replace(/\./g, ' ');
        return r;
      });
      const nl = v.crlf ? '\r\n' : '\n';
      const text = `${v.bom ? '\uFEFF' : ''}${[...headLines, `---${v.pad}`, ...rows].join(nl)}${v.trailing.replace(/\n/g, nl)}`;
      return { level, text };
    });

  it('hand-written variations of any level parse to the same Level', () => {
    fc.assert(
      fc.property(variedArb, ({ level, text }) => {
        expect(parseLevel(text)).toEqual(level);
      }),
      { numRuns: 300 },
    );
  });

  it('parse(serialize(parse(text))) = parse(text)', () => {
    fc.assert(
      fc.property(variedArb, ({ text }) => {
        const once = parseLevel(text);
        const canonical = serializeLevel(once);
        expect(parseLevel(canonical)).toEqual(once);
        expect(serializeLevel(parseLevel(canonical))).toBe(canonical);
      }),
      { numRuns: 200 },
    );
  });
});
