/** Session settings: what a person can change, their defaults and their allowed ranges. */
import type { LabellerKind } from '../core/labellers';
import type { QueryMode } from '../core/queries';
import type { BackendChoice } from '../learning/protocol';

/** Settings of one session (plain, persisted, and later part of the URL). */
export interface Settings {
  /** Built-in level id, or 'custom' for a level given as text. */
  readonly levelId: string;
  /** The level file text. */
  readonly levelText: string;
  readonly queryMode: QueryMode;
  /** Ensemble members, 1–8. */
  readonly members: number;
  /** Steps per clip, 3–20. */
  readonly segmentLength: number;
  /** Session seed, 0 – 2^31−1. */
  readonly seed: number;
  /** Simulated labeller used by Auto-label. */
  readonly labeller: LabellerKind;
  /** Auto-label's chance of a uniformly random answer, 0–1 (0: never; a noisy person is an explicit choice). */
  readonly labellerNoise: number;
  /** Auto-label's Boltzmann temperature in reward units, 0–100 (0: always the better clip). */
  readonly labellerTemperature: number;
  /** Auto-label pace: milliseconds between answers, 0–5000. */
  readonly autoLabelDelayMs: number;
  /** Backend: measured by the probe ('auto') or named. */
  readonly backend: BackendChoice;
  /** Label-budget challenge: the person's labels allowed, 1–200, or null when no challenge runs. */
  readonly budget: number | null;
}

/** Allowed ranges of the numeric settings. */
export const SETTING_RANGES = {
  members: [1, 8],
  segmentLength: [3, 20],
  seed: [0, 2 ** 31 - 1],
  autoLabelDelayMs: [0, 5000],
  budget: [1, 200],
} as const;

/** Allowed ranges of the settings that take any real number (not only whole numbers). */
export const REAL_SETTING_RANGES = {
  labellerNoise: [0, 1],
  labellerTemperature: [0, 100],
} as const;

/** Default settings for a level. */
export function defaultSettings(levelId: string, levelText: string): Settings {
  return {
    levelId,
    levelText,
    queryMode: 'active',
    members: 5,
    segmentLength: 10,
    seed: 1,
    labeller: 'oracle',
    labellerNoise: 0,
    labellerTemperature: 0,
    autoLabelDelayMs: 400,
    backend: 'auto',
    budget: null,
  };
}

/** Clamps numbers into range and rejects unknown choices, falling back to `base`. */
export function sanitizeSettings(input: Partial<Settings>, base: Settings): Settings {
  const num = <K extends keyof typeof SETTING_RANGES>(k: K): Settings[K] => {
    const v = input[k];
    const [lo, hi] = SETTING_RANGES[k];
    return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? v : base[k];
  };
  const real = (k: keyof typeof REAL_SETTING_RANGES) => {
    const v = input[k];
    const [lo, hi] = REAL_SETTING_RANGES[k];
    const fallback = typeof base[k] === 'number' ? base[k] : 0; // a session saved before the setting existed
    return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi ? v : fallback;
  };
  const pick = <T extends string>(v: unknown, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);
  return {
    levelId: typeof input.levelId === 'string' ? input.levelId : base.levelId,
    levelText: typeof input.levelText === 'string' ? input.levelText : base.levelText,
    queryMode: pick(input.queryMode, ['active', 'random'], base.queryMode),
    members: num('members'),
    segmentLength: num('segmentLength'),
    seed: num('seed'),
    labeller: pick(input.labeller, ['oracle', 'observer'], base.labeller),
    labellerNoise: real('labellerNoise'),
    labellerTemperature: real('labellerTemperature'),
    autoLabelDelayMs: num('autoLabelDelayMs'),
    backend: pick(input.backend, ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'], base.backend),
    // null turns the challenge off; a session saved before the setting existed has none.
    budget: input.budget === null ? null : (num('budget') ?? null),
  };
}

/** The learning engine's settings (seed, ensemble size, clip length, query mode) of a session's. */
export function engineSettingsOf(s: Settings) {
  return { seed: s.seed, members: s.members, segmentLength: s.segmentLength, queryMode: s.queryMode };
}
