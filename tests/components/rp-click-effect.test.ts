// <rp-click-effect>: the chain answer → learned reward → plan → score, from real diffs of hand-built
// snapshots of vase.level (and lava.level). It names the answer, the cells that moved most (by row and
// column), whether the plan changed and where it now ends, the score changes; says plainly when
// nothing changed; and with Reveal truth off writes no true or normalised figure anywhere (text,
// aria-label, title).
import { html } from 'lit';
import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-lit';
import lavaText from '../../levels/lava.level?raw';
import vaseText from '../../levels/vase.level?raw';
import { diffSnapshots, type SnapshotDiff } from '../../src/app/snapshot-diff';
import type { Label } from '../../src/core/preferences';
import { loadLevel } from '../../src/core/states';
import '../../src/components/rp-click-effect';
import type { RpClickEffect } from '../../src/components/rp-click-effect';
import { bumpCell, snapshotOf } from '../appnode/snapshots';

const { space } = loadLevel(vaseText); // 9 × 4: #A..V..G# on row 1, a free row 2 below
const W = space.world.width;
const base = Float32Array.from(space.trueReward, (r) => r / 10);
// Distinctive true figures, so a match can only be the truth leaking.
const before = snapshotOf(space, 'rrrrrr', base, { labels: 4, apparentReturn: 1, learnedReturn: 0.5, trueReturn: -13.37, normalizedReturn: 0.1234 });
const after = snapshotOf(space, 'drrrrrru', bumpCell(space, base, 4 + W, -2), { labels: 5, apparentReturn: 3, learnedReturn: 0.8, trueReturn: 24.61, normalizedReturn: 0.8765 });
const diff = diffSnapshots(before, after)!;
const labels = Array.from({ length: 5 }, (_, i): Label => ({ id: `l${i + 1}`, left: [] as never, right: [] as never, answer: i === 4 ? 'right' : 'left', provenance: 'person', heldOut: false }));

async function mount(d: SnapshotDiff | null, reveal = false, busy = false, starting = false, given: readonly Label[] = labels) {
  const screen = render(html`<rp-click-effect .diff=${d} .labels=${given} .world=${space.world} ?reveal=${reveal} ?busy=${busy} ?starting=${starting}></rp-click-effect>`);
  const el = screen.container.querySelector<RpClickEffect>('rp-click-effect')!;
  await el.updateComplete;
  return el;
}

const line = (el: RpClickEffect, name: string) => el.shadowRoot!.querySelector(`[data-effect="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

/** Everything a reader or a screen reader gets: text, aria-labels and titles, shadow roots included. */
function readableText(root: Node): string {
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out.push(node.textContent ?? '');
    if (node instanceof Element) {
      for (const attr of ['aria-label', 'aria-valuetext', 'title', 'alt']) out.push(node.getAttribute(attr) ?? '');
      if (node.shadowRoot) walk(node.shadowRoot);
    }
    node.childNodes.forEach(walk);
  };
  walk(root);
  return out.join(' ').replace(/\s+/g, ' ');
}

describe('<rp-click-effect>', () => {
  it('names the lava where the new plan ends in it, as it names the goal', async () => {
    const lava = loadLevel(lavaText).space; // row 1 all lava above the start at column 1 of row 2
    const d = diffSnapshots(snapshotOf(lava, 'rrrrrr', new Float32Array(lava.numTransitions), { labels: 1 }), snapshotOf(lava, 'u', new Float32Array(lava.numTransitions), { labels: 2 }))!;
    const screen = render(html`<rp-click-effect .diff=${d} .labels=${labels.slice(0, 2)} .world=${lava.world}></rp-click-effect>`);
    const el = screen.container.querySelector<RpClickEffect>('rp-click-effect')!;
    await el.updateComplete;
    expect(line(el, 'plan')).toBe("The agent's plan changed: now 1 step (was 6), ends at the lava (row 2, column 2).");
  });

  it('reads as one chain: the answer, the cells that moved, the new plan, the score change', async () => {
    const el = await mount(diff);
    expect(el.shadowRoot!.querySelector('[role="status"]')).not.toBeNull();
    expect(line(el, 'answer')).toBe('Your answer (label 5): Right is better.');
    expect(line(el, 'reward')).toMatch(/^The learned reward moved most at \(row 2, column 5\) [−+0-9.]+ → [−+0-9.]+/);
    expect(line(el, 'reward')).toContain('outlined on the grid');
    expect(line(el, 'plan')).toBe("The agent's plan changed: now 8 steps (was 6), ends at the goal (row 2, column 8).");
    expect(line(el, 'score')).toBe('Score on screen +1.0 → +3.0 (+2.0); learned score +0.50 → +0.80 (+0.30).');
    expect(line(el, 'nothing')).toBeNull();
  });

  it('says plainly when a click changed nothing', async () => {
    const again = snapshotOf(space, 'rrrrrr', Float32Array.from(base), { labels: 5, apparentReturn: 1, learnedReturn: 0.5, trueReturn: 99 });
    const el = await mount(diffSnapshots(before, again));
    expect(line(el, 'nothing')).toMatch(/^This click changed nothing visible/);
    expect(line(el, 'reward')).toBe('The learned reward did not move (largest change 0.000).');
    expect(line(el, 'plan')).toBe('The plan did not change.');
    expect(line(el, 'score')).toContain('(no change)');
  });

  it('with Reveal truth off, no true or normalised figure appears; with it on, they do', async () => {
    const hidden = readableText(await mount(diff));
    for (const word of [/true/i, /normali[sz]ed/i]) expect(hidden).not.toMatch(word);
    for (const figure of ['13.4', '24.6', '38.0', '0.12', '0.88', '0.75']) expect(hidden).not.toContain(figure);
    const shown = await mount(diff, true);
    expect(line(shown, 'score')).toContain('True score −13.4 → +24.6 (+38.0); normalised score +0.12 → +0.88 (+0.75).');
  });

  it('before two snapshots exist it invites an answer; while training it says so', async () => {
    expect(line(await mount(null), 'empty')).toBe('Answer a pair: what it changes will show here.');
    const busy = await mount(null, false, true);
    expect(line(busy, 'busy')).toBe('Learning from your answer…');
    expect(line(busy, 'empty')).toBeNull();
  });

  it('while the engine starts, an answer already given is said to be kept and waiting for it', async () => {
    const waiting = await mount(null, false, false, true);
    expect(line(waiting, 'starting')).toBe('Your answer is kept. The learning engine is still starting: the model learns from it, and the plan changes, as soon as the engine is ready.');
    expect(line(waiting, 'empty')).toBeNull();
    // No answer yet: the invitation, not the wait.
    const fresh = await mount(null, false, false, true, []);
    expect(line(fresh, 'starting')).toBeNull();
    expect(line(fresh, 'empty')).toBe('Answer a pair: what it changes will show here.');
  });

  it('an update without a new label says the model was refreshed', async () => {
    const el = await mount(diffSnapshots(after, { ...after, metrics: { ...after.metrics } }));
    expect(line(el, 'answer')).toBe('No new label: the model was refreshed.');
  });
});
