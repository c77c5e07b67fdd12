import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { TemplateMiner } from '../../src/templates/index.js';
import { StatRule } from '../../src/index.js';

const T0 = Date.UTC(2026, 0, 1);

function ev(message: string, time: number, severityNumber = 9): LogEvent {
  return { time, severityNumber, severityText: '', message, attributes: {}, eventName: '' };
}

function feed(detector: { observe(e: LogEvent, out: Signal[]): void }, events: LogEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of events) detector.observe(e, out);
  return out;
}

describe('newTemplate', () => {
  it('signals a template first seen after warm-up, with severity from the record', () => {
    const d = StatRule.newTemplate({ warmupRecords: 20 });
    const warm = Array.from({ length: 20 }, (_, i) => ev(`request ${i} served in ${i * 3} ms`, T0 + i * 1000));
    expect(feed(d, warm)).toEqual([]);
    expect(feed(d, [ev('request 99 served in 4 ms', T0 + 30_000)])).toEqual([]);
    const out = feed(d, [ev('disk /dev/sda1 failed: I/O error', T0 + 31_000, 17)]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      detector: 'new_template',
      name: 'new_template',
      kind: 'template',
      severity: 'high',
      key: 'T2',
      time: T0 + 31_000,
      evidence: { template: 'disk <*> failed: I/O error', templateId: 'T2', count: 1, seenTemplates: 2 },
    });
    // Seen again: not new.
    expect(feed(d, [ev('disk /dev/sdb1 failed: I/O error', T0 + 32_000)])).toEqual([]);
  });

  it('warm-up by record time as well as count', () => {
    const d = StatRule.newTemplate({ warmupRecords: 0, warmup: '1m' });
    expect(feed(d, [ev('first message here', T0), ev('second kind of message', T0 + 30_000)])).toEqual([]);
    expect(feed(d, [ev('third kind entirely', T0 + 61_000)])).toHaveLength(1);
  });

  it('summarises a flood of new templates', () => {
    const d = StatRule.newTemplate({ warmupRecords: 0, maxSignals: 3, floodWindow: '1m' });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
    // Ten distinct messages (distinct first words) within 10 s.
    const out = feed(d, words.map((w, i) => ev(`${w} subsystem reported state`, T0 + i * 1000)));
    expect(out).toHaveLength(3);
    expect(out.every((s) => s.key !== 'flood')).toBe(true);
    // The window ends: the next record (or tick) reports what was held back.
    const summary: Signal[] = [];
    d.tick(T0 + 61_000, summary);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ key: 'flood', severity: 'medium', evidence: { suppressed: 7, window: '1m', seenTemplates: 10 } });
    expect(summary[0].evidence.examples).toHaveLength(5);
    // Nothing more to report.
    const none: Signal[] = [];
    d.tick(T0 + 200_000, none);
    expect(none).toEqual([]);
  });

  it('allocates nothing into out when nothing fires, and survives a restart', () => {
    const d = StatRule.newTemplate({ warmupRecords: 5 });
    feed(d, Array.from({ length: 10 }, (_, i) => ev(`tick ${i} ok`, T0 + i)));
    const state = JSON.parse(JSON.stringify(d.toJSON()));
    const again = StatRule.newTemplate({ warmupRecords: 5 });
    again.restore(state);
    expect(feed(again, [ev('tick 42 ok', T0 + 100)])).toEqual([]);
    expect(feed(again, [ev('boom something new', T0 + 101)])).toHaveLength(1);
    expect(() => again.restore({ version: 9 })).toThrow(/not a new_template state/);
  });

  it('shares a miner with the processor and other detectors', () => {
    const miner = new TemplateMiner();
    const d = StatRule.newTemplate({ miner, warmupRecords: 0 });
    const e = ev('shared message 1', T0);
    e.template = miner.add(e.message); // the pipeline's enrichment learns the record first
    const out = feed(d, [e]);
    expect(out).toHaveLength(1); // still new for the detector: it takes the processor's result
    expect(miner.templates()[0].count).toBe(1);
    expect(d.toJSON().miner).toBeUndefined();
    expect(() => StatRule.newTemplate({ miner, minerOptions: {} })).toThrow(/newTemplate\.minerOptions/);
    expect(() => StatRule.newTemplate({ miner: {} as TemplateMiner })).toThrow(/newTemplate\.miner/);
  });

  it('rejects invalid options', () => {
    expect(() => StatRule.newTemplate({ warmupRecords: -1 })).toThrow(/newTemplate\.warmupRecords/);
    expect(() => StatRule.newTemplate({ floodWindow: 'soon' })).toThrow(/newTemplate\.floodWindow/);
    expect(() => StatRule.newTemplate({ maxSignals: 0 })).toThrow(/newTemplate\.maxSignals/);
  });
});
