/**
 * `npm run experiment -- <command> [flags]`: headless experiments in Node (WASM backend, CPU fallback).
 *
 *   train --level <name|path> --labeller oracle|observer --labels N --query active|random --seed S
 *         [--noise P] [--ensemble E] [--json]
 *
 * Progress goes to stderr; with --json the last line of stdout is one JSON object. A bad level file or
 * argument prints a one-line error and exits 2.
 */
import { LevelError } from '../core/level';
import { LearningEngine } from '../learning/engine';
import { useNodeBackend } from '../learning/node-backend';
import { runTrainingLoop } from '../learning/training-loop';
import { UsageError, parseFlags } from './args';
import { readLevelArg } from './levels';

const USAGE = 'usage: npm run experiment -- train --level <name|path> --labeller oracle|observer --labels N --query active|random --seed S [--noise P] [--ensemble E] [--json]';

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
      ensemble: { kind: 'int', min: 1, max: 8, default: 5 },
      json: { kind: 'bool' },
    },
    ['level'],
  );
  const { name, text } = readLevelArg(String(flags.level));
  const backend = await useNodeBackend();
  const started = performance.now();
  const engine = new LearningEngine(text, { seed: flags.seed as number, members: flags.ensemble as number });
  const { metrics, curve } = await runTrainingLoop(engine, {
    labeller: flags.labeller as 'oracle' | 'observer',
    labels: flags.labels as number,
    query: flags.query as 'active' | 'random',
    noise: flags.noise as number,
    onRound: (p) =>
      process.stderr.write(
        `labels ${String(p.labels).padStart(4)}  normalised ${p.normalizedReturn.toFixed(3).padStart(7)}  true ${p.trueReturn.toFixed(2).padStart(7)}  apparent ${p.apparentReturn.toFixed(2).padStart(7)}  held-out acc ${p.heldOutAccuracy === null ? '  —  ' : p.heldOutAccuracy.toFixed(2)}\n`,
      ),
  });
  engine.dispose();
  const result = {
    level: name,
    seed: flags.seed,
    labeller: flags.labeller,
    query: flags.query,
    labels: metrics.labels,
    noise: flags.noise,
    ensemble: flags.ensemble,
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
  if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${name}: normalised return ${result.normalizedReturn.toFixed(3)} after ${result.labels} labels (${result.seconds.toFixed(1)} s on ${backend})\n`);
}

/** Runs a command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'train') await train(rest);
    else throw new UsageError(command ? `unknown command "${command}"` : 'missing command');
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof LevelError || (e instanceof Error && /no built-in level/.test(e.message))) {
      process.stderr.write(`error: ${e.message.split('\n')[0]}${e instanceof UsageError ? `\n${USAGE}` : ''}\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
