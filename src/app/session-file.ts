/**
 * Session files: a whole session as one versioned JSON document (docs/export-formats.md) — the
 * level's text, settings and seed, labels with provenance and segments, the assistant verdicts, plan
 * approvals, the learning curve and, optionally, the reward-model weights.
 *
 * `parseSessionFile` treats the file as hostile: it never throws, checks size and nesting before
 * parsing, refuses `__proto__` keys, validates the shape with a schema (valibot) and then the meaning
 * — the level loads, every segment is well formed (as many actions as steps, no more steps than the
 * clip's length, within the level's step limit), ids are unique, weights fit the model — and reports
 * the first problem as one line naming where it is (`labels[3].left.actions: 11 actions for 10
 * transitions`). It returns new plain data and touches nothing else, so a failed import leaves the
 * session exactly as it was.
 *
 * Whether a label's steps follow the level's dynamics is not a reason to refuse the file: a session
 * may hold labels that do not fit its level (set aside by the store, kept in its export), and such a
 * file must import again. Those labels are returned as they are; the store sets them aside.
 */
import * as v from 'valibot';
import { upgradeClaimFeatures } from '../core/claims/features';
import { CLAIM_KINDS } from '../core/claims/types';
import { FEATURE_DIM } from '../core/features';
import { ACTION_LETTERS, type Action } from '../core/gridworld';
import { MAX_STEPS_LIMIT, parseLevel, serializeLevel } from '../core/level';
import type { Answer, Label, Provenance, Segment } from '../core/preferences';
import { MAX_STATES, type StateSpace } from '../core/states';
import { loadLevelOnce } from './level-spaces';
import type { Verdict } from '../core/verdicts';
import type { EnsembleWeights } from '../learning/ensemble';
import { cleanAuthorName } from './author-name';
import { levelById } from './builtin-levels';
import type { SavedSession } from './persistence';
import type { Approval, CurvePoint } from './session-types';
import { SETTING_SPECS, type SettingKey, type Settings } from './settings';
import { decodeBase64, encodeBase64, oneLine } from './url-state';

/** The `format` field of every session file. */
export const SESSION_FORMAT = 'reward-playground-session';
/** The version this code writes and reads. */
export const SESSION_VERSION = 1;
/** Largest file accepted, in characters (check `File.size` against it before reading a file). */
export const MAX_FILE_CHARS = 10_000_000;
/** Most labels in one file (also the most verdicts, approvals and curve points). */
export const MAX_LABELS = 20_000;
/** Longest author name, in characters. */
export const MAX_AUTHOR_LENGTH = 100;
/** Longest level text in a file, in characters. */
export const MAX_LEVEL_TEXT = 20_000;
/** Deepest nesting of arrays and objects accepted (the format itself needs 5). */
export const MAX_NESTING = 32;
/** Longest segment in a file, in steps (the longest clip setting). */
/** A clip is at most one whole episode (a level's max_steps is at most 500). */
const MAX_SEGMENT = 500;
const MAX_ID = 64;

/** A whole session, as exported and as imported: plain data the store can adopt as it is. */
export interface SessionData {
  /** Settings; `levelId` is a built-in id only when `levelText` is that level's text, else 'custom'. */
  readonly settings: Settings;
  /** Labels as written; some may not fit the level (see `partitionLabels`): the store sets those aside. */
  readonly labels: readonly Label[];
  readonly verdicts: readonly Verdict[];
  readonly approvals: readonly Approval[];
  readonly curve: readonly CurvePoint[];
  /** Reward-model weights at export time (the store retrains from the labels anyway). */
  readonly weights?: EnsembleWeights;
  /** Who exported the file (1–100 characters, one line). */
  readonly author?: string;
  /** When the file was exported (ISO 8601); set by `exportSession` when absent. */
  readonly exportedAt?: string;
}

/** The outcome of reading a file: the session, or one line saying what is wrong and where. */
export type ParseResult = { readonly ok: true; readonly session: SessionData & { readonly exportedAt: string } } | { readonly ok: false; readonly error: string };

// ---- the schema -------------------------------------------------------------------------------

const int = (lo: number, hi: number) => v.pipe(v.number(), v.integer(), v.minValue(lo), v.maxValue(hi));
const finite = v.pipe(v.number(), v.finite());
/** A real number in [lo, hi]; absent (a file written before the setting existed) reads as 0. */
const realOrZero = (lo: number, hi: number) => v.optional(v.pipe(finite, v.minValue(lo), v.maxValue(hi)), 0);
const orNull = v.nullable(finite);
const text = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));
const oneLineText = (max: number) => v.pipe(text(1, max), v.regex(/^[^\p{Cc}\u2028\u2029]*$/u, 'must be one line of text without control characters'));
const id = oneLineText(MAX_ID);
const list = <T extends v.GenericSchema>(item: T, max = MAX_LABELS) => v.pipe(v.array(item), v.maxLength(max));
/** Every value of a union type, checked complete by the compiler. */
const choices = <T extends string>(all: Record<T, true>) => Object.keys(all) as T[];

const ANSWERS = choices<Answer>({ left: true, right: true, equal: true, 'cant-tell': true });
const PROVENANCES = choices<Provenance>({ person: true, labeller: true, assistant: true, demonstration: true });

const SegmentSchema = v.strictObject({
  start: int(0, MAX_STATES),
  startStep: int(0, MAX_STEPS_LIMIT),
  length: int(1, MAX_SEGMENT),
  actions: v.pipe(v.string(), v.maxLength(MAX_SEGMENT), v.regex(/^[udlr]*$/, 'must be a string of the letters u, d, l, r')),
  transitions: list(int(0, 2 ** 31 - 1), MAX_SEGMENT),
});

const LabelSchema = v.strictObject({
  id,
  answer: v.picklist(ANSWERS),
  provenance: v.picklist(PROVENANCES),
  heldOut: v.boolean(),
  author: v.optional(oneLineText(MAX_AUTHOR_LENGTH)),
  left: SegmentSchema,
  right: SegmentSchema,
});

/** The schema of each setting, from its entry in SETTING_SPECS (one per setting, checked by the compiler). */
const SettingsSchema = v.strictObject({
  seed: int(...SETTING_SPECS.seed.range),
  queryMode: v.picklist(SETTING_SPECS.queryMode.values),
  members: int(...SETTING_SPECS.members.range),
  /** The reward model's kind; absent (an older file) reads as the features model. */
  rewardModel: v.optional(v.picklist(SETTING_SPECS.rewardModel.values), 'features'),
  segmentLength: int(...SETTING_SPECS.segmentLength.range),
  labeller: v.picklist(SETTING_SPECS.labeller.values),
  labellerNoise: realOrZero(...SETTING_SPECS.labellerNoise.range),
  labellerTemperature: realOrZero(...SETTING_SPECS.labellerTemperature.range),
  autoLabelDelayMs: int(...SETTING_SPECS.autoLabelDelayMs.range),
  backend: v.picklist(SETTING_SPECS.backend.values),
  /** The label-budget challenge's budget; absent (no challenge, or an older file) reads as null. */
  budget: v.optional(v.nullable(int(...SETTING_SPECS.budget.range)), null),
} satisfies Record<SettingKey, v.GenericSchema>);

const VerdictSchema = v.strictObject({
  id,
  claimId: oneLineText(2 * MAX_ID),
  kind: v.picklist(CLAIM_KINDS),
  // Today's layout, or one written when there were fewer kinds of claim (widened on reading).
  features: v.pipe(
    v.array(v.pipe(finite, v.minValue(-1), v.maxValue(1))),
    v.check((f) => upgradeClaimFeatures(f) !== null, 'has the wrong number of entries for a claim feature vector'),
  ),
  accepted: v.boolean(),
  strength: v.picklist([1, 2, 3] as const),
  pAccept: v.optional(v.pipe(finite, v.minValue(0), v.maxValue(1))),
});

const ApprovalSchema = v.strictObject({
  id,
  labels: int(0, MAX_LABELS),
  approved: v.boolean(),
  trueReturn: finite,
  apparentReturn: finite,
  flawed: v.boolean(),
});

/** Curve numbers that were not finite are written as null (JSON has no NaN). */
const CurvePointSchema = v.strictObject({
  labels: int(0, MAX_LABELS),
  trueReturn: orNull,
  apparentReturn: orNull,
  learnedReturn: orNull,
  normalizedReturn: orNull,
  heldOutAccuracy: v.nullable(v.pipe(finite, v.minValue(0), v.maxValue(1))),
  disagreement: orNull,
});

const WeightsSchema = v.strictObject({
  shapes: list(v.pipe(v.array(int(1, 1024)), v.length(3)), 10),
  /** Base64 of little-endian float32, or plain numbers. */
  values: list(v.union([v.pipe(v.string(), v.maxLength(8_000_000)), list(finite, 2_000_000)]), 10),
});

const FileSchema = v.strictObject({
  format: v.literal(SESSION_FORMAT),
  version: v.literal(SESSION_VERSION),
  exportedAt: v.pipe(oneLineText(40), v.check((s) => !Number.isNaN(Date.parse(s)), 'must be a date and time (ISO 8601)')),
  author: v.optional(oneLineText(MAX_AUTHOR_LENGTH)),
  level: v.strictObject({
    id: v.pipe(v.string(), v.regex(/^(?:[a-z0-9][a-z0-9_-]{0,39}|gen:(?:0|[1-9]\d{0,9}))$/, "must be a level id: a–z, 0–9, '-' or '_', at most 40, or gen: and a seed")),
    text: text(1, MAX_LEVEL_TEXT),
  }),
  settings: SettingsSchema,
  labels: list(LabelSchema),
  verdicts: list(VerdictSchema),
  approvals: list(ApprovalSchema),
  curve: list(CurvePointSchema),
  weights: v.optional(WeightsSchema),
});

/** The JSON shape of a version-1 session file (what `exportSession` writes; optional settings may be absent). */
export type SessionFileV1 = v.InferInput<typeof FileSchema>;
/** A file as read: absent optional settings filled with their defaults. */
type ReadFileV1 = v.InferOutput<typeof FileSchema>;
type FileSegment = v.InferOutput<typeof SegmentSchema>;

// ---- export -----------------------------------------------------------------------------------

/** The session as a version-1 file: JSON text, one label (or verdict, point…) per line. */
export function exportSession(data: SessionData): string {
  const { settings } = data;
  const author = data.author === undefined ? undefined : cleanAuthor(data.author);
  const file: SessionFileV1 = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: data.exportedAt ?? new Date().toISOString(),
    ...(author ? { author } : {}),
    level: { id: levelIdFor(settings), text: settings.levelText },
    settings: {
      queryMode: settings.queryMode,
      members: settings.members,
      // Written only for the grid model, so features sessions stay readable by older versions.
      ...(settings.rewardModel !== 'features' ? { rewardModel: settings.rewardModel } : {}),
      segmentLength: settings.segmentLength,
      seed: settings.seed,
      labeller: settings.labeller,
      // A noisy simulated labeller is written only when chosen, so exact sessions stay readable by older versions.
      ...(settings.labellerNoise ? { labellerNoise: settings.labellerNoise } : {}),
      ...(settings.labellerTemperature ? { labellerTemperature: settings.labellerTemperature } : {}),
      autoLabelDelayMs: settings.autoLabelDelayMs,
      backend: settings.backend,
      // Written only in a challenge, so other sessions stay readable by older versions.
      ...(settings.budget != null ? { budget: settings.budget } : {}),
    },
    labels: data.labels.map((l) => ({
      id: l.id,
      answer: l.answer,
      provenance: l.provenance,
      heldOut: l.heldOut,
      ...(l.author !== undefined && cleanAuthor(l.author) ? { author: cleanAuthor(l.author) } : {}),
      left: fileSegment(l.left),
      right: fileSegment(l.right),
    })),
    verdicts: data.verdicts.map((x) => ({
      id: x.id,
      claimId: x.claimId,
      kind: x.kind,
      features: [...x.features],
      accepted: x.accepted,
      strength: x.strength,
      // Written only when known, so files without predictions stay as older versions wrote them.
      ...(x.pAccept !== undefined && Number.isFinite(x.pAccept) ? { pAccept: x.pAccept } : {}),
    })),
    approvals: data.approvals.map((a) => ({ id: a.id, labels: a.labels, approved: a.approved, trueReturn: a.trueReturn, apparentReturn: a.apparentReturn, flawed: a.flawed })),
    curve: data.curve.map((p) => ({
      labels: p.labels,
      trueReturn: finiteOrNull(p.trueReturn),
      apparentReturn: finiteOrNull(p.apparentReturn),
      learnedReturn: finiteOrNull(p.learnedReturn),
      normalizedReturn: finiteOrNull(p.normalizedReturn),
      heldOutAccuracy: p.heldOutAccuracy === null ? null : finiteOrNull(p.heldOutAccuracy),
      disagreement: finiteOrNull(p.disagreement),
    })),
    ...(data.weights ? { weights: { shapes: data.weights.shapes.map((s) => [...s]), values: data.weights.values.map(float32ToBase64) } } : {}),
  };
  return stringifyFile(file);
}

/** A file name for an export: `reward-playground-<level>[-<author>]-<date>.json`. */
export function sessionFileName(data: SessionData, now = new Date()): string {
  const date = now.toISOString().slice(0, 10);
  // The author's name, as letters and digits, keeps a workshop's files apart in one folder.
  const who = (data.author ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `reward-playground-${levelIdFor(data.settings).replace(/:/g, '-')}${who ? `-${who}` : ''}-${date}.json`; // gen:42 → gen-42: ':' is not allowed in file names everywhere
}

/** What the store persists for an imported session. */
export function toSavedSession(session: SessionData): SavedSession {
  const { settings, labels, curve, verdicts, approvals } = session;
  return { version: 1, settings, labels, curve, verdicts, approvals };
}

function fileSegment(s: Segment): FileSegment {
  return { start: s.start, startStep: s.startStep, length: s.length, actions: s.actions.map((a) => ACTION_LETTERS[a]).join(''), transitions: [...s.transitions] };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function cleanAuthor(name: string): string | undefined {
  return cleanAuthorName(name, MAX_AUTHOR_LENGTH) || undefined;
}

/** The id written for the level: the built-in or generated (`gen:SEED`) id when the text is that level's, else 'custom'. */
function levelIdFor(settings: Settings): string {
  const builtin = settings.levelId === 'custom' ? undefined : levelById(settings.levelId);
  return builtin && sameLevel(builtin.text, settings.levelText) ? builtin.id : 'custom';
}

/** Whether two level texts describe the same level (canonical forms equal); false when either is invalid. */
export function sameLevel(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return serializeLevel(parseLevel(a)) === serializeLevel(parseLevel(b));
  } catch {
    return false;
  }
}

/** Pretty at the top, compact below: one record per line keeps big files readable and diffable. */
function stringifyFile(file: SessionFileV1): string {
  const entries = Object.entries(file).map(([key, value]) => {
    const name = JSON.stringify(key);
    if (key === 'weights') {
      const w = value as NonNullable<SessionFileV1['weights']>;
      return `  ${name}: {\n    "shapes": ${JSON.stringify(w.shapes)},\n    "values": [${w.values.map((x) => `\n      ${JSON.stringify(x)}`).join(',')}\n    ]\n  }`;
    }
    if (Array.isArray(value)) {
      return value.length === 0 ? `  ${name}: []` : `  ${name}: [\n${value.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
    }
    return `  ${name}: ${JSON.stringify(value)}`;
  });
  return `{\n${entries.join(',\n')}\n}\n`;
}

function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return encodeBase64(bytes);
}

// ---- import -----------------------------------------------------------------------------------

class FileProblem extends Error {}
function fail(where: string, what: string): never {
  throw new FileProblem(where ? `${where}: ${what}` : what);
}

/** Reads a session file; never throws. On failure, `error` is one line naming the first problem. */
export function parseSessionFile(input: string): ParseResult {
  try {
    return { ok: true, session: readFile(input) };
  } catch (err) {
    if (err instanceof FileProblem) return { ok: false, error: oneLine(err.message, 300) };
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, error: `the file could not be read (${oneLine(why, 120)})` };
  }
}

function readFile(input: string): SessionData & { exportedAt: string } {
  if (typeof input !== 'string') fail('', 'the file is not text');
  if (input.length > MAX_FILE_CHARS) {
    fail('', `the file is too large (${(input.length / 1e6).toFixed(1)} MB; at most ${MAX_FILE_CHARS / 1e6} MB)`);
  }
  const source = input.replace(/^\uFEFF/, '');
  if (source.trim() === '') fail('', 'the file is empty');
  const depth = nestingDepth(source);
  if (depth > MAX_NESTING) fail('', `the file is nested ${depth} levels deep; a session file needs at most ${MAX_NESTING}`);
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    fail('', `the file is not valid JSON (${oneLine(err instanceof Error ? err.message : String(err), 100)})`);
  }
  const polluted = findKey(json, '__proto__', '');
  if (polluted !== null) fail(polluted, 'the key "__proto__" is not allowed');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('', 'the file is not a Reward Playground session (expected a JSON object)');
  const head = json as Record<string, unknown>;
  if (head.format !== SESSION_FORMAT) fail('format', `this is not a Reward Playground session file (expected "${SESSION_FORMAT}", got ${describe(head.format)})`);
  if (typeof head.version === 'number' && head.version > SESSION_VERSION && Number.isInteger(head.version)) {
    fail('version', `this file is version ${head.version}, made by a newer Reward Playground; this one reads version ${SESSION_VERSION}`);
  }
  const parsed = v.safeParse(FileSchema, json, { abortEarly: true });
  if (!parsed.success) {
    const issue = parsed.issues[0];
    fail(issuePath(issue), issueMessage(issue));
  }
  return checkMeaning(parsed.output);
}

/** The semantic checks that a schema cannot express, then the conversion to session data. */
function checkMeaning(file: ReadFileV1): SessionData & { exportedAt: string } {
  let space: StateSpace;
  try {
    space = loadLevelOnce(file.level.text).space;
  } catch (err) {
    return fail('level.text', `the level does not load: ${err instanceof Error ? err.message : String(err)}`);
  }
  const maxSteps = space.world.level.maxSteps;
  unique(file.labels, 'labels');
  unique(file.verdicts, 'verdicts');
  unique(file.approvals, 'approvals');
  const labels = file.labels.map((l, i): Label => ({
    id: l.id,
    left: readSegment(maxSteps, l.left, `labels[${i}].left`),
    right: readSegment(maxSteps, l.right, `labels[${i}].right`),
    answer: l.answer,
    provenance: l.provenance,
    heldOut: l.heldOut,
    ...(l.author !== undefined ? { author: l.author } : {}),
  }));
  // Weights made for another feature set (an older version of the model's inputs) or of the grid
  // model are left out: the labels are what matters, and the model retrains from them.
  const fitsFeatures = file.settings.rewardModel === 'features' && file.weights?.shapes[0]?.[1] === FEATURE_DIM;
  const weights = file.weights && fitsFeatures ? readWeights(file.weights, file.settings.members) : undefined;
  const builtin = file.level.id === 'custom' ? undefined : levelById(file.level.id);
  const levelId = builtin && sameLevel(builtin.text, file.level.text) ? builtin.id : 'custom';
  return {
    exportedAt: file.exportedAt,
    ...(file.author !== undefined ? { author: file.author } : {}),
    settings: { levelId, levelText: file.level.text, ...file.settings },
    labels,
    verdicts: file.verdicts.map((x) => ({ ...x, features: upgradeClaimFeatures(x.features) ?? [] })),
    approvals: file.approvals.map((a) => ({ ...a })),
    curve: file.curve.map((p) => ({
      labels: p.labels,
      trueReturn: p.trueReturn ?? NaN,
      apparentReturn: p.apparentReturn ?? NaN,
      learnedReturn: p.learnedReturn ?? NaN,
      normalizedReturn: p.normalizedReturn ?? NaN,
      heldOutAccuracy: p.heldOutAccuracy,
      disagreement: p.disagreement ?? NaN,
    })),
    ...(weights ? { weights } : {}),
  };
}

function unique(records: readonly { id: string }[], where: string): void {
  const first = new Map<string, number>();
  records.forEach((r, i) => {
    const j = first.get(r.id);
    if (j !== undefined) fail(`${where}[${i}].id`, `"${oneLine(r.id, 40)}" is used twice (also ${where}[${j}].id)`);
    first.set(r.id, i);
  });
}

/**
 * A segment from the file, checked for its shape only: as many action letters as steps, no more
 * steps than the clip's length, none past the level's step limit. Its start state and steps are
 * kept even when they do not follow the level's dynamics (`segmentMisfit` says why; the store sets
 * such a label aside): indices are already bounded by the schema, and nothing here indexes the level.
 */
function readSegment(maxSteps: number, s: FileSegment, where: string): Segment {
  const n = s.transitions.length;
  if (s.actions.length !== n) fail(`${where}.actions`, `${s.actions.length} actions for ${n} transitions`);
  if (n > s.length) fail(`${where}.transitions`, `${n} steps, more than the clip length ${s.length}`);
  if (s.startStep + n > maxSteps) fail(`${where}.startStep`, `step ${s.startStep} + ${n} steps runs past the level's ${maxSteps}-step limit`);
  const actions = [...s.actions].map((ch) => ACTION_LETTERS.indexOf(ch as 'u') as Action);
  return { start: s.start, startStep: s.startStep, actions, transitions: [...s.transitions], length: s.length };
}

/** Weights from the file: layer shapes chained from the features to one output, values decoded. */
function readWeights(w: NonNullable<SessionFileV1['weights']>, members: number): EnsembleWeights {
  if (w.values.length !== w.shapes.length) fail('weights.values', `${w.values.length} arrays for ${w.shapes.length} shapes`);
  if (w.shapes.length < 2 || w.shapes.length % 2 !== 0 || w.shapes.length > 10) fail('weights.shapes', 'expected a weight matrix and a bias per layer, 1–5 layers');
  let width: number = FEATURE_DIM;
  for (let i = 0; i < w.shapes.length; i += 2) {
    const [e, inputs, units] = w.shapes[i];
    const [be, one, bunits] = w.shapes[i + 1];
    if (e !== members || be !== members) fail(`weights.shapes[${e !== members ? i : i + 1}][0]`, `${e !== members ? e : be} ensemble members, but settings.members is ${members}`);
    if (inputs !== width) fail(`weights.shapes[${i}][1]`, `layer ${i / 2 + 1} takes ${inputs} inputs; the previous layer gives ${width}`);
    if (one !== 1 || bunits !== units) fail(`weights.shapes[${i + 1}]`, `the bias of layer ${i / 2 + 1} must have shape [${members}, 1, ${units}]`);
    width = units;
  }
  if (width !== 1) fail(`weights.shapes[${w.shapes.length - 2}][2]`, `the last layer must give 1 output (the learned reward), not ${width}`);
  const values = w.values.map((raw, i) => {
    const size = w.shapes[i].reduce((a, b) => a * b, 1);
    let out: Float32Array;
    if (typeof raw === 'string') {
      const bytes = decodeBase64(raw);
      if (!bytes) return fail(`weights.values[${i}]`, 'is not base64 text');
      if (bytes.length !== size * 4) return fail(`weights.values[${i}]`, `${bytes.length} bytes; shape [${w.shapes[i].join(', ')}] needs ${size * 4}`);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      out = Float32Array.from({ length: size }, (_, j) => view.getFloat32(j * 4, true));
    } else {
      if (raw.length !== size) fail(`weights.values[${i}]`, `${raw.length} numbers; shape [${w.shapes[i].join(', ')}] needs ${size}`);
      out = Float32Array.from(raw);
    }
    const bad = out.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`weights.values[${i}]`, `value ${bad} is not a finite number`);
    return out;
  });
  return { shapes: w.shapes.map((s) => [...s]), values };
}

// ---- helpers for hostile input ----------------------------------------------------------------

/** Deepest bracket nesting of JSON text, outside strings; linear, no recursion. */
export function nestingDepth(source: string): number {
  let depth = 0,
    max = 0,
    inString = false;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) max = Math.max(max, ++depth);
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** Path of the first own key named `key` anywhere in parsed JSON (bounded depth), or null. */
function findKey(value: unknown, key: string, path: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findKey(value[i], key, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  for (const k of Object.keys(value)) {
    const here = path ? `${path}.${pathKey(k)}` : pathKey(k);
    if (k === key) return here;
    const found = findKey((value as Record<string, unknown>)[k], key, here);
    if (found !== null) return found;
  }
  return null;
}

function pathKey(key: string): string {
  return /^[A-Za-z_$][\w$]{0,40}$/.test(key) ? key : JSON.stringify(oneLine(key, 30));
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const k = pathKey(String(key));
      out += out && !k.startsWith('"') ? `.${k}` : out ? `[${k}]` : k;
    }
  }
  return out;
}

function issueMessage(issue: v.BaseIssue<unknown>): string {
  const input = issue.input;
  switch (issue.type) {
    case 'strict_object':
      if (issue.expected === 'never') return 'is not a field of this format';
      if (input === undefined && issue.path?.length) return 'is missing';
      return `expected an object, got ${describe(input)}`;
    case 'integer':
      return `must be a whole number, got ${describe(input)}`;
    case 'finite':
      return `must be a finite number, got ${describe(input)}`;
    case 'min_value':
      return `must be at least ${issue.requirement as number}, got ${describe(input)}`;
    case 'max_value':
      return `must be at most ${issue.requirement as number}, got ${describe(input)}`;
    case 'min_length':
      return (input as string | unknown[]).length === 0 ? 'must not be empty' : `is too short (at least ${issue.requirement as number})`;
    case 'max_length':
      return `is too long (${(input as string | unknown[]).length.toLocaleString('en')}; at most ${(issue.requirement as number).toLocaleString('en')})`;
    case 'length':
      return `must have exactly ${issue.requirement as number} entries, got ${(input as unknown[]).length}`;
    case 'regex':
    case 'check':
      return issue.message;
    case 'picklist':
    case 'literal':
      return input === undefined ? 'is missing' : `must be ${(issue.expected ?? '').replace(/^\((.*)\)$/, '$1').replace(/ \| /g, ' or ')}, got ${describe(input)}`;
    default:
      return input === undefined ? 'is missing' : `expected ${NAMES[issue.expected ?? ''] ?? issue.expected}, got ${describe(input)}`;
  }
}

const NAMES: Record<string, string> = { number: 'a number', string: 'text', boolean: 'true or false', Array: 'a list', Object: 'an object', '(string | Array)': 'base64 text or a list of numbers', '(number | null)': 'a number or null' };

/** A short, one-line description of a JSON value for a message. */
function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (typeof x === 'string') return `text "${oneLine(x, 30)}"`;
  if (typeof x === 'number') return String(x);
  if (typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return `a list of ${x.length}`;
  return 'an object';
}
