import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';

/**
 * Records dated far outside any real clock (year 8300, beyond what `Date` takes, ±1e300, ±Infinity,
 * NaN), a few in a row so each detector's clock could take them as a confirmed jump: the pipeline's
 * `toJSON()` must still be a state its `restore()` takes (every detector, the cooldown), whatever
 * the record times were.
 */
const T0 = Date.UTC(2026, 0, 1);
const CONFIG = {
  preset: 'web' as const,
  detectors: [{ spike: { threshold: 3, window: 10 } }, { spike: { threshold: 3, window: 10, groupBy: 'client.address' } }, { contains: 'ERROR' }, { entropySpike: { field: 'q' } }],
};

function record(time: number, i: number): LogEvent {
  return {
    time,
    severityNumber: i % 5 === 0 ? 17 : 9,
    severityText: '',
    message: i % 3 === 0 ? `Failed password for root from 10.0.0.${i % 4} port 22 ssh2` : `ERROR job ${i} failed`,
    attributes: { 'url.path': i % 7 === 0 ? "/x' OR 1=1--" : '/a', 'client.address': `10.0.0.${i % 4}`, q: `abc${i}` },
    eventName: '',
  };
}

describe('Pipeline state after records dated beyond any real clock', () => {
  for (const far of [2e14, 1e16, 1e300, -1e300, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
    it(`restores its own toJSON() (${far})`, () => {
      const p = Pipeline.fromConfig(CONFIG, { clock: () => T0 });
      for (let i = 0; i < 300; i++) p.process(record(T0 + i * 100, i));
      for (let i = 0; i < 4; i++) p.process(record(far + i, i));
      p.tick(T0 + 30_000);
      for (let i = 0; i < 50; i++) p.process(record(T0 + 30_000 + i * 100, i));
      const state = JSON.parse(JSON.stringify(p.toJSON()));
      const again = Pipeline.fromConfig(CONFIG, { clock: () => T0 });
      again.restore(state);
      expect(JSON.parse(JSON.stringify(again.toJSON()))).toEqual(state);
    });
  }
});
