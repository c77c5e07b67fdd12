import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import type { KeyStateTable } from '../../src/core/key-state-table.js';
import { SlidingWindow } from '../../src/core/sliding-window.js';
import type { WindowTable } from '../../src/core/window-table.js';
import { Rule } from '../../src/rules/rule.js';
import { mulberry32 } from '../helpers/prng.js';
import { ev, feed } from './helpers.js';

const T0 = Date.UTC(2026, 0, 1);
const Y2100 = Date.UTC(2100, 0, 1);
const at = (time: number, attributes: Record<string, unknown> = {}) => ev('m', { time, attributes });

describe('Rule.spike: clock skew', () => {
  it('one record dated in 2100 does not freeze the window (no spike from normal traffic after it)', () => {
    const r = Rule.spike({ threshold: 5, window: 10 });
    const evs = [at(T0), at(Y2100)];
    for (let i = 1; i <= 600; i++) evs.push(at(T0 + i * 4_000)); // one per 4 s: at most 3 in 10 s, 4 with the 2100 record
    expect(feed(r, evs)).toEqual([]);
  });
  it('a real burst after the far-future record still fires', () => {
    const r = Rule.spike({ threshold: 5, window: 10 });
    feed(r, [at(T0), at(Y2100)]);
    const out = feed(
      r,
      [1, 2, 3, 4, 5].map((i) => at(T0 + 60_000 + i)),
    );
    expect(out).toHaveLength(1);
  });
  it('a first record in 2100 is forgotten once the stream confirms the real time', () => {
    const r = Rule.spike({ threshold: 3, window: 10 });
    const evs = [at(Y2100)];
    for (let i = 1; i <= 100; i++) evs.push(at(T0 + i * 5_000));
    expect(feed(r, evs)).toEqual([]);
  });
  it('SlidingWindow counts a far record at the newest time and follows a confirmed jump', () => {
    const w = new SlidingWindow(10_000, 10, 3_600_000);
    w.add(T0);
    expect(w.add(Y2100)).toBe(2);
    expect(w.latest).toBe(T0);
    expect(w.skewed).toBe(1);
    const later = T0 + 86_400_000;
    w.add(later); // unconfirmed
    expect(w.add(later + 1)).toBe(1); // confirmed: window moved, old stamps expired
    expect(w.latest).toBe(later + 1);
    expect(w.add(NaN)).toBe(2);
  });
});

describe('Rule.spike: cost and memory per key', () => {
  it('a threshold of 1,000,000 with groupBy allocates in proportion to what each key sees', () => {
    const r = Rule.spike({ threshold: 1_000_000, window: 10, groupBy: 'k' });
    const out: Signal[] = [];
    for (let i = 0; i < 1000; i++) r.observe(at(T0 + i, { k: `key${i}` }), out);
    for (let i = 0; i < 100; i++) r.observe(at(T0 + 1000 + i, { k: 'busy' }), out);
    const inner = r as unknown as { keys: KeyStateTable; windows: WindowTable };
    const sizes = [...inner.keys.nodeOrder()].map((node) => inner.windows.allocated(node));
    expect(Math.max(...sizes)).toBe(128); // the busy key: 100 stamps, ring doubled to 128
    expect(sizes.filter((n) => n <= 4)).toHaveLength(1000);
  });
  it('above threshold 16 (rings outside the blocks): thousands of keys over several pages of rings, swept when idle and their slots reused, count as a window per key', () => {
    const threshold = 40;
    const windowMs = 10_000;
    const r = Rule.spike({ threshold, window: 10, cooldown: 0, groupBy: 'k', maxKeys: 2000 });
    const rand = mulberry32(5);
    const seen = new Map<string, number[]>();
    const expected: string[] = [];
    const got: string[] = [];
    const out: Signal[] = [];
    let t = T0;
    let keys = 0;
    const recent: string[] = [];
    const emit = (k: string) => {
      const times = seen.get(k) ?? [];
      times.push(t);
      seen.set(k, times);
      // cooldown 0: a signal on every event while the window holds `threshold` events or more
      if (times.filter((x) => x > t - windowMs).length >= threshold) expected.push(`${k}@${t}`);
      r.observe(at(t, { k }), out);
      for (const s of out) got.push(`${s.key}@${s.time}`);
      out.length = 0;
    };
    for (let i = 0; i < 20_000; i++) {
      if (rand() < 0.01) {
        // a burst of a new key: its ring grows from 4 to 40 stamps
        const k = `burst${keys++}`;
        const n = 30 + Math.floor(rand() * 40);
        for (let j = 0; j < n; j++) {
          t += 20;
          emit(k);
        }
      } else {
        if (recent.length === 0 || rand() < 0.5) {
          recent.push(`key${keys++}`);
          if (recent.length > 50) recent.shift();
        }
        t += 100;
        emit(recent[Math.floor(rand() * recent.length)]);
      }
    }
    expect(keys).toBeGreaterThan(5000);
    expect(expected.length).toBeGreaterThan(1000);
    expect(got).toEqual(expected);
  });
  it('groupBy values are bounded in size (boundedKey): a 64 KiB value becomes a short key', () => {
    const r = Rule.spike({ threshold: 2, window: 10, groupBy: 'k' });
    const big = 'x'.repeat(65_536);
    const out = feed(r, [at(T0, { k: big }), at(T0 + 1, { k: big })]);
    expect(out).toHaveLength(1);
    expect(out[0].key!.length).toBeLessThan(240);
    expect(out[0].key).not.toBe(out[0].key!.slice(0, 200));
  });
});

describe('Rule.spike: state', () => {
  const burst = (from: number, n: number, gap = 500) => Array.from({ length: n }, (_, i) => at(from + i * gap, { ip: i % 2 ? 'a' : 'b' }));
  it('a restart mid-episode does not fire again: continuous and restarted runs give the same signals', () => {
    const evs = [...burst(T0, 40), ...burst(T0 + 60_000, 40), ...burst(T0 + 120_000, 40)];
    // threshold 5 keeps a key's ring in its block, 12 at the edge of it (16), 17 in a ring of its own
    for (const threshold of [5, 12, 17]) {
      const make = () => Rule.spike({ threshold, window: threshold > 5 ? 30 : 10, groupBy: 'ip' });
      const whole = feed(make(), evs);
      expect(whole.length).toBeGreaterThan(0);
      for (const cut of [3, 10, 41, 70, 100]) {
        const a = make();
        const first = feed(a, evs.slice(0, cut));
        const b = make();
        b.restore(JSON.parse(JSON.stringify(a.toJSON())));
        const second = feed(b, evs.slice(cut));
        expect([...first, ...second].map((s) => [s.time, s.key])).toEqual(whole.map((s) => [s.time, s.key]));
      }
    }
  });
  it('restore rejects bad values naming the path, and changes nothing', () => {
    const r = Rule.spike({ threshold: 3, window: 10 });
    feed(r, [at(T0), at(T0 + 1), at(T0 + 2)]);
    const good = JSON.parse(JSON.stringify(r.toJSON()));
    const path = (state: unknown) => {
      try {
        r.restore(state);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).path;
      }
      return 'accepted';
    };
    const bad = (f: (s: any) => void) => {
      const s = structuredClone(good);
      f(s);
      return s;
    };
    expect(path(bad((s) => (s.keys[0][1].latest = 1e300)))).toBe('log_spike.restore.keys[0].latest');
    expect(path(bad((s) => (s.keys[0][1].times = [T0, NaN])))).toBe('log_spike.restore.keys[0].times[1]');
    expect(path(bad((s) => (s.keys[0][1].times = [T0 + 5, T0])))).toBe('log_spike.restore.keys[0].times[1]');
    expect(path(bad((s) => (s.keys[0][1].episode = -1)))).toBe('log_spike.restore.keys[0].episode');
    expect(path(bad((s) => (s.keys[0][1].lastFired = 'x')))).toBe('log_spike.restore.keys[0].lastFired');
    expect(path(bad((s) => (s.keys[0][1].times = new Array(4).fill(T0))))).toBe('log_spike.restore.keys[0].times');
    expect(path(bad((s) => (s.threshold = 4)))).toBe('log_spike.restore.threshold');
    expect(path(bad((s) => (s.keys[0][0] = 'k')))).toBe('log_spike.restore.keys[0][0]');
    expect(path(null)).toBe('log_spike.restore');
    expect(r.toJSON()).toEqual(good);
    expect(path(good)).toBe('accepted');
  });
});

describe('Rule.spike: state of a key first seen without a record time', () => {
  it('round-trips through JSON (a record with a non-finite time counts at no time: nothing to save)', () => {
    const r = Rule.spike({ threshold: 3, window: 10, groupBy: 'k' });
    feed(r, [at(NaN, { k: 'a' }), at(T0, { k: 'b' })]);
    const b = Rule.spike({ threshold: 3, window: 10, groupBy: 'k' });
    b.restore(JSON.parse(JSON.stringify(r.toJSON())));
    expect(b.toJSON()).toEqual(r.toJSON());
    const evs = [at(T0 + 1, { k: 'a' }), at(T0 + 2, { k: 'a' }), at(T0 + 3, { k: 'a' })];
    expect(feed(b, evs)).toEqual(feed(r, evs));
  });
  it('restore rejects keys an observed record could not have made: too long, or listed twice', () => {
    const r = Rule.spike({ threshold: 3, window: 10, groupBy: 'client' });
    r.observe({ ...at(T0), attributes: { client: 'a' } }, []);
    const good = JSON.parse(JSON.stringify(r.toJSON()));
    const fails = (f: (s: any) => void) => {
      const s = structuredClone(good);
      f(s);
      try {
        r.restore(s);
      } catch (e) {
        return (e as ConfigError).path;
      }
      return 'accepted';
    };
    expect(fails((s) => (s.keys[0][0] = 'k'.repeat(300)))).toBe('log_spike.restore.keys[0][0]');
    expect(fails((s) => s.keys.push(structuredClone(s.keys[0])))).toBe('log_spike.restore.keys[1][0]');
    expect(fails(() => {})).toBe('accepted');
  });
});
