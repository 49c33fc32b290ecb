// The editor's level check in its own worker (real module worker in Chromium): the same state count
// and the same line and column as the check on the page's thread; a big level leaves the page's
// thread free, where the page's-thread check blocks it for a long task; and where no worker starts, or
// the worker fails, checks still answer, on the page's thread.
import { describe, expect, it } from 'vitest';
import { builtinLevel } from '../../src/app/builtin-levels';
import { checkLevelOnMainThread, levelChecker } from '../../src/app/level-check';
import { LevelError } from '../../src/core/level';

const vase = builtinLevel('vase')!.text;
const broken = 'name: Broken\nmax_steps: 20\n---\n#####\n#A.Z#\n#####\n';
/** About 17,000 states: over a second to enumerate on these machines. */
const big = `name: Big\nmax_steps: 30\n---\n${['############', '#A.V..V..V.#', '#..........#', '#.V..V..V..#', '#..........#', '#.....V...G#', '#..........#', '#.V........#', '############'].join('\n')}\n`;

/** Long tasks (over 50 ms) on the page's thread while `work` runs. */
async function longTasksDuring(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const observer = new PerformanceObserver((list) => (count += list.getEntries().length));
  observer.observe({ type: 'longtask' });
  await work();
  await new Promise((r) => setTimeout(r, 200)); // entries are delivered after the task
  observer.disconnect();
  return count;
}

async function problem(p: Promise<unknown>): Promise<LevelError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LevelError);
  return err as LevelError;
}

describe('level check in a worker', () => {
  it('counts the same states and reports the same line and column as the check on the page', async () => {
    const check = levelChecker();
    expect(await check(vase)).toEqual(await checkLevelOnMainThread(vase));
    const [inWorker, onPage] = [await problem(check(broken)), await problem(checkLevelOnMainThread(broken))];
    expect({ line: inWorker.line, column: inWorker.column, reason: inWorker.reason }).toEqual({ line: onPage.line, column: onPage.column, reason: onPage.reason });
  });

  it('checks a big level without a long task on the page, where the check on the page makes one', async () => {
    const check = levelChecker();
    await check(vase); // the worker started
    let states = 0;
    expect(await longTasksDuring(async () => (states = (await check(big)).states))).toBe(0);
    expect(states).toBeGreaterThan(15_000);
    expect(await longTasksDuring(() => checkLevelOnMainThread(big))).toBeGreaterThan(0);
  }, 60_000);

  it('checks on the page where no worker starts, or the worker fails', async () => {
    const none = levelChecker(() => {
      throw new Error('no workers here');
    });
    expect((await none(vase)).states).toBeGreaterThan(0);
    // A worker whose script cannot load fails with an error event: the waiting check is answered anyway.
    const failing = levelChecker(() => new Worker(new URL('./no-such-worker.js', import.meta.url), { type: 'module' }));
    expect(await failing(vase)).toEqual(await checkLevelOnMainThread(vase));
    expect((await problem(failing(broken))).line).toBe(5);
  });
});
