// <rp-challenge>: the label-budget challenge's card — the start control (a budget, default 10), the
// labels left while it runs, and once the budget is spent the result: the agent's true score and the
// You / Active queries / Random queries table, the two yardsticks run once, one after the other.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import warmupText from '../../levels/warmup.level?raw';
import type { OfflineRunner } from '../../src/app/session-store';
import { initialView, type SessionView } from '../../src/app/session-types';
import { defaultSettings, type Settings } from '../../src/app/settings';
import type { Label } from '../../src/core/preferences';
import '../../src/components/rp-challenge';
import type { RpChallenge } from '../../src/components/rp-challenge';
import type { EngineApi, SimulateRequest, SimulateResult } from '../../src/learning/protocol';

const base = defaultSettings('warmup', warmupText);
/** `n` labels: the person's own, and one of Auto-label's, which does not count against the budget. */
const labels = (n: number) => [...Array.from({ length: n }, (_, i) => ({ id: `l${i + 1}`, provenance: 'person' }) as Label), { id: 'x', provenance: 'labeller' } as Label];
const view = (settings: Settings, used: number, patch: Partial<SessionView> = {}): SessionView => ({ ...initialView(settings), labels: labels(used), ...patch });
/** A runner whose engine answers `simulate` with `simulate`. */
const runner =
  (simulate: (query: SimulateRequest['query'], request: SimulateRequest) => Promise<SimulateResult>): OfflineRunner =>
  (call) =>
    call({ simulate: (_text: string, _settings: unknown, request: SimulateRequest) => simulate(request.query, request) } as unknown as EngineApi);

async function mount(settings: Settings, used: number, run: OfflineRunner | null = null) {
  const events: { type: string; detail: unknown }[] = [];
  const screen = render(
    html`<rp-challenge .view=${view(settings, used)} .run=${run}
      @challenge-start=${(e: CustomEvent) => events.push({ type: e.type, detail: e.detail })}
      @challenge-end=${(e: CustomEvent) => events.push({ type: e.type, detail: e.detail })}></rp-challenge>`,
  );
  const el = screen.container.querySelector<RpChallenge>('rp-challenge')!;
  await el.updateComplete;
  return { el, events };
}

const result = (normalizedReturn: number): SimulateResult => ({ labels: 10, normalizedReturn, trueReturn: 3, curve: [] });

describe('<rp-challenge>', () => {
  it('offers to start a challenge with a budget, 10 by default, and refuses a budget out of range', async () => {
    const { events } = await mount(base, 0);
    const start = page.getByRole('button', { name: 'Start a label-budget challenge' });
    const size = page.getByRole('spinbutton', { name: 'Labels' });
    await expect.element(size).toHaveValue(10);
    await start.click();
    await size.fill('0');
    await expect.element(start).toBeDisabled();
    await expect.element(page.getByRole('alert')).toHaveTextContent('from 1 to 200');
    await size.fill('12');
    await start.click();
    expect(events).toEqual([
      { type: 'challenge-start', detail: { budget: 10 } },
      { type: 'challenge-start', detail: { budget: 12 } },
    ]);
  });

  it('while it runs, says how many labels are left and offers to end it', async () => {
    const { events } = await mount({ ...base, budget: 10 }, 3);
    await expect.element(page.getByText('7 of 10 labels left.', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'End the challenge' }).click();
    expect(events).toEqual([{ type: 'challenge-end', detail: {} }]);
  });

  it('once the budget is spent: your score, then Active and Random queries run once, one after the other', async () => {
    const asked: string[] = [];
    const pending: ((r: SimulateResult) => void)[] = [];
    const run = runner((query, request) => {
      asked.push(query);
      expect(request.labels).toBe(10);
      return new Promise<SimulateResult>((resolve) => pending.push(resolve));
    });
    const settings = { ...base, budget: 10 };
    const { el } = await mount(settings, 10, run);
    const rows = () => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    await expect.element(page.getByRole('status')).toHaveTextContent("Your agent's true score (normalised): training…");
    expect(rows()).toEqual([
      ['You', 'training…'],
      ['Active queries', 'running…'],
      ['Random queries', 'running…'],
    ]);
    expect(asked).toEqual(['active']);
    // Training on the last label settled: the snapshot's score is the result.
    const snapshot = { metrics: { labels: 11, normalizedReturn: 0.734 } } as unknown as SessionView['snapshot'];
    el.view = view(settings, 10, { snapshot, trainProgress: null });
    await el.updateComplete;
    await expect.element(page.getByRole('status')).toHaveTextContent("Your agent's true score (normalised): 0.73");
    pending[0](result(0.9));
    await expect.poll(() => asked).toEqual(['active', 'random']);
    pending[1](result(0.41));
    await expect.poll(rows).toEqual([
      ['You', '0.73'],
      ['Active queries', '0.90'],
      ['Random queries', '0.41'],
    ]);
    // A re-render (a new runner, the same challenge) does not run them again.
    el.run = (call) => run(call);
    await el.updateComplete;
    expect(asked).toEqual(['active', 'random']);
  });

  it('a yardstick that fails says why; the other still runs', async () => {
    const run = runner((query) => (query === 'active' ? Promise.reject(new Error('the engine stopped')) : Promise.resolve(result(0.2))));
    const { el } = await mount({ ...base, budget: 2 }, 2, run);
    const rows = () => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    await expect.poll(rows).toEqual([
      ['You', 'training…'],
      ['Active queries', 'not available (the engine stopped)'],
      ['Random queries', '0.20'],
    ]);
  });
});
