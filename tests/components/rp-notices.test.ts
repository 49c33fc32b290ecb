// <rp-notices>: notices in live regions, errors as alerts, each dismissable; a notice's command is a button.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import type { Notice } from '../../src/app/session-types';
import '../../src/components/rp-notices';
import type { NoticeActionDetail, NoticeDismissDetail, RpNotices } from '../../src/components/rp-notices';

const notices: Notice[] = [
  { id: 1, kind: 'info', text: 'Switched to WASM: it measured fastest.' },
  { id: 2, kind: 'error', text: 'Could not save: storage is full. The session keeps working in memory.' },
  { id: 3, kind: 'warning', text: '<b>not bold</b>' },
];

describe('<rp-notices>', () => {
  it('puts errors in an alert and the rest in a status region', async () => {
    const screen = render(html`<rp-notices .notices=${notices}></rp-notices>`);
    const el = screen.container.querySelector<RpNotices>('rp-notices')!;
    await el.updateComplete;
    await expect.element(page.getByRole('alert')).toHaveTextContent(/Error:\s*Could not save/);
    const status = page.getByRole('status');
    await expect.element(status).toHaveTextContent(/Note:\s*Switched to WASM/);
    await expect.element(status).toHaveTextContent('Warning:<b>not bold</b>');
    expect(el.shadowRoot!.querySelector('b')).toBeNull();
  });

  it('emits notice-dismiss with the id, and drops the notice when given the new list', async () => {
    const seen: NoticeDismissDetail[] = [];
    const screen = render(html`<rp-notices .notices=${notices} @notice-dismiss=${(e: CustomEvent<NoticeDismissDetail>) => seen.push(e.detail)}></rp-notices>`);
    const el = screen.container.querySelector<RpNotices>('rp-notices')!;
    await el.updateComplete;
    const buttons = page.getByRole('button', { name: 'Dismiss' });
    expect(buttons.elements()).toHaveLength(3);
    await page.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
    expect(seen).toEqual([{ id: 2 }]);
    el.notices = notices.filter((n) => n.id !== 2);
    await el.updateComplete;
    expect(page.getByRole('button', { name: 'Dismiss' }).elements()).toHaveLength(2);
    expect(page.getByRole('alert').elements()).toHaveLength(1); // the empty region stays, ready to announce
  });

  it('offers a notice\'s command as a button that emits notice-action', async () => {
    const seen: NoticeActionDetail[] = [];
    const withAction: Notice[] = [...notices, { id: 4, kind: 'info', text: 'Your earlier session was kept as a backup.', action: 'restore-backup' }];
    const screen = render(html`<rp-notices .notices=${withAction} @notice-action=${(e: CustomEvent<NoticeActionDetail>) => seen.push(e.detail)}></rp-notices>`);
    await screen.container.querySelector<RpNotices>('rp-notices')!.updateComplete;
    expect(page.getByRole('button', { name: 'Restore backup' }).elements()).toHaveLength(1);
    await page.getByRole('button', { name: 'Restore backup' }).click();
    expect(seen).toEqual([{ id: 4, action: 'restore-backup' }]);
  });
});
