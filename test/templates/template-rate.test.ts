import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { ConfigError } from '../../src/core/config-error.js';
import { TemplateMiner } from '../../src/templates/index.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { StatRule, type TemplateRateDetector } from '../../src/index.js';
import { mulberry32 } from '../helpers/prng.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

function ev(message: string, time: number, severityNumber = 9): LogEvent {
  return { time, severityNumber, severityText: '', message, attributes: {}, eventName: '' };
}

/** `perMinute(minute)` records of `message` spread over each minute of [from, to). */
function minutes(message: string, from: number, to: number, perMinute: (m: number) => number, severity = 9): LogEvent[] {
  const out: LogEvent[] = [];
  for (let m = from; m < to; m++) {
    const n = perMinute(m);
    for (let i = 0; i < n; i++) out.push(ev(message.replace('#', String(i)), T0 + m * MIN + Math.floor((i * MIN) / (n + 1)), severity));
  }
  return out;
}

function run(d: { observe(e: LogEvent, out: Signal[]): void }, events: LogEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of events.sort((a, b) => a.time - b.time)) d.observe(e, out);
  return out;
}

describe('templateRate', () => {
  it('signals a burst of a rare template once per bucket, as the count crosses', () => {
    const rnd = mulberry32(1);
    const d = StatRule.templateRate({ bucket: '1m', z: 3 });
    const steady = minutes('user # logged in', 0, 30, () => 20 + Math.floor(rnd() * 5));
    const rare = minutes('cache eviction # done', 0, 30, (m) => (m % 3 === 0 ? 1 : 0));
    expect(run(d, [...steady, ...rare])).toEqual([]);
    // two minutes of it (persistence: 2 of 3 buckets): signalled once, in the second
    const burst = [...minutes('cache eviction # done', 30, 32, () => 40, 13), ...minutes('user # logged in', 30, 40, () => 20 + Math.floor(rnd() * 5))];
    const out = run(d, burst);
    expect(out).toHaveLength(1);
    expect(out[0].time).toBeGreaterThanOrEqual(T0 + 31 * MIN);
    expect(out[0]).toMatchObject({ name: 'template_rate_anomaly', kind: 'template', severity: 'medium', key: 'T2' });
    expect(out[0].evidence).toMatchObject({ direction: 'burst', template: 'cache eviction <*> done', templateId: 'T2', bucket: '1m' });
    expect(out[0].evidence.count).toBeGreaterThanOrEqual(5);
    expect(out[0].evidence.z as number).toBeGreaterThanOrEqual(3);
  });

  it('signals a steady template that stops, once; tick closes empty buckets', () => {
    const d = StatRule.templateRate({ bucket: '1m' });
    const rnd = mulberry32(2);
    const base = [...minutes('heartbeat # ok', 0, 30, () => 10 + Math.floor(rnd() * 3)), ...minutes('other thing # happened', 0, 40, () => 5)];
    const out = run(d, base);
    const stops = out.filter((s) => s.evidence.direction === 'stop');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ key: 'T1', severity: 'medium', time: T0 + 31 * MIN });
    expect(stops[0].evidence.count).toBe(0);
    expect(stops[0].evidence.z as number).toBeLessThanOrEqual(-3);
    // tick closes buckets with no records at all.
    const d2 = StatRule.templateRate({ bucket: '1m' });
    run(
      d2,
      minutes('heartbeat # ok', 0, 30, () => 10),
    );
    const ticked: Signal[] = [];
    d2.tick(T0 + 32 * MIN, ticked);
    expect(ticked.map((s) => s.evidence.direction)).toEqual(['stop']);
  });

  it('needs history and a minimum count, and keeps quiet on noise', () => {
    const rnd = mulberry32(3);
    const d = StatRule.templateRate({ bucket: '1m' });
    const noisy = minutes('poll # done', 0, 120, () => Math.floor(rnd() * 8));
    const out = run(d, noisy);
    expect(out.filter((s) => s.evidence.direction === 'burst')).toEqual([]);
    // A new template bursting at once has no history: left to newTemplate.
    const d2 = StatRule.templateRate({ bucket: '1m' });
    expect(
      run(
        d2,
        minutes('sudden # thing', 0, 1, () => 100),
      ),
    ).toEqual([]);
  });

  it('bounds the templates it tracks', () => {
    const d = StatRule.templateRate({ maxTemplates: 10 });
    const words = Array.from({ length: 50 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    run(
      d,
      words.map((w, i) => ev(`${w.replace(/\d/g, '')} component started now`, T0 + i)),
    );
    expect(d.toJSON().templates.length).toBeLessThanOrEqual(10);
  });

  it('survives a restart', () => {
    const d = StatRule.templateRate({ bucket: '1m' });
    run(
      d,
      minutes('job # finished', 0, 20, () => 10),
    );
    const state = JSON.parse(JSON.stringify(d.toJSON()));
    const again = StatRule.templateRate({ bucket: '1m' });
    again.restore(state);
    const out = run(
      again,
      minutes('job # finished', 20, 22, () => 60),
    );
    expect(out).toHaveLength(1);
    expect(out[0].key).toBe('T1');
    expect(() => again.restore(null)).toThrow(/template_rate_anomaly\.state/);
  });

  it('shares one miner with newTemplate: each record learned once', () => {
    const miner = new TemplateMiner();
    const rate = StatRule.templateRate({ miner });
    const fresh = StatRule.newTemplate({ miner, warmupRecords: 0 });
    const out: Signal[] = [];
    const pipeline = new Pipeline({ detectors: [rate, fresh], cooldown: 0 });
    for (const e of minutes('shared # line', 0, 3, () => 4)) out.push(...pipeline.process(e).raised);
    expect(miner.templates()[0].count).toBe(12);
    expect(out.filter((s) => s.name === 'new_template')).toHaveLength(1);
  });

  it('no burst at the minimum count: a burst needs minCount more records than the baseline and minRatio times it', () => {
    const rare = () => {
      const d = StatRule.templateRate({ bucket: '1m', persistence: 1 });
      run(d, [...minutes('user # logged in', 0, 30, () => 20), ...minutes('cache eviction # done', 0, 30, (m) => (m % 5 === 0 ? 1 : 0))]);
      return d;
    };
    expect(
      run(
        rare(),
        minutes('cache eviction # done', 30, 31, () => 10),
      ),
    ).toEqual([]);
    expect(
      run(
        rare(),
        minutes('cache eviction # done', 30, 31, () => 12),
      ),
    ).toMatchObject([{ key: 'T2', evidence: { direction: 'burst', count: 11 } }]);
    // a busy template: +50% is many deviations of a steady count, but not a burst
    const busy = () => {
      const d = StatRule.templateRate({ bucket: '1m', persistence: 1 });
      run(
        d,
        minutes('order # shipped', 0, 30, (m) => 40 + (m % 2)),
      );
      return d;
    };
    expect(
      run(
        busy(),
        minutes('order # shipped', 30, 31, () => 60),
      ),
    ).toEqual([]);
    expect(
      run(
        busy(),
        minutes('order # shipped', 30, 31, () => 130),
      ),
    ).toMatchObject([{ evidence: { direction: 'burst', count: 122 } }]);
  });

  it('one bucket of a burst is not enough (persistence 2 of 3 buckets); two of three are, gap or not', () => {
    const base = () => {
      const d = StatRule.templateRate({ bucket: '1m' });
      run(d, [...minutes('user # logged in', 0, 30, () => 20), ...minutes('proxy # open', 0, 30, () => 2)]);
      return d;
    };
    const users = minutes('user # logged in', 30, 40, () => 20);
    // one minute of 53 (a page load opening many connections), then back to 2 a minute
    expect(run(base(), [...users, ...minutes('proxy # open', 30, 31, () => 53), ...minutes('proxy # open', 31, 35, () => 2)])).toEqual([]);
    // up in minutes 30 and 32 (2 of 3): fires in minute 32
    const out = run(base(), [...users, ...minutes('proxy # open', 30, 31, () => 53), ...minutes('proxy # open', 31, 32, () => 2), ...minutes('proxy # open', 32, 33, () => 53)]);
    expect(out.map((s) => [s.evidence.direction, Math.floor((s.time - T0) / MIN)])).toEqual([['burst', 32]]);
    // up in minutes 30 and 33: too far apart
    expect(run(base(), [...users, ...minutes('proxy # open', 30, 31, () => 53), ...minutes('proxy # open', 31, 33, () => 2), ...minutes('proxy # open', 33, 34, () => 53)])).toEqual([]);
    // persistence 1 restores the one-bucket burst; bad values name the option
    const one = StatRule.templateRate({ bucket: '1m', persistence: 1 });
    run(one, [...minutes('user # logged in', 0, 40, () => 20), ...minutes('proxy # open', 0, 30, () => 2)]);
    expect(
      run(
        one,
        minutes('proxy # open', 30, 31, () => 53),
      ),
    ).toHaveLength(1);
    expect(() => StatRule.templateRate({ persistence: 4 })).toThrow(/templateRate\.persistence/);
    expect(() => StatRule.templateRate({ persistenceOf: 0 })).toThrow(/templateRate\.persistenceOf/);
  });

  it('restore checks everything first and changes nothing on a bad state', () => {
    const d = StatRule.templateRate({ bucket: '1m' });
    run(
      d,
      minutes('job # finished', 0, 5, () => 10),
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
          s.bucket = 1e300;
        }),
        /template_rate_anomaly\.state\.bucket/,
      ],
      [
        bad((s) => {
          s.templates[0][1].mean = -1;
        }),
        /template_rate_anomaly\.state\.templates\[0\]\[1\]\.mean/,
      ],
      [
        bad((s) => {
          s.templates[0][1].variance = null;
        }),
        /templates\[0\]\[1\]\.variance/,
      ],
      [
        bad((s) => {
          s.templates[0][1].bucket = s.bucket + 5;
        }),
        /templates\[0\]\[1\]\.bucket/,
      ],
      [
        bad((s) => {
          s.templates.push(s.templates[0]);
        }),
        /templates\[1\]\[0\]/,
      ],
      [
        bad((s) => {
          s.miner.nextId = 1e300;
        }),
        /template_rate_anomaly\.state\.miner\.nextId/,
      ],
      [
        bad((s) => {
          s.version = 1;
        }),
        /template_rate_anomaly\.state\.version/,
      ],
    ];
    for (const [state, path] of cases) {
      expect(() => d.restore(state)).toThrow(ConfigError);
      expect(() => d.restore(state)).toThrow(path);
      expect(JSON.stringify(d.toJSON())).toBe(before);
    }
  });

  it('rejects invalid options', () => {
    expect(() => StatRule.templateRate({ minRatio: 0.5 })).toThrow(/templateRate\.minRatio/);
    expect(() => StatRule.templateRate({ z: 0 })).toThrow(/templateRate\.z/);
    expect(() => StatRule.templateRate({ bucket: '0s' })).toThrow(/templateRate\.bucket/);
    expect(() => StatRule.templateRate({ maxTemplates: 0 })).toThrow(/templateRate\.maxTemplates/);
    expect(() => StatRule.templateRate({ nope: true } as never)).toThrow(/templateRate\.nope/);
  });
});

describe('templateRate: the bucket of a record near a bucket end', () => {
  // a record is placed by floor(time / bucket), computed only for records within 1 ms of the current
  // bucket's end or past it: every time just before and at an end lands where the division says
  for (const bucket of ['1m', '7s', '1s'] as const) {
    it(`places times just before and at a bucket end as floor(time / bucket) does (${bucket})`, () => {
      const d = StatRule.templateRate({ bucket });
      const ms = d.bucketMs;
      const out: Signal[] = [];
      let expected = -Infinity;
      const base = Math.floor((T0 + 0.37) / ms);
      for (let k = 1; k <= 40; k++) {
        const end = (base + k) * ms;
        for (const t of [end - 1.5, end - 1, end - 0.5, end - 1e-6, end - 2 ** -20, prevDouble(end), end, end + 1e-7]) {
          d.observe(ev('job # finished', t), out);
          expected = Math.max(expected, Math.floor(t / ms));
          expect(d.toJSON().bucket, `time ${t}`).toBe(expected);
        }
      }
    });
  }
  it('places far-future times (beyond 2^53 ms, where doubles are ms apart) just before a bucket end as floor(time / bucket) does', () => {
    // 176013764761029980 divides to the bucket after 176013764761029400's although it is short of that bucket's end by more than 1 ms
    for (const base of [176013764761029400, 2 ** 54, 2 ** 57 + 12_345 * 2 ** 10, 1e18]) {
      const d = StatRule.templateRate({ bucket: '10s' });
      const ms = d.bucketMs;
      const out: Signal[] = [];
      let expected = -Infinity;
      const first = Math.floor(base / ms);
      for (let k = 0; k <= 200; k++) {
        const end = (first + k) * ms;
        for (const t of k === 0 ? [base] : [prevDouble(prevDouble(prevDouble(end))), prevDouble(prevDouble(end)), prevDouble(end), end]) {
          d.observe(ev('job # finished', t), out);
          expected = Math.max(expected, Math.floor(t / ms));
          expect(d.toJSON().bucket, `time ${t}`).toBe(expected);
        }
      }
    }
  });
  it('a time without a bucket index (NaN, ±Infinity, beyond 2^53 buckets) moves no clock: the state restores and later records still close buckets', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300, -1e300]) {
      for (const first of [true, false]) {
        const d = StatRule.templateRate({ bucket: '1m' });
        const out: Signal[] = [];
        if (first) d.observe(ev('boot ok', bad), out);
        d.observe(ev('job 1 finished', T0), out);
        if (!first) d.observe(ev('boot ok', bad), out);
        d.tick(bad, out);
        expect(d.toJSON().bucket, `${bad} ${first}`).toBe(Math.floor(T0 / MIN));
        d.observe(ev('job 2 finished', T0 + 5 * MIN), out);
        expect(d.toJSON().bucket, `${bad} ${first}`).toBe(Math.floor(T0 / MIN) + 5);
        const again = StatRule.templateRate({ bucket: '1m' });
        again.restore(JSON.parse(JSON.stringify(d.toJSON())));
        expect(again.toJSON()).toEqual(d.toJSON());
      }
    }
  });
});

describe('templateRate: clock skew (maxSkew, as the bucketed detectors)', () => {
  /** 60 minutes of two steady templates, one bursting in minutes 50-53; `glitch` records at minute 30. */
  function stream(glitch: number[]): LogEvent[] {
    const out: LogEvent[] = [];
    for (let m = 0; m < 60; m++) {
      if (m === 30) for (const t of glitch) out.push(ev('clock glitch', t));
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
  const summary = (out: Signal[]) => out.map((s) => `${s.key} ${s.evidence.direction} ${s.time}`);

  it('one record dated far ahead moves no clock: no false stop, the real burst 20 minutes later is raised, as without it', () => {
    const clean = feed(StatRule.templateRate({ bucket: '1m' }), stream([]));
    expect(clean.filter((s) => s.evidence.direction === 'burst')).toHaveLength(1);
    expect(clean.filter((s) => s.evidence.direction === 'stop')).toHaveLength(0);
    for (const far of [Date.UTC(2100, 0, 1), T0 + 61 * MIN + 30 * MIN + 1, 2 ** 52]) {
      const d = StatRule.templateRate({ bucket: '1m' });
      const out = feed(d, stream([far]));
      expect(summary(out), `${far}`).toEqual(summary(clean));
      expect(d.toJSON().bucket).toBe(Math.floor(T0 / MIN) + 59);
      // counted and reported: in the state and in the evidence of the signals after it
      expect(d.skewed).toBe(1);
      expect(out.map((s) => s.evidence.skewedRecords)).toEqual(clean.map(() => 1));
      expect(clean.every((s) => s.evidence.skewedRecords === undefined)).toBe(true);
      const again = StatRule.templateRate({ bucket: '1m' });
      again.restore(JSON.parse(JSON.stringify(d.toJSON())));
      expect(again.toJSON()).toEqual(d.toJSON());
    }
  });

  it('a jump confirmed by the next record moves the clock; a record between breaks the confirmation; maxSkew sets the bound', () => {
    const far = T0 + 3 * 3_600_000;
    const b0 = Math.floor(T0 / MIN);
    const d = StatRule.templateRate({ bucket: '1m' });
    feed(d, [ev('job 1 finished', T0), ev('job 2 finished', far), ev('job 3 finished', T0 + 1000), ev('job 4 finished', far + 1000)]);
    expect(d.toJSON().bucket).toBe(b0);
    feed(d, [ev('job 5 finished', far + 2000)]);
    expect(d.toJSON().bucket).toBe(Math.floor(far / MIN));
    expect(d.skewed).toBe(2);
    const again = StatRule.templateRate({ bucket: '1m' });
    again.restore(JSON.parse(JSON.stringify(d.toJSON())));
    expect(again.skewed).toBe(2);
    expect(() => again.restore({ ...d.toJSON(), skewed: -1 })).toThrow(/template_rate_anomaly\.state\.skewed/);
    // the first far record stayed counted in the bucket it arrived in; within maxSkew a record is followed at once
    const wide = StatRule.templateRate({ bucket: '1m', maxSkew: '4h' });
    feed(wide, [ev('job 1 finished', T0), ev('job 2 finished', far)]);
    expect(wide.toJSON().bucket).toBe(Math.floor(far / MIN));
    const tight = StatRule.templateRate({ bucket: '1m', maxSkew: 0 });
    feed(tight, [ev('job 1 finished', T0), ev('job 2 finished', (b0 + 1) * MIN), ev('job 3 finished', (b0 + 2) * MIN + 1)]);
    expect(tight.toJSON().bucket).toBe(b0 + 1);
    expect(() => StatRule.templateRate({ maxSkew: 'soon' as never })).toThrow(/templateRate\.maxSkew/);
  });

  it('replaying the same records gives the same signals and state', () => {
    const events = stream([Date.UTC(2100, 0, 1), Number.NaN, T0 + 5 * 3_600_000, T0 + 5 * 3_600_000 + 1]);
    const a = StatRule.templateRate({ bucket: '1m' });
    const b = StatRule.templateRate({ bucket: '1m' });
    expect(feed(a, events)).toEqual(feed(b, events));
    expect(a.toJSON()).toEqual(b.toJSON());
  });

  it('a template first seen at a time without a bucket index (NaN) is counted in the first bucket, not at 1970', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
      const d = StatRule.templateRate({ bucket: '1m' });
      const out: Signal[] = [];
      d.observe(ev('boot ok', bad), out);
      d.observe(ev('job 1 finished', T0), out);
      const boot = d.toJSON().templates.find(([, s]) => s.template === 'boot ok')?.[1];
      expect(boot).toMatchObject({ bucket: Math.floor(T0 / MIN), count: 1, buckets: 0 });
      // the next bucket folds one bucket of one record: a baseline of 1, not ~0 after 1000 empty ones
      d.observe(ev('boot ok', T0 + MIN), out);
      expect(d.toJSON().templates.find(([, s]) => s.template === 'boot ok')?.[1]).toMatchObject({ buckets: 1, mean: 1, count: 1 });
      // and through a restore of the state taken before any bucket
      const pre = StatRule.templateRate({ bucket: '1m' });
      pre.observe(ev('boot ok', bad), out);
      const again = StatRule.templateRate({ bucket: '1m' });
      again.restore(JSON.parse(JSON.stringify(pre.toJSON())));
      again.observe(ev('job 1 finished', T0), out);
      again.observe(ev('boot ok', T0 + MIN), out);
      expect(again.toJSON().templates.find(([, s]) => s.template === 'boot ok')?.[1]).toMatchObject({ buckets: 1, mean: 1, count: 1 });
      expect(out).toEqual([]);
    }
  });
});

/** The largest double below `x` (x > 0). */
function prevDouble(x: number): number {
  const f = new Float64Array([x]);
  const u = new BigUint64Array(f.buffer);
  u[0] -= 1n;
  return f[0];
}
