import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { clientFromMessage } from '../../src/security/client-address.js';
import { clientFromField } from '../../src/security/client-field.js';
import { w3cRefusedClient } from '../../src/security/w3c-log-line.js';
import { ev } from './helpers.js';

// Classes added by auth8 (auth-new3's tuned part): where products put the client, the wording and
// outcome families of a failure, and the look-alikes that must stay quiet. Lines written for these
// tests (new addresses, products and wordings), none copied from the fixtures.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('the client named by a field of a client name, in any layout', () => {
  it.each([
    ['agent: Request error: method=GET url=/v1/x from=198.18.2.1:40001 error="x"', '198.18.2.1'],
    ['agent: Request error: method=PUT url=/v1/x from=[2001:db8:2::1]:40002 error="x"', '2001:db8:2::1'],
    ['warn: authentication failed client=198.18.2.3:40003 reason="x"', '198.18.2.3'],
    ['level=warning msg="x" http.request.remoteaddr=198.18.2.4 http.request.method=GET', '198.18.2.4'],
    ['event=x user=bob remoteAddr=198.18.2.5 sessionID=-', '198.18.2.5'],
    ['{"event": "x", "remote": "198.18.2.6", "user": "bob"}', '198.18.2.6'],
    ['{"a":{"client_address":"198.18.2.7"}}', '198.18.2.7'],
    ['{"downstream_remote_address":"[2001:db8:2::8]:443"}', '2001:db8:2::8'],
    ['[action:"x"; origin:"10.9.9.9"; src:"198.18.2.9"; user:"bob"]', '198.18.2.9'],
    ['login failure [method|FORM][IP|198.18.2.10|10.0.0.1][login|bob]', '198.18.2.10'],
    ['Failed for bob, remote address: 198.18.2.11', '198.18.2.11'],
    ['Failed for <bob> from remote address <198.18.2.12>', '198.18.2.12'],
    ['x clientip=198.18.2.13 y', '198.18.2.13'],
    ['x "ip_address": "fe80::1%eth0" y', 'fe80::1'],
  ])('%s', (m, client) => {
    expect(clientFromField(m, m.length)).toBe(client);
  });
  it.each([
    // a name inside a longer key, a non-client name, a value that is no address, a name with no separator
    'xsrc=198.18.2.20',
    'origin:"198.18.2.21"',
    'dst=198.18.2.22',
    'client=web-frontend id=3',
    'remote 198.18.2.23',
    'the address: 198.18.2.24',
  ])('no client field: %s', (m) => {
    expect(clientFromField(m, m.length)).toBeUndefined();
  });
  it('a field is read before an address standing alone (the logging gateway first)', () => {
    expect(clientFromMessage('[action:"Failed Log In"; origin:"10.9.9.9"; src:"198.18.2.30"]')).toBe('198.18.2.30');
  });
  it('a user and its client joined by a colon: user@domain:address', () => {
    expect(clientFromMessage('vchkpw-smtp: password fail bob@mail.example.net:198.18.2.31')).toBe('198.18.2.31');
    expect(clientFromMessage('vchkpw-smtp: password fail bob@mail.example.net:2001:db8:2::32')).toBe('2001:db8:2::32');
  });
  it('reads at most the first n characters', () => {
    const m = `${'k=v '.repeat(600)}client_ip=198.18.2.33`;
    expect(clientFromField(m, 2048)).toBeUndefined();
    expect(clientFromField(m, m.length)).toBe('198.18.2.33');
  });
});

describe('wording families of a failure', () => {
  it.each([
    ['{"action": "login_failed", "client_ip": "198.18.3.1", "context": {"username": "bob"}}', '198.18.3.1'],
    ['2027-01-02T08:00:00Z [AUDIT] event=logon_failed user=bob remoteAddr=198.18.3.2', '198.18.3.2'],
    ['NOTICE: SIP auth failed - M=REGISTER IP=198.18.3.3:5060', '198.18.3.3'],
    ['vchkpw-pop3: password fail (pass: x) bob@example.net:198.18.3.4', '198.18.3.4'],
    ['[action:"Failed Log In"; origin:"10.0.0.9"; src:"198.18.3.5"; user:"bob"]', '198.18.3.5'],
    ["ERR [panel] Unable to log in: wrong login or password (login: 'bob', IP: 198.18.3.6)", '198.18.3.6'],
    ['msg="basic challenge: invalid authorization credential" http.request.remoteaddr=198.18.3.7', '198.18.3.7'],
    ['web[x][auth.event] login failure [cause|Unknown account][IP|198.18.3.8|][login|bob]', '198.18.3.8'],
    ['WARN [AuthFilter] Failed to authenticate user <bob> from remote address <198.18.3.9>', '198.18.3.9'],
    ['vchkpw-imap: vpopmail user not found bob@example.net:198.18.3.10', '198.18.3.10'],
    ['x: Request error: method=PUT url=/v1/acl/login from=198.18.3.11:1 error="Unauthorized: token expired"', '198.18.3.11'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('outcomes in key=value and JSON status fields of an authentication event', () => {
  it.each([
    ['UiAuth - user=bob action=login status=failure clientip=198.18.4.1', '198.18.4.1'],
    ['audit: op=signin result=failed src_ip=198.18.4.2', '198.18.4.2'],
    ['audit: event=authenticate outcome=failure client=198.18.4.3:9', '198.18.4.3'],
    ['{"event": "user.login", "result": "failure", "client_ip": "198.18.4.4"}', '198.18.4.4'],
    ['{"method":"POST","path":"/api/signin","response_code":401,"downstream_remote_address":"198.18.4.5:1"}', '198.18.4.5'],
    ['{"method": "POST", "uri": "/login", "status": 401, "client_ip": "198.18.4.6"}', '198.18.4.6'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    // success, a job's status, no auth event, a logout, a GET challenge, a JSON field named upstream is no outbound marker either way
    'UiAuth - user=bob action=login status=success clientip=198.18.4.10',
    'ce worker: task=report project=x status=failed client=198.18.4.11',
    'backup: job=nightly result=failed src_ip=198.18.4.12',
    'UiAuth - user=bob action=logout status=failure clientip=198.18.4.13',
    '{"method":"GET","path":"/private/","response_code":401,"downstream_remote_address":"198.18.4.14:1"}',
    '{"method":"POST","path":"/api/signin","response_code":200,"downstream_remote_address":"198.18.4.15:1","upstream_host":"10.0.0.2:80"}',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it('a JSON access record refusing a login is keyed though it names an upstream field', () => {
    expect(key('{"method":"POST","path":"/api/signin","response_code":401,"downstream_remote_address":"198.18.4.16:1","upstream_host":"10.0.0.2:80"}')).toBe('198.18.4.16');
  });
});

describe('a W3C extended log line (IIS): status, sub-status and win32 status last', () => {
  const line = (method: string, path: string, user: string, client: string, status: string) =>
    `2027-01-02 08:00:00 10.0.0.5 ${method} ${path} - 443 ${user} ${client} Mozilla/5.0+(X11) - ${status} 12`;
  it.each([
    [line('POST', '/owa/auth.owa', '-', '198.18.5.1', '401 1 1326'), '198.18.5.1'],
    [line('GET', '/ews/exchange.asmx', 'CORP\\bob', '2001:db8:5::2', '401 1 1909'), '2001:db8:5::2'],
    [line('POST', '/api/login', '-', '198.18.5.3', '401 0 0'), '198.18.5.3'],
    [`iis[1]: ${line('POST', '/rpc/x', 'CORP\\bob', '198.18.5.4', '401 1 1326')}`, '198.18.5.4'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    line('GET', '/ews/exchange.asmx', '-', '198.18.5.10', '401 2 5'),
    line('POST', '/rpc/rpcproxy.dll', '-', '198.18.5.11', '401 1 2148074254'),
    line('GET', '/owa/', 'CORP\\bob', '198.18.5.12', '200 0 0'),
    line('GET', '/owa/', '-', '198.18.5.13', '401 0 0'),
    line('POST', '/api/orders', '-', '198.18.5.14', '403 0 0'),
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip sc-status sc-substatus sc-win32-status',
    'kernel: eth0: link up 1000 401 1 1326',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it('reads a line ending in no number at a few characters cost, and no line over 4 KB', () => {
    expect(w3cRefusedClient('x'.repeat(100_000))).toBeUndefined();
    expect(w3cRefusedClient(`${'x '.repeat(3000)}${line('POST', '/login', '-', '198.18.5.20', '401 1 1326')}`)).toBeUndefined();
  });
});

describe('a request quoted first, then the client and the status as plain fields', () => {
  it.each([
    ['[2027-01-02T08:00:00,000] INFO web.requests "POST /j_security_check" 198.18.6.1 http bob form 401 ? [-] (Mozilla/5.0)', '198.18.6.1'],
    ['req "POST /api/session" 198.18.6.2:5000 https - 401 12ms', '198.18.6.2'],
    ['[2027-01-02T08:00:00.000Z] "POST /v1/login HTTP/1.1" 401 - 57 61 4 3 "198.18.6.3" "curl/8" "id" "api.example.com" "10.0.0.7:8080"', '198.18.6.3'],
    ['envoy[9]: [2027-01-02T08:00:00.000Z] "POST /v1/login HTTP/1.1" 401 - 57 61 4 3 "198.18.6.4" "curl/8" "id" "api.example.com" "10.0.0.7:8080"', '198.18.6.4'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    '[2027-01-02T08:00:00,000] INFO web.requests "POST /j_security_check" 198.18.6.10 http bob form 302 ? [-] (Mozilla/5.0)',
    '[2027-01-02T08:00:00,000] INFO web.requests "GET /menu/home" 198.18.6.11 http - form 401 ? [-] (Mozilla/5.0)',
    '[2027-01-02T08:00:00,000] INFO web.requests "POST /api/orders" 198.18.6.12 http bob form 403 ? [-] (Mozilla/5.0)',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});

describe("a 401 whose query names the account (a registry's token endpoint)", () => {
  it('a GET naming account= is a credential refused; a GET naming none is the challenge', () => {
    expect(key('198.18.7.1 - - [02/Jan/2027:08:00:00 +0000] "GET /service/token?account=bob&scope=repository%3Ax%3Apull HTTP/1.1" 401 74 "-" "docker/27"')).toBe('198.18.7.1');
    expect(key('198.18.7.2 - - [02/Jan/2027:08:00:00 +0000] "GET /service/token?scope=repository%3Ax%3Apull HTTP/1.1" 401 74 "-" "docker/27"')).toBeUndefined();
    expect(key('198.18.7.3 - - [02/Jan/2027:08:00:00 +0000] "GET /v2/?x=1&myaccount=bob HTTP/1.1" 401 74 "-" "docker/27"')).toBeUndefined();
    expect(key('198.18.7.4 - - [02/Jan/2027:08:00:00 +0000] "GET /service/token?account=&scope=x HTTP/1.1" 401 74 "-" "docker/27"')).toBeUndefined();
  });
});

describe('look-alikes that stay quiet', () => {
  it.each([
    // counters reset or cleared
    'INFO [panel] The list of failed login attempts was cleared for IP 198.18.8.1',
    '[Information] Failed login attempts counter reset for bob@example.net after successful login from 198.18.8.2',
    'faillock: login failures unlocked by admin for 198.18.8.3',
    // our own connection to a backend, an indexer, a job's node
    "  77:20270102:080000.000 cannot connect to database: [1045] Access denied for user 'mon'@'localhost' (using password: YES)",
    'ERROR TcpOutputFd - Connection to host=10.0.2.9:9997 failed: authentication failed with the indexer',
    'ERROR exec - Execution 77 failed: [node db1] SSH authentication failed for user deploy: Auth fail',
    "WARN sync: unable to connect to ldap.example.net: invalid credentials for bind user 'svc'",
    // a phrase quoted as a name in a language's warning
    'php|198.18.8.4|Warning: Undefined array key "login failed" in theme_preprocess()',
    'php|198.18.8.5|Notice: Undefined index: invalid login in /var/www/x.php',
    // a success, a status of a job
    'INFO [auth] User "bob" logged in from 198.18.8.6',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    // the same words where a client typed them stay failures: a user name `cleared`, `reset`, `key "`
    ['sshd[1]: Failed password for invalid user cleared from 198.18.8.10 port 22 ssh2', '198.18.8.10'],
    ['sshd[1]: Failed password for reset from 198.18.8.11 port 22 ssh2', '198.18.8.11'],
    ['Login failed for user key "x" from 198.18.8.12', '198.18.8.12'],
    // a failure that goes on to name what the daemon could not reach is the client's failure still
    ['IMAP Error: Login failed for bob against imap.example.net from 198.18.8.13. Could not connect to imap.example.net:993: Authentication failed', '198.18.8.13'],
    // a user typing the before-only outbound words after the phrase gains nothing
    ['Failed password for invalid user cannot connect to from 198.18.8.14 port 22 ssh2', '198.18.8.14'],
    ['Apache: user execution : authentication failure for "/": Password Mismatch [client 198.18.8.15]', '198.18.8.15'],
  ])('still a failure: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('more wording and outcome families (probed, not from any fixture)', () => {
  it.each([
    ['smtp: SMTP AUTH failed from 198.18.10.1: 535 5.7.3 Authentication unsuccessful', '198.18.10.1'],
    ['app: Bad username or password for bob from 198.18.10.2', '198.18.10.2'],
    ['fw: Unsuccessful login attempt by admin from 198.18.10.3', '198.18.10.3'],
    ['vpn: unsuccessful logon for user bob from 198.18.10.4', '198.18.10.4'],
    ['app: Login refused for bob from 198.18.10.5', '198.18.10.5'],
    ['ftp: Login denied for bob from 198.18.10.6', '198.18.10.6'],
    ['app: MFA verification failed for bob from 198.18.10.7', '198.18.10.7'],
    ['app: password verification failed for bob, client 198.18.10.8', '198.18.10.8'],
    ['app: OTP verification error for bob from 198.18.10.39', '198.18.10.39'],
    ['api: invalid API key from 198.18.10.9', '198.18.10.9'],
    ['app: Rejected password for user bob from 198.18.10.10', '198.18.10.10'],
    ['app: User bob failed to authenticate from 198.18.10.11', '198.18.10.11'],
    ['app: Sign-in failed for bob from 198.18.10.12', '198.18.10.12'],
    ['app: action=login user=bob result=denied src=198.18.10.13', '198.18.10.13'],
    ['app: op=login status=rejected client=198.18.10.14', '198.18.10.14'],
    ['app: login_failure user=bob ip=198.18.10.15', '198.18.10.15'],
    ['app: AuthenticationFailed user=bob ip=198.18.10.16', '198.18.10.16'],
    ['app: event=user.login.failed ip=198.18.10.17', '198.18.10.17'],
    ['{"event":"login","success":false,"ip":"198.18.10.18","user":"bob"}', '198.18.10.18'],
    ['{"event": "user.signin", "success": false, "remote_ip": "198.18.10.19"}', '198.18.10.19'],
    [
      'type=USER_LOGIN msg=audit(1700000000.123:45): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=198.18.10.20 terminal=sshd res=failed\'',
      '198.18.10.20',
    ],
    [
      'audit[1]: USER_AUTH pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'op=PAM:authentication grantors=? acct="bob" exe="/usr/sbin/sshd" hostname=198.18.10.21 addr=198.18.10.21 terminal=ssh res=failed\'',
      '198.18.10.21',
    ],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    'tls: certificate verification failed for client 198.18.10.30',
    'gpg: signature verification failed for package from 198.18.10.31',
    'type=USER_AUTH msg=audit(1700000000.123:46): pid=1 uid=0 msg=\'op=PAM:authentication grantors=pam_unix acct="bob" exe="/usr/sbin/sshd" addr=198.18.10.32 terminal=ssh res=success\'',
    '{"event":"login","success":true,"ip":"198.18.10.33"}',
    '{"event":"export","success":false,"ip":"198.18.10.34"}',
    'backup: job=nightly status=rejected client=198.18.10.35',
    'app: Identification failed for device at 198.18.10.36',
    'app: 2FA verification succeeded for bob from 198.18.10.37',
    'app: password verification is required for bob from 198.18.10.38',
    '{"kind":"TokenReview","sourceIPs":["10.0.0.1"],"status":{"authenticated":false,"error":"invalid bearer token"}}',
  ])('not a failure: %s', (m) => {
    expect(key(m)).toBeUndefined();
  });
});
