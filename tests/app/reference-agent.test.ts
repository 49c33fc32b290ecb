// The reference agent: plans on the true reward, one seeded episode, a cursor views can move.
import { describe, expect, it } from 'vitest';
import { BUILTIN_LEVELS, DEFAULT_LEVEL_ID, TEACHING_ORDER, builtinLevel } from '../../src/app/builtin-levels';
import { ReferenceAgent, type ReferenceFrame } from '../../src/app/reference-agent';
import { LevelError } from '../../src/core/level';

const text = (id: string) => builtinLevel(id)!.text;

describe('built-in levels', () => {
  it('lists every levels/*.level file in teaching order, warm-up first and the combined level last', () => {
    expect(BUILTIN_LEVELS.map((l) => l.id)).toEqual(TEACHING_ORDER);
    expect(DEFAULT_LEVEL_ID).toBe('warmup');
    for (const l of BUILTIN_LEVELS) {
      expect(l.name.length).toBeGreaterThan(0);
      expect(l.summary.length).toBeGreaterThan(0);
      expect(l.text).toContain('---');
    }
    expect(builtinLevel('vase')?.name).toBe('Vase room');
    expect(builtinLevel('nope')).toBeUndefined();
  });
});

describe('ReferenceAgent', () => {
  it('plays the optimal episode of the warm-up: 6 steps to the goal, true score 50 − 6 = 44', () => {
    const agent = new ReferenceAgent(text('warmup'), 1);
    expect(agent.steps).toBe(6);
    expect(agent.trajectory.trueReturn).toBe(44);
    expect(agent.normalizedScore).toBeCloseTo(1, 9);
    const start = agent.frame();
    expect(start).toMatchObject({ t: 0, steps: 6, maxSteps: 20, action: null, events: [], trueReturn: 0, done: false, end: null });
    expect(start.state.agent).toBe(agent.world.start);
    const last = agent.frame(agent.steps);
    expect(last).toMatchObject({ t: 6, trueReturn: 44, apparentReturn: 44, done: true, end: 'goal' });
    expect(last.events).toContain('goal');
  });

  it('keeps the running true return equal to the sum of the steps so far', () => {
    const agent = new ReferenceAgent(text('vase'), 3);
    // The optimum walks round the vase: 8 steps, no vase broken, 50 − 8 = 42.
    expect(agent.trajectory.trueReturn).toBe(42);
    let previous = 0;
    for (let t = 1; t <= agent.steps; t++) {
      const f = agent.frame(t);
      expect(f.events).not.toContain('vase-broken');
      expect(f.trueReturn - previous).toBe(f.events.includes('goal') ? 49 : -1);
      previous = f.trueReturn;
    }
  });

  it('steps, seeks and resets, notifying subscribers only on change', () => {
    const agent = new ReferenceAgent(text('warmup'), 1);
    const seen: ReferenceFrame[] = [];
    const stop = agent.subscribe((f) => seen.push(f));
    expect(agent.step()).toBe(true);
    expect(agent.t).toBe(1);
    agent.seek(4);
    agent.seek(4);
    agent.seek(99);
    expect(agent.t).toBe(6);
    expect(agent.done).toBe(true);
    expect(agent.step()).toBe(false);
    agent.seek(Number.NaN);
    agent.reset();
    expect(seen.map((f) => f.t)).toEqual([1, 4, 6, 0]);
    stop();
    agent.step();
    expect(seen).toHaveLength(4);
    expect(agent.frame()).toBe(agent.frame(1));
  });

  it('is deterministic for a seed, also where the supervisor and drying are random', () => {
    for (const id of ['combined', 'tomato', 'supervisor']) {
      const a = new ReferenceAgent(text(id), 'seed-7');
      const b = new ReferenceAgent(text(id), 'seed-7');
      expect(a.trajectory).toEqual(b.trajectory);
      expect(a.frame(a.steps)).toEqual(b.frame(b.steps));
    }
  });

  it('reports a step-limit end when the optimum keeps watering tomatoes until time runs out', () => {
    const agent = new ReferenceAgent(text('tomato'), 1);
    expect(agent.steps).toBe(30);
    expect(agent.frame(30).end).toBe('step limit');
    // Planned on the truth, it never stands on the tamper tile.
    for (let t = 1; t <= agent.steps; t++) expect(agent.frame(t).events).not.toContain('on-tamper');
  });

  it('throws LevelError for an invalid level', () => {
    expect(() => new ReferenceAgent('name: x\nmax_steps: 5\n---\n#..#\n', 1)).toThrow(LevelError);
  });

  it('hands out frozen, cloneable frames', () => {
    const f = new ReferenceAgent(text('combined'), 2).frame(3);
    expect(Object.isFrozen(f)).toBe(true);
    expect(structuredClone(f)).toEqual(f);
  });
});
