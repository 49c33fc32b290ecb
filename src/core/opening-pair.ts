/**
 * Opening pairs: a pair to label that needs no reward model, so the page can offer one the moment a
 * level is on screen, while the learning engine (tfjs, the backend probe, training on stored labels)
 * is still starting. Its clips come from the model-free query sources: paths to what the labels have
 * shown least (coverage) and random moves. The pair is drawn at random among those whose clips look
 * different and have not been asked, as the engine's `random` mode would; with no trained model
 * there is no disagreement to choose by yet. Seeded by the session seed and the number of labels,
 * so the same session shows the same opening pairs.
 */
import { allTransitionFeatures } from './features';
import { rollout } from './planner';
import type { Label } from './preferences';
import { pairKey, proposePair, sourceWords, type QueryProposal } from './queries';
import { CandidatePool, coverageClip, cutAtRandomPhase, drawRareGroup, featureRows, labelCoverage, lookKey, observationIds, rowGroups, type FeatureRows } from './query-sources';
import { Rng } from './rng';
import type { StateSpace } from './states';

/** Coverage paths and random episodes drawn for an opening pair. */
const COVERAGE_CLIPS = 4;
const RANDOM_EPISODES = 2;
/**
 * The largest level, in states × max_steps, that gets an opening pair: about 0.3 s of work on the
 * page's thread on a slow laptop (Kitchen garden, 1,088 states × 40 steps, takes 65 ms). Larger
 * levels wait for the engine, which builds their pairs off the page's thread.
 */
export const OPENING_WORK_LIMIT = 200_000;

/** What an opening pair is built from: the level's state space, the session seed, clip length and the labels so far. */
export interface OpeningPairInput {
  readonly space: StateSpace;
  readonly seed: number;
  readonly segmentLength: number;
  readonly labels: readonly Label[];
}

/**
 * A pair of clips chosen without a reward model (see the module doc), or null when the level is
 * larger than OPENING_WORK_LIMIT or has no two clips that look different.
 */
export function openingPair({ space, seed, segmentLength, labels }: OpeningPairInput): QueryProposal | null {
  if (space.numStates * space.world.level.maxSteps > OPENING_WORK_LIMIT) return null;
  const rng = new Rng(seed).split(`opening-${labels.length}`);
  const { observation, rows } = levelFacts(space);
  const pool = new CandidatePool(space, observation);
  const groups = rowGroups(space, rows, labelCoverage(rows, space, labels));
  for (let i = 0; i < COVERAGE_CLIPS; i++) {
    const found = coverageClip(space, drawRareGroup(groups, rng).transitions, segmentLength, rng);
    if (found) pool.add(found.clip, 'coverage');
  }
  for (let attempt = 0; attempt < RANDOM_EPISODES || (pool.distinctLooks < 2 && attempt < 50); attempt++) {
    for (const clip of cutAtRandomPhase(rollout(space, 'uniform', rng), segmentLength, rng)) pool.add(clip, 'random');
  }
  if (pool.distinctLooks < 2) return null;
  const asked = new Set(labels.map((l) => pairKey(lookKey(space, observation, l.left), lookKey(space, observation, l.right))));
  const drawn = proposePair(pool.candidates, new Float32Array(pool.candidates.length), 'random', rng, { asked });
  return { ...drawn, information: 0, disagreement: 0, meanPreference: 0.5, reason: `drawn at random before the reward model was ready; ${sourceWords(drawn.sources)}` };
}

/** What screen and features each state and transition of a level show, computed once per level: every answer while the engine starts asks for another pair. */
const factsOf = new WeakMap<StateSpace, { observation: Int32Array; rows: FeatureRows }>();
function levelFacts(space: StateSpace): { observation: Int32Array; rows: FeatureRows } {
  let facts = factsOf.get(space);
  if (!facts) factsOf.set(space, (facts = { observation: observationIds(space), rows: featureRows(allTransitionFeatures(space)) }));
  return facts;
}
