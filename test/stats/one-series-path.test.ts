import { describe, expect, it } from 'vitest';
import type { Detector } from '../../src/core/detector.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { StatRule } from '../../src/stats/stat-rule.js';
import { T0, ev, mulberry32 } from './helpers.js';

/**
 * A bucketed detector without `groupBy` counts a record of its current bucket on a short path (no
 * key, no clock arithmetic). The same detector grouped by an attribute every record has with one
 * value takes the general path for every record: both must raise the same signals and keep the same
 * state, on a stream with late, far-future, non-finite and gap records, ticks, and more records than
 * a sweep of idle keys comes every.
 */
const surge = (i: number) => Math.floor(i / 2500) % 9 === 8;

function stream(seed: number, n: number): LogEvent[] {
  const rand = mulberry32(seed);
  const out: LogEvent[] = [];
  let t = T0;
  for (let i = 0; i < n; i++) {
    const r = rand();
    if (r < 0.00005)
      t += 3_600_000 * (1 + rand() * 3); // a gap of hours (silence, then a jump)
    else if (r < 0.0003)
      t += 10_000 + rand() * 30_000; // a few empty buckets
    else t += (rand() * 40 * (1 + Math.sin(i / 3000))) / (surge(i) ? 8 : 1); // traffic that swells and ebbs, and surges
    let time = t;
    const k = rand();
    if (k < 0.01)
      time = t - rand() * 20_000; // late
    else if (k < 0.012)
      time = t + 2 * 3_600_000 + rand() * 1000; // far future (skewed or confirmed by the next)
    else if (k < 0.013) time = Number.NaN;
    const burst = Math.floor(i / 2000) % 7 === 6;
    out.push(ev(time, rand() < (burst ? 0.3 : 0.02) ? 17 : 9, 'm', { host: 'h1' }));
  }
  return out;
}

function normalise(s: Signal): unknown {
  const { key: _key, evidence, message, ...rest } = s;
  const { host: _host, ...e } = evidence as Record<string, unknown>;
  return { ...rest, message: message.replace(/ for host=h1$/, ''), evidence: e };
}

function both(make: (groupBy?: string) => Detector, events: LogEvent[]): void {
  const one = make();
  const grouped = make('host');
  const a: Signal[] = [];
  const b: Signal[] = [];
  events.forEach((e, i) => {
    one.observe(e, a);
    grouped.observe(e, b);
    if (i % 5000 === 4999 && Number.isFinite(e.time)) {
      one.tick?.(e.time + 25_000, a);
      grouped.tick?.(e.time + 25_000, b);
    }
  });
  expect(a.length).toBeGreaterThan(0);
  expect(a.map(normalise)).toEqual(b.map(normalise));
  const sa = one.toJSON?.() as { keys: [string, unknown][] };
  const sb = grouped.toJSON?.() as { keys: [string, unknown][] };
  expect(sa.keys.map(([, v]) => v)).toEqual(sb.keys.map(([, v]) => v));
}

describe('bucketed detectors: one series on the short path', () => {
  for (const seed of [1, 3, 4]) {
    it(`errorRateZScore: same signals and state as the general path (seed ${seed})`, () => {
      both((groupBy) => StatRule.errorRateZScore({ bucket: '10s', groupBy }), stream(seed, 40_000));
    });
    it(`volume: same signals and state as the general path (seed ${seed})`, () => {
      both((groupBy) => StatRule.volume({ bucket: '10s', groupBy }), stream(seed, 40_000));
    });
    it(`ewma: same signals and state as the general path (seed ${seed})`, () => {
      both((groupBy) => StatRule.ewma({ bucket: '10s', groupBy }), stream(seed, 40_000));
    });
  }
});

describe('bucketed detectors: record times beyond year ~5138', () => {
  it('far-future records, even confirmed by the next, leave a state that restores and keep the clock', () => {
    for (const far of [2e14, 1e16, 1e300]) {
      for (const make of [() => StatRule.errorRateZScore({ bucket: '10s' }), () => StatRule.volume({ bucket: '1m' }), () => StatRule.ewma({ bucket: '10s' })]) {
        const d = make();
        const out: Signal[] = [];
        for (let i = 0; i < 100; i++) d.observe(ev(T0 + i * 1000, i % 10 === 0 ? 17 : 9), out);
        for (const t of [far, far + 1, far + 100_000]) d.observe(ev(t), out);
        const state = d.toJSON?.() as unknown as { keys: [string, { clock: { start: number } }][] };
        expect(state.keys[0][1].clock.start, `${far}`).toBe(Math.floor((T0 + 99_000) / d.bucketMs) * d.bucketMs);
        const again = make();
        again.restore?.(JSON.parse(JSON.stringify(state)));
        expect(again.toJSON?.()).toEqual(state);
      }
    }
  });
});
