// The page worker (a real module worker in Chromium): the editor's level check gives the same state
// count and the same line and column as on the page's thread, and a big level leaves the page's
// thread free, where the page's-thread check blocks it for a long task; a session file reads the same
// as on the page's thread; and where no worker starts, or the worker fails, both still answer.
import { describe, expect, it } from 'vitest';
import { builtinLevel } from '../../src/app/builtin-levels';
import { loadLevelOnce } from '../../src/app/level-spaces';
import { checkLevelOnMainThread, offThread } from '../../src/app/off-thread';
import { exportSession, parseSessionFile } from '../../src/app/session-file';
import { defaultSettings } from '../../src/app/settings';
import { LevelError } from '../../src/core/level';
import { loadLevel, type StateSpace } from '../../src/core/states';

const vase = builtinLevel('vase')!.text;
const broken = 'name: Broken\nmax_steps: 20\n---\n#####\n#A.Z#\n#####\n';
/** 16,896 reachable states: over a second to enumerate on these machines. */
const big = `name: Big\nmax_steps: 30\n---\n${['############', '#A.V..V..V.#', '#..........#', '#.V..V..V..#', '#..........#', '#.....V...G#', '#..........#', '#.V........#', '############'].join('\n')}\n`;

/** A session file on the vase level (no labels yet). */
const file = exportSession({
  settings: defaultSettings('vase', vase),
  labels: [],
  verdicts: [],
  approvals: [],
  curve: [],
  author: 'Ada',
});

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

describe('the page worker', () => {
  it('counts the same states and reports the same line and column as the check on the page', async () => {
    const check = (text: string) => worker.checkLevel(text);
    const worker = offThread();
    expect(await check(vase)).toEqual(await checkLevelOnMainThread(vase));
    const [inWorker, onPage] = [await problem(check(broken)), await problem(checkLevelOnMainThread(broken))];
    expect({ line: inWorker.line, column: inWorker.column, reason: inWorker.reason }).toEqual({ line: onPage.line, column: onPage.column, reason: onPage.reason });
  });

  it('reads a session file as the page does, and refuses a broken one with the same line', async () => {
    const worker = offThread();
    const parsed = await worker.parseSessionFile(file);
    expect(parsed.ok).toBe(true);
    expect(parsed).toEqual(parseSessionFile(file));
    const bad = JSON.stringify({ ...(JSON.parse(file) as object), version: 7 });
    expect(await worker.parseSessionFile(bad)).toEqual(parseSessionFile(bad));
    expect((await worker.parseSessionFile(bad)).ok).toBe(false);
  });

  it('checks a big level without a long task on the page, where enumerating it on the page makes one; the page keeps the space', async () => {
    const check = (text: string) => worker.checkLevel(text);
    const worker = offThread();
    await check(vase); // the worker started
    let states = 0;
    expect(await longTasksDuring(async () => (states = (await check(big)).states))).toBe(0);
    expect(states).toBe(16_896);
    // Playing the checked level takes the space the worker sent: no enumeration on the page.
    let kept: StateSpace | null = null;
    expect(await longTasksDuring(async () => (kept = loadLevelOnce(big).space))).toBe(0);
    expect(kept!.numStates).toBe(16_896);
    expect(kept!.next.length).toBe(kept!.numTransitions);
    expect(kept!.states[kept!.next[0]]).toEqual(loadLevel(big).space.states[loadLevel(big).space.next[0]]);
    expect(await longTasksDuring(async () => loadLevel(big))).toBeGreaterThan(0); // the level is big enough
  }, 60_000);

  it('reads a session file on a big level without a long task on the page, and the page keeps its level for opening it', async () => {
    const text = big.replace('name: Big', 'name: Big session'); // a level this page has not loaded yet
    const session = exportSession({ settings: defaultSettings('custom', text), labels: [], verdicts: [], approvals: [], curve: [], author: 'Ada' });
    const worker = offThread();
    await worker.checkLevel(vase); // the worker started
    let ok = false;
    expect(await longTasksDuring(async () => (ok = (await worker.parseSessionFile(session)).ok))).toBe(0);
    expect(ok).toBe(true);
    let states = 0;
    expect(await longTasksDuring(async () => (states = loadLevelOnce(text).space.numStates))).toBe(0);
    expect(states).toBe(16_896);
  }, 60_000);

  it('checks on the page where no worker starts, or the worker fails', async () => {
    const none = offThread(() => {
      throw new Error('no workers here');
    });
    expect((await none.checkLevel(vase)).states).toBeGreaterThan(0);
    expect(await none.parseSessionFile(file)).toEqual(parseSessionFile(file));
    // A worker whose script cannot load fails with an error event: the waiting check is answered anyway.
    const failing = offThread(() => new Worker(new URL('./no-such-worker.js', import.meta.url), { type: 'module' }));
    expect(await failing.checkLevel(vase)).toEqual(await checkLevelOnMainThread(vase));
    expect((await problem(failing.checkLevel(broken))).line).toBe(5);
    expect(await failing.parseSessionFile(file)).toEqual(parseSessionFile(file));
  });
});
