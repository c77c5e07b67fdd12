import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AccessLineStrings, readCommonAccessLine } from '../../src/input/access-line-fast.js';
import { emptyAccessRequest, parseAccessLine, parseAccessLogTime } from '../../src/input/request-line.js';

const KEPT = ['method', 'target', 'path', 'query', 'clientIp', 'user', 'referer', 'userAgent'] as const;

/** What the general reading gives for the fields the line reader keeps, or undefined when it is not an access line the fast path could take. */
function general(line: string): { status: number; time: number; fields: Record<string, string> } | undefined {
  const req = parseAccessLine(line);
  if (req === undefined) return undefined;
  const fields: Record<string, string> = {};
  for (const k of KEPT) fields[k] = req[k];
  return { status: req.status, time: parseAccessLogTime(req.timeText), fields };
}

const kept = new AccessLineStrings();

function fast(line: string): { status: number; time: number; fields: Record<string, string> } | undefined {
  const out = emptyAccessRequest();
  const at = { time: NaN };
  const status = readCommonAccessLine(line, out, at, kept);
  if (status === 0) return undefined;
  const fields: Record<string, string> = {};
  for (const k of KEPT) fields[k] = out[k];
  return { status, time: at.time, fields };
}

/** Deterministic edits of a line: a character inserted, dropped or replaced, or the line cut. */
function* mutations(lines: string[], count: number): Generator<string> {
  let seed = 20261201;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  const chars = ' "[]\\-?/:AZaz09+%\t\'';
  for (let m = 0; m < count; m++) {
    let l = lines[rnd(lines.length)];
    for (let t = 1 + rnd(3); t > 0; t--) {
      const i = rnd(l.length + 1);
      const c = chars[rnd(chars.length)];
      const k = rnd(4);
      l = k === 0 ? l.slice(0, i) + c + l.slice(i) : k === 1 ? l.slice(0, i) + l.slice(i + 1) : k === 2 ? l.slice(0, i) + c + l.slice(i + 1) : l.slice(0, i);
    }
    yield l;
  }
}

describe('readCommonAccessLine: the common and combined access-log shape in one pass', () => {
  it('reads a combined line: status, time and the fields the line reader keeps', () => {
    const line = '203.0.113.9 - alice [24/Nov/2026:14:45:25 +0100] "GET /search?q=1&p=2 HTTP/1.1" 404 512 "https://example.com/" "curl/8.5"';
    const r = fast(line);
    expect(r).toEqual({
      status: 404,
      time: Date.UTC(2026, 10, 24, 13, 45, 25),
      fields: { method: 'GET', target: '/search?q=1&p=2', path: '/search', query: 'q=1&p=2', clientIp: '203.0.113.9', user: 'alice', referer: 'https://example.com/', userAgent: 'curl/8.5' },
    });
  });

  it('leaves other shapes to the general reading (returns 0)', () => {
    const others = [
      // a backslash from the request on: escaped quotes are the general reader's
      '1.2.3.4 - - [24/Nov/2026:14:45:25 +0000] "GET /a\\"b HTTP/1.1" 200 1 "-" "x"',
      // a quote before the request
      '1.2.3.4 - "bob" [24/Nov/2026:14:45:25 +0000] "GET / HTTP/1.1" 200 1',
      // a syslog prefix, an nginx error line, two spaces between fields
      'Sep 15 16:13:46 host nginx[1]: 1.2.3.4 - - [24/Nov/2026:14:45:25 +0000] "GET / HTTP/1.1" 200 1',
      '2026/11/24 14:45:25 [error] 31#0: *1 open() failed, client: 1.2.3.4, request: "GET / HTTP/1.1"',
      '1.2.3.4  - - [24/Nov/2026:14:45:25 +0000] "GET / HTTP/1.1" 200 1',
      // a `[` inside the time, a lower-case method, no status, a status of four digits
      '1.2.3.4 - - [24/Nov/2026:14:45:25 [0000] "GET / HTTP/1.1" 200 1',
      '1.2.3.4 - - [24/Nov/2026:14:45:25 +0000] "get / HTTP/1.1" 200 1',
      '1.2.3.4 - - [24/Nov/2026:14:45:25 +0000] "GET / HTTP/1.1" - 1',
      '1.2.3.4 - - [24/Nov/2026:14:45:25 +0000] "GET / HTTP/1.1" 2000 1',
      '1.2.3.4 - - [not a time] "GET / HTTP/1.1" 200 1',
      '',
    ];
    for (const line of others) expect(fast(line), line).toBeUndefined();
  });

  it('gives what parseAccessLine gives on every line it accepts: fixtures and 40,000 edited lines', () => {
    const files = [
      'test/fixtures/cli/access.log',
      'test/fixtures/security/apache-access-sample.txt',
      'test/fixtures/security/auth/nginx.log',
      'test/fixtures/security/crowdsec/nginx-http-sqli-probing.txt',
    ];
    const lines = files.flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.length > 0);
    let accepted = 0;
    let checked = 0;
    const differing: string[] = [];
    for (const line of [...lines, ...mutations(lines, 40_000)]) {
      checked++;
      const f = fast(line);
      if (f === undefined) continue;
      accepted++;
      const g = general(line);
      // the general reading keeps the referer and agent only after a status followed by a space or the end (its status is then 0)
      const same = g !== undefined && f.time === g.time && (g.status === 0 || g.status === f.status) && KEPT.every((k) => f.fields[k] === g.fields[k]);
      if (!same && differing.length < 5) differing.push(line);
    }
    expect(differing).toEqual([]);
    expect(checked).toBeGreaterThan(40_000);
    // most edited lines keep the shape: the comparison is not vacuous
    expect(accepted).toBeGreaterThan(checked / 3);
  });
});
