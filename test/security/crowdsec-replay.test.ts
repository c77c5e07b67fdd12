import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Detector } from '../../src/core/detector.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector, DEFAULT_FAILURE_PHRASES } from '../../src/security/brute-force.js';
import { InjectionDetector } from '../../src/security/injection-detector.js';
import { parseAccessLine, parseAccessLogTime } from '../../src/input/request-line.js';
import { ScannerDetector } from '../../src/security/scanner.js';
import { ev, FIXTURES, fixtureLines } from './helpers.js';

// Replays of the CrowdSec hub scenario tests (crowdsecurity/hub .tests, MIT): the number of
// alerts and their source IPs must match scenario.assert. Repeated signals of one detector for
// one client within 5 minutes count as one alert (CrowdSec's blackhole).
const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
function lineTime(line: string): number {
  const req = parseAccessLine(line);
  if (req?.timeText) return parseAccessLogTime(req.timeText);
  const m = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(line);
  if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const s = /^([A-Z][a-z]{2}) +(\d+) (\d{2}):(\d{2}):(\d{2})/.exec(line);
  if (s) return Date.UTC(2026, MONTHS[s[1]], +s[2], +s[3], +s[4], +s[5]);
  return NaN;
}
const failed = (e: LogEvent) => DEFAULT_FAILURE_PHRASES.some((p) => e.message.toLowerCase().includes(p));
const sshUser = (e: LogEvent) => /(?:invalid user|failed password for(?: invalid user)?) (\S+) from/i.exec(e.message)?.[1];

const SCENARIOS: Record<string, () => Detector[]> = {
  'ssh-bf': () => [new BruteForceDetector(), new ScannerDetector({ id: 'ssh_user_enum', match: failed, distinct: sshUser, threshold: 5, ignoreStatic: false })],
  'nginx-http-generic-bf': () => [new BruteForceDetector()],
  'http-bf-wordpress-bf': () => [new BruteForceDetector({ match: (_e, r) => r?.method === 'POST' && r.path.endsWith('/wp-login.php') && r.status === 200 })],
  'apache-http-probing': () => [new ScannerDetector()],
  'nginx-http-sensitive-files': () => [new ScannerDetector()],
  'nginx-http-path-traversal': () => [new InjectionDetector({ message: 'access-log' })],
  'nginx-http-sqli-probing': () => [new InjectionDetector({ message: 'access-log' })],
  'nginx-http-xss-probing': () => [new InjectionDetector({ message: 'access-log' })],
};

const expected = JSON.parse(readFileSync(join(FIXTURES, 'crowdsec/expected.json'), 'utf8')) as Record<string, { alerts: number; sources: string[] }>;

describe('CrowdSec scenario replays', () => {
  it.each(Object.keys(SCENARIOS))('%s', (name) => {
    const detectors = SCENARIOS[name]();
    const last = new Map<string, number>();
    let alerts = 0;
    const ips = new Set<string>();
    for (const line of fixtureLines(`crowdsec/${name}.txt`)) {
      const time = lineTime(line);
      for (const d of detectors) {
        const out: Signal[] = [];
        d.observe(ev({}, line, time), out);
        for (const s of out) {
          const k = `${s.detector}|${s.key}`;
          const prev = last.get(k);
          if (prev === undefined || time - prev >= 5 * 60_000) alerts++;
          last.set(k, time);
          ips.add(s.key as string);
        }
      }
    }
    expect(alerts).toBe(expected[name].alerts);
    expect([...ips].sort()).toEqual(expected[name].sources);
  });

  it('does not cover admin-interface probing (needs a list of admin paths)', () => {
    const d = new ScannerDetector();
    const out: Signal[] = [];
    for (const line of fixtureLines('crowdsec/http-admin-interface-probing.txt')) d.observe(ev({}, line, lineTime(line)), out);
    expect(out).toEqual([]);
    expect(expected['http-admin-interface-probing'].alerts).toBe(1);
  });
});
