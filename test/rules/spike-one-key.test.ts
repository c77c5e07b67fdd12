import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { Rule } from '../../src/rules/rule.js';
import type { SpikeRule, SpikeState } from '../../src/rules/spike-rule.js';
import { mulberry32 } from '../helpers/prng.js';
import { ev, feed } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);

/** A stream with steady traffic, bursts, lulls, late records, far jumps (confirmed or not) and non-finite times. */
function stream(seed: number, n: number): LogEvent[] {
  const rand = mulberry32(seed);
  const out: LogEvent[] = [];
  let t = T0;
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.6) t += Math.floor(rand() * 300);
    else if (r < 0.75)
      t += 20; // a burst
    else if (r < 0.85) t += Math.floor(rand() * 30_000); // a lull
    let time = t;
    const q = rand();
    if (q < 0.05)
      time = t - Math.floor(rand() * 20_000); // late
    else if (q < 0.07)
      time = t + 5 * 3_600_000; // far, unconfirmed
    else if (q < 0.08) time = Number.NaN;
    else if (q < 0.085) t = time = t + 3 * 3_600_000; // a real jump (the next records confirm it)
    out.push(ev('m', { time, attributes: { k: 'one' } }));
  }
  return out;
}

/** What a signal says, without what differs by design between the two forms (the groupBy key and its text). */
const gist = (s: Signal) => [s.time, s.evidence.count, s.evidence.episodeCount, s.severity];
/** The state of the one key, without its name. */
const oneKeyState = (s: SpikeState) => s.keys.map(([, v]) => v);

describe('Rule.spike without groupBy (the one-key path)', () => {
  const configs = [
    { threshold: 1, window: 5 },
    { threshold: 3, window: 10 },
    { threshold: 20, window: 10, cooldown: 3 },
    { threshold: 50, window: 10 },
    { threshold: 8, window: 2, cooldown: 0, maxSkew: '10m' },
  ];
  it('raises what the keyed path raises for one constant key, with the same state, on hostile times', () => {
    for (const [i, c] of configs.entries()) {
      const events = stream(100 + i, 4000);
      const one = Rule.spike(c) as SpikeRule;
      const keyed = Rule.spike({ ...c, groupBy: 'k' }) as SpikeRule;
      const a = feed(one, events);
      const b = feed(keyed, events);
      expect(a.length).toBeGreaterThan(0);
      expect(a.map(gist)).toEqual(b.map(gist));
      expect(a.every((s) => s.key === undefined && !s.message.includes(' for '))).toBe(true);
      expect(oneKeyState(one.toJSON())).toEqual(oneKeyState(keyed.toJSON()));
      expect(one.toJSON().keys.map(([k]) => k)).toEqual(['']);
      expect(one.trackedKeys).toBe(1);
    }
  });
  it('restored at any point, continues exactly as the rule that saved it', () => {
    const c = { threshold: 20, window: 10, cooldown: 3 };
    const events = stream(7, 3000);
    const whole = feed(Rule.spike(c), events).map(gist);
    for (const cut of [0, 1, 500, 1777, 2999]) {
      const first = Rule.spike(c) as SpikeRule;
      const before = feed(first, events.slice(0, cut));
      const second = Rule.spike(c) as SpikeRule;
      second.restore(JSON.parse(JSON.stringify(first.toJSON())));
      expect(second.toJSON()).toEqual(first.toJSON());
      const after = feed(second, events.slice(cut));
      expect([...before, ...after].map(gist)).toEqual(whole);
    }
  });
  it('has no key before its first counted event, and a state of another key is refused', () => {
    const r = Rule.spike({ threshold: 3, window: 10, level: 'ERROR' }) as SpikeRule;
    feed(r, [ev('m', { time: T0, severityNumber: 9 })]);
    expect(r.trackedKeys).toBe(0);
    expect(r.toJSON().keys).toEqual([]);
    const keyed = Rule.spike({ threshold: 3, window: 10, groupBy: 'k' }) as SpikeRule;
    feed(keyed, [ev('m', { time: T0, attributes: { k: 'a' } })]);
    expect(() => r.restore(keyed.toJSON())).toThrow(/keys\[0\]\[0\]/);
    expect(r.toJSON().keys).toEqual([]);
  });
  it('restore refuses a bad one-key state with the errors of a keyed one (the one key has no table; its window checks itself), changing nothing', () => {
    const r = Rule.spike({ threshold: 3, window: 10 }) as SpikeRule;
    feed(r, [ev('m', { time: T0 }), ev('m', { time: T0 + 100 })]);
    const saved = r.toJSON();
    const [key, w] = saved.keys[0];
    const bad = (over: object) => ({ ...saved, keys: [[key, { ...w, ...over }]] });
    expect(() => r.restore({ ...saved, keys: [saved.keys[0], saved.keys[0]] })).toThrow('log_spike.restore.keys: expected at most 1 keys (one without groupBy)');
    expect(() => r.restore(bad({ times: [1, 2, 3, 4] }))).toThrow('log_spike.restore.keys[0].times: expected an array of at most 3 times');
    expect(() => r.restore(bad({ times: [T0, T0 - 1] }))).toThrow('log_spike.restore.keys[0].times[1]: expected epoch ms in ascending order');
    expect(() => r.restore(bad({ latest: T0 }))).toThrow('log_spike.restore.keys[0].latest: expected epoch ms (null when empty), not before the last time');
    // the window is checked before the latch, as for a key of a table
    expect(() => r.restore(bad({ times: 'x', latched: 'x' }))).toThrow('log_spike.restore.keys[0].times');
    expect(() => r.restore(bad({ latched: 1 }))).toThrow('log_spike.restore.keys[0].latched');
    expect(r.toJSON()).toEqual(saved);
    const keyed = Rule.spike({ threshold: 3, window: 10, groupBy: 'k' }) as SpikeRule;
    expect(() => keyed.restore({ ...saved, keys: [['a', { ...w, times: [1, 2, 3, 4] }]] })).toThrow('log_spike.restore.keys[0].times: expected an array of at most 3 times');
  });
});

describe('Rule.spike: record times beyond year ~5138 (MAX_TIME)', () => {
  it('are counted at the newest time and never followed, confirmed or first, so the state restores (one key and keyed)', () => {
    for (const far of [2e14, 1e300, -2e14]) {
      for (const c of [
        { threshold: 3, window: 10 },
        { threshold: 3, window: 10, groupBy: 'k' },
        { threshold: 40, window: 10, groupBy: 'k' },
      ]) {
        for (const first of [true, false]) {
          const r = Rule.spike(c) as SpikeRule;
          const times = first ? [far, far + 1, T0, far, far + 1] : [T0, far, far + 1, far + 2];
          const a = feed(
            r,
            times.map((time) => ev('m', { time, attributes: { k: 'a' } })),
          );
          const state = r.toJSON();
          expect(state.keys[0][1].latest, `${far} ${JSON.stringify(c)} ${first}`).toBe(T0);
          const again = Rule.spike(c) as SpikeRule;
          again.restore(JSON.parse(JSON.stringify(state)));
          expect(again.toJSON()).toEqual(state);
          expect(a.map((s) => s.time).every((t) => times.includes(t))).toBe(true);
        }
      }
    }
  });
});
