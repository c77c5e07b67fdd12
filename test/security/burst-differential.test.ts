import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ScannerDetector } from '../../src/security/scanner.js';

// The fixture: a seeded stream (busy clients and a long tail through maxKeys 30, so evictions, ghost
// readmissions and promotions; late, far-future and NaN times; ticks) and what the burst detectors
// produced on it before their per-client state became typed blocks (objects with a window each):
// every signal, and every 500 records the state (toJSON), counters and tracked clients; a restart
// from the saved state at record 1,500.
type Rec = ['tick', number] | [number | null, string, string];
const fixture = JSON.parse(readFileSync(new URL('../fixtures/keys/burst-differential.json', import.meta.url), 'utf8')) as {
  records: Rec[];
  expected: Record<'b' | 's', { signals: unknown[]; states: unknown[] }>;
};

function event(kind: 'b' | 's', [time, client, path]: [number | null, string, string]): LogEvent {
  return {
    time: time === null ? Number.NaN : time,
    severityNumber: 9,
    severityText: 'INFO',
    eventName: '',
    message: kind === 'b' ? `login for user u from ${client} rejected` : `GET ${path} 404`,
    attributes: kind === 'b' ? { 'client.address': client, 'event.outcome': 'failure', 'event.action': 'login' } : { 'client.address': client, 'http.response.status_code': 404, 'url.path': path },
  } as unknown as LogEvent;
}

describe('burst detectors: the same signals and states as the per-client objects they replaced', () => {
  for (const [kind, make] of [
    ['b', () => new BruteForceDetector({ threshold: 4, window: '20s', maxKeys: 30 })],
    ['s', () => new ScannerDetector({ threshold: 4, window: '20s', maxKeys: 30 })],
  ] as const) {
    it(kind === 'b' ? 'bruteForce' : 'scanner', () => {
      let d: BruteForceDetector | ScannerDetector = make();
      const signals: unknown[] = [];
      const states: unknown[] = [];
      fixture.records.forEach((rec, i) => {
        if (rec[0] === 'tick') d.tick(rec[1] as number);
        else {
          const out: Signal[] = [];
          d.observe(event(kind, rec as [number | null, string, string]), out);
          for (const s of out) signals.push([i, s.key, s.message, s.time, s.evidence]);
        }
        if (i % 500 === 499) states.push([i, JSON.parse(JSON.stringify(d.toJSON())), d.stats, d.trackedClients]);
        if (i === 1499) {
          const saved = JSON.parse(JSON.stringify(d.toJSON()));
          d = make();
          d.restore(saved);
        }
      });
      expect(signals.length).toBeGreaterThan(50);
      expect(signals).toEqual(fixture.expected[kind].signals);
      expect(states).toEqual(fixture.expected[kind].states);
      // a state saved by the previous code restores to the same state
      for (const [, saved] of fixture.expected[kind].states as [number, unknown][]) {
        const restored = make();
        restored.restore(saved);
        expect(JSON.parse(JSON.stringify(restored.toJSON()))).toEqual(saved);
      }
    });
  }
});

describe('burst detectors: per-client blocks are reserved page by page', () => {
  it('a large threshold with a large maxKeys costs memory only for the clients seen (10,000 x 1M would be 76 GiB up front)', () => {
    const d = new BruteForceDetector({ threshold: 10_000, maxKeys: 1_000_000, window: '1h' });
    const out: Signal[] = [];
    for (let i = 0; i < 30_000; i++) d.observe(event('b', [Date.UTC(2026, 0, 1) + i, `10.0.${i % 3}.1`, '/']), out);
    expect(d.trackedClients).toBe(3);
    expect(out.map((s) => s.key)).toEqual(['10.0.0.1', '10.0.1.1', '10.0.2.1']);
  });
});
