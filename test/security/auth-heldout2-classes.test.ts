import { describe, expect, it } from 'vitest';
import { phraseNotAFailure, suLogUser, userFromMessage } from '../../src/security/auth-failure.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { clientFromMessage } from '../../src/security/client-address.js';
import { ev } from './helpers.js';
import { countWork } from './work-counter.js';

// The generic classes behind held-out set 2's misses (that set is seen since): BSD login, su's `-`
// line, Apache 2.4's `[client ip:port]`, logged commands, Exim delivery lines.
const key = (message: string) => new BruteForceDetector().failureKey(ev({}, message));

describe('BSD login: N LOGIN FAILURE(S) ON <tty>, <user> / FROM <host>, <user>', () => {
  it.each([
    ['1 LOGIN FAILURE ON ttyv3, operator', 'user:operator'],
    ['3 LOGIN FAILURES ON ttyp1, Root', 'user:root'],
    ['1 LOGIN FAILURE FROM 203.0.113.7, bob', '203.0.113.7'],
    ['2 LOGIN FAILURES FROM host.example.net, bob', 'host.example.net'],
    ['2 LOGIN FAILURES FROM 2001:db8::7', '2001:db8::7'],
    ['Dec  1 10:00:01 bsd1 login[77]: 5 LOGIN FAILURES ON ttyv0, admin', 'user:admin'],
  ])('%s -> %s', (message, expected) => {
    expect(key(message)).toBe(expected);
  });
  it('names no one when the tty form carries no user', () => {
    expect(key('1 LOGIN FAILURE ON ttyv0')).toBeUndefined();
  });
  it('a login that succeeded is not a failure', () => {
    expect(key('ROOT LOGIN (root) ON ttyv0')).toBeUndefined();
    expect(key('login on ttyv0 as bob')).toBeUndefined();
  });
});

describe("shadow / BusyBox su: '- <tty> <user>:<target>' fails, '+' succeeds", () => {
  it.each([
    ['- pts/2 sam:root', 'user:sam'],
    ['- /dev/pts/0 Sam:root', 'user:sam'],
    ['- ??? sam:postgres', 'user:sam'],
    ['Dec  1 10:00:01 box su[9]: - ttyS0 kim:root', 'user:kim'],
    ['<37>1 2026-12-01T10:00:01Z box su 9 - - - pts/1 kim:root', 'user:kim'],
  ])('%s -> %s', (message, expected) => {
    expect(suLogUser(message)).toBe(expected);
    expect(key(message)).toBe(expected);
  });
  it.each(['+ pts/2 sam:root', '- pts/2 sam:root extra', '- pts/2 sam', '- a b:c d', '-- pts/2 sam:root', '- pts/2 sam:root:x', 'list: - item one:two'])('not the su line: %s', (message) => {
    expect(key(message)).toBeUndefined();
  });
});

describe('Apache 2.4 [client <IPv6>:<port>]: the port dropped only in a 2.4-shaped line', () => {
  const line = (client: string, pre = '[auth_basic:error] [pid 1:tid 2] ', post = ' AH01617: user bob: authentication failure for "/": Password Mismatch') =>
    `[Tue Dec 01 10:00:00.1 2026] ${pre}[client ${client}]${post}`;
  it.each([
    [line('2001:db8:f::8:50312'), '2001:db8:f::8'],
    [line('2001:db8::1:8080'), '2001:db8::1'],
    [line('[2001:db8::9]:443'), '2001:db8::9'],
    [line('::ffff:192.0.2.4:5000'), '192.0.2.4'],
    [line('192.0.2.4:5000'), '192.0.2.4'],
    // one 2.4 mark is enough: [pid N], [module:level], or the AH code after the field
    [line('2001:db8::1:8080', '[pid 1] '), '2001:db8::1'],
    [line('2001:db8::1:8080', '[auth_basic:error] '), '2001:db8::1'],
    [line('2001:db8::1:8080', ''), '2001:db8::1'],
  ])('%s -> %s', (message, expected) => {
    expect(clientFromMessage(message)).toBe(expected);
  });
  it('a 2.2 line (no 2.4 mark) is read as it stands: no guess', () => {
    const v22 = '[Tue Dec 01 10:00:00 2026] [error] [client 2001:db8::1:8080] user bob: authentication failure for "/": Password Mismatch';
    expect(clientFromMessage(v22)).toBe('2001:db8::1:8080');
    expect(clientFromMessage('[Tue Dec 01 10:00:00 2026] [error] [client 2001:db8::8:50312] user bob not found: /x')).toBeUndefined();
  });
  it('reads each character before the field a bounded number of times', () => {
    const hostile = `${'[a:b'.repeat(400)}[client 2001:db8::1:80] AH01617: x`;
    const short = `${'[a:b'.repeat(40)}[client 2001:db8::1:80] AH01617: x`;
    const w1 = countWork(() => clientFromMessage(short));
    const w2 = countWork(() => clientFromMessage(hostile));
    expect(w2 / w1).toBeLessThan(15);
  });
});

describe('a logged command is user data', () => {
  it.each([
    'bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/grep -c Failed password /var/log/auth.log',
    'bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/usr/bin/journalctl --grep=authentication failure',
    '(root) CMD (grep "invalid user" /var/log/auth.log | wc -l)',
    'bob ran command grep Failed password /var/log/authlog as root from /home/bob',
  ])('not a failure: %s', (message) => {
    expect(key(message)).toBeUndefined();
  });
  it('a failure before the command still counts, keyed by the user, not by an address in the command', () => {
    expect(key('jon : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/home/jon ; USER=root ; COMMAND=/usr/bin/ssh 198.51.100.9')).toBe('user:jon');
    expect(clientFromMessage('x ; COMMAND=/usr/bin/ping 198.51.100.9')).toBeUndefined();
  });
  it('only looks when a phrase matched', () => {
    expect(phraseNotAFailure('COMMAND=/bin/x failed password', 20)).toBe(true);
    expect(phraseNotAFailure('failed password COMMAND=/bin/x', 0)).toBe(false);
  });
});

describe('Exim delivery lines are about outgoing mail', () => {
  it.each([
    '1vA2bD-0002Ab-4Q ** nobody@example.net R=dnslookup T=remote_smtp H=mx.example.net [203.0.113.30]: SMTP error from remote mail server after RCPT TO:<nobody@example.net>: 550 5.1.1 User unknown',
    '2026-12-01 10:00:00 1vA2bD-00000002Abc-4Q3z ** x@example.net H=mx.example.net [203.0.113.30]: 550 No such user here',
    '2026-12-01 10:00:00 1vA2bD-0002Ab-4Q == x@example.net R=dnslookup defer (-44) H=mx.example.net [203.0.113.31]: 451 unknown user, try later',
  ])('not a failure: %s', (message) => {
    expect(key(message)).toBeUndefined();
  });
  it('incoming AUTH failures and rejections without a message id still count', () => {
    expect(key('login authenticator failed for (User) [198.51.100.98]:50322: 535 Incorrect authentication data (set_id=bob)')).toBe('198.51.100.98');
    expect(key('H=(x) [198.51.100.99] F=<a@b> rejected RCPT <c@d>: ** unknown user')).toBe('198.51.100.99');
  });
});

describe('userFromMessage keeps its earlier forms', () => {
  it('login FOR, sudo, su', () => {
    expect(userFromMessage("FAILED LOGIN (1) on '/dev/tty1' FOR 'bob', Authentication failure")).toBe('user:bob');
    expect(userFromMessage('FAILED SU (to root) bob on pts/1')).toBe('user:bob');
  });
});

describe("sudo's own reason after the command is still sudo's", () => {
  it('`COMMAND=/bin/sh ; 3 incorrect password attempts` counts; the same words inside the argv do not', () => {
    expect(key('mallory : TTY=pts/3 ; PWD=/home/mallory ; USER=root ; COMMAND=/bin/sh ; 3 incorrect password attempts')).toBe('user:mallory');
    expect(key('mallory : TTY=pts/3 ; PWD=/home/mallory ; USER=root ; COMMAND=/usr/bin/grep 3 incorrect password attempts /var/log/auth.log')).toBeUndefined();
  });
});
