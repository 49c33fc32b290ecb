// <rp-room>: real exported session files, opened through the file input, become a leaderboard per
// level with the teacher's summary; a file that cannot be read gets one line naming it and why.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import vaseText from '../../levels/vase.level?raw';
import { exportSession } from '../../src/app/session-file';
import { defaultSettings } from '../../src/app/settings';
import { rollout } from '../../src/core/planner';
import { cutSegments, segmentSum, type Label, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel } from '../../src/core/states';
import '../../src/components/rp-room';
import type { RpRoom } from '../../src/components/rp-room';
import type { OfflineRunner } from '../../src/app/session-store';
import type { EngineApi, OfflinePoint } from '../../src/learning/protocol';

const { space } = loadLevel(vaseText);
const segments: Segment[] = [];
for (let i = 0; i < 12; i++) segments.push(...cutSegments(rollout(space, 'uniform', new Rng(5).split(`r${i}`)), 6));
const trueOf = (s: Segment) => segmentSum(s, space.trueReward);
/** The first pair of real clips whose true returns differ: [better, worse]. */
const pair = ((): [Segment, Segment] => {
  for (const a of segments) for (const b of segments) if (trueOf(a) - trueOf(b) > 0.5) return [a, b];
  throw new Error('no pair with different true returns');
})();

/** A real exported file: one person label on `pair`, for the better clip or the worse one. */
function exported(author: string, truthful: boolean, normalizedReturn: number, budget: number | null = null): string {
  const label: Label = { id: 'l1', left: pair[0], right: pair[1], answer: truthful ? 'left' : 'right', provenance: 'person', heldOut: false };
  const point = { labels: 1, trueReturn: 20, apparentReturn: 20, learnedReturn: 0, normalizedReturn, heldOutAccuracy: null, disagreement: 0 };
  return exportSession({ settings: { ...defaultSettings('vase', vaseText), budget }, labels: [label], verdicts: [], approvals: [], curve: [point], author });
}

async function open(el: RpRoom, files: File[]): Promise<void> {
  await el.updateComplete;
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
  const chosen = new DataTransfer();
  for (const f of files) chosen.items.add(f);
  input.files = chosen.files;
  input.dispatchEvent(new Event('change'));
}

describe('<rp-room>', () => {
  it('shows a ranked table per level and the summary; a bad file gets a line naming it', async () => {
    const screen = render(html`<rp-room></rp-room>`);
    const el = screen.container.querySelector<RpRoom>('rp-room')!;
    await expect.element(page.getByRole('button', { name: "Open the room's files…" })).toBeVisible();
    await open(el, [
      new File([exported('Ben', false, 0.25)], 'ben.json', { type: 'application/json' }),
      new File([exported('Ana', true, 0.75)], 'ana.json', { type: 'application/json' }),
      new File(['{"format": "something-else"}'], 'notes.json', { type: 'application/json' }),
    ]);
    await expect.element(page.getByRole('status')).toHaveTextContent('2 of 3 files read.');
    await expect.element(page.getByRole('alert')).toHaveTextContent('notes.json: format: this is not a Reward Playground session file');

    const rows = () => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    expect(rows()).toEqual([
      ['1', 'Ana', '1', '0', '0.75', '20.0', '—'],
      ['2', 'Ben', '1', '1', '0.25', '20.0', '—'],
    ]);
    const headers = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    expect(headers).toEqual(['Rank', 'Person', 'Labels', 'Fooled labels', 'True score (normalised)', 'True return', 'Budget']);
    // Without a way to train (no engine passed), no pooled-model button.
    expect(el.shadowRoot!.textContent).not.toContain('Train on the pooled labels');
    const summary = el.shadowRoot!.querySelector('dl')!.textContent!.replace(/\s+/g, ' ');
    expect(summary).toContain('People 2');
    expect(summary).toContain('Ana: 1, Ben: 1 (2 in all)');
    expect(summary).toContain('0 of 1 pairs answered by two or more people (0%)');
    expect(summary).toContain('1 of 2 labels (50%) disagree with the true scores');
    await expect.element(page.getByRole('heading', { name: 'Vase room (vase)' })).toBeVisible();
  });

  it('shows each file\'s budget and ranks like with like; trains on the pooled labels and draws the curve', async () => {
    const calls: unknown[][] = [];
    let finish: (points: OfflinePoint[]) => void = () => {};
    const engine = {
      curveFromLabels: (...args: unknown[]) => {
        calls.push(args);
        return new Promise<OfflinePoint[]>((resolve) => (finish = resolve));
      },
    } as unknown as EngineApi;
    const run: OfflineRunner = (call) => call(engine);
    const screen = render(html`<rp-room .run=${run}></rp-room>`);
    const el = screen.container.querySelector<RpRoom>('rp-room')!;
    await open(el, [
      new File([exported('Ana', true, 0.75)], 'ana.json', { type: 'application/json' }),
      new File([exported('Cy', true, 0.5, 10)], 'cy.json', { type: 'application/json' }),
      new File([exported('Dee', false, 0.9, 10)], 'dee.json', { type: 'application/json' }),
    ]);
    await expect.element(page.getByRole('status')).toHaveTextContent('3 of 3 files read.');
    const rows = () => [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    expect(rows()).toEqual([
      ['1', 'Ana', '1', '0', '0.75', '20.0', '—'],
      ['1', 'Dee', '1', '1', '0.90', '20.0', '10'],
      ['2', 'Cy', '1', '0', '0.50', '20.0', '10'],
    ]);
    // Ana's and Cy's labels are the same label: pooled once; Dee's answer differs.
    await expect.element(page.getByText('2 pooled labels', { exact: false })).toBeVisible();
    const button = page.getByRole('button', { name: 'Train on the pooled labels' });
    await button.click();
    expect(calls).toHaveLength(1);
    const [levelText, settings, labels, counts] = calls[0] as [string, object, Label[], number[]];
    expect(levelText).toBe(vaseText);
    expect(settings).toEqual({ seed: 1, members: 5, rewardModel: 'features', segmentLength: 10, queryMode: 'active' });
    expect(labels.map((l) => [l.id, l.answer])).toEqual([
      ['l1', 'left'],
      ['l2', 'right'],
    ]);
    expect(counts).toEqual([0, 2]);
    await expect.element(page.getByText('Training on the pooled labels…')).toBeVisible();
    await expect.element(button).toBeDisabled();
    // The model on both labels finds Ana's and Dee's answers to the same pair going round.
    finish([
      { labels: 0, normalizedReturn: 0, trueReturn: -5 },
      { labels: 2, normalizedReturn: 0.5, trueReturn: 12, labelIssues: [{ kind: 'cycle', labelIds: ['l1', 'l2'], detail: '' }] },
    ]);
    await expect.element(page.getByRole('img', { name: 'Pooled model on Vase room: normalised true score against pooled labels' })).toBeVisible();
    const pooled = [...el.shadowRoot!.querySelectorAll('.pooled tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent?.trim()));
    expect(pooled).toEqual([
      ['0', '0.00', '-5.0'],
      ['2', '0.50', '12.0'],
    ]);
    expect(el.shadowRoot!.querySelectorAll('.pooled circle')).toHaveLength(2);
    const check = page.getByRole('region', { name: 'Label check across the room: Vase room' });
    await expect.element(check).toHaveTextContent('the model trained on all 2 pooled labels');
    await expect.element(check).toHaveTextContent('Answers that go round (2 labels, such as one pair answered both ways): Ana and Dee.');
    await expect.element(button).toBeEnabled();
  });
});
