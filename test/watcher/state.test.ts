import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { Rule } from '../../src/rules/rule.js';
import { StatRule } from '../../src/stats/stat-rule.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';

const T0 = Date.UTC(2026, 0, 1);
const ev = (time: number, message: string, severityNumber = 9, attributes: Record<string, unknown> = {}): LogEvent => ({ time, severityNumber, severityText: '', message, attributes, eventName: '' });

/** Three episodes of a client hammering, each 30 s long, with ERROR records and keyword hits. */
function stream(): LogEvent[] {
  const out: LogEvent[] = [];
  for (let e = 0; e < 3; e++) {
    for (let i = 0; i < 60; i++) out.push(ev(T0 + e * 300_000 + i * 500, 'ERROR login failed', 17, { ip: '10.0.0.9' }));
    for (let i = 0; i < 20; i++) out.push(ev(T0 + e * 300_000 + 40_000 + i * 5_000, 'ok', 9, { ip: '10.0.0.1' }));
  }
  return out;
}
const detectors = () => [Rule.spike({ threshold: 10, window: 10, groupBy: 'ip', id: 'burst' }), Rule.contains('ERROR'), StatRule.volume({ bucket: '10s' })];

function run(w: LogWatcher, evs: LogEvent[]): Signal[] {
  const got: Signal[] = [];
  for (const e of evs) got.push(...w.processEvent(e));
  return got;
}

describe('LogWatcher state: spike, cooldown and restore', () => {
  it('a restart mid-episode does not double signals (the same count as one run)', () => {
    const evs = stream();
    const whole = run(new LogWatcher({ detectors: detectors(), cooldown: '20s', onSignal: () => {} }), evs);
    expect(whole.length).toBe(12);
    for (const cut of [15, 45, 70, 130, 200]) {
      const a = new LogWatcher({ detectors: detectors(), cooldown: '20s', onSignal: () => {} });
      const first = run(a, evs.slice(0, cut));
      const b = new LogWatcher({ detectors: detectors(), cooldown: '20s', onSignal: () => {} });
      b.restore(JSON.parse(JSON.stringify(a.toJSON())));
      const second = run(b, evs.slice(cut));
      expect(first.length + second.length).toBe(whole.length);
    }
  });
  it('restore is atomic: a bad value anywhere throws a ConfigError naming it and changes nothing', () => {
    const w = new LogWatcher({ detectors: detectors(), cooldown: '20s', onSignal: () => {} });
    run(w, stream().slice(0, 100));
    const good = JSON.parse(JSON.stringify(w.toJSON()));
    const other = new LogWatcher({ detectors: detectors(), cooldown: '20s', onSignal: () => {} });
    run(other, stream().slice(0, 30));
    const before = JSON.stringify(other.toJSON());
    const attempt = (f: (s: any) => void) => {
      const s = structuredClone(good);
      f(s);
      try {
        other.restore(s);
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect(JSON.stringify(other.toJSON())).toBe(before); // nothing changed, not even the detectors before the bad one
        return (e as ConfigError).message;
      }
      return 'accepted';
    };
    // the volume detector is the last one: the spike rule was restored first and must be put back
    expect(attempt((s) => (s.detectors.volume_zscore_anomaly.keys[0][1].clock.start = 1e300))).toMatch(/^LogWatcher\.restore\.detectors\.volume_zscore_anomaly: .*clock\.start/);
    expect(attempt((s) => (s.detectors.volume_zscore_anomaly.keys[0][1].count = -3))).toMatch(/count/);
    expect(attempt((s) => (s.detectors.volume_zscore_anomaly.keys[0][1].stats.mean = null))).toMatch(/stats/);
    expect(attempt((s) => (s.detectors.burst.keys[0][1].latest = 1e300))).toMatch(/^LogWatcher\.restore\.detectors\.burst: .*latest/);
    expect(attempt((s) => (s.cooldown.entries[0][1] = NaN))).toMatch(/^LogWatcher\.restore\.cooldown\.entries\[0\]\[1\]/);
    expect(attempt((s) => (s.cooldown.entries[0][2] = -1))).toMatch(/entries\[0\]\[2\]/);
    expect(attempt((s) => (s.cooldown = 'x'))).toMatch(/^LogWatcher\.restore\.cooldown/);
    expect(attempt(() => {})).toBe('accepted');
    // a custom detector whose restore changes part of its state and then throws is put back too
    let n = 5;
    const halfway = {
      id: 'halfway',
      kind: 'stat' as const,
      observe() {},
      toJSON: () => ({ n }),
      restore(s: unknown) {
        n = 99;
        if ((s as { n: number }).n < 0) throw new Error('negative');
        n = (s as { n: number }).n;
      },
    };
    const h = new LogWatcher({ detectors: [halfway], onSignal: () => {} });
    expect(() => h.restore({ version: 1, detectors: { halfway: { n: -1 } } })).toThrow(/LogWatcher\.restore\.detectors\.halfway: .*negative/);
    expect(n).toBe(5);
    expect(JSON.stringify(other.toJSON())).toBe(JSON.stringify(good));
  });
});
