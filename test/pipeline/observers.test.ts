import { describe, expect, it } from 'vitest';
import type { Detector } from '../../src/core/detector.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { eventFromString } from '../../src/input/event-from-input.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';

/** A detector of its own class whose `observe` reads `this` (a counter and an id), as every built-in one does. */
class Counting implements Detector {
  readonly kind = 'rule' as const;
  seen = 0;
  constructor(public id: string) {}
  observe(event: LogEvent, out: Signal[]): void {
    this.seen++;
    if (event.message.includes(this.id)) out.push({ detector: this.id, name: this.id, kind: 'rule', severity: 'low', message: `${this.id} #${this.seen}`, time: event.time, evidence: {} });
  }
}

/**
 * The pipeline keeps each detector's `observe` in an array (read when the detector is added) and
 * calls it on its detector: every detector, of whatever class, given at construction or added later,
 * is called with itself as `this`, in order.
 */
describe('Pipeline: calling the detectors', () => {
  it('calls each observe on its own detector, for detectors given at construction and added later', () => {
    const a = new Counting('alpha');
    const b = new Counting('beta');
    const plain: Detector = {
      id: 'plain',
      kind: 'rule',
      observe(event, out) {
        if (this.id === 'plain' && event.message.includes('plain')) out.push({ detector: 'plain', name: 'plain', kind: 'rule', severity: 'low', message: 'plain', time: event.time, evidence: {} });
      },
    };
    const p = new Pipeline({ rules: [a, plain], cooldown: 0 });
    const names = (msg: string, t: number) => p.process(eventFromString(msg, t, 8192)).raised.map((s) => s.message);
    expect(names('alpha plain', 1)).toEqual(['alpha #1', 'plain']);
    const c = new Counting('gamma');
    p.add(b);
    p.add(c);
    expect(names('alpha beta gamma', 2)).toEqual(['alpha #2', 'beta #1', 'gamma #1']);
    expect([a.seen, b.seen, c.seen]).toEqual([2, 1, 1]);
  });

  // with more than four kinds of detector the pipeline calls through its array of observe functions: the same calls
  it.each([3, 6])('%i classes of detector: each called on itself, in order, also when added later', (kinds) => {
    const classes = Array.from({ length: kinds }, (_, k) => ({ [`C${k}`]: class extends Counting {} })[`C${k}`]);
    const dets = classes.map((C, k) => new C(`k${k}`));
    const p = new Pipeline({ detectors: dets.slice(0, 2), cooldown: 0 });
    for (const d of dets.slice(2)) p.add(d);
    const msg = dets.map((d) => d.id).join(' ');
    expect(p.process(eventFromString(msg, 1, 8192)).raised.map((s) => s.message)).toEqual(dets.map((d) => `${d.id} #1`));
    expect(p.process(eventFromString('k0', 2, 8192)).raised.map((s) => s.message)).toEqual(['k0 #2']);
    expect(dets.map((d) => d.seen)).toEqual(dets.map(() => 2));
  });
});
