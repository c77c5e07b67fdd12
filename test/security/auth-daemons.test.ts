import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { clientFromMessage } from '../../src/security/client-address.js';
import { ev, FIXTURES } from './helpers.js';

const DIR = join(FIXTURES, 'auth');
const T0 = Date.UTC(2026, 11, 1, 9);

/** The F (failure) and N (normal) lines of one daemon's fixture. */
function fixture(name: string): { failures: string[]; normal: string[] } {
  const lines = readFileSync(join(DIR, name), 'utf8').split('\n');
  return {
    failures: lines.filter((l) => l.startsWith('F ')).map((l) => l.slice(2)),
    normal: lines.filter((l) => l.startsWith('N ')).map((l) => l.slice(2)),
  };
}

const DAEMONS = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .sort();

describe('authentication failures of common daemons (default bruteForce)', () => {
  it('has a fixture per daemon family', () => {
    expect(DAEMONS).toEqual(['apache.log', 'ftp.log', 'mail.log', 'nginx.log', 'pam.log', 'su-sudo.log', 'sshd.log', 'web-login.log'].sort());
  });

  it.each(DAEMONS)('%s: at least 90%% of the failure lines are recognised with their client', (name) => {
    const { failures } = fixture(name);
    const d = new BruteForceDetector();
    const missed = failures.filter((l) => d.failureKey(ev({}, l, T0)) === undefined);
    expect(failures.length).toBeGreaterThanOrEqual(7);
    expect(1 - missed.length / failures.length, `missed:\n${missed.join('\n')}`).toBeGreaterThanOrEqual(0.9);
  });

  it.each(DAEMONS)('%s: no brute-force signal on the normal lines, each repeated 20 times in a minute', (name) => {
    const { normal } = fixture(name);
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    for (let r = 0; r < 20; r++) for (const l of normal) d.observe(ev({}, l, T0 + r * 1000), out);
    expect(normal.length).toBeGreaterThanOrEqual(6);
    expect(out).toEqual([]);
    expect(normal.filter((l) => d.failureKey(ev({}, l, T0)) !== undefined)).toEqual([]);
  });

  it("a burst of one daemon's failures from one client raises one signal naming it", () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    const lines = [
      'sshd[1]: Failed password for root from ::ffff:203.0.113.18 port 5005 ssh2',
      'sshd[1]: Invalid user admin from 203.0.113.18 port 5006',
      'sshd[1]: Connection closed by authenticating user root 203.0.113.18 port 5007 [preauth]',
      'sshd[1]: error: maximum authentication attempts exceeded for root from 203.0.113.18 port 5008 ssh2 [preauth]',
      'sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.18  user=root',
    ];
    lines.forEach((l, i) => d.observe(ev({}, l, T0 + i * 1000), out));
    expect(out.map((s) => s.key)).toEqual(['203.0.113.18']);
  });

  it('groups local failures (su, sudo) by the user', () => {
    const d = new BruteForceDetector({ threshold: 3 });
    const out: Signal[] = [];
    const lines = [
      'su[1002]: FAILED SU (to root) bob on pts/0',
      'sudo[1005]:      bob : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/id',
      'su[1001]: pam_unix(su:auth): authentication failure; logname=bob uid=1000 euid=0 tty=pts/0 ruser=bob rhost=  user=root',
    ];
    lines.forEach((l, i) => d.observe(ev({}, l, T0 + i * 1000), out));
    expect(out.map((s) => s.key)).toEqual(['user:bob']);
  });
});

describe('clientFromMessage', () => {
  it.each([
    ['Failed password for root from 203.0.113.10 port 52144 ssh2', '203.0.113.10'],
    ['Failed password for root from ::ffff:203.0.113.18 port 5005 ssh2', '203.0.113.18'],
    ['Invalid user pi from 2001:DB8:0:1::77 port 22222', '2001:db8:0:1::77'],
    ['User root from scanner.example.net not allowed because not listed in AllowUsers', 'scanner.example.net'],
    ['Connection closed by authenticating user root 203.0.113.10 port 52170 [preauth]', '203.0.113.10'],
    ['[client 198.51.100.100:52000] AH01618: user bob not found: /admin', '198.51.100.100'],
    ['warning: unknown[198.51.100.94]: SASL LOGIN authentication failed', '198.51.100.94'],
    ['auth-worker(1234): pam(bob,198.51.100.91,<Abc3>): unknown user', '198.51.100.91'],
    ['[pid 3002] [anonymous] FAIL LOGIN: Client "::ffff:198.51.100.81"', '198.51.100.81'],
    ['imapd: LOGIN FAILED, user=bob, ip=[::ffff:198.51.100.98]', '198.51.100.98'],
    ['pure-ftpd: (?@2001:db8::84) [WARNING] Authentication failed for user [admin]', '2001:db8::84'],
    ['Dec  1 07:00:01 web1 sshd[2101]: ROOT LOGIN REFUSED FROM 203.0.113.11 port 40000', '203.0.113.11'],
  ])('%s -> %s', (line, client) => {
    expect(clientFromMessage(line)).toBe(client);
  });

  it.each(['Dec  1 07:00:01 web1 su[1]: FAILED SU (to root) bob on pts/0', 'Apache/2.4.62 configured', 'at 10:00:01 the job ran', 'dead:beef is not an address', 'version 1.2.3 from cache'])(
    'finds no client in %s',
    (line) => {
      expect(clientFromMessage(line)).toBeUndefined();
    },
  );
});
