import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import type { Signal } from '../../src/core/signal.js';
import { typedByClient } from '../../src/security/generic-auth-failure.js';
import { ev } from './helpers.js';
import { countWork } from './work-counter.js';

// The generic failure phrasing of daemons with no rule of their own (generic-auth-failure.ts) and the
// classes of look-alike lines that are not a client's credential refused. Lines written for these
// tests, of products that are in no fixture (Gerrit, Rundeck, Nexus, Portainer, Minio, Graylog, ...).
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('generic failure phrasing, keyed by the client in any layout', () => {
  it.each([
    ['gerrit: [HTTP-113] WARN com.google.gerrit.httpd.auth: Authentication error for user mallory from 198.51.100.1', '198.51.100.1'],
    ['rundeck: Login attempt failed: user=admin, remote_addr=198.51.100.2', '198.51.100.2'],
    ['nexus: 2026-12-01 10:00:00,000+0000 WARN [qtp-1] *UNKNOWN org.sonatype.nexus.security: Bad credentials for user admin, client ip: 198.51.100.3', '198.51.100.3'],
    ['portainer: 2026/12/01 10:00:00 http error: Invalid credentials (err=Unauthorized) (code=422) src=198.51.100.4:51000', '198.51.100.4'],
    ['{"level":"warn","msg":"Failed to log in","user":"bob","remote_ip":"198.51.100.5"}', '198.51.100.5'],
    ['graylog: Invalid username or password for user "admin" from [2001:db8::6]:51000', '2001:db8::6'],
    ['app[1]: wrong password for user carol from ::ffff:198.51.100.7 port 51000', '198.51.100.7'],
    [
      'minio: {"level":"ERROR","error":{"message":"Access Denied.","source":["cmd/auth-handler.go"]},"remotehost":"198.51.100.8","requestID":"1","errKind":"ALL","api":{"name":"AssumeRole"},"msg":"Account does not exist"}',
      '198.51.100.8',
    ],
    ['radiusd[1]: Login incorrect (mschap: MS-CHAP2-Response is incorrect): [bob] (from client wifi port 0 cli 198.51.100.9)', '198.51.100.9'],
    ['app: login failure for user admin from gw.example.net (198.51.100.11) via web', '198.51.100.11'],
    ['appliance: Account is locked. Login rejected for admin from 198.51.100.12', '198.51.100.12'],
    ['{"eventType":"user.authentication.sso","outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},"client":{"ipAddress":"198.51.100.13"}}', '198.51.100.13'],
    ['{"event":{"action":"user_login","outcome":"failure"},"source":{"ip":"198.51.100.14"}}', '198.51.100.14'],
    ['{"verb":"get","sourceIPs":["198.51.100.15"],"responseStatus":{"status":"Failure","reason":"Unauthorized","code":401}}', '198.51.100.15'],
    ["switch: %AUTH-5-LOGIN: User 'admin' authentication for console session from 198.51.100.16 Failed", '198.51.100.16'],
    ['media: Authentication request for "bob" was rejected (IP: "198.51.100.17")', '198.51.100.17'],
    ['1796119201.123 0 198.51.100.18 TCP_DENIED/407 4102 GET http://example.com/ bob HIER_NONE/- text/html', '198.51.100.18'],
    ['cms: Authentication attempt from 198.51.100.19 for user "bob" failed.', '198.51.100.19'],
    ['cms: Blocked authentication attempt for admin from 198.51.100.20', '198.51.100.20'],
    ['review: [2026-12-01 10:00:01,123 +0000] 7a1b2c3d admin a/- AUTH FAILURE FROM 198.51.100.21 user-not-found', '198.51.100.21'],
    ["fw: \"failed authentication for user 'bob'. auth profile 'LDAP', server address '10.0.0.5', From: 198.51.100.22.\"", '198.51.100.22'],
    ['fw: id=firewall fw=203.0.113.1 msg="User login denied due to bad credentials" usr="bob" src=198.51.100.23:51235:X1 dst=203.0.113.1:4433:X1', '198.51.100.23'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it('keys a locked account naming no client by its user', () => {
    expect(key('WARN realm: An attempt was made to authenticate the locked user [Kim]')).toBe('user:kim');
  });
});

describe('look-alike lines that are not a client failing to log in', () => {
  it.each([
    // outbound: our side refused somewhere
    "ci: stderr: remote: Invalid username or password. fatal: Authentication failed for 'https://git.example.com/acme/app.git/'",
    'ci: ERROR: Failed to authenticate as deploy to agent 10.0.5.21:22 with the provided credentials',
    'firewall: /rc.sync: Unable to authenticate to the XMLRPC sync peer 10.0.0.3: Authentication failed',
    'mailer: SMTP authentication failed: server smtp.example.com said 535 5.7.8 Error: authentication failed',
    'updater: license authentication failed: server 203.0.113.9 did not answer',
    "pve: authentication failure for storage 'nas': mount error: 10.0.9.5:/export: Permission denied",
    'rpd: BGP peer 10.0.0.4 (External AS 65001) changed state: authentication failure on TCP-MD5',
    "sql: Login failed for linked server 'REPORTS' (10.0.6.3): the remote server rejected the credentials",
    'vault: ldap bind of the service account failed: url=ldaps://ldap.example.com error="Invalid Credentials" addr=10.0.1.9',
    'proxy: upstream authentication failed for 10.0.7.7:8080',
    // a database client's own exception
    "realm: SEVERE Exception performing authentication: Access denied for user 'app'@'10.0.4.5' (using password: YES)",
    "php: PDOException: SQLSTATE[HY000] [1045] Access denied for user 'www'@'10.0.4.6' (using password: YES)",
    // a summary after failures, a success after retries
    'panel: Security alert from 198.51.100.30 : blocked after 5 failed logins for root',
    'app: bob logged in from 198.51.100.31 after 3 failed login attempts',
    // not an authentication outcome
    '{"eventType":"user.lifecycle.deactivate","outcome":{"result":"FAILURE"},"client":{"ipAddress":"198.51.100.32"}}',
    'proxy: 1796119201.123 0 198.51.100.33 TCP_DENIED/407 4102 GET http://example.com/ - HIER_NONE/- text/html',
    "switch: User 'bob' authentication for SSH2 Session from 198.51.100.34 Succeeded",
    'media: Authentication request for "bob" has succeeded (IP: "198.51.100.35")',
    'app: quoted the word "Unauthorized" in a message from 198.51.100.36',
    'cms: Authentication attempt from 198.51.100.37 for user "bob" succeeded.',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it('raises no signal when such lines repeat', () => {
    const d = new BruteForceDetector();
    const out: Signal[] = [];
    const m = 'firewall: /rc.sync: Unable to authenticate to the XMLRPC sync peer 10.0.0.3: Authentication failed';
    for (let i = 0; i < 20; i++) d.observe(ev({}, m, i * 1000), out);
    expect(out).toEqual([]);
  });
});

describe('the not-a-failure checks do not read into a user name the client typed', () => {
  it.each([
    ['sshd[1]: Failed password for invalid user server a[1] from 198.51.100.40 port 22 ssh2', '198.51.100.40'],
    ['sshd[1]: Invalid user server mx[192.0.2.1] from 198.51.100.41 port 22', '198.51.100.41'],
    ['sshd[1]: Connection closed by authenticating user server a[1] 198.51.100.42 port 4 [preauth]', '198.51.100.42'],
    ['sshd[1]: Failed password for invalid user upstream from 198.51.100.43 port 22 ssh2', '198.51.100.43'],
    ['sshd[1]: Failed password for invalid user x server y said z from 198.51.100.44 port 22 ssh2', '198.51.100.44'],
    ['sshd[1]: Failed password for invalid user sync peer from 198.51.100.45 port 22 ssh2', '198.51.100.45'],
    ['pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.46  user=server a[1]', '198.51.100.46'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it('typedByClient: the span before the last ` from ` / ` port ` after the phrase, and after `user=`', () => {
    const t = 'Failed password for invalid user server a[1] from 1.2.3.4 port 22';
    expect(typedByClient(t, 0, t.indexOf('server'))).toBe(true);
    expect(typedByClient(t, 0, t.indexOf('port') + 5)).toBe(false);
    expect(typedByClient('SASL authentication failed; server mx[1.2.3.4] said: 535', 5, 28)).toBe(false);
  });
});

describe('the not-a-failure checks do not read into a user name the client typed before the phrase', () => {
  // bfcost: a marker of our own side failing (`upstream`, `sync peer`, `tcp-md5`, `server x[…]`) typed as the user name
  // of a daemon that writes it before the phrase made a real failure read as exempt
  it.each([
    ['[Tue Dec 01 10:00:00.000000 2026] [auth_basic:error] [pid 1] [client 198.51.100.50:5555] AH01617: user upstream: authentication failure for "/": Password Mismatch', '198.51.100.50'],
    ['[Tue Dec 01 10:00:00.000000 2026] [auth_basic:error] [pid 1] [client 198.51.100.51:5555] AH01617: user sync peer: authentication failure for "/": Password Mismatch', '198.51.100.51'],
    ['[Tue Dec 01 10:00:00.000000 2026] [auth_basic:error] [pid 1] [client 198.51.100.52:5555] AH01617: user server a[1]: authentication failure for "/": Password Mismatch', '198.51.100.52'],
    ['2026/12/01 10:00:00 [error] 12#12: *1 user "upstream": password mismatch, client: 198.51.100.53, server: example.com, request: "GET / HTTP/1.1"', '198.51.100.53'],
    ['Tue Dec  1 10:00:00 2026 [pid 2] [upstream] FAIL LOGIN: Client "198.51.100.54"', '198.51.100.54'],
    ['Tue Dec  1 10:00:00 2026 [pid 2] [tcp-md5] FAIL LOGIN: Client "198.51.100.55"', '198.51.100.55'],
    ['mail dovecot: auth: pam(upstream,198.51.100.56,<abc>): pam_authenticate() failed: Authentication failure (password mismatch?)', '198.51.100.56'],
    ['h proftpd[1]: h (198.51.100.57[198.51.100.57]) - USER upstream (Login failed): Incorrect password', '198.51.100.57'],
    ['app: user upstream: login attempt failed from 198.51.100.58', '198.51.100.58'],
    // after the phrase with no ` from ` / ` port ` after the name: the span after a `user` word is typed
    ['nexus: WARN org.sonatype.nexus.security: Bad credentials for user upstream, client ip: 198.51.100.59', '198.51.100.59'],
    ["app: Invalid credentials for USER 'remote server' (remote_addr=198.51.100.62)", '198.51.100.62'],
    ['app: login attempt failed, username=sync peer, src_ip=198.51.100.63', '198.51.100.63'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it('still exempts our own side named before the phrase', () => {
    expect(key('firewall: /rc.sync: Unable to authenticate to the XMLRPC sync peer 10.0.0.3: Authentication failed')).toBeUndefined();
  });
});

describe('a user name the daemon quotes ends at its closing quote', () => {
  // lead: our own database connection's error quoting the account (`for user "x" (SQLSTATE 28P01)`, also inside a quoted
  // string with escaped quotes) is not a client's failure; a client typing quotes and the marker in its name gains nothing
  it.each([
    'api[4]: db error: FATAL: password authentication failed for user "report" (SQLSTATE 28P01) server=198.18.2.4',
    'worker[9]: sync failed: error="ping failed: FATAL: password authentication failed for user \\"etl\\" (SQLSTATE 28P01)" host=198.18.2.5',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    ['postgres[1]: FATAL: password authentication failed for user "a" (SQLSTATE 28P01)" connection from 198.51.100.64', '198.51.100.64'],
    ["app: login failed for user 'x' sqlstate ' from 198.51.100.65", '198.51.100.65'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("an access-log line fails by its status, not by the client's words in it", () => {
  // bfcost: a user agent or an unquoted path holding a generic phrase keyed a 200 response as a failed login
  it.each([
    '203.0.113.9 - - [01/Dec/2026:10:00:00 +0000] "GET /help/wrong%20password HTTP/1.1" 200 512 "-" "Mozilla/5.0 (wrong password)"',
    '203.0.113.9 - - [01/Dec/2026:10:00:00 +0000] "GET /search?q=auth+failure HTTP/1.1" 200 512 "-" "Mozilla/5.0 auth failure"',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it('an error line quoting the request (no status) is still read for its phrase; a 401 still counts', () => {
    expect(key('2026/12/01 10:00:01 [error] 1#1: *6 user "bob": password mismatch, client: 198.51.100.60, server: x, request: "GET / HTTP/1.1", host: "x"')).toBe('198.51.100.60');
    expect(key('198.51.100.61 - bob [01/Dec/2026:10:00:00 +0000] "GET /admin HTTP/1.1" 401 381 "-" "curl/8.0"')).toBe('198.51.100.61');
  });
});

describe('the generic checks read bounded windows, whatever follows the phrase', () => {
  const work = (message: (pad: number) => string) => {
    const d = new BruteForceDetector({});
    const out: Signal[] = [];
    const small = countWork(() => d.observe(ev({}, message(4096), 0), out));
    const large = countWork(() => d.observe(ev({}, message(1 << 18), 0), out));
    return { perChar: (large - small) / ((1 << 18) - 4096), out, small, large };
  };
  it.each([
    ['outbound phrases', 'Unable to authenticate to x: authentication failed '],
    ['checked phrases with no verdict', 'authentication tcp_denied/407 "result":"failure" non-existent failed to log '],
    ['a remote server answering, typed user names', 'Failed password for invalid user server a[1] said from '],
  ])('%s: work does not grow with the message past the scanned prefix', (_name, unit) => {
    const r = work((pad) => `${unit.repeat(8192 / unit.length + 1)}${'a'.repeat(pad)}`);
    expect(r.perChar, `${r.small} -> ${r.large}`).toBeLessThanOrEqual(16);
  });
  it.each([
    ['a sudo command before', `sudo: bob : COMMAND=/bin/x ${'invalid login '.repeat(600)}`],
    ['a command ran before', `${'x'.repeat(1000)} ran command ${'invalid login '.repeat(500)}`],
  ])('phrases repeated past the first few occurrences are not looked around (%s)', (_name, message) => {
    // bfcost: each refused occurrence was looked around from the message start: 382k and 822k characters read for these lines, now 54k and 66k
    const d = new BruteForceDetector({});
    const work = countWork(() => d.observe(ev({}, message, 0), []));
    expect(work).toBeLessThan(100_000);
  });
});
