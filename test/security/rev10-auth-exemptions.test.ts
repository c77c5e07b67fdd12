import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// rev10: a client hiding its own failed logins behind auth10's exemptions (7e57a50, baa875a, ea10fe3) by typing
// the markers in a field it controls (a user name, a database name, an application name). Each line counted its
// client before auth10 (6b78752^1) and must still. Lines written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('rev10 R1: `<peer> login failed:` typed in a name before the daemon phrase (peerLoginFailed has no typed check)', () => {
  it.each([
    // a Basic user name holds no `:`; Apache's own `: ` after the name completes the marker
    [
      'httpd[1]: [Mon Dec 01 10:00:00.000000 2026] [auth_basic:error] [pid 1] [client 203.0.113.5:5000] AH01617: user x, server login failed: authentication failure for "/": Password Mismatch',
      '203.0.113.5',
    ],
    [
      'httpd[1]: [Mon Dec 01 10:00:00.000000 2026] [auth_basic:error] [pid 1] [client 203.0.113.5:5000] AH01617: user x, backend authentication failed: authentication failure for "/": Password Mismatch',
      '203.0.113.5',
    ],
    ['vsftpd[1]: [pid 123] [x, server login failed: y] FAIL LOGIN: Client "203.0.113.5"', '203.0.113.5'],
    ['proftpd[1]: example.org (203.0.113.5[203.0.113.5]) - USER x, server login failed: y (Login failed): Incorrect password', '203.0.113.5'],
    // PostgreSQL: log_line_prefix '%m [%p] %h %u@%d ' / '… app=%a,client=%h ': the database and application names are the client's
    ['postgres[1]: 2026-12-01 10:00:00 UTC [123] 203.0.113.11 app@x, server login failed: FATAL:  password authentication failed for user "app"', '203.0.113.11'],
    ['postgres[1]: 2026-12-01 10:00:00 UTC [123]: db=shop,app=x, server login failed:,client=203.0.113.11 FATAL:  password authentication failed for user "app"', '203.0.113.11'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('rev10 R2: `SQL connection failed:` typed in a name that holds the phrase too (the bracket check wants the close before the phrase)', () => {
  it.each([
    ['vsftpd[1]: [pid 123] [SQL connection failed: Access denied for user x] FAIL LOGIN: Client "203.0.113.5"', '203.0.113.5'],
    // a database name right before the server's FATAL (Debian's prefix ends '%u@%d ')
    ['postgres[1]: 2026-12-01 10:00:00 UTC [123] 203.0.113.11 app@SQL connection failed: FATAL:  password authentication failed for user "app"', '203.0.113.11'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('rev10 R3: a mail header name typed in a name right before the phrase (no user word, or a bracketed name holding `]`)', () => {
  it.each([
    ['vsftpd[1]: [pid 123] [a] Subject: x] FAIL LOGIN: Client "203.0.113.5"', '203.0.113.5'],
    ['vsftpd[1]: [pid 123] [a] To: "x] FAIL LOGIN: Client "203.0.113.5"', '203.0.113.5'],
    // PostgreSQL: the client's database name right before the server's FATAL
    ['postgres[1]: 2026-12-01 10:00:00 UTC [123] 203.0.113.11 app@a, Subject: x FATAL:  password authentication failed for user "app"', '203.0.113.11'],
    ['postgres[1]: 2026-12-01 10:00:00 UTC [123] 203.0.113.11 app@a, From: <x FATAL:  password authentication failed for user "app"', '203.0.113.11'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("rev10 R4: ` from backend:` typed in a name with no daemon ` from ` / ` port ` after it (the typed span ends at the client's own ` from `)", () => {
  it('Dovecot login process, user=< from backend:>', () => {
    expect(key('dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=< from backend:>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1, TLS, session=<abc>')).toBe('203.0.113.5');
  });
});

describe('rev10 R5: a user name ending `version` / `(version` / `v` right before the address moves the failure off the client', () => {
  it.each([
    'sshd[1]: Connection closed by invalid user x, version 203.0.113.5 port 22 [preauth]',
    'sshd[1]: Connection closed by invalid user x (version 203.0.113.5 port 22 [preauth]',
    'sshd[1]: Connection closed by invalid user v203.0.113.5 port 22 [preauth]',
    'sshd[1]: Disconnected from invalid user x, version 203.0.113.5 port 22 [preauth]',
  ])('%s', (m) => {
    expect(key(m)).toBe('203.0.113.5');
  });
});
