import { describe, expect, it } from 'vitest';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { ev } from './helpers.js';

// Failure wordings of auth11, each a family of products: a login refused by a server naming its protocol
// (`Failed SMTP login from <client>`), a connection rejected for its password (`Rejected connection from
// <client>: … password`), `authentication` and one adverb before the verdict (`Authentication finally failed
// for <user> from <client>`), the past tense `password was incorrect`, and a client written `<address>::<port>`
// (VNC servers). Negatives of the same shapes, and user-typed values holding an address that must not frame it.
// Lines written for these tests.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('a login refused by protocol, a connection rejected for its password', () => {
  it.each([
    ['mail[1]: [12/Oct/2026 03:18:18] Failed SMTP login from 203.0.113.188 with SASL method CRAM-MD5.', '203.0.113.188'],
    ['imapd[1]: failed IMAP login from 198.51.100.7 as "bob"', '198.51.100.7'],
    ['pop[1]: Failed POP3 login from [2001:db8::7]', '2001:db8::7'],
    ['app[1]: Failed login from 192.0.2.44', '192.0.2.44'],
    ['pop[1]: Failed POP3 authentication from 192.0.2.45 for bob', '192.0.2.45'],
    ['ftpd[1]: failed FTP login from 192.0.2.46', '192.0.2.46'],
    ['voice[1]: <W>2026-10-09 15:06:48.411 2 => <486:operator(176)> Rejected connection from 192.0.2.14:4364: Wrong certificate or password for existing user', '192.0.2.14'],
    ['voice[1]: <W>2026-10-09 15:06:48.411 1 => <7:(-1)> Rejected connection from [2001:db8:71a7::18d]:42304: Invalid server password', '2001:db8:71a7::18d'],
    ['srv[1]: rejected connection from 198.51.100.9: bad credentials', '198.51.100.9'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });

  it.each([
    'mail[1]: Successful SMTP login from 203.0.113.188 with SASL method PLAIN.',
    'mail[1]: SMTP login from 203.0.113.188 accepted',
    'mail[1]: Failed SMTP delivery from 203.0.113.188 to the relay',
    'mail[1]: unfailed smtp login from 203.0.113.188',
    'app[1]: last failed user login from 192.0.2.44 was cleared',
    'voice[1]: Rejected connection from 192.0.2.14:4364: Server is full',
    'voice[1]: Rejected connection from 192.0.2.14:4364: Client version 1.2 is too old',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });

  it('a user name holding an address does not frame it', () => {
    expect(key('imapd[1]: Failed IMAP login from 203.0.113.5 as user "10.0.0.9"')).toBe('203.0.113.5');
    expect(key('voice[1]: <W>2026-10-09 15:06:48.411 1 => <9:10.0.0.9(-1)> Rejected connection from 203.0.113.6:4364: Invalid server password')).toBe('203.0.113.6');
  });
});

describe('authentication, an adverb, then the verdict', () => {
  it.each([
    ['search[1]: [2026-11-21T06:42:35,092][WARN ][o.o.s.a.BackendRegistry] [node-1] Authentication finally failed for bob from 198.51.100.176:54810', '198.51.100.176'],
    ['svc[1]: authentication ultimately failed for alice from 192.0.2.8', '192.0.2.8'],
    ['svc[1]: Authentication has failed for user carol, remote=203.0.113.21', '203.0.113.21'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });

  it.each([
    'svc[1]: authentication never failed for bob from 192.0.2.8',
    'svc[1]: Authentication finally succeeded for bob from 192.0.2.8',
    'svc[1]: Authentication backend failed to start on 192.0.2.8',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });

  it('a user name holding an address does not frame it', () => {
    expect(key('search[1]: Authentication finally failed for 10.0.0.9 from 198.51.100.176:54810')).toBe('198.51.100.176');
  });
});

describe('a client written <address>::<port>, the past tense of a wrong password', () => {
  it.each([
    ['Xvnc[1]:  Connections: closed: 203.0.113.23::54559 (Authentication failure)', '203.0.113.23'],
    ['Xvnc[1]:  Connections: closed: 2001:db8:b94e::bf1::21650 (Authentication failed)', '2001:db8:b94e::bf1'],
    ['vnc[1]: Connections: disconnected: 198.51.100.135::35240 (TCP) ([AuthFailure] Either the username was not recognised, or the password was incorrect)', '198.51.100.135'],
    ['app[1]: login for bob from 192.0.2.30: the password was incorrect', '192.0.2.30'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });

  it.each([
    'Xvnc[1]:  Connections: accepted: 203.0.113.23::54559',
    'vnc[1]: Connections: disconnected: 198.51.100.135::35240 (TCP) ([ViewerClosed] The viewer closed the connection)',
    'app[1]: the password was changed for bob from 192.0.2.30',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });

  it('an address the client typed does not frame it', () => {
    expect(key('vnc[1]: Connections: disconnected: 198.51.100.135::35240 (TCP) ([AuthFailure] user "10.0.0.9::5900": the password was incorrect)')).toBe('198.51.100.135');
  });
});

describe('an event named FAILED_LOGIN, a client field named by a prefixed client name', () => {
  it.each([
    [
      'search[1]: [2026-10-28T06:01:27,723][INFO ][audit ] [node-1] {"audit_category":"FAILED_LOGIN","audit_request_remote_address":"203.0.113.11","audit_node_host_address":"10.0.3.59"}',
      '203.0.113.11',
    ],
    ['app[1]: event=failed_login user=bob src=192.0.2.5', '192.0.2.5'],
  ])('%s', (m, client) => {
    expect(key(m)).toBe(client);
  });

  it.each([
    'search[1]: [2026-10-28T06:01:27,723][INFO ][audit ] [node-1] {"audit_category":"AUTHENTICATED","audit_request_remote_address":"203.0.113.11"}',
    'app[1]: {"event":"failed_login_reset","user":"bob","ip":"192.0.2.5"}',
    'app[1]: 0 failed_login attempts for bob from 192.0.2.5',
  ])('%s', (m) => {
    expect(key(m)).toBeUndefined();
  });

  it('a user field holding an address, before the client field, does not frame it', () => {
    expect(key('search[1]: {"audit_category":"FAILED_LOGIN","audit_request_effective_user":"10.0.0.9","audit_request_remote_address":"203.0.113.11"}')).toBe('203.0.113.11');
    // one word alone after a prefix names the server as often (`node_host_ip`): not read as the client
    expect(key('search[1]: {"audit_category":"FAILED_LOGIN","audit_node_host_ip":"10.0.3.59","audit_request_remote_address":"203.0.113.11"}')).toBe('203.0.113.11');
  });
});
