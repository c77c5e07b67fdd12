import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// Database servers' failed logins whose client is a host name, and Exim's own outbound delivery
// refused by a remote server. Written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe("a MySQL account's host part is the client, a single name included", () => {
  it.each([
    ["2026-12-01T09:00:01.000001Z 31 [Note] [MY-010926] [Server] Access denied for user 'ann'@'localhost' (using password: YES)", 'localhost'],
    ["2026-12-01 09:00:02 40 [Warning] Access denied for user 'etl'@'db-proxy' (using password: NO)", 'db-proxy'],
    ["2026-12-01T09:00:03.000001Z 32 [Note] Access denied for user 'ann'@'build-7.ci.example.org' (using password: YES)", 'build-7.ci.example.org'],
    ["2026-12-01T09:00:04.000001Z 33 [Note] Access denied for user 'ann'@'192.0.2.71' (using password: YES)", '192.0.2.71'],
  ])('keyed by the host: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    '2026-12-01T09:00:05.000001Z 34 [Note] [MY-010454] [Server] A temporary password is generated for root@localhost: aB3dE5fG7h',
    "2026-12-01 09:00:06 41 [Warning] Aborted connection 9 to db: 'shop' user: 'etl' host: 'localhost' (Got timeout reading communication packets)",
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe("PostgreSQL's log_line_prefix names the client host: %r before FATAL, client=%h", () => {
  it.each([
    ['2026-12-01 09:01:00.100 UTC [4410] ann@crm laptop-3.corp.example(50114) FATAL:  password authentication failed for user "ann"', 'laptop-3.corp.example'],
    ['2026-12-01 09:01:01.100 UTC [4411] bob@crm 192.0.2.72(50115) FATAL:  password authentication failed for user "bob"', '192.0.2.72'],
    ['2026-12-01 09:01:02 UTC [4412]: [1-1] user=cat,db=crm,app=psql,client=reports.example.net FATAL:  password authentication failed for user "cat"', 'reports.example.net'],
    ['2026-12-01 09:01:03.100 UTC [4413] dan@crm [local] FATAL:  password authentication failed for user "dan"', 'user:dan'],
  ])('keyed by the client: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    '2026-12-01 09:01:04.100 UTC [4414] ann@crm laptop-3.corp.example(50116) FATAL:  database "crn" does not exist',
    '2026-12-01 09:01:05.100 UTC [4415] ann@crm laptop-3.corp.example(50117) LOG:  connection authorized: user=ann database=crm',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe("Exim's own delivery refused by a remote server is not a client's failure", () => {
  it.each([
    '1xY2zA-000BcD-Ef ** bob@example.org R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.73]: SMTP error from remote mail server after RCPT TO:<bob@example.org>: 550 5.1.1 User unknown',
    '1xY2zA-000BcD-Eg == carol@example.org R=dnslookup T=remote_smtp defer (-44) H=mx2.example.org [198.51.100.74]: SMTP error from remote mail server after RCPT TO:<carol@example.org>: 450 4.1.1 User unknown',
    'exim[77]: mail.x ** dave@example.org H=mx.example.org [198.51.100.75]: SMTP error from remote mail server after RCPT TO:<dave@example.org>: 550 User unknown',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    ['dovecot_login authenticator failed for (win7) [198.51.100.76]:50123: 535 Incorrect authentication data (set_id=eve)', '198.51.100.76'],
    ['H=(helo.example) [198.51.100.77] F=<a@example.net> rejected RCPT <nobody@example.com>: 550 User unknown', '198.51.100.77'],
  ])('still a failure: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("Dovecot's LDAP passdb refusing a password (LDAP result 49)", () => {
  it.each([
    ['dovecot: auth: ldap(ann@example.org,198.51.100.78,<Ab12Cd34>): invalid credentials', '198.51.100.78'],
    ['dovecot[9]: auth-worker(77): ldap(bob,2001:db8::79): invalid credentials', '2001:db8::79'],
  ])('keyed by the client: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each(['app[3]: the login form showed invalid credentials to a user', 'dovecot: auth: ldap(ann@example.org,198.51.100.80,<Ab12Cd35>): Password changed'])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});
