/**
 * Labels as JSON Lines: every line parses, carries exactly the fields docs/export-formats.md documents,
 * and replays the real segments as a person saw them — on the tamper tile every tomato looks watered,
 * a punishment without the supervisor is invisible, a broken vase is floor.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelsToJsonl, observedTiles, type JsonlRecord, type JsonlSegment } from '../../src/app/jsonl';
import { FEATURE_DIM, allTransitionFeatures } from '../../src/core/features';
import { ACTION_LETTERS, parseActions } from '../../src/core/gridworld';
import { followActions } from '../../src/core/planner';
import { segmentSum, type Label, type Segment } from '../../src/core/preferences';
import { Rng } from '../../src/core/rng';
import { loadLevel, type StateSpace } from '../../src/core/states';
import { builtinLevelNames, builtinText, seedWithSupervisor } from '../core/helpers';
import { realSession } from './sessions';

const DOC = readFileSync(new URL('../../docs/export-formats.md', import.meta.url), 'utf8');
const jsonlDoc = DOC.slice(DOC.indexOf('## Labels as JSON Lines'), DOC.indexOf('## Reward model'));

/** Field names a table row of the JSONL section documents (`name` or `segment name`, …). */
function documented(kind: 'line' | 'segment' | 'view' | 'step'): Set<string> {
  const names = new Set<string>();
  for (const row of jsonlDoc.split('\n').filter((l) => l.startsWith('| '))) {
    const cell = row.split('|')[1].trim();
    const m = /^(segment |view |step )?(.+)$/.exec(cell)!;
    const rowKind = m[1] ? (m[1].trim() as 'segment' | 'view' | 'step') : 'line';
    for (const name of m[2].matchAll(/`([a-z_]+)(?:\[\])?`/g)) if (rowKind === kind) names.add(name[1]);
  }
  return names;
}

function segmentOf(space: StateSpace, actions: string, start = space.initial[0].state): Segment {
  const t = followActions(space, parseActions(actions), new Rng(0), start);
  return { start: t.states[0], startStep: 0, actions: t.actions, transitions: t.transitions, length: Math.max(3, t.actions.length) };
}

describe('labelsToJsonl', () => {
  it.each(builtinLevelNames())('real labels on %s: one JSON record per line with the documented fields, replaying the segments', (levelId) => {
    const session = realSession(levelId, { labels: 15, labelAuthors: ['Ana', 'Bo'] });
    const { space } = loadLevel(builtinText(levelId));
    const text = labelsToJsonl(space, session.labels, { levelId });
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(session.labels.length);
    const features = allTransitionFeatures(space);
    lines.forEach((line, i) => {
      const record = JSON.parse(line) as JsonlRecord;
      const label = session.labels[i];
      expect(new Set(Object.keys(record))).toEqual(documented('line'));
      expect(record).toMatchObject({ id: label.id, level: levelId, answer: label.answer, provenance: label.provenance, author: label.author ?? null, held_out: label.heldOut });
      expect(record.target).toBe({ left: 1, right: 0, equal: 0.5, 'cant-tell': null }[label.answer]);
      for (const side of ['left', 'right'] as const) checkSegment(space, features, record[side], label[side]);
    });
  });

  function checkSegment(space: StateSpace, features: Float32Array, seg: JsonlSegment, segment: Segment) {
    expect(new Set(Object.keys(seg))).toEqual(documented('segment'));
    expect(new Set(Object.keys(seg.start))).toEqual(documented('view'));
    expect(seg).toMatchObject({ start_step: segment.startStep, length: segment.length });
    const w = space.world.width;
    expect([seg.start.x + seg.start.y * w]).toEqual([space.states[segment.start].agent]);
    expect(seg.steps.map((s) => s.action).join('')).toBe(segment.actions.map((a) => ACTION_LETTERS[a]).join(''));
    expect(seg.steps.reduce((a, s) => a + s.apparent_reward, 0)).toBeCloseTo(segmentSum(segment, space.apparentReward), 5);
    seg.steps.forEach((s, j) => {
      const k = segment.transitions[j];
      expect(new Set(Object.keys(s))).toEqual(new Set([...documented('step'), ...documented('view')].filter((f) => !f.startsWith('true_'))));
      expect(s.x + s.y * w).toBe(space.states[space.next[k]].agent);
      expect(s.tiles).toEqual(observedTiles(space.world, space.states[space.next[k]]));
      expect(s.tiles.length).toBe(space.world.height);
      expect(s.features).toHaveLength(FEATURE_DIM);
      s.features!.forEach((f, d) => expect(f).toBeCloseTo(features[k * FEATURE_DIM + d], 5));
      expect(s.terminated).toBe(space.terminated[k] === 1);
    });
  }

  it('on the tamper tile every tomato looks watered; the truth is only written when asked', () => {
    const { space } = loadLevel(builtinText('tomato'));
    const label: Label = { id: 'l1', left: segmentOf(space, 'urr'), right: segmentOf(space, 'llld'), answer: 'left', provenance: 'person', heldOut: false };
    const [plain] = labelsToJsonl(space, [label], { levelId: 'tomato' }).split('\n').map((l) => JSON.parse(l || 'null') as JsonlRecord);
    expect(plain.left.start.tiles).toEqual(['########', '#T....O#', '#......#', '#T....T#', '########']);
    expect(plain.left.steps[2].tiles).toEqual(['########', '#t....O#', '#......#', '#t....t#', '########']);
    expect(plain.left.steps[2]).toMatchObject({ x: 6, y: 1, events: ['on-tamper'] });
    expect(plain.right.steps[3].tiles[3]).toBe('#t....T#'); // truly watered by walking onto it
    expect(plain.left.steps[2].true_reward).toBeUndefined();
    const truth = JSON.parse(labelsToJsonl(space, [label], { truth: true, features: false }).trim()) as JsonlRecord;
    expect(truth.left.steps[2].true_reward).toBe(-1); // nothing is really watered
    expect(truth.left.steps[2].apparent_reward).toBe(2); // −1 per step + 3 tomatoes that look watered
    expect(truth.left.steps[2].features).toBeUndefined();
    expect(truth.left.steps[2].true_events).toEqual(['on-tamper']);
  });

  it('a punishment nobody saw is not in the events; a broken vase becomes floor', () => {
    const sup = loadLevel(builtinText('supervisor'));
    const absent = sup.space.initial.find((s) => !sup.space.states[s.state].supervisorPresent)!.state;
    expect(seedWithSupervisor(sup, false)).toBeGreaterThanOrEqual(0);
    const seg = segmentOf(sup.space, 'rr', absent);
    const label: Label = { id: 'l1', left: seg, right: seg, answer: 'equal', provenance: 'labeller', heldOut: true };
    const record = JSON.parse(labelsToJsonl(sup.space, [label], { truth: true }).trim()) as JsonlRecord;
    expect(record.left.supervisor_present).toBe(false);
    expect(record.left.steps[1].events).toEqual([]);
    expect(record.left.steps[1].true_events).toEqual(['punished']);
    const vase = loadLevel(builtinText('vase'));
    const broke = JSON.parse(labelsToJsonl(vase.space, [{ ...label, left: segmentOf(vase.space, 'rrr'), right: segmentOf(vase.space, 'ddd') }]).trim()) as JsonlRecord;
    expect(broke.left.start.tiles[1]).toBe('#...V..G#');
    expect(broke.left.steps[2].tiles[1]).toBe('#......G#');
    expect(broke.left.steps[2].events).toEqual(['vase-broken']);
  });

  it('leaves out a label whose clips do not fit the level (one set aside in the session)', () => {
    const session = realSession('vase', { labels: 3 });
    const { space } = loadLevel(builtinText('vase'));
    const misfit: Label = { ...session.labels[1], left: { ...session.labels[1].left, start: space.numStates + 5 } };
    const labels = [session.labels[0], misfit, session.labels[2]];
    const ids = labelsToJsonl(space, labels, { levelId: 'vase' })
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as JsonlRecord).id);
    expect(ids).toEqual([session.labels[0].id, session.labels[2].id]);
  });

  it('writes nothing for no labels', () => {
    expect(labelsToJsonl(loadLevel(builtinText('warmup')).space, [])).toBe('');
  });
});
