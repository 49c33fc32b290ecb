/**
 * `npm run experiment -- <command> [flags]`: headless experiments in Node (WASM backend, CPU fallback).
 *
 *   train --level <name|path|gen:SEED> --labeller oracle|observer --labels N --query active|random --seed S
 *         [--noise P] [--temperature T] [--demos N] [--ensemble E] [--model features|grid] [--assistant on|off] [--json]
 *
 * The simulated labeller is exact by default (the better clip wins, equal scores give "Equal"); a
 * noisy person is asked for with --noise (chance of a random answer) and --temperature (Boltzmann).
 *   critique --level <name|path> --actions <u/d/l/r string> [--json]
 *         (each claim with the label accepting it would add: fix ≻ original and both clips' true reward, or null;
 *         and the agent's answer to it, a rebuttal or a concession, or null for a question)
 *   evaluate --level <name|path|all> --trajectories N --seed S [--json]
 *
 * Progress goes to stderr; with --json the last line of stdout is one JSON object. A bad level file or
 * argument prints a one-line error and exits 2.
 */
import { claimLabel } from '../core/assistant-labels';
import { findClaims, rankClaims } from '../core/claims';
import { DEFAULT_EVALUATION, combineEvaluations, runEvaluation } from '../core/evaluation';
import { ACTION_LETTERS, parseActions } from '../core/gridworld';
import { LevelError } from '../core/level';
import { followActions } from '../core/planner';
import { segmentSum, type Segment } from '../core/preferences';
import { Rng } from '../core/rng';
import { loadLevel, type StateSpace } from '../core/states';
import { LearningEngine, REWARD_MODEL_KINDS, type RewardModelKind } from '../learning/engine';
import { useNodeBackend } from '../learning/node-backend';
import { runTrainingLoop } from '../learning/training-loop';
import { UsageError, parseFlags } from './args';
import { evaluationTable, round, summary } from './evaluation-table';
import { builtinLevelNames, readLevelArg } from './levels';

const USAGE = [
  'usage: npm run experiment -- train --level <name|path|gen:SEED> --labeller oracle|observer --labels N --query active|random --seed S [--noise P] [--temperature T] [--demos N] [--ensemble E] [--model features|grid] [--assistant on|off] [--json]',
  '       npm run experiment -- critique --level <name|path> --actions <u/d/l/r string> [--json]',
  '       npm run experiment -- evaluate --level <name|path|all> --trajectories N --seed S [--json]',
].join('\n');

async function train(argv: string[]): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      level: { kind: 'string' },
      labeller: { kind: 'choice', values: ['oracle', 'observer'], default: 'oracle' },
      labels: { kind: 'int', min: 1, max: 2000, default: 60 },
      query: { kind: 'choice', values: ['active', 'random'], default: 'active' },
      seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
      noise: { kind: 'number', min: 0, max: 1, default: 0 },
      temperature: { kind: 'number', min: 0, max: 1000, default: 0 },
      demos: { kind: 'int', min: 0, max: 100, default: 0 },
      ensemble: { kind: 'int', min: 1, max: 8, default: 5 },
      model: { kind: 'choice', values: [...REWARD_MODEL_KINDS], default: 'features' },
      assistant: { kind: 'choice', values: ['on', 'off'], default: 'off' },
      json: { kind: 'bool' },
    },
    ['level'],
  );
  const { name, text } = readLevelArg(String(flags.level));
  const backend = await useNodeBackend();
  const started = performance.now();
  const engine = new LearningEngine(text, { seed: flags.seed as number, members: flags.ensemble as number, rewardModel: flags.model as RewardModelKind });
  const { metrics, curve, tiedPairShare } = await runTrainingLoop(engine, {
    labeller: flags.labeller as 'oracle' | 'observer',
    labels: flags.labels as number,
    query: flags.query as 'active' | 'random',
    noise: flags.noise as number,
    temperature: flags.temperature as number,
    demos: flags.demos as number,
    assistant: flags.assistant === 'on',
    onRound: (p) =>
      process.stderr.write(
        `labels ${String(p.labels).padStart(4)}  normalised ${p.normalizedReturn.toFixed(3).padStart(7)}  true ${p.trueReturn.toFixed(2).padStart(7)}  apparent ${p.apparentReturn.toFixed(2).padStart(7)}  held-out acc ${p.heldOutAccuracy === null ? '  —  ' : p.heldOutAccuracy.toFixed(2)}\n`,
      ),
  });
  const result = {
    level: name,
    seed: flags.seed,
    labeller: flags.labeller,
    query: flags.query,
    labels: metrics.labels,
    noise: flags.noise,
    temperature: flags.temperature,
    demos: flags.demos,
    tiedPairShare,
    ensemble: flags.ensemble,
    model: flags.model,
    assistant: flags.assistant,
    assistantLabels: engine.allLabels.filter((l) => l.provenance === 'assistant').length,
    backend,
    normalizedReturn: metrics.normalizedReturn,
    trueReturn: metrics.trueReturn,
    apparentReturn: metrics.apparentReturn,
    optimalTrueReturn: metrics.optimalTrueReturn,
    uniformTrueReturn: metrics.uniformTrueReturn,
    heldOutAccuracy: metrics.heldOutAccuracy,
    seconds: (performance.now() - started) / 1000,
    curve: curve.map(({ labels, normalizedReturn, heldOutAccuracy }) => ({ labels, normalizedReturn, heldOutAccuracy })),
  };
  engine.dispose();
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${name}: normalised return ${result.normalizedReturn.toFixed(3)} after ${result.labels} labels (${result.seconds.toFixed(1)} s on ${backend})\n`);
}

/** Segment length `critique` assumes for the labels it reports (the page's default); it sets only the context shown before the fix differs. */
const CRITIQUE_SEGMENT_LENGTH = 10;

/** One clip of a claim's label as `critique` reports it: where it starts, its moves and its true reward. */
function clipSummary(space: StateSpace, segment: Segment) {
  return {
    startStep: segment.startStep,
    length: segment.length,
    actions: segment.actions.map((a) => ACTION_LETTERS[a]).join(''),
    trueReward: round(segmentSum(segment, space.trueReward)),
  };
}

function critique(argv: string[]): void {
  const flags = parseFlags(argv, { level: { kind: 'string' }, actions: { kind: 'string' }, json: { kind: 'bool' } }, ['level', 'actions']);
  const { text } = readLevelArg(String(flags.level));
  const { space } = loadLevel(text);
  let actions;
  try {
    actions = parseActions(String(flags.actions));
  } catch (e) {
    throw new UsageError(`--actions: ${(e as Error).message}`);
  }
  const trajectory = followActions(space, actions, new Rng(1).split('critique'));
  const claims = rankClaims(findClaims(space, trajectory));
  const out = claims.map((c) => {
    // The label accepting this claim would add: "fix ≻ original" with both clips' true reward, or null.
    const label = claimLabel(space, trajectory, c, CRITIQUE_SEGMENT_LENGTH, 'l1');
    const reply = c.reply;
    return {
      step: c.step,
      kind: c.kind,
      severity: round(c.severity),
      title: c.title,
      evidence: c.evidence.summary,
      ...(c.evidence.revealsTruth ? { revealsTruth: c.evidence.revealsTruth } : {}),
      fix: c.fix ? { actions: c.fix.actions.map((a) => ACTION_LETTERS[a]).join(''), trueReturn: round(c.fix.trueReturn) } : null,
      label: label ? { answer: label.answer, left: clipSummary(space, label.left), right: clipSummary(space, label.right) } : null,
      reply: reply ? { kind: reply.kind, text: reply.text, counter: { actions: reply.counter.actions.map((a) => ACTION_LETTERS[a]).join(''), trueReturn: round(reply.counter.trueReturn) } } : null,
    };
  });
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ level: flags.level, actions: flags.actions, trueReturn: trajectory.trueReturn, apparentReturn: trajectory.apparentReturn, claims: out })}\n`);
    return;
  }
  process.stdout.write(`${space.world.level.name}: ${flags.actions} — true ${trajectory.trueReturn}, apparent ${trajectory.apparentReturn}\n`);
  if (out.length === 0) process.stdout.write('no weakness found\n');
  out.forEach((c, i) => {
    const label = c.label ? `${c.label.left.actions} from step ${c.label.left.startStep + 1} (true ${c.label.left.trueReward}) ≻ ${c.label.right.actions} (true ${c.label.right.trueReward})` : 'none';
    process.stdout.write(`${i + 1}. step ${c.step} ${c.kind} (severity ${c.severity}): ${c.title}\n   ${c.evidence}\n   fix: ${c.fix ? `${c.fix.actions} (true ${c.fix.trueReturn})` : 'none'}\n   label: ${label}\n   the agent answers: ${c.reply ? `${c.reply.kind}: ${c.reply.text}` : 'nothing (a question)'}\n`);
  });
}

function evaluate(argv: string[]): void {
  const flags = parseFlags(
    argv,
    {
      level: { kind: 'string', default: 'all' },
      trajectories: { kind: 'int', min: 1, max: 5000, default: DEFAULT_EVALUATION.trajectories },
      seed: { kind: 'int', min: 0, max: 2 ** 31 - 1, default: 1 },
      k: { kind: 'int', min: 1, max: 500, default: DEFAULT_EVALUATION.k },
      q: { kind: 'number', min: 0, max: 1, default: DEFAULT_EVALUATION.q },
      m: { kind: 'int', min: 0, max: 10, default: DEFAULT_EVALUATION.m },
      json: { kind: 'bool' },
    },
  );
  const names = flags.level === 'all' ? builtinLevelNames() : [String(flags.level)];
  const settings = { trajectories: flags.trajectories as number, seed: flags.seed as number, k: flags.k as number, q: flags.q as number, m: flags.m as number };
  const reports = names.map((name) => runEvaluation(loadLevel(readLevelArg(name).text).space, settings));
  const rows = reports.map((report, i) => ({ level: names[i], ...summary(report) }));
  const overall = summary(combineEvaluations(reports));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ settings, levels: rows, ...overall })}\n`);
    return;
  }
  process.stdout.write(evaluationTable(rows, overall));
}

/** The --level argument, for naming the file in a level error. */
function levelArg(argv: readonly string[]): string {
  const i = argv.indexOf('--level');
  return i >= 0 && argv[i + 1] ? argv[i + 1] : 'level';
}

/** Runs a command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'train') await train(rest);
    else if (command === 'critique') critique(rest);
    else if (command === 'evaluate') evaluate(rest);
    else if (command === 'help' || command === '--help') process.stdout.write(`${USAGE}\n`);
    else throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof LevelError || (e instanceof Error && /no built-in level/.test(e.message))) {
      const where = e instanceof LevelError ? `${levelArg(argv)}: ` : '';
      process.stderr.write(`error: ${where}${e.message.split('\n')[0]}${e instanceof UsageError ? ' (run "npm run experiment -- help" for usage)' : ''}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
