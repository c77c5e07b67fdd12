import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// Lines that carry a failure phrase about something other than a login to this host: our own mail
// client refused by a remote server, a phrase inside a client's request line or URL. Written for
// these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe("a remote server refusing our outbound mail client is not a client's failure", () => {
  it.each([
    'postfix/smtp[900]: 1A2B3C4D5E: SASL authentication failed; server smtp.relay.example[203.0.113.40] said: 535 5.7.8 Error: authentication failed: bad credentials',
    'postfix/smtp[901]: SASL authentication failed; cannot authenticate to server relay.example.net[198.51.100.41]: no mechanism available',
    'Dec  1 10:00:00 mx postfix/smtp[902]: 1A2B3C4D5F: SASL authentication failed; server mx.example.com[2001:db8::42] said: 535 Authentication failed',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    ['postfix/smtpd[903]: warning: unknown[198.51.100.43]: SASL LOGIN authentication failed: authentication failure', '198.51.100.43'],
    ['postfix/submission/smtpd[904]: warning: mail.bad.example[203.0.113.44]: SASL PLAIN authentication failed:', '203.0.113.44'],
    ['nginx: [error] 1#1: *2 user "bob": password mismatch, client: 198.51.100.45, server: example.com, request: "GET / HTTP/1.1"', '198.51.100.45'],
    ['dovecot: auth: passwd-file(bob,198.51.100.46): unknown user (server check)', '198.51.100.46'],
  ])('still a failure: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("a phrase inside a client's request line or URL is the client's text", () => {
  it.each([
    '192.0.2.50 - - [01/Dec/2026:10:02:13 +0000] "GET /docs/errors HTTP/1.1" 200 512 "https://support.example.com/kb/login failed after upgrade" "Mozilla/5.0"',
    'nginx: [error] 1#1: *3 open() "/srv/x" failed (2: No such file or directory), client: 192.0.2.51, server: example.com, request: "GET /help/invalid user names HTTP/1.1"',
    '192.0.2.52 - - [01/Dec/2026:10:02:14 +0000] "POST /login HTTP/1.1" 502 150 "-" "Mozilla/5.0"',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    ['198.51.100.53 - - [01/Dec/2026:10:02:15 +0000] "POST /login HTTP/1.1" 401 58 "-" "curl/8"', '198.51.100.53'],
    ['sshd[905]: Failed password for invalid user "GET" from 198.51.100.54 port 4000 ssh2', '198.51.100.54'],
    ['postgres[906]: FATAL:  password authentication failed for user "bob" (client 198.51.100.55)', '198.51.100.55'],
  ])('still a failure: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('an incoming recipient rejection still counts (mailbox enumeration, as fail2ban bans it)', () => {
  it('Postfix RCPT from x[ip]: 550 ... User unknown', () => {
    expect(key('postfix/smtpd[907]: NOQUEUE: reject: RCPT from unknown[198.51.100.56]: 550 5.1.1 <x@example.org>: Recipient address rejected: User unknown in local recipient table')).toBe(
      '198.51.100.56',
    );
  });
});

describe('a 401 to a path that ends or renews a session is an expired session', () => {
  it.each([
    '192.0.2.60 - - [01/Dec/2026:10:02:15 +0000] "POST /logout HTTP/1.1" 401 0 "-" "Mozilla/5.0"',
    '192.0.2.61 - - [01/Dec/2026:10:02:16 +0000] "POST /api/v1/auth/token/refresh HTTP/1.1" 401 64 "-" "Mozilla/5.0"',
    '192.0.2.62 - - [01/Dec/2026:10:02:17 +0000] "DELETE /users/sign_out HTTP/1.1" 401 0 "-" "Mozilla/5.0"',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    ['198.51.100.60 - - [01/Dec/2026:10:02:18 +0000] "POST /api/v1/auth/token HTTP/1.1" 401 64 "-" "curl/8"', '198.51.100.60'],
    ['198.51.100.61 - bob [01/Dec/2026:10:02:19 +0000] "POST /logout HTTP/1.1" 401 0 "-" "curl/8"', '198.51.100.61'],
    ['198.51.100.62 - - [01/Dec/2026:10:02:20 +0000] "POST /login HTTP/1.1" 401 0 "-" "curl/8"', '198.51.100.62'],
  ])('still a failure: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});
