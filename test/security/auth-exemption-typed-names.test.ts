import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// auth10fix: the markers of auth10's exemptions (our login to a peer, our connection's relayed error, a backend's
// message, a mail header, a version) typed by a client into a name it controls stay the client's failure; the
// daemons' own relays stay exempt. Lines written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('a marker inside a name the client typed is no exemption', () => {
  it.each([
    ['nginx[1]: 2026/12/01 10:00:00 [error] 1#1: *1 user "x, server login failed: y": password mismatch, client: 203.0.113.5, server: a, request: "GET / HTTP/1.1"', '203.0.113.5'],
    ['vsftpd[1]: [pid 123] [connection to server x failed: Access denied for user y] FAIL LOGIN: Client "203.0.113.6"', '203.0.113.6'],
    ['vsftpd[1]: [pid 123] [x (backend login failed: y)] FAIL LOGIN: Client "203.0.113.7"', '203.0.113.7'],
    ['vsftpd[1]: [pid 123] [a] From: <x] FAIL LOGIN: Client "203.0.113.8"', '203.0.113.8'],
    ['dovecot: imap-login: Disconnected (auth failed, 1 attempts in 2 secs): user=<a from the backend,>, method=PLAIN, rip=203.0.113.9, lip=10.0.0.1', '203.0.113.9'],
    ['sshd[1]: Failed password for invalid user version 203.0.113.10 port 22 ssh2', '203.0.113.10'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("the daemons' own relays stay exempt", () => {
  it.each([
    'pgbouncer[1]: 2026-12-01 10:00:00.000 UTC [51] LOG S-0x55d0c1a2b3c4: shop/app@10.0.3.18:5432 closing because: server login failed: FATAL password authentication failed for user "app" (age=0s)',
    'report[1]: psql: error: connection to server at "db.example.org" (10.0.0.5), port 5432 failed: FATAL:  password authentication failed for user "report"',
    "ejabberd[1]: 2026-12-01 10:00:00.000 [error] <0.1.0>@ejabberd_sql:connecting/2:353 SQL connection failed: Access denied for user 'ejabberd'@'10.0.1.12' (using password: YES)",
    '[01/Dec/2026 10:00:00] Recv: Queue-ID: 1a2b, Service: SMTP, From: <ops@example.org>, To: <admin@example.com>, Sender-Host: 203.0.113.40, Subject: [ALERT] failed login alerts',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});
