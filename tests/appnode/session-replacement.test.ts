// What replaces a session, worked out without a store: the session a start opens (a changed built-in
// level, a generated level from a link, a level that does not load), a session adopted from storage,
// session files read (one, several merged, a bad one), and the labels set aside on another level.
import { describe, expect, it } from 'vitest';
import type { SavedSession } from '../../src/app/persistence';
import { adoptedSession, misfitIds, openingSession, readSessionFiles, replacementPatch, trainableLabels } from '../../src/app/session-replacement';
import { exportSession } from '../../src/app/session-file';
import { defaultSettings } from '../../src/app/settings';
import { loadLevel } from '../../src/core/states';
import { builtinText } from '../core/helpers';
import { realSession } from './sessions';

const base = defaultSettings('warmup', builtinText('warmup'));

function saved(levelId: string, patch: Partial<SavedSession['settings']> = {}, labels = 4): SavedSession {
  const s = realSession(levelId, { labels });
  return { version: 1, settings: { ...s.settings, ...patch }, labels: s.labels, curve: s.curve, verdicts: s.verdicts, approvals: s.approvals };
}

describe('openingSession', () => {
  it('opens the saved session, with a link overriding its settings', async () => {
    const s = saved('vase');
    const opening = await openingSession(s, { seed: 9 }, base);
    expect(opening.session.labels).toBe(s.labels);
    expect(opening.session.settings).toMatchObject({ levelId: 'vase', seed: 9 });
    expect(opening.session.reviewedLabels).toEqual([]);
    expect(opening.space?.numStates).toBe(loadLevel(builtinText('vase')).space.numStates);
    expect(opening.notices).toEqual([]);
  });

  it('keeps the old text of a changed built-in level as a custom level when it has labels, and moves an empty session on', async () => {
    const oldText = builtinText('warmup').replace('#....G#', '#...G.#');
    const withLabels = await openingSession(saved('warmup', { levelText: oldText }), undefined, base);
    expect(withLabels.session.settings).toMatchObject({ levelId: 'custom', levelText: oldText });
    expect(withLabels.notices).toHaveLength(1);
    expect(withLabels.notices[0]).toMatchObject({ kind: 'info' });
    const empty = await openingSession({ ...saved('warmup', { levelText: oldText }), labels: [] }, undefined, base);
    expect(empty.session.settings).toMatchObject({ levelId: 'warmup', levelText: builtinText('warmup') });
    expect(empty.notices).toEqual([]);
  });

  it('generates the text of a generated level named by a link, and gives the default level for one that does not load', async () => {
    const generated = await openingSession(undefined, { levelId: 'gen:7', levelText: '' }, base);
    expect(generated.session.settings.levelText).not.toBe('');
    expect(generated.space).not.toBeNull();
    const broken = await openingSession(saved('vase', { levelId: 'custom', levelText: 'not a level' }), undefined, base);
    expect(broken.space).toBeNull();
    expect(broken.session.labels).toEqual([]);
    expect(broken.session.settings.levelText).toBe(base.levelText);
    expect(broken.notices.map((n) => n.kind)).toEqual(['error']);
    expect(broken.notices[0].text).toMatch(/^The saved level could not be loaded/);
  });

  it("loads the level with the loader given, and names a link's level that does not load as the link's", async () => {
    const asked: string[] = [];
    const opening = await openingSession(saved('vase'), undefined, base, async (text) => (asked.push(text), loadLevel(text)));
    expect(asked).toEqual([builtinText('vase')]);
    expect(opening.space?.numStates).toBe(loadLevel(builtinText('vase')).space.numStates);
    const refused = await openingSession(saved('vase'), { levelId: 'custom', levelText: builtinText('box') }, base, () => Promise.reject(new Error('too many reachable states')));
    expect(refused.space).toBeNull();
    expect(refused.session.settings.levelText).toBe(base.levelText);
    expect(refused.notices).toEqual([{ kind: 'error', text: "The link's level could not be loaded (too many reachable states); showing the default level." }]);
  });
});

describe('replacing a session', () => {
  it('an adopted session keeps the backend in use; a replacement drops the pair and snapshot of the old one', () => {
    const s = saved('vase', { backend: 'webgl' });
    const adopted = adoptedSession(s, { ...base, backend: 'cpu' });
    expect(adopted.settings.backend).toBe('cpu');
    expect(adopted.labels).toBe(s.labels);
    expect(replacementPatch({ labels: s.labels })).toMatchObject({ labels: s.labels, setAsideLabels: [], curve: [], query: null, snapshot: null });
  });

  it('reads one session file, merges several, and names the one file that fails', async () => {
    const a = realSession('vase', { labels: 5, author: 'Ada' });
    const b = realSession('vase', { labels: 5, seed: 2, author: 'Bo' });
    const one = await readSessionFiles([{ name: 'a.json', text: exportSession(a) }], 'wasm');
    expect(one.ok && one.session.labels.length).toBe(a.labels.length);
    expect(one.ok && one.session.settings.backend).toBe('wasm');
    expect(one.ok && one.notice).toBeFalsy();
    const merged = await readSessionFiles([{ name: 'a.json', text: exportSession(a) }, { name: 'b.json', text: exportSession(b) }], 'cpu');
    expect(merged.ok && merged.notice).toMatch(/^Merged 2 files/);
    const bad = await readSessionFiles([{ name: 'a.json', text: exportSession(a) }, { name: 'b.json', text: '{' }], 'cpu');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^b\.json: /);
  });

  it('sets aside the labels made on another level and trains on the rest', () => {
    const vase = realSession('vase', { labels: 3 }).labels;
    const warm = realSession('warmup', { labels: 3 }).labels.map((l) => ({ ...l, id: `w${l.id}` }));
    const space = loadLevel(builtinText('warmup')).space;
    const misfits = misfitIds(space, [...warm, ...vase]);
    expect(misfits.length).toBeGreaterThan(0);
    expect(misfits.every((id) => !id.startsWith('w'))).toBe(true);
    expect(trainableLabels([...warm, ...vase], misfits).map((l) => l.id)).toEqual([...warm.map((l) => l.id), ...vase.filter((l) => !misfits.includes(l.id)).map((l) => l.id)]);
  });
});
