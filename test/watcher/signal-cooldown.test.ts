import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { SignalCooldown } from '../../src/watcher/signal-cooldown.js';

const signal = (detector: string, key: string | undefined, time: number): Signal => ({ detector, name: detector, kind: 'rule', severity: 'medium', message: 'm', time, key, evidence: {} });

describe('SignalCooldown', () => {
  it('keeps one cooldown per detector and key when a detector alternates keys (the remembered last key per detector)', () => {
    const c = new SignalCooldown(10_000, 100);
    const admitted: string[] = [];
    for (let t = 0; t < 25_000; t += 1000) {
      for (const [d, k] of [
        ['a', 'x'],
        ['a', 'y'],
        ['a', undefined],
        ['b', 'x'],
      ] as const) {
        const s = signal(d, k, t);
        if (c.admit(s)) admitted.push(`${d}/${k}@${t}:${s.suppressed ?? 0}`);
      }
    }
    // each pair once per 10 s, carrying the 9 repeats it suppressed in between
    expect(admitted).toEqual([
      'a/x@0:0',
      'a/y@0:0',
      'a/undefined@0:0',
      'b/x@0:0',
      'a/x@10000:9',
      'a/y@10000:9',
      'a/undefined@10000:9',
      'b/x@10000:9',
      'a/x@20000:9',
      'a/y@20000:9',
      'a/undefined@20000:9',
      'b/x@20000:9',
    ]);
    expect(c.toJSON().entries.map((e) => e[0])).toEqual(['a\u0000x', 'a\u0000y', 'a', 'b\u0000x']);
  });

  it('is not confused by a key equal to another detector id, nor by more detectors than it remembers', () => {
    const c = new SignalCooldown(10_000, 10_000);
    for (let i = 0; i < 600; i++) expect(c.admit(signal(`d${i}`, 'k', 0))).toBe(true);
    for (let i = 0; i < 600; i++) expect(c.admit(signal(`d${i}`, 'k', 1))).toBe(false);
    expect(c.admit(signal('d1', undefined, 2))).toBe(true);
    expect(c.admit(signal('d1', undefined, 3))).toBe(false);
  });
  it('a state saved after signals dated past year ~5138 (or NaN, ±Infinity) restores: those pairs are left out, the others kept', () => {
    const T = Date.UTC(2026, 0, 1);
    for (const far of [2e14, 1e300, Number.POSITIVE_INFINITY, Number.NaN, -1e300]) {
      const c = new SignalCooldown(10_000, 100);
      c.admit(signal('a', 'x', T));
      c.admit(signal('b', undefined, far));
      c.admit(signal('a', 'y', far));
      const again = new SignalCooldown(10_000, 100);
      again.restore(JSON.parse(JSON.stringify(c.toJSON())));
      expect(again.toJSON().entries, `${far}`).toEqual([['a\u0000x', T + 10_000, 0]]);
      expect(again.admit(signal('a', 'x', T + 5_000))).toBe(false);
    }
  });
});
