import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LineCache } from '../../src/templates/line-cache.js';
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

describe('line cache use', () => {
  const node = { version: 1 };
  /** Line `k` of a stream: random letters of random length (the sparse sample is chosen by length and characters). */
  const lineOf = (k: number): string => {
    const rnd = mulberry32(k + 1);
    const n = 20 + Math.floor(rnd() * 60);
    let line = 'line';
    for (let i = 0; i < n; i++) line += String.fromCharCode(97 + Math.floor(rnd() * 26));
    return line;
  };
  /** Lines of a stream repeating every `period` lines, through a cache as the miner uses it; true when it ends in full use. */
  const fullAfter = (period: number, lines: number): boolean => {
    const cache = new LineCache<number>();
    for (let i = 0; i < lines; i++) {
      const line = lineOf(i % period);
      if (cache.get(line) === undefined) cache.set(line, 1, node);
    }
    return !(cache as unknown as { sparse: boolean }).sparse;
  };

  it('stays in full use on a stream repeating its lines within its reach', () => {
    expect(fullAfter(500, 300_000)).toBe(true);
  });

  it('goes sparse on a stream whose lines repeat only further back than full use reaches, and stays so though its sample sees the repeats', () => {
    // every 20,000 lines: the sparse sample (a 64th of the lines) holds them, full use would not
    const cache = new LineCache<number>();
    let full = 0;
    for (let i = 0; i < 400_000; i++) {
      const line = lineOf(i % 20_000);
      if (cache.get(line) === undefined) cache.set(line, 1, node);
      if (i >= 20_000 && !(cache as unknown as { sparse: boolean }).sparse) full++;
    }
    expect(cache.hits).toBeGreaterThan(0);
    expect(full).toBe(0);
  });
});
