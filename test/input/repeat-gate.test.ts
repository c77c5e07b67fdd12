import { describe, expect, it } from 'vitest';
import { RepeatGate } from '../../src/input/repeat-gate.js';

describe('RepeatGate: a cache of repeats shut while values do not repeat', () => {
  it('stays open while a quarter of the look-ups repeat', () => {
    const g = new RepeatGate();
    for (let k = 0; k < 10_000; k++) {
      expect(g.open()).toBe(true);
      g.count(k % 4 === 0);
    }
  });

  it('shuts for 4096 look-ups after a window of 256 with fewer repeats, then opens to measure again', () => {
    const g = new RepeatGate();
    for (let k = 0; k < 256; k++) {
      expect(g.open()).toBe(true);
      g.count(k % 8 === 0);
    }
    let shut = 0;
    while (!g.open()) shut++;
    expect(shut).toBe(4096);
    // open again: a repeating stream keeps it open
    for (let k = 0; k < 1000; k++) {
      g.count(true);
      expect(g.open()).toBe(true);
    }
  });
});
