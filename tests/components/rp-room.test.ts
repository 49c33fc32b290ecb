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
function exported(author: string, truthful: boolean, normalizedReturn: number): string {
  const label: Label = { id: 'l1', left: pair[0], right: pair[1], answer: truthful ? 'left' : 'right', provenance: 'person', heldOut: false };
  const point = { labels: 1, trueReturn: 20, apparentReturn: 20, learnedReturn: 0, normalizedReturn, heldOutAccuracy: null, disagreement: 0 };
  return exportSession({ settings: defaultSettings('vase', vaseText), labels: [label], verdicts: [], approvals: [], curve: [point], author });
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
      ['1', 'Ana', '1', '0', '0.75', '20.0'],
      ['2', 'Ben', '1', '1', '0.25', '20.0'],
    ]);
    const headers = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    expect(headers).toEqual(['Rank', 'Person', 'Labels', 'Fooled labels', 'True score (normalised)', 'True return']);
    const summary = el.shadowRoot!.querySelector('dl')!.textContent!.replace(/\s+/g, ' ');
    expect(summary).toContain('People 2');
    expect(summary).toContain('Ana: 1, Ben: 1 (2 in all)');
    expect(summary).toContain('0 of 1 pairs answered by two or more people (0%)');
    expect(summary).toContain('1 of 2 labels (50%) disagree with the true scores');
    await expect.element(page.getByRole('heading', { name: 'Vase room (vase)' })).toBeVisible();
  });
});
