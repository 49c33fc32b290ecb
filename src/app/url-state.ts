/**
 * Session state in the URL hash, like TensorFlow Playground's: the level (a built-in id, a generated
 * level's `gen:SEED`, or the level text itself as base64url of its UTF-8 bytes), the seed, settings, a `hide` list of controls for a
 * lesson, the lesson id, and a label-budget challenge's budget — `#level=vase&seed=3&query=random&hide=seed,ensemble&budget=10`.
 *
 * A link is untrusted input. `parseUrlState` never throws: every key is checked on its own, a bad
 * value is dropped with one line in `errors` (the field falls back to the saved or default value),
 * unknown keys are reported and ignored, and over-long input is refused before it is decoded. Text
 * from a link is only ever data: a level is parsed (and enumerated when small; a larger one when its
 * session opens, in the page worker), never rendered as markup.
 */
import { Fnv1a } from '../core/fnv';
import { loadSmallLevel } from './level-spaces';
import { parseGeneratedName } from '../core/level-generator';
import { builtinLevel, levelById } from './builtin-levels';
import { SETTING_KEYS, SETTING_SPECS, settingAllows, type SettingKey, type SettingSpec, type Settings } from './settings';

/** Controls a link or lesson may hide (`hide=seed,ensemble`); the components name theirs from this list. */
export const HIDEABLE_CONTROLS = [
  'level',
  'query',
  'ensemble',
  'model',
  'segment',
  'seed',
  'reset',
  'autolabel',
  'backend',
  'truth',
  'assistant',
  'curves',
  'labels',
  'share',
  'lessons',
  'editor',
] as const;
/** One control a link may hide. */
export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

/** Longest hash accepted, in characters; a longer one is refused whole. */
export const MAX_HASH_LENGTH = 32_000;
/** Longest level text accepted from a link, in characters (a 20 × 20 level is about 500). */
export const MAX_URL_LEVEL_TEXT = 8_000;

/** What a link sets; every field is optional and absent means "keep the saved or default value". */
export interface UrlState {
  /** A built-in level id (`vase`) or a generated level (`gen:42`); ignored when `levelText` is given. */
  readonly levelId?: string;
  /** A level given as its file text (a custom level); already checked to load. */
  readonly levelText?: string;
  /** Settings from the link: seed, query mode, ensemble size, clip length, labeller, pace, backend. */
  readonly settings?: Partial<Omit<Settings, 'levelId' | 'levelText'>>;
  /** Controls to hide, without duplicates. */
  readonly hide?: readonly HideableControl[];
  /** A lesson id: 1–40 characters of a–z, 0–9 and '-'. */
  readonly lesson?: string;
}

/** The result of reading a hash: the valid fields, and one readable line per problem. */
export interface ParsedUrlState {
  readonly state: UrlState;
  /** One line per rejected key or value, in the order met; empty when the link was clean. */
  readonly errors: readonly string[];
}

/** A plain decimal number as JavaScript writes it (`0.25`, `3`, `1e-7`). */
const DECIMAL = /^(?:\d{1,12}(?:\.\d{0,30})?|\.\d{1,30})(?:e[+-]?\d{1,3})?$/i;
/** What a setting takes, in the words of a link's error line. */
function expected(spec: SettingSpec): string {
  if (spec.kind === 'choice') return `one of ${spec.values.join(', ')}`;
  return `${spec.kind === 'int' ? 'a whole number' : 'a number'} from ${spec.range[0]} to ${spec.range[1]}`;
}
/** Every key a link may carry, in the order `urlFor` writes them. */
const KNOWN_KEYS: readonly string[] = ['level', 'text', 'lesson', ...SETTING_KEYS.map((k) => SETTING_SPECS[k].link), 'hide'];
const LESSON_ID = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const LEVEL_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Reads the state from a location hash (`#a=1&b=2`, `a=1&b=2` or ''); never throws. */
export function parseUrlState(hash: string): ParsedUrlState {
  const errors: string[] = [];
  try {
    return { state: parseChecked(hash, errors), errors };
  } catch (err) {
    return { state: {}, errors: [...errors, `The link could not be read (${oneLine(String(err), 80)}); using the defaults.`] };
  }
}

function parseChecked(hash: string, errors: string[]): UrlState {
  if (typeof hash !== 'string') return {};
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw.trim() === '') return {};
  if (raw.length > MAX_HASH_LENGTH) {
    errors.push(`The link's settings are too long (${raw.length.toLocaleString('en')} characters; at most ${MAX_HASH_LENGTH.toLocaleString('en')}); using the defaults.`);
    return {};
  }
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    if (key === null || value === null) {
      errors.push(`Link: "${oneLine(part, 30)}" is not properly encoded; ignored.`);
      continue;
    }
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) {
      errors.push(`Link: unknown setting "${oneLine(key, 30)}"; ignored.`);
      continue;
    }
    if (seen.has(key)) {
      errors.push(`Link: "${key}" is given more than once; the first is used.`);
      continue;
    }
    seen.add(key);
    values.set(key, value);
  }

  const state: { -readonly [K in keyof UrlState]: UrlState[K] } = {};
  const settings: Record<string, unknown> = {};
  const text = values.get('text');
  if (text !== undefined) {
    const level = decodeLevelText(text);
    if (level.ok) state.levelText = level.text;
    else errors.push(`Link: the level in "text" was not loaded (${level.error}); using the saved or default level.`);
  }
  const level = values.get('level');
  if (level !== undefined && state.levelText !== undefined) {
    errors.push('Link: "level" is ignored because the link gives the level as text.');
  } else if (level !== undefined) {
    if (level.startsWith('gen:')) {
      if (parseGeneratedName(level) !== null) state.levelId = level;
      else errors.push(`Link: "${oneLine(level, 40)}" is not a generated level (gen: and a whole number from 0 to ${2 ** 31 - 1}); using the saved or default level.`);
    } else if (LEVEL_ID.test(level) && builtinLevel(level)) state.levelId = level;
    else errors.push(`Link: there is no built-in level "${oneLine(level, 40)}"; using the saved or default level.`);
  }
  const lesson = values.get('lesson');
  if (lesson !== undefined) {
    if (LESSON_ID.test(lesson)) state.lesson = lesson;
    else errors.push(`Link: "${oneLine(lesson, 40)}" is not a lesson id (a–z, 0–9 and '-', at most 40); ignored.`);
  }
  for (const setting of SETTING_KEYS) {
    const spec: SettingSpec = SETTING_SPECS[setting];
    const value = values.get(spec.link);
    if (value === undefined) continue;
    const parsed = spec.kind === 'choice' ? value : Number((spec.kind === 'int' ? /^\d{1,10}$/ : DECIMAL).test(value) ? value : NaN);
    if (settingAllows(setting, parsed)) settings[setting] = parsed;
    else errors.push(`Link: ${spec.link} must be ${expected(spec)}, got "${oneLine(value, 20)}"; using the saved or default value.`);
  }
  if (Object.keys(settings).length > 0) state.settings = settings as UrlState['settings'];
  const hide = values.get('hide');
  if (hide !== undefined) {
    const names: HideableControl[] = [];
    for (const name of hide.split(',')) {
      if (name === '') continue;
      if (!(HIDEABLE_CONTROLS as readonly string[]).includes(name)) {
        errors.push(`Link: "${oneLine(name, 30)}" is not a control that can be hidden (known: ${HIDEABLE_CONTROLS.join(', ')}); ignored.`);
      } else if (!names.includes(name as HideableControl)) names.push(name as HideableControl);
    }
    state.hide = names;
  }
  return state;
}

/** The link for a state: `baseUrl` without its hash, then `#key=value&…` (only the fields given). */
export function urlFor(state: UrlState, baseUrl: string): string {
  const base = baseUrl.split('#')[0];
  const hash = hashFor(state);
  return hash ? `${base}#${hash}` : base;
}

/** The hash (without '#') for a state; keys in a fixed order, values percent-encoded where needed. */
export function hashFor(state: UrlState): string {
  const parts: string[] = [];
  const put = (key: string, value: string | number) => parts.push(`${key}=${encodeURIComponent(String(value)).replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
  if (state.levelText !== undefined) put('text', encodeBase64(new TextEncoder().encode(state.levelText), true));
  else if (state.levelId !== undefined) put('level', state.levelId);
  if (state.lesson !== undefined) put('lesson', state.lesson);
  const s: Partial<Record<SettingKey, unknown>> = state.settings ?? {};
  for (const key of SETTING_KEYS) {
    const value = s[key];
    if (typeof value === 'number' || typeof value === 'string') put(SETTING_SPECS[key].link, value);
  }
  if (state.hide !== undefined && state.hide.length > 0) put('hide', state.hide.join(','));
  return parts.join('&');
}

/**
 * The state to share for a session: its level (by id when built in or generated and unedited, else as text), seed and every
 * setting that differs from `defaults`, plus `hide` and `lesson`. The backend is left out: it is
 * about the sender's device, not the lesson.
 */
export function urlStateOf(settings: Settings, defaults: Settings, extra: Pick<UrlState, 'hide' | 'lesson'> = {}): UrlState {
  const builtin = settings.levelId !== 'custom' ? levelById(settings.levelId) : undefined;
  const level = builtin && builtin.text === settings.levelText ? { levelId: builtin.id } : { levelText: settings.levelText };
  const out: Record<string, unknown> = { seed: settings.seed };
  for (const key of SETTING_KEYS) {
    if (key !== 'backend' && settings[key] !== defaults[key]) out[key] = settings[key];
  }
  return { ...level, settings: out as UrlState['settings'], ...extra };
}

/** Settings a link asks for, ready for `StoreOptions.initial` (the level included when the link names one). */
export function settingsFromUrl(state: UrlState): Partial<Settings> {
  const level = state.levelText !== undefined
    ? { levelId: 'custom', levelText: state.levelText }
    : state.levelId !== undefined
      ? { levelId: state.levelId, levelText: levelById(state.levelId)?.text ?? '' }
      : {};
  return { ...(state.settings ?? {}), ...level };
}

/** Prefix of the saved-session keys of links (`linkSessionKey`); sessions saved before keys per level used it alone. */
export const LINK_SESSION_PREFIX = 'session-link';

/**
 * The saved-session key for the level a link opens, so that two links to different levels never
 * share (and so never replace) each other's labels: `session-link-vase`, `session-link-gen:42`, or
 * `session-link-text-<length>-<hash>` for a level given as text. Null when no level is given: such a
 * link keeps the visitor's own session.
 */
export function linkSessionKey(level: Partial<Pick<Settings, 'levelId' | 'levelText'>>): string | null {
  const text = level.levelText;
  if (text === undefined) return null;
  const named = level.levelId !== undefined && level.levelId !== 'custom' ? levelById(level.levelId) : undefined;
  if (named && named.text === text) return `${LINK_SESSION_PREFIX}-${named.id}`;
  // FNV-1a over the UTF-16 code units, with the length beside it: a cheap name for a text, not a secret.
  return `${LINK_SESSION_PREFIX}-text-${text.length}-${new Fnv1a().text(text).hex}`;
}

/** Decodes and checks a level given in a link; the error is one line. */
function decodeLevelText(value: string): { ok: true; text: string } | { ok: false; error: string } {
  const maxEncoded = Math.ceil((MAX_URL_LEVEL_TEXT * 4) / 3) * 3; // UTF-8 may take 3 bytes a character
  if (value.length > maxEncoded) return { ok: false, error: `it is too long: ${value.length.toLocaleString('en')} characters` };
  const bytes = decodeBase64(value, true);
  if (!bytes) return { ok: false, error: 'it is not base64url text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: 'it is not UTF-8 text' };
  }
  if (text.length > MAX_URL_LEVEL_TEXT) return { ok: false, error: `it is too long: ${text.length.toLocaleString('en')} characters` };
  try {
    // A large level is only parsed here: the session's start enumerates it in the page worker, and
    // says so there if it has too many states.
    loadSmallLevel(text);
  } catch (err) {
    return { ok: false, error: oneLine(err instanceof Error ? err.message : String(err), 160) };
  }
  return { ok: true, text };
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

/** Text made safe for a one-line message: control characters become spaces, long text is clipped with '…'. */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.slice(0, max + 1).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64 of bytes: standard with '=' padding, or base64url (RFC 4648 §5) without padding when `url`. */
export function encodeBase64(bytes: Uint8Array, url = false): string {
  const abc = url ? B64URL : B64;
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += abc[n >> 18] + abc[(n >> 12) & 63] + abc[(n >> 6) & 63] + abc[n & 63];
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i] << 16) | (rest === 2 ? bytes[i + 1] << 8 : 0);
    out += abc[n >> 18] + abc[(n >> 12) & 63];
    out += rest === 2 ? abc[(n >> 6) & 63] : url ? '' : '=';
    if (!url) out += '=';
  }
  return out;
}

const LOOKUP = [B64, B64URL].map((abc) => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) table[abc.charCodeAt(i)] = i;
  return table;
});

/** Bytes of base64 text (standard, padded) or base64url (`url`, padding optional); null when the text is not exactly that. */
export function decodeBase64(text: string, url = false): Uint8Array | null {
  const table = LOOKUP[url ? 1 : 0];
  if (!url && text.length % 4 !== 0) return null;
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0,
    acc = 0,
    o = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    const v = c < 128 ? table[c] : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  if ((acc & ((1 << bits) - 1)) !== 0) return null; // non-canonical trailing bits
  return out;
}
