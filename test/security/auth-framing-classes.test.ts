import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// rev8's review of auth8's client fields, as an attacker who controls a user name, a JSON value or a
// user agent: a client field written inside a value the user typed must not key the failure (framing:
// a fail2ban-like consumer would block the victim's address); the real peer field keys it. Lines
// written for these tests (documentation addresses: 203.0.113.9 is the victim, 198.51.100.7 the attacker).
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('a client field inside a quoted value is the value, not the client (framing)', () => {
  it.each([
    'Jan  1 10:00:00 web app[12]: level=warn msg="login failed" user="x client=203.0.113.9" remoteAddr=198.51.100.7',
    'Jan  1 10:00:00 web app[12]: login_failed user="x from=203.0.113.9" client=198.51.100.7',
    '{"event":"login_failed","username":"x remote: 203.0.113.9","remote":"198.51.100.7"}',
    '{"event":"login_failed","username":"x remote=203.0.113.9","client_ip":"198.51.100.7"}',
    '{"msg":"Authentication failed","username":"[IP|203.0.113.9|]","peer":"198.51.100.7"}',
    '{"level":"warn","msg":"sign-in failed","user":"x","ua":"Mozilla [IP|203.0.113.9|]","remote_addr":"198.51.100.7"}',
    // a user name ending in a backslash (JSON `\\`) does not escape its closing quote: the real field stays outside quotes
    '{"event":"login_failed","username":"203.0.113.9\\\\","remote":"198.51.100.7"}',
  ])('%s', (m) => {
    expect(key(m)).toBe('198.51.100.7');
  });
  it.each([
    // the fields outside quotes still key the failure: JSON keys, key="value", src:"…"
    ['{"event":"login_failed","username":"bob","remote":"198.51.100.7"}', '198.51.100.7'],
    ['[action:"login failure"; origin:"10.9.9.9"; src:"198.51.100.8"; user:"bob"]', '198.51.100.8'],
    ['level=warn msg="login failed" user="bob" remoteAddr=198.51.100.9', '198.51.100.9'],
  ])('kept: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe("vpopmail's user@domain:client, and only that (framing by a typed `x:203.0.113.9`; a domain ending in a-f)", () => {
  it.each([
    ['gw app: authentication failed for user x:203.0.113.9 198.51.100.7', '198.51.100.7'],
    ["vpopmail[2601]: vchkpw-pop3: password fail (pass: 'xxxx') bob@example.de:198.51.100.7", '198.51.100.7'],
    ['vpopmail[2601]: vchkpw-smtp: vpopmail user not found alice@cafe.be:198.51.100.8', '198.51.100.8'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it('kept: bob@example.com:198.51.100.9', () => {
    expect(key("vpopmail[2601]: vchkpw-pop3: password fail (pass: 'xxxx') bob@example.com:198.51.100.9")).toBe('198.51.100.9');
  });
});

describe("sshd's `<client> port <n>` trailer ends the line: an address in the typed user name before it is not the client", () => {
  it.each([
    'sshd[1]: Failed password for invalid user x from 203.0.113.9 port 22 from 198.51.100.7 port 22 ssh2',
    'sshd[1]: Failed password for invalid user x from 203.0.113.9 from 198.51.100.7 port 22 ssh2',
    'sshd[1]: Invalid user x from 203.0.113.9 from 198.51.100.7 port 41122',
    'sshd[1]: Connection closed by invalid user x 203.0.113.9 port 22 198.51.100.7 port 41122 [preauth]',
    'sshd[1]: Disconnected from invalid user x 203.0.113.9 198.51.100.7 port 41122 [preauth]',
  ])('%s', (m) => {
    expect(key(`Jan  1 10:00:00 h ${m}`)).toBe('198.51.100.7');
  });
  it.each([
    ['sshd[1]: Failed password for root from 198.51.100.8 port 22 ssh2', '198.51.100.8'],
    ['sshd[1]: Failed password for invalid user x from 198.51.100.9 port 22 ssh2: RSA to 10.0.0.1 port 22', '198.51.100.9'],
    // sudo's argv is the user's: an address before a ` port ` there is no client
    ['sudo[9]: bob : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/ssh 203.0.113.9 port 22', 'user:bob'],
  ])('kept: %s', (m, client) => {
    expect(key(`Jan  1 10:00:00 h ${m}`)).toBe(client);
  });
});

describe("an IIS W3C line's user name is no client: past it when a port comes third (s-port cs-username c-ip)", () => {
  it.each([
    ['2026-01-01 10:00:00 10.0.0.5 POST /login.aspx - 443 203.0.113.9 198.51.100.7 Mozilla/5.0 - 401 1 1326 15', '198.51.100.7'],
    ['2026-01-01 10:00:00 10.0.0.5 POST /login.aspx - 443 2001:db8::9 198.51.100.8 Mozilla/5.0 - 401 1 1326 15', '198.51.100.8'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });
  it.each([
    ['2026-01-01 10:00:00 10.0.0.5 POST /login.aspx - 443 bob 198.51.100.9 Mozilla/5.0 - 401 1 1326 15', '198.51.100.9'],
    ['2026-01-01 10:00:00 10.0.0.5 POST /login.aspx - 443 - 198.51.100.10 203.0.113.9 - 401 1 1326 15', '198.51.100.10'],
  ])('kept: %s', (m, client) => {
    expect(key(m)).toBe(client);
  });
});

describe('a GET 401 whose query names a user counts only at a login endpoint (an API polled after the session expired is no login)', () => {
  const clf = (target: string) => `198.51.100.7 - - [01/Jan/2026:10:00:00 +0000] "GET ${target} HTTP/1.1" 401 12 "-" "Mozilla/5.0"`;
  it.each(['/api/notifications?user=42', '/api/v1/messages?account=7&page=2', '/feed?username=bob'])('no failure: %s', (t) => {
    expect(key(clf(t))).toBeUndefined();
  });
  it('kept: a registry token endpoint', () => {
    expect(key(clf('/service/token?account=bob&scope=repository:x:pull'))).toBe('198.51.100.7');
  });
});

describe('a phrase inside a quoted user-name value is a name the client typed, not a failure (false signals)', () => {
  it.each([
    'Jan  1 10:00:00 h app: login succeeded user="authentication failed" remote=198.51.100.7',
    '{"event":"login_success","username":"login_failed","remote":"198.51.100.7"}',
    '{"event":"login_success","user.name": "x login failed","remote":"198.51.100.7"}',
    'Jan  1 10:00:00 h app: session opened account="invalid password" client=198.51.100.7',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });
  it.each([
    '{"event":"login_failed","username":"bob","remote":"198.51.100.7"}',
    'Jan  1 10:00:00 h app: msg="login failed" user="bob" remote=198.51.100.7',
    '{"name":"login_failed","user":"bob","remote":"198.51.100.7"}',
    '{"event":"login_failed","xuser.name":"bob login failed","remote":"198.51.100.7"}',
  ])('kept: %s', (m) => {
    expect(key(m)).toBe('198.51.100.7');
  });
});

describe("a URL's query parameter or path segment is the client's text, not a client field", () => {
  it.each([
    'Jan  1 10:00:00 h app: authentication failed path=/login?client=203.0.113.9 remote=198.51.100.7',
    'Jan  1 10:00:00 h app: authentication failed url=/login?a=1&ip=203.0.113.9 remote=198.51.100.7',
    'Jan  1 10:00:00 h app: login_failed uri=/x/from=203.0.113.9 addr=198.51.100.7',
  ])('%s', (m) => {
    expect(key(m)).toBe('198.51.100.7');
  });
});
