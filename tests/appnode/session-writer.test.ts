// The session writer against a recording in-memory storage (no store, no engine): a change that only
// adds labels appends, anything else saves the whole session; a load makes the next write an append;
// a stale append falls back to a whole save; a read-only view is never written; the first failure is
// one notice and nothing is written after it.
import { describe, expect, it } from 'vitest';
import { memoryStorage, StaleAppendError, type SavedSession, type SessionStorage } from '../../src/app/persistence';
import { savedSessionOf, SessionWriter } from '../../src/app/session-writer';
import { initialView, type SessionView } from '../../src/app/session-types';
import type { Label } from '../../src/core/preferences';
import { realSession } from './sessions';

type Write = { kind: 'save' | 'append' | 'backup'; from: number; labels: number };

/** Memory storage that records every write; `failAppend` makes appends throw it, `failSave` saves. */
function recording(options: { failAppend?: Error; failSave?: Error } = {}): SessionStorage & { writes: Write[] } {
  const inner = memoryStorage();
  const writes: Write[] = [];
  return {
    writes,
    load: () => inner.load(),
    save: (s: SavedSession) => (writes.push({ kind: 'save', from: 0, labels: s.labels.length }), options.failSave ? Promise.reject(options.failSave) : inner.save(s)),
    appendLabels: (s: SavedSession, from: number) => {
      writes.push({ kind: 'append', from, labels: s.labels.length });
      return options.failAppend ? Promise.reject(options.failAppend) : inner.appendLabels!(s, from);
    },
    clear: () => inner.clear(),
    saveBackup: async (s: SavedSession) => void writes.push({ kind: 'backup', from: 0, labels: s.labels.length }),
  };
}

const session = realSession('warmup', { labels: 6 });
const base: SessionView = { ...initialView(session.settings), curve: session.curve };

function viewWith(labels: readonly Label[], patch: Partial<SessionView> = {}): SessionView {
  return { ...base, labels, ...patch };
}

describe('SessionWriter', () => {
  it('saves first, appends what only adds labels, and saves the whole session after a relabel', async () => {
    const storage = recording();
    const notices: string[] = [];
    const writer = new SessionWriter(storage, (m) => notices.push(m));
    const labels = session.labels;
    await writer.persist(viewWith(labels.slice(0, 3)));
    await writer.persist(viewWith(labels.slice(0, 4)));
    await writer.persist(viewWith(labels.slice(0, 4), { curve: [] })); // no new label: still an append
    const relabelled = [{ ...labels[0], answer: 'equal' as const }, ...labels.slice(1, 4)];
    await writer.persist(viewWith(relabelled));
    await writer.persist(viewWith([...relabelled, labels[4]]));
    expect(storage.writes).toEqual([
      { kind: 'save', from: 0, labels: 3 },
      { kind: 'append', from: 3, labels: 4 },
      { kind: 'append', from: 4, labels: 4 },
      { kind: 'save', from: 0, labels: 4 },
      { kind: 'append', from: 4, labels: 5 },
    ]);
    expect((await storage.load())?.labels[0].answer).toBe('equal');
    expect(notices).toEqual([]);
  });

  it('appends after a load from the labels it loaded, and keeps writes in order when not awaited one by one', async () => {
    const storage = recording();
    await storage.save(savedSessionOf(viewWith(session.labels.slice(0, 2))));
    storage.writes.length = 0;
    const writer = new SessionWriter(storage, () => {});
    const saved = await writer.load();
    expect(saved?.labels).toHaveLength(2);
    const three = [...saved!.labels, session.labels[2]];
    const a = writer.persist(viewWith(three));
    const b = writer.persist(viewWith([...three, session.labels[3]]));
    const c = writer.persist(viewWith([...three.map((l) => ({ ...l })), session.labels[3]])); // equal records, not the stored ones
    await Promise.all([a, b, c]);
    expect(storage.writes).toEqual([
      { kind: 'append', from: 2, labels: 3 },
      { kind: 'append', from: 3, labels: 4 },
      { kind: 'save', from: 0, labels: 4 },
    ]);
  });

  it('saves the whole session when an append finds another count stored', async () => {
    const storage = recording({ failAppend: new StaleAppendError('stale') });
    const notices: string[] = [];
    const writer = new SessionWriter(storage, (m) => notices.push(m));
    await writer.persist(viewWith(session.labels.slice(0, 1)));
    await writer.persist(viewWith(session.labels.slice(0, 2)));
    expect(storage.writes.map((w) => w.kind)).toEqual(['save', 'append', 'save']);
    expect(notices).toEqual([]);
  });

  it('never writes a read-only view, nor keeps a backup from one', async () => {
    const storage = recording();
    const writer = new SessionWriter(storage, () => {});
    await writer.persist(viewWith(session.labels, { readOnly: true }));
    expect(await writer.keepBackup(savedSessionOf(viewWith(session.labels)), true)).toBe(false);
    expect(storage.writes).toEqual([]);
    expect(await writer.keepBackup(savedSessionOf(viewWith(session.labels)), false)).toBe(true);
    expect(storage.writes).toEqual([{ kind: 'backup', from: 0, labels: session.labels.length }]);
  });

  it('gives one notice on the first failure and writes nothing after it', async () => {
    const storage = recording({ failSave: new Error('QuotaExceededError') });
    const notices: string[] = [];
    const writer = new SessionWriter(storage, (m) => notices.push(m));
    await writer.persist(viewWith(session.labels.slice(0, 1)));
    await writer.persist(viewWith(session.labels.slice(0, 2)));
    expect(writer.ok).toBe(false);
    expect(storage.writes).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/cannot be saved/);
    expect(await writer.keepBackup(savedSessionOf(viewWith(session.labels)), false)).toBe(false);
  });

  it('a load that fails is the same one notice, and the session is undefined', async () => {
    const notices: string[] = [];
    const failing: SessionStorage = { ...memoryStorage(), load: () => Promise.reject(new Error('blocked')) };
    const writer = new SessionWriter(failing, (m) => notices.push(m));
    expect(await writer.load()).toBeUndefined();
    expect(notices).toHaveLength(1);
    expect(writer.ok).toBe(false);
  });
});
