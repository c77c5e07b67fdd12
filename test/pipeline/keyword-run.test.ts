import { describe, expect, it } from 'vitest';
import type { Detector } from '../../src/core/detector.js';
import { eventFromString } from '../../src/input/event-from-input.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { keywordRuns } from '../../src/rules/keyword-scan.js';
import { Rule } from '../../src/rules/rule.js';

const T0 = Date.UTC(2026, 0, 1);
const messages = ['all good', 'ERROR db down', 'critical: disk full', 'error and CRITICAL', 'TERRORIST', 'Fatal: x', 'warn only', 'no hit here'];

/** Every signal of the messages through a pipeline of `make()` (each message once, one second apart). */
function signals(make: () => (Detector | string)[], templates: boolean): string[] {
  const p = new Pipeline({ rules: make(), templates, cooldown: 0 });
  const out: string[] = [];
  messages.forEach((m, i) => {
    for (const s of p.process(eventFromString(m, T0 + i * 1000, 8192)).raised) out.push(`${i} ${s.detector} ${s.key} ${s.repeat === true}`);
  });
  return out;
}

describe('Pipeline: consecutive keyword rules scanned once', () => {
  it('groups consecutive message keyword rules with the same case rule and scan bound, and only those', () => {
    const runs = keywordRuns([
      Rule.contains('ERROR'),
      Rule.contains('CRITICAL'),
      Rule.level('ERROR'),
      Rule.contains('a'),
      Rule.contains('b', { ignoreCase: false }),
      Rule.contains('c', { ignoreCase: false }),
      Rule.contains('d', { wholeWord: true }),
      Rule.contains('e', { field: 'x' }),
      Rule.contains('f'),
    ]);
    expect(runs.map((r) => r?.length)).toEqual([2, undefined, undefined, undefined, 2, undefined, undefined, undefined, undefined]);
  });

  it('raises the same signals, in the same order, as the rules run one by one', () => {
    const rules = () => ['ERROR', 'CRITICAL', Rule.contains(['fatal', 'warn']), Rule.level('ERROR'), Rule.contains('ERROR', { wholeWord: true, id: 'whole' })];
    // a level rule between each keyword rule: no run, every rule scans by itself
    const apart = () => [
      'ERROR',
      Rule.level('TRACE', { id: 'l1', group: false }),
      'CRITICAL',
      Rule.level('TRACE', { id: 'l2', group: false }),
      Rule.contains(['fatal', 'warn']),
      Rule.level('ERROR'),
      Rule.contains('ERROR', { wholeWord: true, id: 'whole' }),
    ];
    for (const templates of [false, true]) {
      const together = signals(rules, templates);
      const separate = signals(apart, templates).filter((s) => !/ l[12] /.test(s));
      expect(together).toEqual(separate);
      expect(together.length).toBeGreaterThan(4);
    }
  });

  it('rebuilds its runs when a keyword rule is added later', () => {
    const p = new Pipeline({ rules: ['ERROR'], cooldown: 0 });
    p.add('CRITICAL');
    const keys = p.process(eventFromString('CRITICAL failure', T0, 8192)).raised.map((s) => s.key);
    expect(keys).toEqual(['CRITICAL']);
  });
});
