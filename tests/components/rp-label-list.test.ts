// <rp-label-list>: labels newest first with answer, provenance (text and badge), the held-out marker and
// the tag of a label set aside because it does not fit the level.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import type { Answer, Label, Provenance, Segment } from '../../src/core/preferences';
import '../../src/components/rp-label-list';
import type { RpLabelList } from '../../src/components/rp-label-list';

const seg: Segment = { start: 0, startStep: 0, actions: [], transitions: [], length: 3 };
const label = (i: number, answer: Answer, provenance: Provenance, heldOut = false): Label => ({ id: `l${i}`, left: seg, right: seg, answer, provenance, heldOut });

const labels: Label[] = [
  label(1, 'left', 'person'),
  label(2, 'right', 'labeller'),
  label(3, 'equal', 'assistant'),
  label(4, 'cant-tell', 'demonstration'),
  label(5, 'left', 'person', true),
];

const rowTexts = (el: RpLabelList) =>
  [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()));

describe('<rp-label-list>', () => {
  it('lists labels newest first with answer, provenance text and the held-out marker', async () => {
    const screen = render(html`<rp-label-list .labels=${labels}></rp-label-list>`);
    const el = screen.container.querySelector<RpLabelList>('rp-label-list')!;
    await el.updateComplete;
    expect(rowTexts(el)).toEqual([
      ['5', 'Left', 'Person', 'held out'],
      ['4', "Can't tell", 'Demonstration', ''],
      ['3', 'Equal', 'Assistant', ''],
      ['2', 'Right', 'Simulated labeller', ''],
      ['1', 'Left', 'Person', ''],
    ]);
    expect(el.shadowRoot!.querySelectorAll('.badge svg')).toHaveLength(5);
    await expect.element(page.getByText('Simulated labeller')).toBeVisible();
    await expect.element(page.getByRole('region', { name: 'Labels, newest first' })).toBeVisible();
  });

  it('tags the labels set aside (they do not fit the level), in text a screen reader reads too', async () => {
    const screen = render(html`<rp-label-list .labels=${labels} .setAsideLabels=${['l2', 'l5']}></rp-label-list>`);
    const el = screen.container.querySelector<RpLabelList>('rp-label-list')!;
    await el.updateComplete;
    expect(rowTexts(el).map((r) => r[3])).toEqual(['held out set aside does not fit this level', '', '', 'set aside does not fit this level', '']);
    expect([...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.classList.contains('set-aside'))).toEqual([true, false, false, true, false]);
    await expect.element(page.getByRole('row', { name: '2 Right Simulated labeller set aside does not fit this level' })).toBeVisible();
    expect(el.shadowRoot!.querySelector('.aside')!.getAttribute('title')).toMatch(/not trained on/);

    // The ids come from the session: when the label fits again, the tag goes.
    el.setAsideLabels = [];
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('.aside')).toHaveLength(0);
    expect(rowTexts(el)[0][3]).toBe('held out');
  });

  it('renders at most `max` rows and counts the rest', async () => {
    const many = Array.from({ length: 250 }, (_, i) => label(i + 1, 'right', 'labeller'));
    const screen = render(html`<rp-label-list .labels=${many}></rp-label-list>`);
    const el = screen.container.querySelector<RpLabelList>('rp-label-list')!;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelectorAll('tbody tr')).toHaveLength(200);
    expect(rowTexts(el)[0][0]).toBe('250');
    await expect.element(page.getByText('and 50 earlier labels')).toBeVisible();
  });

  it('adds a new label as one row at the top, leaving the rows below untouched', async () => {
    const screen = render(html`<rp-label-list .labels=${labels}></rp-label-list>`);
    const el = screen.container.querySelector<RpLabelList>('rp-label-list')!;
    await el.updateComplete;
    const before = [...el.shadowRoot!.querySelectorAll('tbody tr')];
    el.labels = [...labels, label(6, 'right', 'labeller')];
    await el.updateComplete;
    const after = [...el.shadowRoot!.querySelectorAll('tbody tr')];
    expect(rowTexts(el).map((r) => r[0])).toEqual(['6', '5', '4', '3', '2', '1']);
    // The same elements, one place lower: nothing below the new row was rewritten.
    expect(after.slice(1)).toEqual(before);
    expect(before.every((row, i) => row === after[i + 1])).toBe(true);
  });

  it('says when there are no labels', async () => {
    render(html`<rp-label-list .labels=${[]}></rp-label-list>`);
    await expect.element(page.getByText('No labels yet.')).toBeVisible();
  });
});
