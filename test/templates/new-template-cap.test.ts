import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { TemplateMiner, UNADMITTED_ID } from '../../src/templates/index.js';
import { StatRule } from '../../src/index.js';

const T0 = Date.UTC(2026, 0, 1);

function ev(message: string, time: number, severityNumber = 9): LogEvent {
  return { time, severityNumber, severityText: '', message, attributes: {}, eventName: '' };
}

/** A learnt detector whose miner holds its cap of 3 templates. */
function atCap() {
  const miner = new TemplateMiner({ maxClusters: 3 });
  const d = StatRule.newTemplate({ warmupRecords: 30, learnedRateRecords: 30, learnedRate: 0.1, maxSignals: 10, miner });
  const kinds = ['user alice logged in from web', 'cache warmed with entries ok', 'queue drained all jobs now'];
  const out: Signal[] = [];
  for (let i = 0; i < 40; i++) d.observe(ev(kinds[i % 3], T0 + i * 1000), out);
  expect(out).toEqual([]);
  expect(d.isLearnt).toBe(true);
  expect(miner.size).toBe(3);
  return { d, miner };
}

describe('newTemplate at the miner cap', () => {
  it('signals one kind of message once, on the sighting that makes its template, with the repeat counted into it', () => {
    const { d, miner } = atCap();
    const out: Signal[] = [];
    d.observe(ev('disk sda1 failed with an I/O error', T0 + 50_000, 17), out);
    expect(out).toEqual([]); // answered as unadmitted: not a template yet
    expect(miner.unadmitted).toBe(1);
    d.observe(ev('disk sda1 failed with an I/O error', T0 + 51_000, 17), out);
    expect(out).toHaveLength(1);
    expect(out[0].key).not.toBe(UNADMITTED_ID);
    expect(out[0]).toMatchObject({ name: 'new_template', severity: 'high', time: T0 + 51_000, evidence: { count: 2 } });
    d.observe(ev('disk sda1 failed with an I/O error', T0 + 52_000, 17), out);
    expect(out).toHaveLength(1);
  });

  it('does not signal a message seen once at the cap (never a template), nor watch it for a burst', () => {
    const { d } = atCap();
    const out: Signal[] = [];
    for (let i = 0; i < 20; i++) d.observe(ev(`unique${i} payload${i * 7} arrived at gate${i}`, T0 + 60_000 + i * 61_000, 17), out);
    d.tick(T0 + 10_000_000, out);
    expect(out.filter((s) => s.key === UNADMITTED_ID)).toEqual([]);
  });
});
