import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { StatRule } from '../../src/stats/stat-rule.js';
import { TimeBuckets } from '../../src/stats/time-buckets.js';
import { bucketStream, mulberry32, run } from './helpers.js';

const B = 10_000;

describe('TimeBuckets: a first record dated far ahead', () => {
  it('does not start the clock in its year: the next record, more than maxSkew before it, starts it; the first is counted as skewed', () => {
    const c = new TimeBuckets(B, 3_600_000);
    expect(c.advance(Date.UTC(2100, 0, 1))).toBe(0);
    expect(c.advance(5_000)).toBe(0);
    expect([c.start, c.skewed, c.late]).toEqual([0, 1, 0]);
    expect(c.advance(12_000)).toBe(1);
    // within maxSkew before the first record the next one is late, as before; and only the record right after the first can restart it
    const near = new TimeBuckets(B, 3_600_000);
    near.advance(1_800_000);
    near.advance(5_000);
    expect([near.start, near.skewed, near.late]).toEqual([1_800_000, 0, 1]);
    const later = new TimeBuckets(B, 3_600_000);
    later.advance(Date.UTC(2100, 0, 1));
    later.advance(Date.UTC(2100, 0, 1) + 1_000);
    later.advance(5_000);
    expect([later.start, later.skewed, later.late]).toEqual([Date.UTC(2100, 0, 1), 0, 1]);
    // a clock moved by tick (trusted) is not the first record's alone
    const ticked = new TimeBuckets(B, 3_600_000);
    ticked.advance(Date.UTC(2100, 0, 1));
    ticked.tick(Date.UTC(2100, 0, 1) + B);
    ticked.advance(5_000);
    expect([ticked.late, ticked.skewed]).toEqual([1, 0]);
    // the state restores (the pending first record is not part of it: a restored clock is trusted)
    const again = new TimeBuckets(B, 3_600_000);
    again.restore(JSON.parse(JSON.stringify(c.toJSON())), 'clock');
    expect(again.toJSON()).toEqual(c.toJSON());
  });

  it('errorRateZScore: one record dated 2100 first gives the signals of the stream without it, reported as skewed', () => {
    const base: [number, number][] = Array.from({ length: 30 }, () => [200, 10]);
    const stream = [...base, [200, 150], [200, 150]] as [number, number][];
    const clean = run(StatRule.errorRateZScore(), bucketStream(stream, mulberry32(3)));
    expect(clean.length).toBeGreaterThan(0);
    const far: LogEvent = { time: Date.UTC(2100, 0, 1), severityNumber: 9, severityText: '', message: 'clock glitch', attributes: {}, eventName: '' };
    const out = run(StatRule.errorRateZScore(), [far, ...bucketStream(stream, mulberry32(3))]);
    expect(out.map((s) => [s.name, s.time])).toEqual(clean.map((s) => [s.name, s.time]));
    expect(out.every((s) => s.evidence.skewedRecords === 1)).toBe(true);
  });
});
