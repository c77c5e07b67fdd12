import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// Review rev11 of auth11's failure classes (reverted after it): lines written for these tests, kept as guards for
// the next attempt at those classes. Each case failed with auth11's classes and passes without them.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('rev11: an attacker-chosen value holding a new failure phrase frames the address in it', () => {
  it.each([
    // Postfix: the HELO name is the client's own text
    'postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[203.0.113.5]: 450 4.7.1 <x@example.org>: Recipient address rejected: greylisted; from=<a@example.com> to=<x@example.org> proto=ESMTP helo=<Failed SMTP login from 198.51.100.66>',
    // Exim: the HELO name in H=(...)
    'exim[1]: H=(Failed SMTP login from 198.51.100.66) [203.0.113.5] F=<a@example.com> rejected RCPT <x@example.org>: relay not permitted',
    // Dovecot: a successful login whose user name is the phrase
    'dovecot: imap-login: Login: user=<Failed IMAP login from 198.51.100.66>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1',
  ])('%s', (m) => {
    expect(key(m)).not.toBe('198.51.100.66');
  });
});

describe('rev11: normal lines now counted as failures', () => {
  it.each([
    // a failed-login counter on a success record (JSON and key=value)
    '{"msg":"login ok","user":"bob","failed_login":0,"client_ip":"203.0.113.5"}',
    'app[1]: login ok user=bob failed_login=0 client=203.0.113.5',
    // a config key / metric name ending in failed_login (no check before the phrase)
    'app[1]: config max_failed_login: 5 reload requested by 203.0.113.5',
    '{"level":"info","msg":"settings saved","key":"lockout.failed_login","client_ip":"203.0.113.5"}',
    // high-availability `failed over`, and a word ending in -ly that is no adverb
    'slapd[1]: Authentication was failed over to ldap2 for request from 203.0.113.5',
    'app[1]: Authentication has failed over to secondary directory 10.0.0.5',
    'app[1]: Authentication assembly failed to load for request from 203.0.113.5',
    'app[1]: Authentication previously failed for bob from 203.0.113.5; now accepted',
    // `password was incorrect` with no word end: `incorrectly`
    'app[1]: migration from 203.0.113.5: legacy password was incorrectly salted, rehashed',
    // a rejected connection whose reason mentions a password but refuses none
    'voice[1]: Rejected connection from 203.0.113.5:4364: Server is full (password users 10/10)',
    'srv[1]: Rejected connection from 203.0.113.5: TLS required for password authentication',
    // sshd success whose user name holds a new phrase
    'sshd[1]: Accepted password for Failed SMTP login from 198.51.100.66 from 203.0.113.5 port 22 ssh2',
    'sshd[1]: Accepted password for Rejected connection from 198.51.100.66: password from 203.0.113.5 port 22 ssh2',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe('rev11: a user name written `<address>::<port>` is now read as the client', () => {
  it.each([
    'app[1]: Authentication failed for user 198.51.100.66::5900',
    'app[1]: password is incorrect for user 198.51.100.66::25',
    'app[1]: login failed user=198.51.100.66::22',
    '{"event":"login_failed","username":"198.51.100.66::22","note":"x"}',
  ])('%s', (m) => {
    expect(key(m)).not.toBe('198.51.100.66');
  });
});

describe('rev11: a nested, client-chosen request field named `<prefix>_<client name>` is read before the real client field', () => {
  it.each([
    '{"event":"login_failed","q":{"user_remote_address":"198.51.100.66"},"client_ip":"203.0.113.5"}',
    '{"event":"login_failed","data":{"http_request_client_ip":"198.51.100.66"},"client_ip":"203.0.113.5"}',
  ])('%s', (m) => {
    expect(key(m)).toBe('203.0.113.5');
  });

  it('an OpenSearch audit record (not recognised as a failure without auth11) never keys the query parameter', () => {
    expect(key('{"audit_category":"FAILED_LOGIN","audit_rest_request_params":{"user_remote_address":"198.51.100.66"},"audit_request_remote_address":"203.0.113.5"}')).not.toBe('198.51.100.66');
  });
});

describe('rev11: a mail subject, a query text or an application name holding a new phrase', () => {
  it.each([
    // Exim arrival line with +subject: anyone on the internet picks the subject
    'exim: 2026-12-01 1abc-000001-AB <= a@example.com H=(x) [203.0.113.5] P=esmtpa A=login:bob S=512 T="Re: Failed SMTP login from 198.51.100.66"',
    // PostgreSQL log_statement=all: a SIEM querying its own table
    "postgres[1]: LOG:  statement: SELECT * FROM audit WHERE kind = 'FAILED_LOGIN' AND ip = '198.51.100.66'",
    'postgres[1]: ERROR:  relation "failed_login" does not exist at character 15 STATEMENT: SELECT * FROM failed_login WHERE ip = \'198.51.100.66\'',
  ])('%s', (m) => {
    expect(key(m)).not.toBe('198.51.100.66');
  });
});

describe('rev11: more normal lines counted: FAILED_LOGIN named in prose, verdict words that are no verdict', () => {
  it.each([
    'postgres[1]: LOG:  connection authorized: user=bob database=x host=203.0.113.5 application_name=FAILED_LOGIN',
    'app[1]: Cleared FAILED_LOGIN flag for bob from 203.0.113.5 after password reset',
    'app[1]: No FAILED_LOGIN events from 203.0.113.5 in the last hour',
    '{"level":"info","msg":"template rendered","template":"email/failed_login","client_ip":"203.0.113.5"}',
    'app[1]: Authentication had failed 0 times for bob from 203.0.113.5',
    'app[1]: Authentication has failed to start: cannot bind 0.0.0.0:389 (requested by 203.0.113.5)',
    'app[1]: Authentication partially failed over to replica 10.0.0.7',
    'app[1]: Authentication rarely failed for 203.0.113.5 this week (0.01%)',
    'app[1]: Authentication hourly failed total=0 src=203.0.113.5',
    'app[1]: Authentication daily rejected count 0 for 203.0.113.5',
    'app[1]: help: "Authentication was rejected" means your token expired; client 203.0.113.5',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe('rev11: a `Rejected connection from` or protocol phrase in a client-typed value', () => {
  it.each([
    'dovecot: imap-login: Login: user=<Rejected connection from 198.51.100.66: password>, method=PLAIN, rip=203.0.113.5, lip=10.0.0.1',
    'app[1]: user "Rejected connection from 198.51.100.66: password" logged in',
    'apache: [core:error] [pid 1] [client 203.0.113.5:5000] AH00126: Invalid URI in request GET /Failed SMTP login from 198.51.100.66 HTTP/1.1',
    '{"level":"info","msg":"search","q":"Authentication finally failed 198.51.100.66"}',
  ])('%s', (m) => {
    expect(key(m)).not.toBe('198.51.100.66');
  });

  it.each([
    'sshd[1]: Received disconnect from 203.0.113.5 port 22:11: Failed SMTP login from 198.51.100.66 [preauth]',
    'sshd[1]: Received disconnect from 203.0.113.5 port 22:11: FAILED_LOGIN [preauth]',
    'nginx: 2026/12/01 00:00:00 [error] 1#1: *1 open() "/x" failed (2: No such file), client: 203.0.113.5, server: x, request: "GET /x HTTP/1.1", referrer: "Failed SMTP login from 198.51.100.66"',
    '{"level":"info","msg":"signup","display_name":"Failed SMTP login from 198.51.100.66","client_ip":"203.0.113.5"}',
    '{"level":"info","msg":"signup","display_name":"FAILED_LOGIN","client_ip":"203.0.113.5"}',
    '{"level":"info","msg":"search","q":"password was incorrect","client_ip":"203.0.113.5"}',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});
