import { describe, expect, it } from 'vitest';
import { bsdSuFailure, refusedLogin, userFromMessage } from '../../src/security/auth-failure.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { clientFromMessage } from '../../src/security/client-address.js';
import { ev } from './helpers.js';

describe('clients and users daemons name in quotes or after database markers', () => {
  it('reads a quoted client after FROM, MySQL user@host and PostgreSQL host "..."', () => {
    expect(clientFromMessage("FAILED LOGIN (1) on '/dev/pts/1' FROM 'remote.example.org' FOR 'oscar', Authentication failure")).toBe('remote.example.org');
    expect(clientFromMessage("Access denied for user 'svc'@'app-3.example.internal' (using password: YES)")).toBe('app-3.example.internal');
    expect(clientFromMessage("Access denied for user 'b'@'2001:db8:9::124' (using password: NO)")).toBe('2001:db8:9::124');
    expect(clientFromMessage('FATAL:  no pg_hba.conf entry for host "203.0.113.126", user "root", database "root", no encryption')).toBe('203.0.113.126');
    expect(clientFromMessage('FAILED LOGIN 1 FROM tty1 FOR nina, Authentication failure')).toBeUndefined();
  });
  it('reads the user of login(1), su and PostgreSQL failures without a client', () => {
    expect(userFromMessage('FAILED LOGIN 2 FROM tty3 FOR frank, Authentication failure')).toBe('user:frank');
    expect(userFromMessage("TOO MANY LOGIN TRIES (5) on '/dev/tty5' FOR 'quinn'")).toBe('user:quinn');
    expect(userFromMessage('BAD SU paul to root on /dev/pts/5')).toBe('user:paul');
    // BSD su's failure is looked for in the first 2048 characters only (as documented)
    expect(bsdSuFailure('BAD SU paul to root on /dev/pts/5')).toBe(true);
    expect(bsdSuFailure(`${'x'.repeat(2041)}BAD SU paul`)).toBe(true);
    expect(bsdSuFailure(`${'x'.repeat(2048)}BAD SU paul`)).toBe(false);
    expect(userFromMessage('FATAL:  password authentication failed for user "admin"')).toBe('user:admin');
  });
});

describe('failure phrases of login(1), sudo, JSch and database servers', () => {
  const d = new BruteForceDetector();
  it.each([
    ['TOO MANY LOGIN TRIES (3) FROM tty4 FOR paul, Authentication failure', 'user:paul'],
    ['    paul : user NOT authorized on host ; TTY=pts/4 ; PWD=/home/paul ; USER=root ; COMMAND=/bin/sh', 'user:paul'],
    ['    paul : command not allowed ; TTY=pts/4 ; PWD=/home/paul ; USER=root ; COMMAND=/bin/sh', 'user:paul'],
    ['   quinn : a password is required ; TTY=unknown ; PWD=/srv ; USER=root ; COMMAND=/bin/ls', 'user:quinn'],
    ['error: Received disconnect from 203.0.113.131 port 5001:3: com.jcraft.jsch.JSchException: Auth fail [preauth]', '203.0.113.131'],
    ["2026-12-01T09:00:00.000000Z 8 [Note] Access denied for user 'web'@'203.0.113.123' (using password: YES)", '203.0.113.123'],
    ['2026-12-01 09:00:04.000 UTC [3005] 203.0.113.127(40001) root@root FATAL:  role "root" does not exist', '203.0.113.127'],
  ])('%s -> %s', (message, key) => {
    expect(d.failureKey(ev({}, message))).toBe(key);
  });
  it('does not count the normal lines next to them', () => {
    for (const m of [
      'sudo: unable to resolve host db-9: Name or service not known',
      'LOGIN ON tty1 BY nina',
      "ROOT LOGIN  on '/dev/tty3'",
      'LOG:  connection authorized: user=web database=shop',
      'Successful su for root by paul',
    ])
      expect(d.failureKey(ev({}, m)), m).toBeUndefined();
  });
});

describe('HTTP 401 answers', () => {
  const d = new BruteForceDetector();
  const line = (method: string, user: string, status: number, path = '/private/') => `198.51.100.7 - ${user} [01/Dec/2026:10:00:00 +0000] "${method} ${path} HTTP/1.1" ${status} 10 "-" "Mozilla/5.0"`;
  it('count when credentials were sent: a user name, or any method but GET, HEAD and OPTIONS', () => {
    expect(d.failureKey(ev({}, line('GET', 'carol', 401)))).toBe('198.51.100.7');
    expect(d.failureKey(ev({}, line('POST', '-', 401, '/login')))).toBe('198.51.100.7');
    expect(d.failureKey(ev({}, line('PUT', '-', 401, '/api/v1/login')))).toBe('198.51.100.7');
    expect(d.failureKey(ev({ 'client.address': '198.51.100.8', 'http.response.status_code': 401 }))).toBe('198.51.100.8');
    expect(d.failureKey(ev({ 'client.address': '198.51.100.8', 'http.request.method': 'POST', 'http.response.status_code': 401 }))).toBe('198.51.100.8');
  });
  it('do not count a GET that sent none (a Basic-auth challenge, a logged-out page asking who is logged in)', () => {
    expect(d.failureKey(ev({}, line('GET', '-', 401)))).toBeUndefined();
    expect(d.failureKey(ev({}, line('GET', '-', 401, '/api/session')))).toBeUndefined();
    expect(d.failureKey(ev({ 'client.address': '198.51.100.8', 'http.request.method': 'GET', 'http.response.status_code': 401 }))).toBeUndefined();
    expect(d.failureKey(ev({ req: { method: 'HEAD', remoteAddress: '198.51.100.8' }, res: { statusCode: 401 } }))).toBeUndefined();
    // the method in any case: a lower-case OPTIONS preflight is no more a login than an upper-case one
    for (const m of ['get', 'Head', 'options', 'Options']) expect(refusedLogin(401, m, '', '/api/session'), m).toBe(false);
    expect(refusedLogin(401, 'post', '', '/login')).toBe(true);
  });
  it('a 403 counts on a login endpoint only', () => {
    expect(refusedLogin(403, 'POST', '', '/wp-login.php')).toBe(true);
    expect(refusedLogin(403, 'POST', '', '/admin/reports')).toBe(false);
    expect(refusedLogin(404, 'POST', 'bob', '/login')).toBe(false);
  });
});

describe('Postfix and Sendmail delivery reports are about outgoing mail', () => {
  const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));
  it.each([
    '4F1A22C0B7: to=<jo@example.org>, relay=mail.example.org[192.0.2.40]:25, delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host mail.example.org[192.0.2.40] said: 550 5.1.1 <jo@example.org>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command))',
    '4F1A22C0B7: to=<jo@example.org>, relay=none, delay=30, dsn=4.4.1, status=deferred (connect to mail.example.org[192.0.2.40]:25: authentication failed)',
    'wB1AbC12345678: to=<ann@example.net>, delay=00:00:01, mailer=esmtp, relay=mx.example.net. [198.51.100.8], dsn=5.1.1, stat=User unknown',
  ])('not a failure: %s', (message) => {
    expect(key(message)).toBeUndefined();
  });
  it('a SASL failure of the same daemon still counts', () => {
    expect(key('warning: unknown[203.0.113.50]: SASL LOGIN authentication failed: UGFzc3dvcmQ6')).toBe('203.0.113.50');
  });
});
