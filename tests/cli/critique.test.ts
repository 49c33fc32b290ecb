/**
 * `npm run experiment -- critique … --json` reports, with each claim, the label accepting it would
 * add: "fix ≻ original", both clips from before the first differing step to the end of the episode,
 * with their true reward — the fix's always the higher. On Lava edge the run beside the lava whose
 * safe way only ties (+40 against +40) is not reported at all.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface ClipJson {
  startStep: number;
  length: number;
  actions: string;
  trueReward: number;
}
interface ClaimJson {
  step: number;
  kind: string;
  fix: { actions: string; trueReturn: number } | null;
  label: { answer: string; left: ClipJson; right: ClipJson } | null;
}

/** Runs the critique command with --json and parses its last line. */
function critique(level: string, actions: string): { trueReturn: number; claims: ClaimJson[] } {
  const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/experiment.ts'), 'critique', '--level', level, '--actions', actions, '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

describe('critique --json', () => {
  it('prints the label each claim would add, preferring the truly better clip', () => {
    const out = critique('supervisor', 'rrrrr'); // the shortcut over the punishment tile, to the goal
    expect(out.trueReturn).toBe(15);
    const [claim] = out.claims;
    expect(claim.kind).toBe('appearance-differs');
    expect(claim.label).toEqual({
      answer: 'left',
      left: { startStep: 0, length: 11, actions: claim.fix!.actions, trueReward: 39 },
      right: { startStep: 0, length: 11, actions: 'rrrrr', trueReward: 15 },
    });
  }, 60_000);

  it('on Lava edge: a tie is not offered; every label is truly better and covers the rest of the episode', () => {
    const out = critique('lava', 'durrdrrurr'); // the agent's plan before any label, seed 1
    expect(out.trueReturn).toBe(40);
    expect(out.claims.length).toBeGreaterThan(0);
    expect(out.claims.some((c) => c.kind === 'hazard' && c.step === 8)).toBe(false);
    for (const c of out.claims) {
      expect(c.label).not.toBeNull();
      expect(c.label!.left.trueReward).toBeGreaterThan(c.label!.right.trueReward);
      expect(c.label!.right.startStep + c.label!.right.actions.length).toBe(10);
    }
  }, 60_000);
});
