/**
 * Merging workshop files: real sessions of one level from three participants, with an overlap;
 * duplicates (same pair and answer, in either order) are dropped, authors and provenance kept, ids
 * renumbered and held-out flags following the session rule; files of different levels are refused.
 * A label that does not fit the level is merged like any other, unchanged, and deduplicated too.
 */
import { describe, expect, it } from 'vitest';
import { labelKey, mergeSessions } from '../../src/app/merge';
import { exportSession, parseSessionFile, type SessionData } from '../../src/app/session-file';
import type { Action } from '../../src/core/gridworld';
import { isHeldOutIndex, partitionLabels, type Label } from '../../src/core/preferences';
import { loadLevel } from '../../src/core/states';
import { realSession } from './sessions';

/** Exports and re-imports, as a teacher's merge reads files. */
function viaFile(session: SessionData): SessionData {
  const r = parseSessionFile(exportSession(session));
  if (!r.ok) throw new Error(r.error);
  return r.session;
}

describe('mergeSessions', () => {
  const ana = viaFile(realSession('tomato', { labels: 20, seed: 1, author: 'Ana' }));
  const bo = viaFile(realSession('tomato', { labels: 15, seed: 2, author: 'Bo' }));
  // Chen labelled some of Ana's pairs too (same answers), one of them shown mirrored, plus own ones.
  const chenOwn = realSession('tomato', { labels: 6, seed: 3 }).labels;
  const mirrored: Label = { ...ana.labels[4], left: ana.labels[4].right, right: ana.labels[4].left, answer: flip(ana.labels[4].answer) };
  const chen = viaFile({ ...realSession('tomato', { labels: 0, seed: 3, author: 'Chen' }), labels: [ana.labels[0], ana.labels[1], mirrored, ...chenOwn].map((l, i) => ({ ...l, id: `l${i + 1}` })) });

  it('drops duplicates (in either order), keeps first authors and provenance, renumbers ids', () => {
    const r = mergeSessions([ana, bo, chen]);
    if (!r.ok) throw new Error(r.error);
    const all = [...ana.labels, ...bo.labels, ...chen.labels];
    const distinct = new Set(all.map(labelKey)).size;
    expect(r.stats.labels).toBe(distinct);
    expect(r.stats.duplicates).toBe(all.length - distinct);
    expect(r.stats.duplicates).toBeGreaterThanOrEqual(3);
    expect(r.session.labels.map((l) => l.id)).toEqual(r.session.labels.map((_, i) => `l${i + 1}`));
    expect(r.session.labels.map((l) => l.heldOut)).toEqual(r.session.labels.map((_, i) => isHeldOutIndex(i)));
    expect(new Set(r.session.labels.map(labelKey)).size).toBe(r.session.labels.length);
    // Ana's labels come first and keep her name; each label's provenance is unchanged.
    const firstAna = new Set(ana.labels.map(labelKey)).size;
    expect(r.session.labels.slice(0, firstAna).every((l) => l.author === 'Ana')).toBe(true);
    for (const l of r.session.labels) {
      const source = all.find((x) => labelKey(x) === labelKey(l))!;
      expect(l.provenance).toBe(source.provenance);
      expect(l.left).toEqual(source.left);
    }
    expect(r.stats.authors).toEqual(['Ana', 'Bo', 'Chen'].filter((a) => r.session.labels.some((l) => l.author === a)));
    expect(r.session.curve).toEqual([]);
    expect(r.session.weights).toBeUndefined();
    expect(r.session.author).toBe('Ana');
  });

  it('a label that already names its author keeps it over the file author', () => {
    const withOwn = viaFile(realSession('tomato', { labels: 5, seed: 4, author: 'Teacher', labelAuthors: ['Dee'] }));
    const r = mergeSessions([withOwn, bo], 'Workshop 3');
    if (!r.ok) throw new Error(r.error);
    expect(r.session.labels.slice(0, 5).every((l) => l.author === 'Dee')).toBe(true);
    expect(r.session.author).toBe('Workshop 3');
  });

  it('a different answer on the same pair is not a duplicate', () => {
    const other = { ...ana.labels[2], answer: ana.labels[2].answer === 'left' ? 'right' : 'left' } as Label;
    expect(labelKey(other)).not.toBe(labelKey(ana.labels[2]));
  });

  it('the merged session exports as a valid file that reads back equal', () => {
    const r = mergeSessions([ana, bo, chen]);
    if (!r.ok) throw new Error(r.error);
    const back = parseSessionFile(exportSession({ ...r.session, exportedAt: '2025-03-02T09:00:00.000Z' }));
    if (!back.ok) throw new Error(back.error);
    expect(back.session.labels).toEqual(r.session.labels);
    expect(back.session.verdicts).toEqual(r.session.verdicts);
  });

  it('merging a file with itself drops every label of the copy, verdicts included', () => {
    const r = mergeSessions([ana, ana]);
    if (!r.ok) throw new Error(r.error);
    const distinct = new Set(ana.labels.map(labelKey)).size;
    expect(r.stats.labels).toBe(distinct);
    expect(r.stats.duplicates).toBe(2 * ana.labels.length - distinct);
    expect(r.session.verdicts.length).toBe(new Set(ana.verdicts.map((v) => `${v.claimId}|${v.accepted}|${v.strength}`)).size);
  });

  it('keeps a label that does not fit the level, unchanged; its copy in another file is still a duplicate', () => {
    const { space } = loadLevel(ana.settings.levelText);
    const l = ana.labels[3];
    // Its first step no longer leaves from its start state: well formed, but not this level's dynamics.
    const misfit: Label = { ...l, left: { ...l.left, start: (l.left.start + 1) % space.numStates } };
    // The same, except for action letters that disagree with the transitions: another label.
    const lettersDiffer: Label = { ...misfit, right: { ...misfit.right, actions: misfit.right.actions.map((a) => ((a + 1) % 4) as Action) } };
    const first = viaFile({ ...ana, labels: ana.labels.map((x, i) => (i === 3 ? misfit : x)) });
    const second = viaFile({ ...bo, labels: [...bo.labels, { ...misfit, id: 'x1' }, { ...lettersDiffer, id: 'x2' }] });
    const r = mergeSessions([first, second]);
    if (!r.ok) throw new Error(r.error);
    const all = [...first.labels, ...second.labels];
    expect(r.stats.duplicates).toBe(all.length - new Set(all.map(labelKey)).size);
    const content = ({ left, right, answer, provenance }: Label) => ({ left, right, answer, provenance });
    const setAside = partitionLabels(space, r.session.labels).misfits.map((m) => m.label);
    expect(setAside.map(content)).toEqual([misfit, lettersDiffer].map(content));
    expect(setAside[0].id).toBe('l4'); // the first file's copy is kept, in its place
    const back = parseSessionFile(exportSession({ ...r.session, exportedAt: '2025-03-02T09:00:00.000Z' }));
    if (!back.ok) throw new Error(back.error);
    expect(back.session.labels).toEqual(r.session.labels);
  });

  it('refuses files of different levels with a clear message, and an empty list', () => {
    const vase = viaFile(realSession('vase', { labels: 3, author: 'Eve' }));
    const r = mergeSessions([ana, bo, vase]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBe('file 3 (Eve) is for level "Vase room", file 1 (Ana) for "Tomato garden": only files of the same level can be merged');
    expect(mergeSessions([]).ok).toBe(false);
  });

  it('a level that differs only in layout whitespace counts as the same level', () => {
    const spaced: SessionData = { ...bo, settings: { ...bo.settings, levelText: bo.settings.levelText.replace('max_steps:', 'max_steps:   ') } };
    expect(mergeSessions([ana, spaced]).ok).toBe(true);
  });
});

function flip(a: Label['answer']): Label['answer'] {
  return a === 'left' ? 'right' : a === 'right' ? 'left' : a;
}
