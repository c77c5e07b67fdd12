import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/config-error.js';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { DistinctWindow } from '../../src/security/distinct-window.js';
import { ScannerDetector } from '../../src/security/scanner.js';
import { ev } from './helpers.js';

const MIN = 60_000;

describe('DistinctWindow', () => {
  it('counts distinct values within the window', () => {
    const w = new DistinctWindow(10_000, 3);
    expect(w.add('a', 0)).toBe(1);
    expect(w.add('a', 1000)).toBe(1);
    expect(w.add('b', 2000)).toBe(2);
    expect(w.add('c', 3000)).toBe(3);
    expect(w.add('d', 4000)).toBe(3); // capacity
    expect(w.add('e', 20_000)).toBe(1); // the rest expired
    expect(w.isIdle(40_000)).toBe(true);
  });
});

describe('BruteForceDetector', () => {
  const failure = (ip: string, t: number) => ev({ 'client.address': ip }, `Login failed for user bob`, t);

  it('fires at the threshold within the window, once per episode', () => {
    const d = new BruteForceDetector({ threshold: 5, window: '10m' });
    const out: Signal[] = [];
    for (let i = 0; i < 4; i++) d.observe(failure('10.0.0.1', i * MIN), out);
    expect(out).toEqual([]);
    d.observe(failure('10.0.0.1', 4 * MIN), out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ name: 'brute_force', kind: 'security', key: '10.0.0.1', severity: 'high' });
    expect(out[0].evidence).toMatchObject({ count: 5, threshold: 5, window: '10m' });
    for (let i = 5; i < 30; i++) d.observe(failure('10.0.0.1', i * MIN), out);
    expect(out).toHaveLength(1); // same episode
    // a whole window of silence ends the episode
    for (let i = 0; i < 5; i++) d.observe(failure('10.0.0.1', 50 * MIN + i * 1000), out);
    expect(out).toHaveLength(2);
  });

  it('does not fire on failures spread wider than the window, nor on other keys', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 20; i++) d.observe(failure('10.0.0.2', i * 3 * MIN), out);
    for (let i = 0; i < 20; i++) d.observe(failure(`10.1.0.${i}`, i * 1000), out);
    expect(out).toEqual([]);
  });

  it('reads sshd lines, nginx auth lines and HTTP 401 from messages', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 5; i++) d.observe(ev({}, `sshd[1]: Failed password for invalid user u${i} from 198.51.100.4 port 22 ssh2`, i * 1000), out);
    for (let i = 0; i < 5; i++) d.observe(ev({}, `203.0.113.5 - - [06/Mar/2022:16:14:13 +0000] "POST /login HTTP/1.1" 401 141 "-" "UA"`, i * 1000), out);
    expect(out.map((s) => s.key)).toEqual(['198.51.100.4', '203.0.113.5']);
  });

  it('accepts OTel auth events, custom phrases and a match function', () => {
    const out: Signal[] = [];
    const d = new BruteForceDetector({ threshold: 2 });
    for (let i = 0; i < 2; i++) d.observe({ ...ev({ 'event.outcome': 'failure', 'source.address': '192.0.2.9' }, 'x', i), eventName: 'user.login' }, out);
    expect(out).toHaveLength(1);
    const p = new BruteForceDetector({ threshold: 2, match: ['ACCESS DENIED'] });
    for (let i = 0; i < 2; i++) p.observe(ev({ 'client.address': '1.1.1.1' }, 'access denied for x', i), out);
    expect(out).toHaveLength(2);
    const f = new BruteForceDetector({ threshold: 2, match: (e) => e.attributes.bad === true, groupBy: 'user' });
    for (let i = 0; i < 2; i++) f.observe(ev({ bad: true, user: 'u1' }, '', i), out);
    expect(out[2].key).toBe('u1');
  });

  it('ignores records without a key and keeps memory bounded', () => {
    const d = new BruteForceDetector({ maxKeys: 100 });
    const out: Signal[] = [];
    d.observe(ev({}, 'Login failed', 0), out); // names neither a client nor a user
    expect(d.trackedClients).toBe(0);
    for (let i = 0; i < 10_000; i++) d.observe(failure(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i), out);
    expect(d.trackedClients).toBeLessThanOrEqual(100);
    d.tick(10 * 3_600_000);
    expect(d.trackedClients).toBe(0);
  });

  it('rejects invalid options', () => {
    expect(() => new BruteForceDetector({ threshold: 0 })).toThrow(ConfigError);
    expect(() => new BruteForceDetector({ window: 'soon' })).toThrow(/bruteForce.window/);
    expect(() => new BruteForceDetector({ groupBy: [] })).toThrow(/bruteForce.groupBy/);
    expect(() => new BruteForceDetector({ match: 3 as never })).toThrow(/bruteForce.match/);
  });

  it('finds the failure phrases in any case; custom phrases replace them', () => {
    const out: Signal[] = [];
    const at = (message: string, i: number) => ({
      time: Date.UTC(2026, 10, 24) + i * 1000,
      severityNumber: 9,
      severityText: '',
      message,
      attributes: { 'client.address': '203.0.113.5' },
      eventName: '',
    });
    const d = new BruteForceDetector({ threshold: 2 });
    d.observe(at('sshd: FAILED Password for root', 0), out);
    d.observe(at('sshd: failed password for admin', 1), out);
    expect(out).toHaveLength(1);
    const custom = new BruteForceDetector({ threshold: 1, match: ['Denied Access'] });
    custom.observe(at('sshd: FAILED Password for root', 2), out);
    custom.observe(at('vpn: denied access for bob', 3), out);
    expect(out).toHaveLength(2);
  });
});

describe('ScannerDetector', () => {
  const req = (ip: string, path: string, status: number, t: number) => ev({ 'client.address': ip, 'url.path': path, 'http.response.status_code': status }, '', t);

  it('fires on many distinct 4xx paths from one client, once per episode', () => {
    const d = new ScannerDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 20; i++) d.observe(req('10.0.0.9', `/probe/${i}.php`, 404, i * 1000), out);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ name: 'scanner', key: '10.0.0.9', severity: 'medium' });
    expect(out[0].evidence.distinct).toBe(8);
    expect(out[0].evidence.paths).toHaveLength(5);
  });

  it('stays quiet on browsing: repeats, static assets, 401/429, successes', () => {
    const d = new ScannerDetector();
    const out: Signal[] = [];
    for (let i = 0; i < 60; i++) d.observe(req('10.0.0.8', '/missing.php', 404, i * 1000), out);
    for (let i = 0; i < 60; i++) d.observe(req('10.0.0.8', `/img/${i}.png`, 404, i * 1000), out);
    for (let i = 0; i < 60; i++) d.observe(req('10.0.0.8', `/api/${i}`, i % 2 ? 401 : 429, i * 1000), out);
    for (let i = 0; i < 60; i++) d.observe(req('10.0.0.8', `/page/${i}`, 200, i * 1000), out);
    for (let i = 0; i < 60; i++) d.observe(req('10.0.0.8', `/slow/${i}`, 404, i * 20_000), out);
    expect(out).toEqual([]);
  });

  it('reads access-log lines and accepts a custom distinct reader and matcher', () => {
    const d = new ScannerDetector({ threshold: 3 });
    const out: Signal[] = [];
    for (const p of ['/.env', '/.git/HEAD', '/.bashrc']) d.observe(ev({}, `127.0.0.1 - - [30/Sep/2021:09:58:05 +0200] "GET ${p} HTTP/1.1" 404 162 "-" "curl/7.68.0"`, 0), out);
    expect(out[0].key).toBe('127.0.0.1');
    const users = new ScannerDetector({ threshold: 3, match: (e) => e.message.startsWith('Invalid user'), distinct: (e) => e.message.split(' ')[2] });
    for (const u of ['a', 'b', 'b', 'c']) users.observe(ev({}, `Invalid user ${u} from 192.0.2.3 port 22`, 0), out);
    expect(out[1].key).toBe('192.0.2.3');
  });

  it('rejects invalid options', () => {
    expect(() => new ScannerDetector({ threshold: 1 })).toThrow(/scanner.threshold/);
    expect(() => new ScannerDetector({ match: 'x' as never })).toThrow(/scanner.match/);
    expect(() => new ScannerDetector({ distinct: '' })).toThrow(/scanner.distinct/);
  });
});

describe('idle clients', () => {
  // Idle states are dropped at most once per second of record time; one found idle counts as new.
  it('a client idle for a whole window starts afresh, evicted yet or not', () => {
    const out: Signal[] = [];
    const d = new BruteForceDetector({ threshold: 1, window: '2s' });
    const fail = (ip: string, t: number) => d.observe(ev({ 'client.address': ip }, 'Failed password for root', t), out);
    fail('10.0.0.1', 0); // reported, eviction ran at 0
    fail('10.0.0.2', 1500); // eviction runs (1 s later): 10.0.0.1 is not idle yet
    fail('10.0.0.1', 2100); // idle for 2.1 s, no eviction since 1500: a new episode all the same
    expect(out.map((s) => `${s.key}@${s.time}`)).toEqual(['10.0.0.1@0', '10.0.0.2@1500', '10.0.0.1@2100']);
    expect(d.trackedClients).toBe(2);
    d.tick(10_000);
    expect(d.trackedClients).toBe(0);
  });

  it('the scanner too', () => {
    const out: Signal[] = [];
    const d = new ScannerDetector({ threshold: 2, window: '2s' });
    const probe = (path: string, t: number) => d.observe(ev({ 'client.address': '10.0.0.9', 'http.response.status_code': 404, 'url.path': path }, '', t), out);
    probe('/a', 0);
    probe('/b', 100); // 2 distinct: reported
    probe('/c', 2200); // idle since 100 (2.1 s): a new episode, /a and /b forgotten
    probe('/d', 2300);
    expect(out.map((s) => s.time)).toEqual([100, 2300]);
  });
});
