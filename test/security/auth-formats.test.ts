import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';
import { eventFromObject } from '../../src/input/event-from-input.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { clientFromMessage } from '../../src/security/client-address.js';
import { syslogBodyStart } from '../../src/security/syslog-header.js';
import { type AuthLine, authLines, LAYOUTS } from '../fixtures/security/auth-formats/lines.mjs';
import { ev } from './helpers.js';

/** The tuned part (the held-out third, by message, is scored only by `npm run bench:security`). */
const lines = authLines().filter((l) => l.split === 'tuned');
const T0 = Date.UTC(2026, 11, 1, 10);

/** The record a line becomes: journald's JSON export as the reader parses it, any other layout as the message. */
function record(l: AuthLine, time = T0): LogEvent {
  if (l.layout !== 'journal-json') return ev({}, l.line, time);
  const e = eventFromObject(JSON.parse(l.line) as Record<string, unknown>, time, 65_536);
  e.time = time;
  return e;
}
const DAEMONS = [...new Set(lines.map((l) => l.daemon))];

describe('authentication failures in the layouts daemons write them (tuned split)', () => {
  it('covers every daemon in every layout', () => {
    expect(DAEMONS.sort()).toEqual(
      [
        'apache',
        'asterisk',
        'courier',
        'cyrus',
        'dovecot',
        'dropbear',
        'exim',
        'filezilla',
        'gitea',
        'grafana',
        'keycloak',
        'login',
        'mongodb',
        'mysql',
        'nextcloud',
        'nginx',
        'openvpn',
        'pam',
        'postfix',
        'postgres',
        'proftpd',
        'rabbitmq',
        'roundcube',
        'samba',
        'pure-ftpd',
        'sendmail',
        'sshd',
        'su',
        'sudo',
        'vsftpd',
        'web',
        'xrdp',
      ].sort(),
    );
    expect(new Set(lines.map((l) => l.layout))).toEqual(new Set(LAYOUTS));
  });

  it('holds out a set written apart (messages-heldout.tsv), not a third of the tuned messages', () => {
    const all = authLines();
    const tunedMessages = new Set(lines.map((l) => l.message));
    const heldOut = all.filter((l) => l.split === 'held-out');
    expect(heldOut.length).toBeGreaterThan(400);
    expect(heldOut.filter((l) => tunedMessages.has(l.message))).toEqual([]);
  });

  it.each(DAEMONS)('%s: at least 90%% of the failures are keyed by their client (or local user)', (daemon) => {
    const d = new BruteForceDetector();
    const mine = lines.filter((l) => l.daemon === daemon && l.kind === 'F');
    const wrong = mine.filter((l) => d.failureKey(record(l)) !== l.client.toLowerCase()).map((l) => `${d.failureKey(record(l))} <- ${l.line}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(1 - wrong.length / mine.length, wrong.join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('never counts a normal line, and raises no signal on them repeated 20 times in 20 s', () => {
    const d = new BruteForceDetector();
    const normal = lines.filter((l) => l.kind === 'N');
    expect(normal.filter((l) => d.failureKey(record(l)) !== undefined).map((l) => l.line)).toEqual([]);
    const out: Signal[] = [];
    for (let r = 0; r < 20; r++) for (const l of normal) d.observe(record(l, T0 + r * 1000), out);
    expect(out).toEqual([]);
  });
});

describe('syslogBodyStart', () => {
  it('skips the header of BSD, ISO, journald short-iso and RFC 5424 lines', () => {
    for (const line of [
      'Dec  1 10:00:01 10.0.3.8 sshd[1]: MSG',
      'Dec 11 10:00:01 host postfix/smtpd[9]: MSG',
      '2026-12-01T10:00:01.123456+00:00 10.0.3.8 sshd[1]: MSG',
      '2026-12-01T10:00:01+0000 host sshd[1]: MSG',
      '<38>1 2026-12-01T10:00:01Z 10.0.3.8 sshd 12 - - MSG',
      '<38>1 2026-12-01T10:00:01Z host app 12 ID47 [x@1 a="b"] MSG',
    ])
      expect(line.slice(syslogBodyStart(line))).toBe('MSG');
  });
  it('returns 0 for a bare message', () => {
    for (const line of ['Failed password for root from 1.2.3.4 port 22 ssh2', '198.51.100.7 - - [01/Dec/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1', 'Dec']) expect(syslogBodyStart(line)).toBe(0);
  });
  it('keeps an address in the header from being taken for the client', () => {
    expect(clientFromMessage('Dec  1 10:00:01 10.0.3.8 sshd[1]: Connection closed by authenticating user root 198.51.100.5 port 4 [preauth]')).toBe('198.51.100.5');
    expect(clientFromMessage('Dec  1 10:00:01 10.0.3.8 sudo[1]: bob : 3 incorrect password attempts ; TTY=pts/0')).toBeUndefined();
  });
});
