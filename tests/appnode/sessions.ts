/**
 * Real sessions for the import/export tests: built-in level files read from disk, segments cut from
 * seeded rollouts of the real state space, verdicts on real claims of the assistant, an accepted
 * claim's "fix ≻ original" label, and plausible curve points and approvals.
 */
import { claimLabel } from '../../src/core/assistant-labels';
import { findClaims } from '../../src/core/claims';
import { rollout } from '../../src/core/planner';
import { cutSegments, isHeldOutIndex, type Answer, type Label, type Provenance, type Segment } from '../../src/core/preferences';
import { FEATURE_DIM } from '../../src/core/features';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { verdictOn, type Verdict } from '../../src/core/verdicts';
import type { SessionData } from '../../src/app/session-file';
import type { Approval, CurvePoint } from '../../src/app/session-types';
import { defaultSettings, type Settings } from '../../src/app/settings';
import { builtinText } from '../core/helpers';

const ANSWERS: readonly Answer[] = ['left', 'right', 'equal', 'cant-tell'];
const PROVENANCES: readonly Provenance[] = ['person', 'labeller', 'person', 'demonstration'];

/** Segments of `length` steps cut from `rollouts` seeded ε-greedy (uniform) rollouts of a level. */
export function realSegments(space: StateSpace, length: number, seed: number, rollouts = 8): Segment[] {
  const rng = new Rng(seed).split('segments');
  const out: Segment[] = [];
  for (let i = 0; i < rollouts; i++) out.push(...cutSegments(rollout(space, 'uniform', rng), length));
  return out;
}

/** Options of `realSession`. */
export interface RealSessionOptions {
  readonly labels?: number;
  readonly seed?: number;
  readonly author?: string;
  /** Per-label authors, cycled (absent = none). */
  readonly labelAuthors?: readonly string[];
  readonly withWeights?: boolean;
  readonly settings?: Partial<Settings>;
}

/** A session on a built-in level with real segments, verdicts, approvals and a curve. */
export function realSession(levelId: string, options: RealSessionOptions = {}): SessionData {
  const text = builtinText(levelId);
  const { space } = loadLevel(text);
  const seed = options.seed ?? 1;
  const settings: Settings = { ...defaultSettings(levelId, text), seed, ...options.settings };
  const segments = realSegments(space, settings.segmentLength, seed);
  const rng = new Rng(seed).split('labels');
  const labels: Label[] = [];
  const n = options.labels ?? 12;
  for (let i = 0; i < n && segments.length > 1; i++) {
    const author = options.labelAuthors?.[i % options.labelAuthors.length];
    labels.push({
      id: `l${i + 1}`,
      left: segments[rng.int(segments.length)],
      right: segments[rng.int(segments.length)],
      answer: ANSWERS[rng.int(ANSWERS.length)],
      provenance: PROVENANCES[rng.int(PROVENANCES.length)],
      heldOut: isHeldOutIndex(i),
      ...(author ? { author } : {}),
    });
  }
  const verdicts: Verdict[] = [];
  for (let r = 0; r < 6 && verdicts.length < 4; r++) {
    const trajectory = rollout(space, 'uniform', new Rng(seed).split(`claims-${r}`));
    for (const claim of findClaims(space, trajectory).slice(0, 2)) {
      verdicts.push(verdictOn(claim, verdicts.length % 2 === 0, ((verdicts.length % 3) + 1) as 1 | 2 | 3, `v${verdicts.length + 1}`));
      const label = claimLabel(space, trajectory, claim, settings.segmentLength, `l${labels.length + 1}`, isHeldOutIndex(labels.length));
      if (label && labels.length < n + 2) labels.push(label);
    }
  }
  const curve: CurvePoint[] = labels.map((_, i) => ({
    labels: i + 1,
    trueReturn: -20 + i * 1.25,
    apparentReturn: -18 + i,
    learnedReturn: 0.1 * i,
    normalizedReturn: i / (labels.length + 1),
    heldOutAccuracy: i < 5 ? null : 0.6 + i / 1000,
    disagreement: 1 / (i + 2),
  }));
  const approvals: Approval[] = [
    { id: 'a1', labels: 3, approved: true, trueReturn: -12, apparentReturn: -10, flawed: true },
    { id: 'a2', labels: Math.min(labels.length, 9), approved: false, trueReturn: 31.5, apparentReturn: 31.5, flawed: false },
  ];
  return {
    settings,
    labels,
    verdicts,
    approvals,
    curve,
    exportedAt: '2025-03-01T10:00:00.000Z',
    ...(options.author ? { author: options.author } : {}),
    ...(options.withWeights ? { weights: fakeWeights(settings.members, [64, 64], seed) } : {}),
  };
}

/** Ensemble-shaped weights (W [E, in, out], b [E, 1, out]) with seeded values; not trained. */
export function fakeWeights(members: number, hidden: readonly number[], seed: number, featureDim: number = FEATURE_DIM) {
  const rng = new Rng(seed).split('weights');
  const widths = [featureDim, ...hidden, 1];
  const shapes: number[][] = [];
  const values: Float32Array[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    shapes.push([members, widths[l], widths[l + 1]], [members, 1, widths[l + 1]]);
    values.push(Float32Array.from({ length: members * widths[l] * widths[l + 1] }, () => rng.normal() * 0.3));
    values.push(Float32Array.from({ length: members * widths[l + 1] }, () => rng.normal() * 0.1));
  }
  return { shapes, values };
}
