import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { StatRule, UNADMITTED_ID } from '../../src/index.js';
import { UNADMITTED_TEXT } from '../../src/templates/template-rate.js';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

const ev = (message: string, time: number): LogEvent => ({ time, severityNumber: 9, severityText: '', message, attributes: {}, eventName: '' });

/** 50 minutes of two steady templates filling a miner of 2 templates and 3 messages a minute never seen twice, 300 a minute from minute 40. */
function stream(): LogEvent[] {
  const out: LogEvent[] = [];
  let unique = 0;
  for (let m = 0; m < 50; m++) {
    for (let i = 0; i < 20; i++) out.push(ev(`job ${i} finished`, T0 + m * MIN + i * 1000));
    for (let i = 0; i < 20; i++) out.push(ev(`user ${i} login`, T0 + m * MIN + i * 1000 + 500));
    const n = m >= 40 ? 300 : 3;
    for (let i = 0; i < n; i++, unique++) out.push(ev(`${unique.toString(36)}q${(unique * 7919).toString(36)} zz${unique % 13}x`, T0 + m * MIN + 30_000 + i));
  }
  return out;
}

describe('templateRate at the miner cap', () => {
  it('reports a flood of messages answered as UNADMITTED_ID as one burst named for what it is, not by the first such message', () => {
    const d = StatRule.templateRate({ bucket: '1m', minerOptions: { maxClusters: 2 } });
    const out: Signal[] = [];
    for (const e of stream()) d.observe(e, out);
    expect(d.miner.unadmitted).toBeGreaterThan(1000);
    const t0 = out.filter((s) => s.evidence.templateId === UNADMITTED_ID);
    expect(t0.map((s) => s.evidence.direction)).toEqual(['burst']);
    expect(t0[0].evidence.template).toBe(UNADMITTED_TEXT);
    expect(t0[0].message.endsWith(`: ${UNADMITTED_TEXT}`)).toBe(true);
  });
});
