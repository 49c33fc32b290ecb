/** Session settings: what a person can change, their defaults and their allowed ranges. */
import type { LabellerKind } from '../core/labellers';
import type { QueryMode } from '../core/queries';
import type { RewardModelKind } from '../learning/engine';
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
  /** What the reward model reads: hand-named features, or the grid as the screen shows it (a small convolutional net). */
  readonly rewardModel: RewardModelKind;
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
  /** Auto-label pace: the least milliseconds between answers, 0–5000 (it also waits for training). */
  readonly autoLabelDelayMs: number;
  /** Backend: measured by the probe ('auto') or named. */
  readonly backend: BackendChoice;
  /** Label-budget challenge: the person's labels allowed, 1–200, or null when no challenge runs. */
  readonly budget: number | null;
}

/** How one setting is checked, and its key in a shared link. */
export type SettingSpec =
  /** A whole number in `range`; with `nullable`, null too (the setting is off). */
  | { readonly kind: 'int'; readonly range: readonly [number, number]; readonly link: string; readonly nullable?: true }
  /** Any real number in `range`. */
  | { readonly kind: 'real'; readonly range: readonly [number, number]; readonly link: string }
  /** One of `values`. */
  | { readonly kind: 'choice'; readonly values: readonly string[]; readonly link: string };

/** Every value of a union type, checked complete by the compiler. */
const allOf = <T extends string>(all: Record<T, true>): readonly T[] => Object.keys(all) as T[];

/**
 * Every setting but the level, in the order a link writes them: the one table from which the page's
 * sanitiser, the link parser and the session-file schema take their ranges and choices (the
 * compiler checks it names every setting).
 */
export const SETTING_SPECS = {
  seed: { kind: 'int', range: [0, 2 ** 31 - 1], link: 'seed' },
  queryMode: { kind: 'choice', values: allOf<QueryMode>({ active: true, random: true }), link: 'query' },
  members: { kind: 'int', range: [1, 8], link: 'members' },
  rewardModel: { kind: 'choice', values: allOf<RewardModelKind>({ features: true, grid: true }), link: 'model' },
  segmentLength: { kind: 'int', range: [3, 20], link: 'segment' },
  labeller: { kind: 'choice', values: allOf<LabellerKind>({ oracle: true, observer: true }), link: 'labeller' },
  labellerNoise: { kind: 'real', range: [0, 1], link: 'noise' },
  labellerTemperature: { kind: 'real', range: [0, 100], link: 'temperature' },
  autoLabelDelayMs: { kind: 'int', range: [0, 5000], link: 'delay' },
  backend: { kind: 'choice', values: allOf<BackendChoice>({ auto: true, webgpu: true, webgl: true, wasm: true, cpu: true }), link: 'backend' },
  budget: { kind: 'int', range: [1, 200], link: 'budget', nullable: true },
} as const satisfies Record<Exclude<keyof Settings, 'levelId' | 'levelText'>, SettingSpec>;

/** A setting other than the level. */
export type SettingKey = keyof typeof SETTING_SPECS;
/** The settings other than the level, in link order. */
export const SETTING_KEYS = Object.keys(SETTING_SPECS) as SettingKey[];

/** Allowed ranges of the whole-number settings. */
export const SETTING_RANGES = {
  members: SETTING_SPECS.members.range,
  segmentLength: SETTING_SPECS.segmentLength.range,
  seed: SETTING_SPECS.seed.range,
  autoLabelDelayMs: SETTING_SPECS.autoLabelDelayMs.range,
  budget: SETTING_SPECS.budget.range,
} as const;

/** Allowed ranges of the settings that take any real number (not only whole numbers). */
export const REAL_SETTING_RANGES = {
  labellerNoise: SETTING_SPECS.labellerNoise.range,
  labellerTemperature: SETTING_SPECS.labellerTemperature.range,
} as const;

/** Whether `value` is allowed for setting `key`. */
export function settingAllows(key: SettingKey, value: unknown): boolean {
  const spec: SettingSpec = SETTING_SPECS[key];
  switch (spec.kind) {
    case 'int':
      return (value === null && spec.nullable === true) || (typeof value === 'number' && Number.isInteger(value) && value >= spec.range[0] && value <= spec.range[1]);
    case 'real':
      return typeof value === 'number' && Number.isFinite(value) && value >= spec.range[0] && value <= spec.range[1];
    case 'choice':
      return typeof value === 'string' && spec.values.includes(value);
  }
}

/** Default settings for a level. */
export function defaultSettings(levelId: string, levelText: string): Settings {
  return {
    levelId,
    levelText,
    queryMode: 'active',
    members: 5,
    rewardModel: 'features',
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

/** Keeps each allowed value of `input` and falls back to `base` for the rest (see `settingAllows`). */
export function sanitizeSettings(input: Partial<Settings>, base: Settings): Settings {
  const out: Record<string, unknown> = {
    levelId: typeof input.levelId === 'string' ? input.levelId : base.levelId,
    levelText: typeof input.levelText === 'string' ? input.levelText : base.levelText,
  };
  for (const key of SETTING_KEYS) {
    const spec: SettingSpec = SETTING_SPECS[key];
    // A session saved before a setting existed has none: a real setting then reads as 0, an optional one as off.
    const fallback = base[key] ?? (spec.kind === 'real' ? 0 : null);
    out[key] = settingAllows(key, input[key]) ? input[key] : fallback;
  }
  return out as unknown as Settings;
}

/** The learning engine's settings (seed, ensemble size and kind, clip length, query mode) of a session's. */
export function engineSettingsOf(s: Settings) {
  return { seed: s.seed, members: s.members, rewardModel: s.rewardModel, segmentLength: s.segmentLength, queryMode: s.queryMode };
}
