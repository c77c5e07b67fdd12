import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ClientTable } from '../../src/security/client-table.js';
import { ScannerDetector } from '../../src/security/scanner.js';
import { ev } from './helpers.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12);
const failure = (ip: string, t: number) => ev({ 'client.address': ip }, 'Login failed for user bob', t);
const notFound = (ip: string, path: string, t: number) => ev({ 'client.address': ip, 'http.response.status_code': 404, 'url.path': path }, '', t);

describe('ClientTable (segmented LRU, O(1))', () => {
  it('evicts probation first, keeps protected clients, readmits evicted clients from the ghost list', () => {
    const t = new ClientTable<number>(10);
    t.set('attacker', 1);
    t.promote('attacker');
    for (let i = 0; i < 100; i++) t.set(`noise${i}`, i);
    expect(t.get('attacker')).toBe(1);
    expect(t.size).toBe(10);
    expect(t.evicted).toBe(91);
    // noise90 was among the last 10 evicted from probation: it comes back protected
    t.set('noise90', 0);
    expect(t.isProtected('noise90')).toBe(true);
    t.set('noise0', 0); // evicted too long ago
    expect(t.isProtected('noise0')).toBe(false);
    expect(t.ghostAdmissions).toBe(1);
  });

  it('bounds the protected segment to 80% of the capacity (the oldest drops back to probation)', () => {
    const t = new ClientTable<number>(10);
    for (let i = 0; i < 10; i++) t.set(`k${i}`, i, true);
    expect(t.protectedSize).toBe(8);
    expect(t.size).toBe(10);
  });

  it('drops idle clients from the old end of both segments', () => {
    const t = new ClientTable<{ last: number }>(10);
    t.set('a', { last: 1 });
    t.set('b', { last: 2 }, true);
    t.set('c', { last: 9 });
    expect(t.evictIdle((v) => v.last < 5)).toBe(2);
    expect([...t.entries()].map(([k]) => k)).toEqual(['c']);
  });
});

describe('eviction that cannot be gamed cheaply', () => {
  it('a brute-forcer with two failures is found although 10,001 noise clients fail between each of its attempts', () => {
    const d = new BruteForceDetector(); // maxKeys 10,000
    const out: Signal[] = [];
    let t = T0;
    let noise = 0;
    const flood = () => {
      for (let i = 0; i < 10_001; i++, noise++) d.observe(failure(`10.${(noise >> 16) & 255}.${(noise >> 8) & 255}.${noise & 255}`, t), out);
    };
    d.observe(failure('203.0.113.66', (t += 1000)), out);
    d.observe(failure('203.0.113.66', (t += 1000)), out);
    for (let k = 0; k < 3; k++) {
      flood();
      d.observe(failure('203.0.113.66', (t += 1000)), out);
    }
    expect(out.map((s) => s.key)).toEqual(['203.0.113.66']);
    expect(d.trackedClients).toBeLessThanOrEqual(10_000);
    expect(d.stats.evicted).toBeGreaterThan(20_000);
  });

  it('a brute-forcer whose every attempt is separated by a flood is found one attempt later (ghost readmission)', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    let t = T0;
    let noise = 0;
    for (let k = 0; k < 6; k++) {
      d.observe(failure('203.0.113.77', (t += 1000)), out);
      for (let i = 0; i < 10_001; i++, noise++) d.observe(failure(`10.${(noise >> 16) & 255}.${(noise >> 8) & 255}.${noise & 255}`, t), out);
    }
    expect(out.map((s) => s.key)).toEqual(['203.0.113.77']);
    expect(d.stats.ghostAdmissions).toBeGreaterThanOrEqual(1);
  });

  it('the scanner keeps a prober through a flood of one-off 404s', () => {
    const d = new ScannerDetector(); // threshold 8 distinct paths in 1m
    const out: Signal[] = [];
    let noise = 0;
    for (let k = 0; k < 8; k++) {
      d.observe(notFound('198.51.100.9', `/probe/${k}`, T0 + k * 1000), out);
      if (k >= 1) for (let i = 0; i < 10_001; i++, noise++) d.observe(notFound(`10.9.${(noise >> 8) & 255}.${noise & 255}-${noise}`, '/x', T0 + k * 1000), out);
    }
    expect(out.map((s) => s.key)).toEqual(['198.51.100.9']);
  });
});

describe('client keys bounded in size', () => {
  it('shortens long keys with boundedKey (distinct long keys stay distinct) and counts them', () => {
    const d = new BruteForceDetector({ threshold: 2, groupBy: 'user.name' });
    const out: Signal[] = [];
    const long = (c: string) => c.repeat(70_000);
    for (const c of ['a', 'b', 'a', 'b']) d.observe(ev({ 'user.name': long(c) }, 'authentication failure', T0), out);
    expect(out).toHaveLength(2);
    for (const s of out) expect((s.key as string).length).toBeLessThanOrEqual(256);
    expect(new Set(out.map((s) => s.key)).size).toBe(2);
    expect(d.stats.longKeys).toBe(4);
  });
});

describe('sliding windows and a record dated far in the future', () => {
  it('one record in 2100 neither expires the other clients nor stops later detection', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 3; i++) d.observe(failure('192.0.2.1', T0 + i * 1000), out);
    d.observe(failure('192.0.2.200', Date.UTC(2100, 0, 1)), out);
    for (let i = 3; i < 5; i++) d.observe(failure('192.0.2.1', T0 + i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.1']);
    expect(d.stats.skewedRecords).toBe(1);
    // the client whose record was misdated is tracked afresh from its next record
    for (let i = 0; i < 5; i++) d.observe(failure('192.0.2.200', T0 + 10_000 + i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.1', '192.0.2.200']);
    // later episodes still work: a whole window of quiet, then a new burst
    for (let i = 0; i < 5; i++) d.observe(failure('192.0.2.1', T0 + 30 * MIN + i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.1', '192.0.2.200', '192.0.2.1']);
  });

  it('a stream that really moved on (two records far ahead, close together) moves the clock', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    d.observe(failure('192.0.2.5', T0), out);
    const later = T0 + 3 * 24 * 60 * MIN;
    for (let i = 0; i < 5; i++) d.observe(failure('192.0.2.6', later + i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.6']);
    expect(d.stats.skewedRecords).toBe(1);
  });

  it('the scanner is robust to the same record', () => {
    const d = new ScannerDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 4; i++) d.observe(notFound('192.0.2.9', `/a${i}`, T0 + i * 1000), out);
    d.observe(notFound('192.0.2.10', '/b', Date.UTC(2100, 0, 1)), out);
    for (let i = 4; i < 8; i++) d.observe(notFound('192.0.2.9', `/a${i}`, T0 + i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.9']);
  });
});

describe('state: toJSON / restore', () => {
  it('a restart mid-episode does not double the signals (bruteForce)', () => {
    const one = new BruteForceDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 7; i++) one.observe(failure('192.0.2.1', T0 + i * 1000), out);
    for (let i = 0; i < 3; i++) one.observe(failure('192.0.2.2', T0 + i * 1000), out);
    expect(out).toHaveLength(1);
    const json = JSON.parse(JSON.stringify(one.toJSON())) as unknown;
    const two = new BruteForceDetector();
    two.restore(json);
    expect(two.toJSON()).toEqual(json);
    for (let i = 7; i < 12; i++) two.observe(failure('192.0.2.1', T0 + i * 1000), out); // same episode
    expect(out).toHaveLength(1);
    for (let i = 3; i < 5; i++) two.observe(failure('192.0.2.2', T0 + i * 1000), out); // continues its count
    expect(out.map((s) => s.key)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('a restart mid-episode does not double the signals (scanner)', () => {
    const one = new ScannerDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 9; i++) one.observe(notFound('192.0.2.3', `/p${i}`, T0 + i * 1000), out);
    for (let i = 0; i < 5; i++) one.observe(notFound('192.0.2.4', `/q${i}`, T0 + i * 1000), out);
    const two = new ScannerDetector();
    two.restore(JSON.parse(JSON.stringify(one.toJSON())));
    for (let i = 9; i < 12; i++) two.observe(notFound('192.0.2.3', `/p${i}`, T0 + i * 1000), out);
    for (let i = 5; i < 8; i++) two.observe(notFound('192.0.2.4', `/q${i}`, T0 + i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['192.0.2.3', '192.0.2.4']);
  });

  it.each([
    ['not a state', 42, 'brute_force.restore'],
    ['another window', { detector: 'brute_force', version: 1, windowMs: 5, threshold: 5, clock: { now: null, far: null, skewed: 0 }, clients: [] }, 'brute_force.restore.windowMs'],
    ['a bad clock', { detector: 'brute_force', version: 1, windowMs: 600_000, threshold: 5, clock: { now: 1e300, far: null, skewed: 0 }, clients: [] }, 'brute_force.restore.clock.now'],
    [
      'a bad time',
      {
        detector: 'brute_force',
        version: 1,
        windowMs: 600_000,
        threshold: 5,
        clock: { now: null, far: null, skewed: 0 },
        clients: [
          ['a', { times: [1, 2], last: 2, reported: false, protected: false }],
          ['b', { times: [NaN], last: 2, reported: false, protected: false }],
        ],
      },
      'brute_force.restore.clients[1][1].times',
    ],
    [
      'too many times',
      {
        detector: 'brute_force',
        version: 1,
        windowMs: 600_000,
        threshold: 5,
        clock: { now: null, far: null, skewed: 0 },
        clients: [['a', { times: [1, 2, 3, 4, 5, 6], last: 6, reported: false, protected: false }]],
      },
      'brute_force.restore.clients[0][1].times',
    ],
    [
      'a long key',
      {
        detector: 'brute_force',
        version: 1,
        windowMs: 600_000,
        threshold: 5,
        clock: { now: null, far: null, skewed: 0 },
        clients: [['x'.repeat(300), { times: [1], last: 1, reported: false, protected: false }]],
      },
      'brute_force.restore.clients[0][0]',
    ],
    [
      'a repeated key',
      {
        detector: 'brute_force',
        version: 1,
        windowMs: 600_000,
        threshold: 5,
        clock: { now: null, far: null, skewed: 0 },
        clients: [
          ['a', { times: [1], last: 1, reported: false, protected: false }],
          ['a', { times: [1], last: 1, reported: false, protected: false }],
        ],
      },
      'brute_force.restore.clients[1][0]',
    ],
  ])('rejects %s naming the path, and changes nothing', (_name, state, path) => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 4; i++) d.observe(failure('192.0.2.1', T0 + i * 1000), out);
    const before = d.toJSON();
    let err: unknown;
    try {
      d.restore(state);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).path).toBe(path);
    expect(d.toJSON()).toEqual(before);
    d.observe(failure('192.0.2.1', T0 + 5000), out);
    expect(out).toHaveLength(1);
  });

  it('the scanner rejects a bad value naming the path', () => {
    const d = new ScannerDetector();
    const bad = {
      detector: 'scanner',
      version: 1,
      windowMs: 60_000,
      threshold: 8,
      clock: { now: null, far: null, skewed: 0 },
      clients: [
        [
          'a',
          {
            values: [
              [1, 'x'],
              [2, 7],
            ],
            last: 2,
            reported: false,
            protected: false,
          },
        ],
      ],
    };
    expect(() => d.restore(bad)).toThrow(/scanner\.restore\.clients\[0\]\[1\]\.values\[1\]/);
  });
});
