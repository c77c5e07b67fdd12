import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { anomalyAttributes, setAnomalyAttributes } from '../../src/otel/signal-record.js';

const s = (detector: string, kind: Signal['kind'], severity: Signal['severity'], message: string): Signal => ({ detector, name: detector, kind, severity, message, time: 0, evidence: {} });

describe('anomaly attributes', () => {
  const cases: Signal[][] = [
    [s('keyword_match', 'rule', 'medium', 'kw')],
    [s('keyword_match', 'rule', 'medium', 'kw'), s('level_match', 'rule', 'high', 'lvl'), s('keyword_match', 'rule', 'critical', 'kw2'), s('new_template', 'template', 'low', 't')],
  ];
  it('sets on a record, in order, what anomalyAttributes builds', () => {
    for (const triggered of cases) {
      const set: [string, unknown][] = [];
      setAnomalyAttributes({ setAttribute: (k: string, v: unknown) => set.push([k, v]) }, triggered);
      expect(set).toEqual(Object.entries(anomalyAttributes(triggered)));
    }
    expect(anomalyAttributes(cases[1])).toEqual({
      'logsignal.anomaly': true,
      'logsignal.detectors': ['keyword_match', 'level_match', 'new_template'],
      'logsignal.severity': 'critical',
      'logsignal.kinds': ['rule', 'template'],
      'logsignal.message': 'kw2',
    });
    expect(anomalyAttributes(cases[0])).toEqual({
      'logsignal.anomaly': true,
      'logsignal.detectors': ['keyword_match'],
      'logsignal.severity': 'medium',
      'logsignal.kinds': ['rule'],
      'logsignal.message': 'kw',
    });
  });
});
