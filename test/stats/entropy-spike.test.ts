import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { EntropySpike } from '../../src/stats/entropy-spike.js';
import { charEntropy } from '../../src/stats/shannon-entropy.js';
import { ev, mulberry32, run, T0 } from './helpers.js';

const NORMAL = ['INFO ok', 'INFO request processed', 'INFO heartbeat', 'INFO user active'];
const ATTACK = "GET /login.php?id=1' OR '1'='1' UNION SELECT password FROM users";

function readmeExample(seed: number, d = new EntropySpike({ window: 10, threshold: 2.5 })): Signal[] {
  const rand = mulberry32(seed);
  const events = [];
  for (let i = 0; i < 30; i++) events.push(ev(T0 + i, 9, NORMAL[Math.floor(rand() * NORMAL.length)]));
  for (let i = 0; i < 5; i++) events.push(ev(T0 + 30 + i, 9, ATTACK));
  return run(d, events);
}

describe('charEntropy', () => {
  it('matches the seed reference values', () => {
    expect(charEntropy('INFO ok', 512)).toBeCloseTo(2.807, 3);
    expect(charEntropy('INFO request processed', 512)).toBeCloseTo(3.698, 3);
    expect(charEntropy('AAAAAAAAAAAAAA', 512)).toBe(0);
    expect(charEntropy('a8F!kP$Qz19@Lm#2xY', 512)).toBeCloseTo(4.17, 2);
    expect(charEntropy(ATTACK, 512)).toBeCloseTo(4.771, 3);
    expect(charEntropy('', 512)).toBe(0);
  });

  it('scans a bounded prefix', () => {
    const huge = `${'ab'.repeat(1_000_000)}xyz`;
    expect(charEntropy(huge, 512)).toBeCloseTo(1, 10);
  });
});

describe('EntropySpike', () => {
  it('fires on the seed README example (several seeds), severity low', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const s = readmeExample(seed);
      expect(s.length).toBeGreaterThanOrEqual(1);
      expect(s[0]).toMatchObject({ name: 'entropy_spike', kind: 'stat', severity: 'low' });
      expect(s[0].evidence.z as number).toBeGreaterThan(2.5);
      expect(s[0].evidence.entropy).toBeCloseTo(4.771, 3);
    }
  });

  it("takes the seed's window and threshold as aliases of baselineRecords and z, not both at once", () => {
    for (let seed = 1; seed <= 3; seed++) expect(readmeExample(seed, new EntropySpike({ baselineRecords: 10, z: 2.5 }))).toEqual(readmeExample(seed));
    expect(readmeExample(1, new EntropySpike({ threshold: 100 }))).toEqual([]);
    expect(() => new EntropySpike({ window: 10, baselineRecords: 10 })).toThrow(/entropySpike\.window/);
    expect(() => new EntropySpike({ threshold: 2, z: 2 })).toThrow(/entropySpike\.threshold/);
    expect(() => new EntropySpike({ z: 0 })).toThrow(/entropySpike\.z/);
  });

  it('keeps anomalous records out of the baseline: a sustained attack fires again after each cooldown', () => {
    const d = new EntropySpike({ baselineRecords: 10, cooldownRecords: 3 });
    const out: Signal[] = [];
    for (let i = 0; i < 10; i++) d.observe(ev(T0 + i, 9, 'AAAAAAAAAAAAAA'), out);
    const fired: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = out.length;
      d.observe(ev(T0 + 10 + i, 9, 'a8F!kP$Qz19@Lm#2xY'), out);
      fired.push(out.length - before);
    }
    expect(fired).toEqual([1, 0, 0, 0, 1, 0, 0, 0]); // the seed gave [1,0,0,0,0,0,0,0]
    expect(d.toJSON().history.every((h) => h === 0)).toBe(true);
  });

  it('relearns after adaptAfter anomalous records in a row', () => {
    const d = new EntropySpike({ baselineRecords: 10, cooldownRecords: 0, adaptAfter: 5 });
    const out: Signal[] = [];
    for (let i = 0; i < 10; i++) d.observe(ev(T0 + i, 9, 'AAAAAAAAAAAAAA'), out);
    for (let i = 0; i < 30; i++) d.observe(ev(T0 + 10 + i, 9, 'a8F!kP$Qz19@Lm#2xY'), out);
    expect(out).toHaveLength(5);
  });

  it('does not fire during warm-up, skips empty messages, reads a field', () => {
    const d = new EntropySpike({ field: 'url' });
    const out: Signal[] = [];
    for (let i = 0; i < 9; i++) d.observe(ev(T0 + i, 9, 'x', { url: '/a' }), out);
    d.observe(ev(T0, 9, 'x', {}), out);
    d.observe(ev(T0, 9, '', { url: '' }), out);
    d.observe(ev(T0, 9, 'x', { url: ATTACK }), out);
    expect(out).toEqual([]);
    expect(d.toJSON().learned).toBe(10);
    d.observe(ev(T0, 9, 'x', { url: ATTACK }), out);
    expect(out).toHaveLength(1);
  });

  it('normalize divides by log2(length)', () => {
    const d = new EntropySpike({ normalize: true, warmupRecords: 2, baselineRecords: 2 });
    const out: Signal[] = [];
    d.observe(ev(T0, 9, 'abcd'), out);
    expect(d.toJSON().history[0]).toBeCloseTo(1, 10);
  });

  it('restored from toJSON gives the same signals', () => {
    const rand = mulberry32(11);
    const events = [];
    for (let i = 0; i < 400; i++) events.push(ev(T0 + i, 9, i % 37 === 36 ? ATTACK : NORMAL[Math.floor(rand() * 4)]));
    const whole = run(new EntropySpike(), events);
    expect(whole.length).toBeGreaterThan(3);
    const a = new EntropySpike();
    const x = run(a, events.slice(0, 150));
    const b = new EntropySpike();
    b.restore(JSON.parse(JSON.stringify(a.toJSON())));
    expect([...x, ...run(b, events.slice(150))]).toEqual(whole);
    expect(() => new EntropySpike({ window: 20 }).restore(a.toJSON())).toThrow(/window/);
  });

  it('rejects bad options', () => {
    expect(() => new EntropySpike({ window: 1 })).toThrow(/entropySpike\.window/);
    expect(() => new EntropySpike({ maxChars: 100_000 })).toThrow(/entropySpike\.maxChars/);
    expect(() => new EntropySpike({ tokenizer: 'word' } as never)).toThrow(/entropySpike\.tokenizer/);
  });
});
