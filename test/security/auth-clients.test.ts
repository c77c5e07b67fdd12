import { describe, expect, it } from 'vitest';
import type { Signal } from '../../src/core/signal.js';
import { userFromMessage } from '../../src/security/auth-failure.js';
import { BruteForceDetector } from '../../src/security/brute-force.js';
import { clientFromMessage } from '../../src/security/client-address.js';
import { authLines } from '../fixtures/security/auth-formats/lines.mjs';
import { ev } from './helpers.js';
import { countWork } from './work-counter.js';

describe('a host name with its address in brackets: the client is the address', () => {
  it.each([
    // ProFTPD: after ` from ` and in its `server (name[addr])` prefix, also when the server is written as an address
    ['ftp.example.com (client.example.net[198.51.100.31]) - USER www: no such user found from client.example.net [198.51.100.31] to 192.0.2.1:21', '198.51.100.31'],
    ['192.0.2.1 (scan.example.org[203.0.113.141]) - Maximum login attempts (3) exceeded, connection refused', '203.0.113.141'],
    ['ftp.example.com (host.example.net[2001:db8:c::142]) - USER bob (Login failed): Incorrect password', '2001:db8:c::142'],
    // Postfix: `name[addr]` after ` from ` and alone
    ['lost connection after AUTH from mail.example.com[198.51.100.5]', '198.51.100.5'],
    ['lost connection after AUTH from unknown[198.51.100.5]', '198.51.100.5'],
    ['warning: mail-7.example.net[2001:DB8::5]: SASL LOGIN authentication failed: authentication failure', '2001:db8::5'],
    // Sendmail: `relay=name [addr]`, `relay=[addr]`, `[IPv6:addr]`, `(may be forged)`
    ['AUTH failure (LOGIN): authentication failure (-13) SASL(-13): authentication failure: checkpass failed, user=bob, relay=host.example.net [198.51.100.140]', '198.51.100.140'],
    ['AUTH failure (PLAIN): user not found (-20) SASL(-20): user not found: checkpass failed, user=x, relay=[IPv6:2001:db8:b::141]', '2001:db8:b::141'],
    ['AUTH failure (LOGIN): checkpass failed, relay=unknown.example [IPv6:2001:db8:b::143] (may be forged)', '2001:db8:b::143'],
    ['5B1AbC01234569: [198.51.100.142]: possible SMTP attack: command=AUTH, count=5', '198.51.100.142'],
    // Cyrus, Exim: `name [addr]`, `(helo) [addr]:port`
    ['badlogin: client.example.net [198.51.100.90] plaintext bob SASL(-13): authentication failure: checkpass failed', '198.51.100.90'],
    ['plain authenticator failed for host70.example.net [198.51.100.71]:53112: 535 Incorrect authentication data', '198.51.100.71'],
    ['login authenticator failed for (User) [198.51.100.98]:50322: 535 Incorrect authentication data', '198.51.100.98'],
    // behind a syslog header whose host is an address
    ['Dec  1 10:00:01 10.0.3.8 proftpd[1]: ftp.example.com (scan.example.net[203.0.113.85]) - Maximum login attempts (3) exceeded', '203.0.113.85'],
  ])('%s -> %s', (message, client) => {
    expect(clientFromMessage(message)).toBe(client);
  });

  it('keeps a host name written without an address (sshd with UseDNS, PAM rhost=, login FROM)', () => {
    expect(clientFromMessage('Failed password for alice from bad.example.net port 3344 ssh2')).toBe('bad.example.net');
    expect(clientFromMessage('pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=host7.example.com')).toBe('host7.example.com');
    expect(clientFromMessage("pam_access(sshd:account): access denied for user `admin' from `bad.example.net'")).toBe('bad.example.net');
  });

  it('takes no bracketed number, pid or log prefix for an address', () => {
    expect(clientFromMessage('[pid 5001] [bob] OK LOGIN')).toBeUndefined();
    expect(clientFromMessage('sshd[4101]: session [12] closed')).toBeUndefined();
    expect(clientFromMessage('job [01/Dec/2026:10:00:00 +0000] done')).toBeUndefined();
  });

  it('is linear in the brackets of a message (string work counted, no clock) and reads 2,048 characters', () => {
    const work = (k: number): number => countWork(() => clientFromMessage('a[1.1.1.1.1 ['.repeat(k)));
    expect(work(128) / work(32)).toBeLessThan(4.5);
    expect(clientFromMessage(`${'a['.repeat(1024)}x[198.51.100.1]`)).toBeUndefined(); // past the characters read
  });
});

describe('local failures: the user who tried, in lower case', () => {
  it('login(1) writes UNKNOWN for a name that does not exist: one key for all of them, and a terminal is no client', () => {
    expect(userFromMessage("FAILED LOGIN (1) on '/dev/tty1' FOR 'UNKNOWN', Authentication failure")).toBe('user:unknown');
    expect(userFromMessage('FAILED LOGIN 2 FROM tty2 FOR UNKNOWN, Authentication failure')).toBe('user:unknown');
    expect(clientFromMessage('FAILED LOGIN 2 FROM tty2 FOR UNKNOWN, Authentication failure')).toBeUndefined();
    expect(clientFromMessage('FAILED LOGIN 3 FROM ttyS0 FOR ivan, Authentication failure')).toBeUndefined();
  });

  it('folds case as host names are folded: Root, ROOT and root at one console are one client', () => {
    const d = new BruteForceDetector({ threshold: 3 });
    const out: Signal[] = [];
    ["FAILED LOGIN (1) on '/dev/tty3' FOR 'Root', Authentication failure", 'FAILED LOGIN 2 FROM tty3 FOR ROOT, Authentication failure', "invalid password for 'root' on 'tty3'"].forEach((m, i) =>
      d.observe(ev({}, m, i * 1000), out),
    );
    expect(out.map((s) => s.key)).toEqual(['user:root']);
  });

  it('is the same for login, su and sudo: the name of whoever typed the password', () => {
    const d = new BruteForceDetector();
    expect(d.failureKey(ev({}, 'FAILED LOGIN 1 FROM tty1 FOR Bob, Authentication failure'))).toBe('user:bob');
    expect(d.failureKey(ev({}, 'FAILED SU (to root) Bob on pts/1'))).toBe('user:bob');
    expect(d.failureKey(ev({}, '     Bob : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/sh'))).toBe('user:bob');
    expect(d.failureKey(ev({}, 'pam_unix(su:auth): authentication failure; logname=Bob uid=1000 euid=0 tty=pts/1 ruser=Bob rhost=  user=root'))).toBe('user:bob');
    expect(d.failureKey(ev({}, "pam_access(login:account): access denied for user `Guest' from `tty3'"))).toBe('user:guest');
  });

  it('every expected key in the auth-formats fixtures is in canonical (lower-case) form, as the measure compares them', () => {
    expect(
      authLines()
        .filter((l) => l.kind === 'F' && l.client !== l.client.toLowerCase())
        .map((l) => l.client),
    ).toEqual([]);
  });
});

describe('failure phrases of Dropbear, sshd (old and rarer methods), PAM, FileZilla Server and Sendmail', () => {
  const d = new BruteForceDetector();
  it.each([
    ["Bad password attempt for 'root' from 203.0.113.150:52314", '203.0.113.150'],
    ["Login attempt for nonexistent user 'admin' from 203.0.113.151:40022", '203.0.113.151'],
    ["Exit before auth from <203.0.113.153:40100>: (user 'admin', 10 fails): Max auth tries reached - user 'admin'", '203.0.113.153'],
    ["Bad PAM password attempt for 'bob' from 203.0.113.154:40200", '203.0.113.154'],
    ['Illegal user admin from 203.0.113.155', '203.0.113.155'],
    ['Failed hostbased for root from 203.0.113.157 port 40022 ssh2: ED25519 SHA256:Xy1', '203.0.113.157'],
    ['Failed gssapi-with-mic for bob from 2001:db8:f::158 port 40023 ssh2', '2001:db8:f::158'],
    ['error: Received disconnect from 203.0.113.159 port 40024:14: No supported authentication methods available [preauth]', '203.0.113.159'],
    ['auth: pam(ghost,198.51.100.167,<Ab7>): pam_authenticate() failed: User not known to the underlying authentication module', '198.51.100.167'],
    ['(000012)12/1/2026 10:00:00 AM - (not logged in) (198.51.100.160)> 530 Login or password incorrect!', '198.51.100.160'],
    ['5B1AbC01234569: [198.51.100.142]: possible SMTP attack: command=AUTH, count=5', '198.51.100.142'],
  ])('%s -> %s', (message, key) => {
    expect(d.failureKey(ev({}, message))).toBe(key);
  });
  it('does not count the normal lines next to them', () => {
    for (const m of [
      "Password auth succeeded for 'root' from 192.0.2.150:50000",
      'Exit (root) from <192.0.2.150:50000>: Disconnect received',
      '(000014)12/1/2026 10:00:06 AM - (not logged in) (192.0.2.160)> 331 Password required for alice',
      'AUTH=server, relay=laptop.example.org [192.0.2.140], authid=alice, mech=PLAIN, bits=0',
    ])
      expect(d.failureKey(ev({}, m)), m).toBeUndefined();
  });
});
