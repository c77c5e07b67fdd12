import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { ConfigError } from '../../src/core/config-error.js';
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
    const d = StatRule.newTemplate({ warmupRecords: 20, learnedRateRecords: 20, learnedRate: 0.05 });
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
      evidence: { template: 'disk <*> failed: I/O error', templateId: 'T2', count: 1, seenTemplates: 2, level: 'ERROR' },
    });
    // Seen again: not new.
    expect(feed(d, [ev('disk /dev/sdb1 failed: I/O error', T0 + 32_000)])).toEqual([]);
  });

  it('warm-up by record time as well as count', () => {
    const d = StatRule.newTemplate({ warmupRecords: 0, warmup: '1m', learnedRate: 1, learnedRateRecords: 1 });
    expect(feed(d, [ev('first message here', T0), ev('second kind of message', T0 + 30_000)])).toEqual([]);
    expect(feed(d, [ev('third kind entirely', T0 + 61_000)])).toHaveLength(1);
  });

  it('summarises a flood of new templates', () => {
    const d = StatRule.newTemplate({ warmupRecords: 0, learnedRate: 1, learnedRateRecords: 1, maxSignals: 3, floodWindow: '1m' });
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet'];
    // Ten distinct messages (distinct first words) within 10 s.
    const out = feed(
      d,
      words.map((w, i) => ev(`${w} subsystem reported state`, T0 + i * 1000)),
    );
    expect(out).toHaveLength(3);
    expect(out.every((s) => s.key !== 'flood')).toBe(true);
    // The window ends: the next record (or tick) reports what was held back.
    const summary: Signal[] = [];
    d.tick(T0 + 61_000, summary);
    expect(summary).toHaveLength(1);
    expect(summary[0]).toMatchObject({ key: 'flood', severity: 'low', evidence: { suppressed: 7, window: '1m', seenTemplates: 10 } });
    expect(summary[0].evidence.examples).toHaveLength(5);
    // Nothing more to report.
    const none: Signal[] = [];
    d.tick(T0 + 200_000, none);
    expect(none).toEqual([]);
  });

  it('allocates nothing into out when nothing fires, and survives a restart', () => {
    const d = StatRule.newTemplate({ warmupRecords: 5, learnedRateRecords: 5, learnedRate: 0.2 });
    feed(
      d,
      Array.from({ length: 10 }, (_, i) => ev(`tick ${i} ok`, T0 + i)),
    );
    const state = JSON.parse(JSON.stringify(d.toJSON()));
    const again = StatRule.newTemplate({ warmupRecords: 5, learnedRateRecords: 5, learnedRate: 0.2 });
    again.restore(state);
    expect(feed(again, [ev('tick 42 ok', T0 + 100)])).toEqual([]);
    expect(feed(again, [ev('boom something new', T0 + 101)])).toHaveLength(1);
    expect(() => again.restore({ version: 9 })).toThrow(/new_template\.state\.version/);
  });

  it('shares a miner with the processor and other detectors', () => {
    const miner = new TemplateMiner();
    const d = StatRule.newTemplate({ miner, warmupRecords: 0, learnedRate: 1, learnedRateRecords: 1 });
    const e = ev('shared message 1', T0);
    e.template = miner.add(e.message); // the pipeline's enrichment learns the record first
    const out = feed(d, [e]);
    expect(out).toHaveLength(1); // still new for the detector: it takes the processor's result
    expect(miner.templates()[0].count).toBe(1);
    expect(d.toJSON().miner).toBeUndefined();
    expect(() => StatRule.newTemplate({ miner, minerOptions: {} })).toThrow(/newTemplate\.minerOptions/);
    expect(() => StatRule.newTemplate({ miner: {} as TemplateMiner })).toThrow(/newTemplate\.miner/);
  });

  it('warm-up ends when new templates have become rare, not after a fixed count', () => {
    const d = StatRule.newTemplate({ warmupRecords: 100, learnedRateRecords: 200, learnedRate: 0.01 });
    const events: LogEvent[] = [];
    // 1,000 records in which a new kind of message appears every 40 records: still learning
    for (let i = 0; i < 1000; i++) {
      const kind = Math.floor(i / 40);
      events.push(ev(i % 40 === 0 ? `component${'abcdefghijklmnopqrstuvwxyz'[kind]} started phase ${i}` : `request ${i} served in ${i % 17} ms`, T0 + i * 1000));
    }
    expect(feed(d, events)).toEqual([]);
    expect(d.isLearnt).toBe(false);
    // then only known messages: once the last 200 records hold at most 2 new ones, the log is learnt
    const quiet = Array.from({ length: 200 }, (_, i) => ev(`request ${i} served in 3 ms`, T0 + (1000 + i) * 1000));
    expect(feed(d, quiet)).toEqual([]);
    expect(d.isLearnt).toBe(true);
    expect(feed(d, [ev('replica lag exceeded threshold on shard 4', T0 + 1_300_000, 13)])).toMatchObject([{ severity: 'medium', evidence: { level: 'WARN' } }]);
    // a log that never settles is never learnt
    const noisy = StatRule.newTemplate({ warmupRecords: 10, learnedRateRecords: 50, learnedRate: 0.02 }); // 1 new in 50
    const words = (i: number) => `${'abcdefghij'[i % 10]}${'klmnopqrst'[Math.floor(i / 10) % 10]}${'uvwxyz'[Math.floor(i / 100) % 6]}`;
    expect(
      feed(
        noisy,
        Array.from({ length: 600 }, (_, i) => ev(`${words(i)} unit ${words(i + 7)} changed`, T0 + i)),
      ),
    ).toEqual([]);
    expect(noisy.isLearnt).toBe(false);
  });

  it('severity from the level of the new template: DEBUG is learnt, not signalled; ERROR is high', () => {
    const learnt = () => {
      const d = StatRule.newTemplate({ warmupRecords: 1, learnedRateRecords: 1, learnedRate: 1, maxSignals: 5 });
      feed(d, [ev('steady state', T0)]);
      return d;
    };
    const d = learnt();
    expect(feed(d, [ev('cache refill took 4 ms', T0 + 1, 5)])).toEqual([]);
    expect(feed(d, [ev('disk quota exceeded for volume 3', T0 + 2, 17)])).toMatchObject([{ severity: 'high' }]);
    expect(feed(d, [ev('user session created for 7', T0 + 3, 9)])).toMatchObject([{ severity: 'low' }]);
    expect(feed(d, [ev('no level on this one at all', T0 + 4, 0)])).toMatchObject([{ severity: 'low' }]);
    const debug = StatRule.newTemplate({ warmupRecords: 1, learnedRateRecords: 1, learnedRate: 1, level: 'DEBUG' });
    feed(debug, [ev('steady state', T0)]);
    expect(feed(debug, [ev('cache refill took 4 ms', T0 + 120_000, 5)])).toMatchObject([{ severity: 'low' }]);
  });

  it('a flood is one summary signal, and cannot hide a new ERROR template', () => {
    const d = StatRule.newTemplate({ warmupRecords: 1, learnedRateRecords: 1, learnedRate: 1 });
    feed(d, [ev('steady state', T0)]);
    const names = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const at = T0 + 120_000;
    const flood = names.map((w, i) => ev(`${w} module loaded version ${i}`, at + i, 9));
    flood.splice(4, 0, ev('payment gateway refused all connections', at + 4, 17));
    const out = feed(d, flood);
    expect(out.map((s) => s.severity)).toEqual(['low', 'high']);
    const summary: Signal[] = [];
    d.tick(at + 60_000, summary);
    expect(summary).toMatchObject([{ key: 'flood', severity: 'low', evidence: { suppressed: 7 } }]);
  });

  it('restore checks everything first and changes nothing on a bad state', () => {
    const d = StatRule.newTemplate({ warmupRecords: 5, learnedRateRecords: 10, learnedRate: 0.1 });
    feed(
      d,
      Array.from({ length: 7 }, (_, i) => ev(i % 3 === 0 ? `kind${'abc'[i / 3]} thing happened` : `tick ${i} ok`, T0 + i)),
    );
    const before = JSON.stringify(d.toJSON());
    const bad = (patch: (s: Record<string, any>) => void) => {
      const s = JSON.parse(before);
      patch(s);
      return s;
    };
    const cases: [unknown, RegExp][] = [
      [
        bad((s) => {
          s.records = -1;
        }),
        /new_template\.state\.records/,
      ],
      [
        bad((s) => {
          s.records = 1e300;
        }),
        /new_template\.state\.records/,
      ],
      [
        bad((s) => {
          s.recent = [0, 2];
        }),
        /new_template\.state\.recent\[1\]/,
      ],
      [
        bad((s) => {
          s.worst = 'dire';
        }),
        /new_template\.state\.worst/,
      ],
      [
        bad((s) => {
          s.inWindow = 99;
        }),
        /new_template\.state\.inWindow/,
      ],
      [
        bad((s) => {
          s.miner.nextId = 1e300;
        }),
        /new_template\.state\.miner\.nextId/,
      ],
      [
        bad((s) => {
          s.miner.clusters[0].count = 'x';
        }),
        /new_template\.state\.miner\.clusters\[0\]\.count/,
      ],
      ['nope', /new_template\.state/],
    ];
    for (const [state, path] of cases) {
      expect(() => d.restore(state)).toThrow(ConfigError);
      expect(() => d.restore(state)).toThrow(path);
      expect(JSON.stringify(d.toJSON())).toBe(before);
    }
    const again = StatRule.newTemplate({ warmupRecords: 5, learnedRateRecords: 10, learnedRate: 0.1 });
    again.restore(JSON.parse(before));
    expect(JSON.stringify(again.toJSON())).toBe(before);
  });

  it('while the log is still being learnt, a template first seen after warmupRecords is signalled when it bursts', () => {
    // a log that is never learnt: every record a message kind of its own (letters only, nothing in common)
    const word = (n: number) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + ((Math.floor(n / 26 ** k) + k) % 26))).join('');
    const noise = (i: number) => ev(`${word(i)} ${word(i + 5000)} ${word(i + 9000)}`, T0 + i * 1000);
    const warm = (n: number) => Array.from({ length: n }, (_, i) => noise(i));
    const opts = { warmupRecords: 20, learningBurst: 5, learningBurstWindow: '1m' };
    const burst = (start: number, step: number, n = 6) => Array.from({ length: n }, (_, k) => ev(`replica store-${k % 3} lost while shipping segment ${100 + k}`, T0 + start * 1000 + k * step));
    const d = StatRule.newTemplate(opts);
    expect(feed(d, warm(30))).toEqual([]);
    expect(d.isLearnt).toBe(false);
    const out = feed(d, burst(30, 1000));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      key: 'T31',
      severity: 'low',
      time: T0 + 30_000 + 4000,
      message: 'New log template T31 in a burst (5 records within 1m): replica <*> lost while shipping segment <*>',
      evidence: { templateId: 'T31', count: 5, level: 'INFO', burst: 5, burstWindow: '1m' },
    });
    // once: the sixth record raised nothing, nor do later ones
    expect(feed(d, burst(40, 1000, 3))).toEqual([]);

    // too slow (5 records spread over more than the window), or before warmupRecords: nothing
    const slow = StatRule.newTemplate(opts);
    feed(slow, warm(30));
    expect(feed(slow, burst(30, 20_000))).toEqual([]);
    const early = StatRule.newTemplate(opts);
    feed(early, warm(5));
    expect(feed(early, burst(5, 1000))).toEqual([]);
    // 0 turns it off
    const off = StatRule.newTemplate({ ...opts, learningBurst: 0 });
    feed(off, warm(30));
    expect(feed(off, burst(30, 1000))).toEqual([]);

    // a restart in the middle of a burst keeps the count
    const a = StatRule.newTemplate(opts);
    feed(a, warm(30));
    const [b1, b2, b3, b4, b5] = burst(30, 1000);
    feed(a, [b1, b2, b3]);
    const state = JSON.parse(JSON.stringify(a.toJSON()));
    // every template first seen past warmupRecords is watched (the noise's T20..T30 at one record each)
    expect(state.bursts).toContainEqual(['T31', T0 + 30_000, 3]);
    expect(state.bursts).toHaveLength(12);
    const b = StatRule.newTemplate(opts);
    b.restore(state);
    expect(feed(b, [b4, b5])).toMatchObject([{ key: 'T31', evidence: { burst: 5 } }]);
    // a state saved before bursts were watched restores (none watched); a bad entry names its path
    const { bursts: _, ...older } = state;
    expect(() => StatRule.newTemplate(opts).restore(older)).not.toThrow();
    expect(() => b.restore({ ...state, bursts: [['T31', 'x', 3]] })).toThrow(/new_template\.state\.bursts\[0\]\[1\]/);
    expect(() => b.restore({ ...state, bursts: [['nope', T0, 3]] })).toThrow(/new_template\.state\.bursts\[0\]\[0\]/);
    expect(() => b.restore({ ...state, bursts: [3] })).toThrow(/new_template\.state\.bursts\[0\]/);

    // a burst has a flood budget of its own: it neither hides a new template of the same window nor is hidden by one
    const both = StatRule.newTemplate({ warmupRecords: 20, learnedRateRecords: 20, learnedRate: 0.1, learningBurst: 5 });
    // the heartbeat is known from the first record, so it is not watched; the replica error is first seen at record 21
    const beat = (k: number) => ev(`heartbeat ${k} ok`, T0 + k * 1000);
    feed(both, [beat(0), ...warm(20).slice(1)]);
    const x = (k: number, at: number) => ev(`replica store-${k} lost while shipping segment ${100 + k}`, T0 + at * 1000);
    feed(both, [x(0, 20), ...Array.from({ length: 20 }, (_, k) => beat(21 + k))]);
    expect(both.isLearnt).toBe(true);
    const mixed = feed(both, [x(1, 41), x(2, 42), x(3, 43), x(4, 44), ev('cache warmed in 3 ms', T0 + 45_000)]);
    expect(mixed.map((m) => [m.key, m.evidence.burst])).toEqual([
      ['T21', 5],
      ['T22', undefined],
    ]);
    expect(both.toJSON()).toMatchObject({ inWindow: 1, inWindowBurst: 1 });
    expect(() => both.restore({ ...both.toJSON(), inWindowBurst: 7 })).toThrow(/new_template\.state\.inWindowBurst/);
    expect(() => StatRule.newTemplate({ learningBurst: -1 })).toThrow(/newTemplate\.learningBurst/);
    expect(() => StatRule.newTemplate({ learningBurst: 1 })).toThrow(/newTemplate\.learningBurst: expected 0 \(off\) or an integer >= 2/);
    expect(() => StatRule.newTemplate({ learningBurstWindow: 'soon' })).toThrow(/newTemplate\.learningBurstWindow/);
  });

  it('a state with watched bursts restored into a detector with learningBurst 0 watches none (off stays off)', () => {
    const word = (n: number) => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + ((Math.floor(n / 26 ** k) + k) % 26))).join('');
    const noise = (i: number) => ev(`${word(i)} ${word(i + 5000)} ${word(i + 9000)}`, T0 + i * 1000);
    const on = StatRule.newTemplate({ warmupRecords: 20, learningBurst: 5 });
    const warm = Array.from({ length: 30 }, (_, i) => noise(i));
    feed(on, warm);
    const replica = (k: number) => ev(`replica store-${k} lost while shipping segment ${100 + k}`, T0 + 30_000 + k * 1000);
    feed(on, [replica(0), replica(1)]);
    const state = JSON.parse(JSON.stringify(on.toJSON()));
    expect(state.bursts.length).toBeGreaterThan(0);
    const off = StatRule.newTemplate({ warmupRecords: 20, learningBurst: 0 });
    off.restore(state);
    expect((off.toJSON() as { bursts: unknown[] }).bursts).toEqual([]);
    expect(feed(off, [replica(2), replica(3), replica(4), replica(5)])).toEqual([]);
  });

  it('rejects invalid options', () => {
    expect(() => StatRule.newTemplate({ learnedRate: 2 })).toThrow(/newTemplate\.learnedRate/);
    expect(() => StatRule.newTemplate({ learnedRateRecords: 0 })).toThrow(/newTemplate\.learnedRateRecords/);
    expect(() => StatRule.newTemplate({ level: 'LOUD' as never })).toThrow(/newTemplate\.level/);
    expect(() => StatRule.newTemplate({ warmupRecords: -1 })).toThrow(/newTemplate\.warmupRecords/);
    expect(() => StatRule.newTemplate({ floodWindow: 'soon' })).toThrow(/newTemplate\.floodWindow/);
    expect(() => StatRule.newTemplate({ maxSignals: 0 })).toThrow(/newTemplate\.maxSignals/);
  });
});
