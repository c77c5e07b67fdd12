import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { Rule } from '../../src/rules/rule.js';
import { StatRule } from '../../src/stats/stat-rule.js';
import { TemplateMiner } from '../../src/templates/template-miner.js';
import { LogWatcher } from '../../src/watcher/log-watcher.js';
import { mulberry32 } from '../helpers/prng.js';

const T0 = Date.UTC(2026, 0, 1);
const HOSTILE: unknown[] = [NaN, -1, 1e300, -1e300, 0.5, 'x', '', null, true, {}, [], [1, 2], Infinity, 2 ** 53, -0];

function make(): LogWatcher {
  return new LogWatcher({
    rules: [Rule.level('ERROR'), Rule.contains('timeout'), Rule.spike({ threshold: 5, window: 10, groupBy: 'ip' })],
    detectors: [StatRule.volume({ bucket: '10s' }), StatRule.errorRateZScore({ bucket: '10s' }), StatRule.entropySpike()],
    cooldown: '20s',
    onSignal: () => {},
  });
}
function events(n: number, start: number): LogEvent[] {
  const m = new TemplateMiner();
  return Array.from({ length: n }, (_, i) => {
    const message = i % 7 === 0 ? `ERROR timeout talking to db-${i % 3}` : `INFO request ${i} ok`;
    const t = m.add(message);
    return {
      time: start + i * 300,
      severityNumber: i % 7 === 0 ? 17 : 9,
      severityText: '',
      message,
      attributes: { ip: `10.0.0.${i % 4}` },
      eventName: '',
      template: { id: t.id, template: t.template, isNew: t.isNew, changed: t.changed, count: t.count },
    };
  });
}
/** Paths to every leaf of a JSON value. */
function leaves(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    if (entries.length === 0) out.push(path);
    for (const [k, x] of entries) leaves(x, [...path, k], out);
  } else out.push(path);
  return out;
}

describe('LogWatcher.restore on hostile states (seeded)', () => {
  it('every mutated state is either refused with a ConfigError and no change, or accepted and safe to run', () => {
    const source = make();
    for (const e of events(400, T0)) source.processEvent(e);
    const good = JSON.parse(JSON.stringify(source.toJSON()));
    const paths = leaves(good);
    const rand = mulberry32(16);
    let refused = 0;
    for (let round = 0; round < 400; round++) {
      const state = structuredClone(good);
      const path = paths[Math.floor(rand() * paths.length)];
      let node = state;
      for (const k of path.slice(0, -1)) node = node[k];
      if (path.length > 0) node[path[path.length - 1]] = HOSTILE[Math.floor(rand() * HOSTILE.length)];
      const w = make();
      for (const e of events(50, T0)) w.processEvent(e);
      const before = JSON.stringify(w.toJSON());
      try {
        w.restore(state);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        expect(JSON.stringify(w.toJSON())).toBe(before);
        refused++;
        continue;
      }
      for (const e of events(200, T0 + 200_000)) w.processEvent(e);
      w.tick(T0 + 400_000);
      expect(w.errors).toBe(0);
    }
    expect(refused).toBeGreaterThan(100);
  });
});
