import { describe, expect, it } from 'vitest';
import { clientFromMessage } from '../../src/security/client-address.js';
import { parseAccessLine, parseAccessLogTime } from '../../src/input/request-line.js';
import { countWork } from './work-counter.js';

describe('parseAccessLine', () => {
  it('parses a combined-format line', () => {
    const r = parseAccessLine('83.149.9.216 - frank [17/May/2015:10:05:03 +0000] "GET /a/b.png?x=1&y=2 HTTP/1.1" 200 203023 "http://ref.example/" "Mozilla/5.0 (Macintosh)"');
    expect(r).toMatchObject({
      method: 'GET',
      target: '/a/b.png?x=1&y=2',
      path: '/a/b.png',
      query: 'x=1&y=2',
      protocol: 'HTTP/1.1',
      status: 200,
      clientIp: '83.149.9.216',
      user: 'frank',
      referer: 'http://ref.example/',
      userAgent: 'Mozilla/5.0 (Macintosh)',
      timeText: '17/May/2015:10:05:03 +0000',
    });
  });

  it('parses a line with a syslog prefix and a request without protocol', () => {
    const r = parseAccessLine('Sep 15 16:13:46 host nginx[2869]: 81.150.104.130 - - [15/Sep/2021:16:13:46 +0000] "POST /wp-login.php HTTP/1.1" 200 5364 "-" "UA"');
    expect(r?.clientIp).toBe('81.150.104.130');
    expect(r?.referer).toBe('');
    const bad = parseAccessLine('172.17.0.1 - - [29/Sep/2021:12:37:05 +0000] "GET /x.php?cmd=ls -al&y=1" 400 226');
    expect(bad).toMatchObject({ path: '/x.php', query: 'cmd=ls -al&y=1', protocol: '', status: 400 });
  });

  it('parses an nginx error line and escaped quotes', () => {
    const r = parseAccessLine('2021/09/30 09:23:53 [error] 1#1: *17 user "foo" was not found in "/tmp/a", client: 127.0.0.1, server: _, request: "GET / HTTP/1.1", host: "localhost"');
    expect(r).toMatchObject({ method: 'GET', path: '/', clientIp: '127.0.0.1', status: 0 });
    const q = parseAccessLine('1.2.3.4 - - [29/Sep/2021:12:37:05 +0000] "GET /box.php?c[\\"x\\"]=1 HTTP/1.1" 404 196');
    expect(q?.status).toBe(404);
  });

  it('returns undefined for lines without a request', () => {
    expect(parseAccessLine('Login failed for user alice')).toBeUndefined();
    expect(parseAccessLine('')).toBeUndefined();
    expect(parseAccessLine('say "hello there"')).toBeUndefined();
  });

  it('reads access-log times', () => {
    expect(parseAccessLogTime('29/Sep/2021:17:30:12 +0200')).toBe(Date.UTC(2021, 8, 29, 15, 30, 12));
    expect(parseAccessLogTime('nonsense')).toBeNaN();
  });
});

describe('clientFromMessage', () => {
  it.each([
    ['sshd[1]: Invalid user pascal from 35.188.49.176 port 53502', '35.188.49.176'],
    ['Failed password for root from 2001:db8::1 port 22 ssh2', '2001:db8::1'],
    ['..., client: 127.0.0.1, server: _', '127.0.0.1'],
    ['pam_unix(sshd:auth): authentication failure; logname= uid=0 rhost=10.0.0.5  user=root', '10.0.0.5'],
    ['[client 192.0.2.1:5678] AH01617: user x: authentication failure', '192.0.2.1'],
  ])('finds the client in %s', (m, ip) => expect(clientFromMessage(m)).toBe(ip));

  it('returns undefined when none', () => {
    expect(clientFromMessage('User logged in from the web')).toBeUndefined();
  });
});

describe('parseAccessLine cost', () => {
  it('is linear in a request full of backslash escapes (string work counted, no clock)', () => {
    const work = (n: number): number => {
      const line = `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /${'\\a'.repeat(n)} HTTP/1.1" 200 1 "-" "-"`;
      return countWork(() => parseAccessLine(line));
    };
    const small = work(4096);
    const large = work(8192);
    expect(large / small, `${small} -> ${large}`).toBeLessThanOrEqual(2.5);
  });
});
