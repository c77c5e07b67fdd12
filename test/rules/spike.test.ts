import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import { Rule } from '../../src/rules/rule.js';
import { SpikeRule } from '../../src/rules/spike-rule.js';
import { mulberry32 } from '../helpers/prng.js';
import { ev, feed } from './helpers.js';

const at = (time: number, over = {}) => ev('m', { time, ...over });
/** Times (ms) at which a detector fired for events at `times`. */
function firedAt(d: SpikeRule, times: number[]): number[] {
  return feed(
    d,
    times.map((t) => at(t)),
  ).map((s) => s.time);
}

describe('Rule.spike', () => {
  it('fires when threshold events fall in the window; an event exactly window ms later is outside', () => {
    const r = Rule.spike({ threshold: 3, window: 10 });
    // 0, 5000, 10000: the first is exactly 10 s before the third -> only 2 in the window.
    expect(firedAt(r, [0, 5_000, 10_000])).toEqual([]);
    expect(firedAt(r, [10_001])).toEqual([10_001]); // 5000, 10000, 10001
  });
  it('sliding, not bucketed: 8 events in 9 s across a minute boundary are one burst', () => {
    const r = Rule.spike({ threshold: 8, window: '10s' });
    const base = Date.UTC(2024, 0, 1, 12, 0, 55); // 12:00:55 .. 12:01:04
    const times = Array.from({ length: 8 }, (_, i) => base + Math.round((i * 9_000) / 7));
    const out = feed(
      r,
      times.map((t) => at(t)),
    );
    expect(out).toHaveLength(1);
    expect(out[0].time).toBe(base + 9_000);
    expect(out[0]).toMatchObject({ name: 'log_spike', detector: 'log_spike', kind: 'rule', severity: 'high', evidence: { count: 8, threshold: 8, window: '10s', windowMs: 10_000, episodeCount: 8 } });
    expect(out[0].message).toBe('Logs spiked (8 in 10s)');
    expect(out[0].key).toBeUndefined();
  });
  it('fires once per spike; re-arms after the count falls back below the threshold', () => {
    const r = Rule.spike({ threshold: 3, window: 10, cooldown: '1h' });
    expect(firedAt(r, [0, 1_000, 2_000, 3_000, 4_000])).toEqual([2_000]);
    // count falls back: the event at 20 s sees a count of 1 -> re-armed, then a new burst fires.
    expect(firedAt(r, [20_000, 21_000, 22_000])).toEqual([22_000]);
  });
  it('while the count stays high, fires again once the cooldown (default: the window) has passed', () => {
    const r = Rule.spike({ threshold: 3, window: 10 });
    const times = Array.from({ length: 31 }, (_, i) => i * 1_000); // steady 1/s, always >= 3 in 10 s
    const out = feed(
      r,
      times.map((t) => at(t)),
    );
    expect(out.map((s) => s.time)).toEqual([2_000, 12_000, 22_000]);
    expect(out[1].evidence.episodeCount).toBe(13);
    expect(out[1].message).toBe('Logs spiked (3 in 10s, 13 since the spike began)');
  });
  it('explicit cooldown, and cooldown 0 fires on every event while high', () => {
    const r = Rule.spike({ threshold: 2, window: 10, cooldown: 3 });
    expect(firedAt(r, [0, 1_000, 2_000, 3_000, 4_000, 5_000])).toEqual([1_000, 4_000]);
    const z = Rule.spike({ threshold: 2, window: 10, cooldown: 0 });
    expect(firedAt(z, [0, 1_000, 2_000, 3_000])).toEqual([1_000, 2_000, 3_000]);
  });
  it('threshold 1 re-arms when the window has drained, not only after the cooldown', () => {
    const r = Rule.spike({ threshold: 1, window: 10, cooldown: '1h' });
    expect(firedAt(r, [0, 5_000, 9_000])).toEqual([0]);
    expect(firedAt(r, [30_000, 31_000])).toEqual([30_000]); // window drained at 19 s: a new spike
  });
  it('positional form Rule.spike(5, 10) and options after it', () => {
    const r = Rule.spike(5, 10);
    expect(r.threshold).toBe(5);
    expect(r.windowMs).toBe(10_000);
    expect(firedAt(r, [0, 1, 2, 3, 4])).toEqual([4]);
    const l = Rule.spike(2, '1m', { level: 'ERROR', id: 'errs' });
    const out = feed(l, [at(0, { severityNumber: 9 }), at(1, { severityNumber: 17 }), at(2, { severityNumber: 21 })]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ detector: 'errs', evidence: { level: 'ERROR', count: 2 } });
    expect(out[0].message).toBe('ERROR logs spiked (2 in 1m)');
  });
  it('level option counts that level and above only; lower records do not count', () => {
    const r = Rule.spike({ threshold: 3, window: 10, level: 'warn' });
    const evs = [9, 13, 9, 17, 9, 5, 21].map((n, i) => at(i * 100, { severityNumber: n }));
    expect(feed(r, evs).map((s) => s.time)).toEqual([600]);
  });
  it('match option', () => {
    const r = Rule.spike({ threshold: 2, window: 10, match: 'timeout' });
    expect(feed(r, [ev('timeout', { time: 0 }), ev('ok', { time: 1 }), ev('TIMEOUT', { time: 2 })]).map((s) => s.time)).toEqual([2]);
  });
  it('groupBy: counts per attribute value, flat and nested keys alike', () => {
    const r = Rule.spike({ threshold: 3, window: 10, groupBy: 'client.address' });
    const out: Signal[] = [];
    const evs = [
      at(0, { attributes: { 'client.address': '10.0.0.1' } }),
      at(1, { attributes: { client: { address: '10.0.0.1' } } }),
      at(2, { attributes: { 'client.address': '10.0.0.2' } }),
      at(3, { attributes: {} }), // no key: not counted
      at(4, { attributes: { client: { address: '10.0.0.2' } } }),
      at(5, { attributes: { 'client.address': '10.0.0.1' } }),
      at(6, { attributes: { 'client.address': '10.0.0.2' } }),
    ];
    for (const e of evs) r.observe(e, out);
    expect(out.map((s) => [s.time, s.key])).toEqual([
      [5, '10.0.0.1'],
      [6, '10.0.0.2'],
    ]);
    expect(out[0].evidence['client.address']).toBe('10.0.0.1');
    expect(out[0].message).toBe('Logs spiked (3 in 10s for client.address=10.0.0.1)');
    expect(r.trackedKeys).toBe(2);
  });
  it('groupBy keys are independent: interleaving two keys does not mix their counts', () => {
    const r = Rule.spike({ threshold: 4, window: 10, groupBy: 'k' });
    const rand = mulberry32(7);
    const counts = new Map<string, number>();
    const out: Signal[] = [];
    for (let i = 0; i < 200; i++) {
      const k = rand() < 0.5 ? 'a' : 'b';
      counts.set(k, (counts.get(k) ?? 0) + 1);
      r.observe(at(i, { attributes: { k } }), out);
    }
    expect(out.map((s) => s.key).sort()).toEqual(['a', 'b']); // one per key: all 200 within 10 s
  });
  it('memory stays bounded with 100k distinct keys, and idle keys are evicted', () => {
    const r = Rule.spike({ threshold: 3, window: 10, groupBy: 'ip', maxKeys: 1_000 });
    const out: Signal[] = [];
    for (let i = 0; i < 100_000; i++) r.observe(at(i, { attributes: { ip: `k${i}` } }), out);
    expect(out).toHaveLength(0);
    expect(r.trackedKeys).toBeLessThanOrEqual(1_000);
    // An hour later one busy key: the idle keys are swept.
    for (let i = 0; i < 2_048; i++) r.observe(at(3_600_000 + i * 10_000, { attributes: { ip: 'busy' } }), out);
    expect(r.trackedKeys).toBeLessThanOrEqual(2);
  });
  it('out-of-order events count at the newest time', () => {
    const r = Rule.spike({ threshold: 3, window: 10 });
    expect(firedAt(r, [100_000, 50_000, 99_000])).toEqual([99_000]);
  });
  it('invalid options name the option', () => {
    const path = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).path;
      }
      return 'no error';
    };
    expect(path(() => Rule.spike({ threshold: 0, window: 10 }))).toBe('spike.threshold');
    expect(path(() => Rule.spike({ threshold: 2.5, window: 10 }))).toBe('spike.threshold');
    expect(path(() => Rule.spike({ threshold: '5' as never, window: 10 }))).toBe('spike.threshold');
    expect(path(() => Rule.spike({ threshold: 5, window: 0 }))).toBe('spike.window');
    expect(path(() => Rule.spike({ threshold: 5, window: '10 parsecs' }))).toBe('spike.window');
    expect(path(() => Rule.spike(5, undefined as never))).toBe('spike.window');
    expect(path(() => Rule.spike({ threshold: 5, window: 10, cooldown: -1 }))).toBe('spike.cooldown');
    expect(path(() => Rule.spike({ threshold: 5, window: 10, level: 'LOUD' }))).toBe('spike.level');
    expect(path(() => Rule.spike({ threshold: 5, window: 10, maxKeys: 0 }))).toBe('spike.maxKeys');
    expect(path(() => Rule.spike({ threshold: 5, window: 10, groupBy: '' }))).toBe('spike.groupBy');
    expect(path(() => Rule.spike({ threshold: 5, window: 10, severity: 'meh' as never }))).toBe('spike.severity');
    expect(path(() => Rule.spike({ threshold: 5, window: 10, target_level: 'ERROR' } as never))).toBe('spike.target_level');
    expect(path(() => new SpikeRule(null as never))).toBe('spike');
  });
});
