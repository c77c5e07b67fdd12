import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { StatRule, type TemplateRateDetector } from '../../src/index.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function ev(message: string, time: number, severityNumber = 9): LogEvent {
  return { time, severityNumber, severityText: '', message, attributes: {}, eventName: '' };
}

/** 60 minutes of two steady templates, one bursting in minutes 50-53; `glitch` records at minute 30 (or first, at minute -1). */
function stream(glitch: number[], at = 30): LogEvent[] {
  const out: LogEvent[] = [];
  if (at < 0) for (const t of glitch) out.push(ev('clock glitch', t));
  for (let m = 0; m < 60; m++) {
    if (m === at) for (const t of glitch) out.push(ev('clock glitch', t));
    const n = m >= 50 && m <= 53 ? 400 : 20;
    for (let i = 0; i < n; i++) out.push(ev(`job ${i} finished`, T0 + m * MIN + (i * MIN) / (n + 1)));
    for (let i = 0; i < 20; i++) out.push(ev(`user ${i} login`, T0 + m * MIN + (i * MIN) / 21 + 5));
  }
  return out;
}
function feed(d: TemplateRateDetector, events: LogEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of events) d.observe(e, out);
  return out;
}
const summary = (out: Signal[]) => out.map((s) => `${s.evidence.template} ${s.evidence.direction} ${s.time}`);

describe('templateRate: a far-future first record and late records (as the bucketed detectors)', () => {
  it('a first record dated far ahead does not start the clock in its year: the next record starts it, the first counted as skewed', () => {
    const clean = feed(StatRule.templateRate({ bucket: '1m' }), stream([]));
    expect(clean.filter((s) => s.evidence.direction === 'burst')).toHaveLength(1);
    for (const far of [Date.UTC(2100, 0, 1), T0 + 2 * 3_600_000, 2 ** 52]) {
      const d = StatRule.templateRate({ bucket: '1m' });
      const out = feed(d, stream([far], -1));
      expect(summary(out), `${far}`).toEqual(summary(clean));
      expect(d.toJSON().bucket).toBe(Math.floor(T0 / MIN) + 59);
      expect(d.skewed).toBe(1);
      expect(d.late).toBe(0);
      expect(out.map((s) => s.evidence.skewedRecords)).toEqual(clean.map(() => 1));
      const again = StatRule.templateRate({ bucket: '1m' });
      again.restore(JSON.parse(JSON.stringify(d.toJSON())));
      expect(again.toJSON()).toEqual(d.toJSON());
    }
    // within maxSkew of the first record the next one is simply late: the clock stays
    const near = StatRule.templateRate({ bucket: '1m' });
    feed(near, [ev('job 1 finished', T0 + 30 * MIN), ev('job 2 finished', T0)]);
    expect(near.toJSON().bucket).toBe(Math.floor(T0 / MIN) + 30);
    expect([near.skewed, near.late]).toEqual([0, 1]);
    // a clock moved by tick (trusted) is not the first record's alone: a record far before it is late
    const ticked = StatRule.templateRate({ bucket: '1m' });
    const out: Signal[] = [];
    ticked.observe(ev('job 1 finished', T0 + 5 * 3_600_000), out);
    ticked.tick(T0 + 5 * 3_600_000 + MIN, out);
    ticked.observe(ev('job 2 finished', T0), out);
    expect(ticked.toJSON().bucket).toBe(Math.floor(T0 / MIN) + 301);
    expect([ticked.skewed, ticked.late]).toEqual([0, 1]);
  });

  it('late records are counted in the current bucket, reported as lateRecords and kept in the state', () => {
    const clean = feed(StatRule.templateRate({ bucket: '1m' }), stream([]));
    const d = StatRule.templateRate({ bucket: '1m' });
    const out = feed(d, stream([T0 + 10 * MIN, T0 + 28 * MIN + 59_999, T0 - 365 * 24 * 3_600_000]));
    expect(summary(out)).toEqual(summary(clean));
    expect(d.late).toBe(3);
    expect(d.skewed).toBe(0);
    expect(out.map((s) => s.evidence.lateRecords)).toEqual(clean.map(() => 3));
    expect(clean.every((s) => s.evidence.lateRecords === undefined)).toBe(true);
    const again = StatRule.templateRate({ bucket: '1m' });
    again.restore(JSON.parse(JSON.stringify(d.toJSON())));
    expect(again.late).toBe(3);
    expect(again.toJSON()).toEqual(d.toJSON());
    expect(() => again.restore({ ...d.toJSON(), late: -1 })).toThrow(/template_rate_anomaly\.state\.late/);
    // a state from before (no late field) restores with 0
    const { late: _late, ...old } = d.toJSON();
    again.restore(old);
    expect(again.late).toBe(0);
  });

  it('replaying the same records gives the same signals and state', () => {
    const events = [...stream([Date.UTC(2100, 0, 1)], -1), ...stream([T0, Number.NaN, T0 + 5 * 3_600_000], 59)];
    const a = StatRule.templateRate({ bucket: '1m' });
    const b = StatRule.templateRate({ bucket: '1m' });
    expect(feed(a, events)).toEqual(feed(b, events));
    expect(a.toJSON()).toEqual(b.toJSON());
  });
});
