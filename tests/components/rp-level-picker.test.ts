// <rp-level-picker>: a labelled select that reports the choice and shows the chosen level's summary.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import { BUILTIN_LEVELS } from '../../src/app/builtin-levels';
import '../../src/components/rp-level-picker';
import type { LevelChangeDetail } from '../../src/components/rp-level-picker';

describe('<rp-level-picker>', () => {
  it('lists the levels under the label "Level" and shows the chosen summary', async () => {
    render(html`<rp-level-picker .levels=${BUILTIN_LEVELS} value="vase"></rp-level-picker>`);
    const select = page.getByLabelText('Level');
    await expect.element(select).toHaveValue('vase');
    expect(page.getByRole('option').elements()).toHaveLength(BUILTIN_LEVELS.length);
    await expect.element(page.getByText('The shortest path to the goal breaks a vase')).toBeVisible();
  });

  it('emits level-change with the chosen id, and follows the value it is given', async () => {
    const seen: LevelChangeDetail[] = [];
    const screen = render(
      html`<rp-level-picker .levels=${BUILTIN_LEVELS} value="warmup" @level-change=${(e: CustomEvent<LevelChangeDetail>) => seen.push(e.detail)}></rp-level-picker>`,
    );
    await page.getByLabelText('Level').selectOptions('Lava edge');
    expect(seen).toEqual([{ id: 'lava' }]);
    const picker = screen.container.querySelector('rp-level-picker')!;
    picker.value = 'box';
    await picker.updateComplete;
    await expect.element(page.getByLabelText('Level')).toHaveValue('box');
    await expect.element(page.getByText(/stuck in a corner/)).toBeVisible();
  });

  it('escapes level names: markup in a name is shown as text', async () => {
    const levels = [{ id: 'x', name: '<img src=x onerror=alert(1)>', summary: '<b>bold?</b>' }];
    const screen = render(html`<rp-level-picker .levels=${levels} value="x"></rp-level-picker>`);
    const picker = screen.container.querySelector('rp-level-picker')!;
    await picker.updateComplete;
    const root = picker.shadowRoot!;
    expect(root.querySelector('img, b')).toBeNull();
    expect(root.querySelector('option')!.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});
