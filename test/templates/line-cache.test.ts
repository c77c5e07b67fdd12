import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { TemplateMiner, type TemplateMinerOptions } from '../../src/templates/index.js';
import { mulberry32 } from '../helpers/prng.js';

/** Lines of a few shapes over a small vocabulary, so exact repeats are frequent and templates keep changing. */
function stream(n: number, seed: number): string[] {
  const rnd = mulberry32(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const users = ['alice', 'bob', 'carol'];
  const verbs = ['Resumed', 'Paused', 'Started'];
  const shapes = [
    () => `User ${pick(users)} logged in from 10.0.0.${Math.floor(rnd() * 3)}`,
    () => `VM ${pick(verbs)} (Lifecycle Event)`,
    () => `${pick(users)} opened session ${Math.floor(rnd() * 4)} on tty${Math.floor(rnd() * 2)}`,
    () => `job ${pick(['cleanup', 'backup', 'rotate', 'index'])} finished in ${Math.floor(rnd() * 3)} ms, rows=${Math.floor(rnd() * 3)}`,
    () => `connection from (${pick(users)}) closed: ${pick(['timeout', 'reset', 'eof'])}`,
    () => `${pick(['GET', 'POST'])} /api/${pick(['a', 'b'])} ${pick(['200', '404'])}`,
  ];
  return Array.from({ length: n }, () => pick(shapes)());
}

/** The same stream through two miners: as is, and with trailing spaces past the cached length (same tokens, never cached). */
function compare(options: TemplateMinerOptions, lines: string[]): { cached: number; uncached: number } {
  const a = new TemplateMiner(options);
  const b = new TemplateMiner(options);
  const pad = ' '.repeat(600);
  for (const line of lines) {
    const x = a.add(line);
    const y = b.add(line + pad);
    expect([x.id, x.template, x.isNew, x.changed, x.count, x.parameters]).toEqual([y.id, y.template, y.isNew, y.changed, y.count, y.parameters]);
  }
  expect(a.toJSON()).toEqual(b.toJSON());
  return { cached: a.cached, uncached: b.cached };
}

describe('TemplateMiner line cache', () => {
  it('a repeated line joins its template without being tokenised, with the result mining it again gives', () => {
    const miner = new TemplateMiner();
    const first = miner.add('disk sda1 is full');
    miner.add('disk sda1 is full'); // mined: joins unchanged, so kept
    const again = miner.add('disk sda1 is full');
    expect(again.id).toBe(first.id);
    expect(again.count).toBe(3);
    expect(miner.cached).toBe(1);
    // the template changed in between (sda1 / sdb2 merge): the cached outcome is void, the line is mined
    miner.add('disk sdb2 is full');
    const third = miner.add('disk sda1 is full');
    expect(third.template).toBe(miner.get(first.id)?.template);
    expect(third.template).toBe('disk <*> is full');
    expect(miner.cached).toBe(1);
  });

  it('a line whose template was forgotten starts a new one', () => {
    const miner = new TemplateMiner({ maxClusters: 1, admitAfter: 1 });
    const a = miner.add('alpha beta gamma');
    miner.add('alpha beta gamma');
    miner.add('one two three four five');
    const again = miner.add('alpha beta gamma');
    expect(again.isNew).toBe(true);
    expect(again.id).not.toBe(a.id);
  });

  it('gives the results of a miner without it, with thresholds crossed, templates created, generalised and forgotten', () => {
    const lines = stream(8000, 5);
    // [options, fewest cache hits expected]: with a cap below the templates in use, templates keep being forgotten
    const cases: [TemplateMinerOptions, number][] = [
      [{}, 6000],
      [{ stableAfter: 3, maxClusters: 12 }, 4000],
      [{ stableAfter: 0, splitOnWord: false, depth: 4 }, 4000],
      [{ similarity: 0.4, maxClusters: 4 }, 0],
    ];
    for (const [options, least] of cases) {
      const { cached, uncached } = compare(options, lines);
      expect(cached).toBeGreaterThanOrEqual(least);
      expect(uncached).toBe(0);
    }
  });

  it('state restored: cached outcomes from before are not used', () => {
    const miner = new TemplateMiner();
    miner.add('service ready on port 80');
    miner.add('service ready on port 80');
    const other = new TemplateMiner();
    other.add('service ready on port 80');
    other.add('service ready on port 81');
    miner.restore(other.toJSON());
    const r = miner.add('service ready on port 80');
    expect(r.template).toBe(other.add('service ready on port 80').template);
    expect(r.count).toBe(3);
  });
});

describe('line cache memory', () => {
  it('keeps its own copy of a line: a message sliced from a large decoded chunk does not keep the chunk alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const miner = new TemplateMiner();
    const filler = 'x'.repeat(256 * 1024);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let c = 0; c < 64; c++) {
      // as the scan's line splitter hands them out: slices of one decoded chunk (a novel line of a known template, then repeats)
      const chunk = `user ${c} logged in from host\n${'heartbeat ok from the scheduler\n'.repeat(20)}${filler}${c}`;
      let start = 0;
      for (let k = 0; k < 21; k++) {
        const nl = chunk.indexOf('\n', start);
        miner.add(chunk.slice(start, nl));
        start = nl + 1;
      }
    }
    gc();
    expect(miner.cached).toBeGreaterThan(0);
    // 64 chunks of 256 KiB would be 16 MiB
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(4 * 2 ** 20);
  });
});
