/**
 * Labels made from the assistant's claims agree with their own evidence. On every built-in level and
 * on generated levels gen:1–20, over the agent's plan before any label (random moves, seeded as the
 * engine seeds it), a careless and an exploring plan, the screen's optimum and the true optimum, with
 * an ensemble-like spread that makes `uncertain` claims appear: every accusing claim yields the label
 * "fix ≻ original", that label prefers the clip with the strictly higher true reward, and its two clips
 * are valid, start together before the first differing step and run to the end of both; an `uncertain`
 * claim never yields a label, only a question pair. Plus the two reported failures (Absent supervisor
 * with 0 labels, Lava edge) and a fix that reaches the goal long after the claimed step.
 */
import { describe, expect, it } from 'vitest';
import { claimLabel, claimQuery, claimQuestion, fixPair } from '../../src/core/assistant-labels';
import { analyseLevel, compareFix, findClaims, type Claim } from '../../src/core/claims';
import { hazardDetector } from '../../src/core/claims/detectors';
import { parseActions } from '../../src/core/gridworld';
import { generateLevelText } from '../../src/core/level-generator';
import { followActions, planSoft, rollout, type PolicySource, type Trajectory } from '../../src/core/planner';
import { checkSegment, segmentSum, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { builtinLevelNames, builtinText, inline } from './helpers';

/** The session's default segment length (only the context before the first differing step depends on it). */
const LENGTH = 10;
/** Longest segment a session file accepts (MAX_SEGMENT in src/app/session-file.ts). */
const MAX_SEGMENT = 500;

/** A spread like an untrained ensemble's: positive everywhere, seeded, so the top decile is well defined. */
function someSpread(space: StateSpace, seed: string): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: space.numTransitions }, () => rng.next());
}

/** The trajectories claims are checked on: random moves as the engine draws them before any label, careless, exploring, the screen's and the true optimum. */
function trajectories(space: StateSpace): Trajectory[] {
  const truePlan = planSoft(space, space.trueReward, { temperature: 0 });
  const runs: [PolicySource, string, number][] = [
    ['uniform', 'agent-rollout', 0],
    ['uniform', 'random-2', 0],
    ['uniform', 'random-3', 0],
    ['uniform', 'random-4', 0],
    ['uniform', 'random-5', 0],
    ['uniform', 'random-6', 0],
    [planSoft(space, space.trueReward, { temperature: 3 }), 'careless', 0.2],
    [planSoft(space, space.apparentReward, { temperature: 0 }), 'apparent', 0],
    [truePlan, 'optimum', 0],
    [truePlan, 'explorer', 0.2],
  ];
  return runs.map(([policy, stream, epsilon], i) => rollout(space, policy, new Rng(i + 1).split(stream), { epsilon }));
}

/** Whether a clip ends its episode (its last transition is terminal). */
function endsEpisode(space: StateSpace, segment: Segment): boolean {
  const ts = segment.transitions;
  return ts.length > 0 && space.terminated[ts[ts.length - 1]] === 1;
}

/** Checks a pair of compared clips: valid, from the same state and step, one nominal length, running to the end of both. */
function expectComparedPair(space: StateSpace, tr: Trajectory, fixClip: Segment, original: Segment): void {
  checkSegment(space, fixClip);
  checkSegment(space, original);
  expect(fixClip.start).toBe(original.start);
  expect(fixClip.startStep).toBe(original.startStep);
  expect(fixClip.length).toBe(original.length);
  expect(fixClip.length).toBeLessThanOrEqual(Math.min(space.world.level.maxSteps, MAX_SEGMENT));
  for (const clip of [fixClip, original]) {
    expect(clip.transitions.length).toBeGreaterThan(0);
    // A clip shorter than the span ended its episode; a full one reaches the span's end.
    if (clip.transitions.length < clip.length) expect(endsEpisode(space, clip)).toBe(true);
  }
  // The original clip runs to the end of the trajectory: nothing after the compared steps is left out.
  expect(original.startStep + original.transitions.length).toBe(tr.transitions.length);
}

/** Checks every claim on a trajectory; returns how many labels and questions it saw. */
function checkClaims(space: StateSpace, tr: Trajectory, claims: readonly Claim[]): { labels: number; questions: number } {
  let labels = 0,
    questions = 0;
  for (const claim of claims) {
    const label = claimLabel(space, tr, claim, LENGTH, 'l1');
    if (claim.kind === 'uncertain') {
      expect(label, `${claim.id} is a question`).toBeNull();
      const q = claimQuestion(space, tr, claim, LENGTH);
      expect(q === null).toBe(claim.fix === null);
      if (q) {
        expectComparedPair(space, tr, q.right, q.left);
        questions++;
      }
      continue;
    }
    // An accusing claim that is reported is true: its label exists and prefers the truly better clip.
    expect(label, `${claim.id} has a label`).not.toBeNull();
    if (!label) continue;
    expect([label.answer, label.provenance]).toEqual(['left', 'assistant']);
    const left = segmentSum(label.left, space.trueReward);
    const right = segmentSum(label.right, space.trueReward);
    expect(left, `${claim.id}: fix ${left} vs original ${right}`).toBeGreaterThan(right);
    // On the whole remainder the difference is the whole episodes' difference.
    expect(left - right).toBeCloseTo(claim.fix!.trueReturn - tr.trueReturn, 4);
    expectComparedPair(space, tr, label.left, label.right);
    labels++;
  }
  return { labels, questions };
}

describe('every label from a claim prefers the truly better clip', () => {
  for (const name of builtinLevelNames()) {
    it(`built-in level ${name}`, () => {
      const { space } = loadLevel(builtinText(name));
      let labels = 0,
        questions = 0;
      trajectories(space).forEach((tr, i) => {
        const seen = checkClaims(space, tr, findClaims(space, tr, { learnedSpread: someSpread(space, `${name}/${i}`), maxClaims: 50 }));
        labels += seen.labels;
        questions += seen.questions;
      });
      expect(labels, 'accusing claims checked').toBeGreaterThan(0);
      expect(questions, 'uncertain claims checked').toBeGreaterThan(0);
    });
  }

  it('generated levels gen:1–20', () => {
    let labels = 0,
      questions = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const { space } = loadLevel(generateLevelText(seed));
      trajectories(space).forEach((tr, i) => {
        const seen = checkClaims(space, tr, findClaims(space, tr, { learnedSpread: someSpread(space, `gen:${seed}/${i}`), maxClaims: 50 }));
        labels += seen.labels;
        questions += seen.questions;
      });
    }
    expect(labels).toBeGreaterThan(20);
    expect(questions).toBeGreaterThan(20);
  });
});

describe('reported failures', () => {
  it('Absent supervisor, 0 labels: an uncertain claim about step 4 yields no label, only its question pair', () => {
    const { space } = loadLevel(builtinText('supervisor'));
    // The agent's plan before any label: random moves from the engine's seeded stream.
    const tr = rollout(space, 'uniform', new Rng(1).split('agent-rollout'));
    expect([tr.actions.map((a) => 'udlr'[a]).join(''), tr.trueReturn]).toEqual(['durrdrrur', -19]); // two steps on P (one a blocked move): −60
    const spread = someSpread(space, 'supervisor');
    spread[tr.transitions[3]] = 2; // the ensemble is most unsure about step 4 (into the punishment tile)
    const claims = findClaims(space, tr, { learnedSpread: spread, maxClaims: 50 });
    const claim = claims.find((c) => c.kind === 'uncertain' && c.step === 4);
    expect(claim).toBeDefined();
    if (!claim) return;
    expect(claimLabel(space, tr, claim, LENGTH, 'l1')).toBeNull();
    const q = claimQuestion(space, tr, claim, LENGTH);
    expect(q).not.toBeNull();
    if (!q) return;
    // Left: the agent's own clip; right: the different move at step 4 and after, to the end of both.
    expect(q.left.transitions).toEqual(tr.transitions.slice(q.left.startStep));
    expect(q.right.transitions).toEqual(claim.fix!.transitions.slice(q.right.startStep));
    expect(q.left.startStep).toBeLessThan(4);
    const query = claimQuery(space, tr, claim, LENGTH, 'active');
    expect(query).toMatchObject({ left: q.left, right: q.right, mode: 'active' });
    expect(query!.reason).toMatch(/unsure about step 4/);
    expect(checkClaims(space, tr, claims).labels + checkClaims(space, tr, claims).questions).toBeGreaterThan(0);
  });

  it('Lava edge: a safe way that only ties the original is not offered; every label offered is truly better', () => {
    const { space } = loadLevel(builtinText('lava'));
    const tr = rollout(space, 'uniform', new Rng(1).split('agent-rollout'));
    expect(tr.trueReturn).toBe(40);
    const ctx = { space, analysis: analyseLevel(space), trajectory: tr, steps: tr.actions.length, options: {}, minSeverity: 1.5 };
    // The run walks beside the lava where a safe way only ties it (+40): the detector drafts no claim
    // about steps that lose nothing in truth, and findClaims would drop one whose fix only ties —
    // accepting it would teach a preference the truth does not hold.
    expect(tr.states.some((s) => analyseLevel(space).hazardNear[s] === 1)).toBe(true);
    for (const d of hazardDetector.detect(ctx)) expect(d.fix!.trueReturn).toBeGreaterThan(tr.trueReturn);
    const spread = someSpread(space, 'lava');
    for (const k of tr.transitions) spread[k] = 2; // the ensemble is unsure about every step of it
    const claims = findClaims(space, tr, { learnedSpread: spread, maxClaims: 50 });
    for (const c of claims) if (c.kind !== 'uncertain') expect(c.fix!.trueReturn).toBeGreaterThan(tr.trueReturn);
    // An uncertain alternative may score less than +40: it is only ever a question.
    const worse = claims.filter((c) => c.kind === 'uncertain' && c.fix && c.fix.trueReturn < tr.trueReturn);
    expect(worse.length).toBeGreaterThan(0);
    for (const c of worse) expect(claimLabel(space, tr, c, LENGTH, 'l1')).toBeNull();
    checkClaims(space, tr, claims);
  });
});

describe('the compared clips run to the end of both', () => {
  it('a fix that reaches the goal long after the claimed step is credited for it', () => {
    // Breaking the vase saves a long way round; the fix goes round and reaches the goal 16 steps later.
    const loaded = inline(['###########', '#A.V.....G#', '#.#######.#', '#.........#', '###########'], { max_steps: 40 });
    const { space } = loaded;
    const tr = followActions(space, parseActions('rrrrrrrr'), new Rng('play'), space.initial[0].state);
    expect(tr.terminated).toBe(true);
    const claim = findClaims(space, tr).find((c) => c.kind === 'irreversible');
    expect(claim).toBeDefined();
    if (!claim?.fix) return;
    expect(claim.fix.actions.length - claim.step).toBeGreaterThan(LENGTH);
    const label = claimLabel(space, tr, claim, LENGTH, 'l1');
    expect(label).not.toBeNull();
    if (!label) return;
    expect(endsEpisode(space, label.left)).toBe(true); // the fix's clip includes reaching the goal
    expect(label.left.length).toBeGreaterThan(LENGTH);
    expect(segmentSum(label.left, space.trueReward)).toBeGreaterThan(segmentSum(label.right, space.trueReward));
    expectComparedPair(space, tr, label.left, label.right);
  });

  it('compareFix: the first differing step, the end of both, and each side’s true reward there', () => {
    const loaded = inline(['#######', '#A...G#', '#.....#', '#######'], { max_steps: 12 });
    const { space } = loaded;
    const play = (a: string) => followActions(space, parseActions(a), new Rng('play'), space.initial[0].state);
    const original = play('rdurrr'); // the goal after 6 steps
    const better = play('rrrr'); // the goal after 4
    expect([original.trueReturn, better.trueReturn]).toEqual([44, 46]);
    const fix = { actions: better.actions, fromStep: 2, states: better.states, transitions: better.transitions, trueReturn: better.trueReturn, apparentReturn: better.apparentReturn };
    // Step 1 (−1) is shared; from step 2 the fix earns 47, the original 45.
    expect(compareFix(space, original, fix)).toEqual({ diverge: 1, end: 6, fixTrue: 47, originalTrue: 45 });
    const pair = fixPair(space, original, fix, LENGTH);
    expect(pair?.fix.startStep).toBe(0); // a third of the length before step 2, clipped at the start
    expect(pair?.fix.length).toBe(6);
    // A record that stops before its episode ends caps the span: no credit for steps it never had.
    const cut = play('rdu');
    expect(compareFix(space, cut, fix)).toMatchObject({ diverge: 1, end: 3 });
  });
});
