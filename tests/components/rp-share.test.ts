// <rp-share>: the sharing and file buttons emit their intents; the author's name field reports what is
// typed; chosen files arrive with name and text.
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-lit';
import '../../src/components/rp-share';
import type { AuthorChangeDetail, RpShare, ShareActionDetail, ShareImportDetail } from '../../src/components/rp-share';

describe('<rp-share>', () => {
  it('emits one share-action per button', async () => {
    const screen = render(html`<rp-share></rp-share>`);
    const el = screen.container.querySelector<RpShare>('rp-share')!;
    const seen: string[] = [];
    el.addEventListener('share-action', (e: CustomEvent<ShareActionDetail>) => seen.push(e.detail.action));
    for (const name of ['Copy link', 'Export session', 'Export labels (JSONL)', 'Export reward model']) {
      await page.getByRole('button', { name, exact: true }).click();
    }
    expect(seen).toEqual(['copy-link', 'export-session', 'export-jsonl', 'export-model']);
  });

  it('shows the name kept for exports and emits author-change with what is typed', async () => {
    const screen = render(html`<rp-share author="Ada"></rp-share>`);
    const el = screen.container.querySelector<RpShare>('rp-share')!;
    const seen: string[] = [];
    el.addEventListener('author-change', (e: CustomEvent<AuthorChangeDetail>) => seen.push(e.detail.author));
    const name = page.getByLabelText('Your name in exported sessions');
    await expect.element(name).toHaveValue('Ada');
    await name.fill('Grace Hopper');
    await userEvent.keyboard('{Tab}'); // change fires on leaving the field
    expect(seen).toEqual(['Grace Hopper']);
  });

  it('disables the engine-backed exports while busy', async () => {
    render(html`<rp-share busy></rp-share>`);
    await expect.element(page.getByRole('button', { name: 'Export session', exact: true })).toBeDisabled();
    await expect.element(page.getByRole('button', { name: 'Export reward model', exact: true })).toBeDisabled();
    await expect.element(page.getByRole('button', { name: 'Copy link', exact: true })).toBeEnabled();
  });

  it('reads the chosen files and emits share-import with their names and text', async () => {
    const screen = render(html`<rp-share></rp-share>`);
    const el = screen.container.querySelector<RpShare>('rp-share')!;
    await el.updateComplete;
    const got = new Promise<ShareImportDetail>((resolve) => el.addEventListener('share-import', (e: CustomEvent<ShareImportDetail>) => resolve(e.detail)));
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    const files = new DataTransfer();
    files.items.add(new File(['{"a":1}'], 'one.json', { type: 'application/json' }));
    files.items.add(new File(['{"b":2}'], 'two.json', { type: 'application/json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change'));
    expect(await got).toEqual({ files: [{ name: 'one.json', text: '{"a":1}' }, { name: 'two.json', text: '{"b":2}' }] });
    expect(input.value).toBe('');
  });
});
