import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/core/log-event.js';
import { LineSplitter } from '../../src/cli/line-splitter.js';
import { TextLineReader } from '../../src/cli/text-line.js';
import { Timeline } from '../../src/cli/timeline.js';
import { YearlessDates } from '../../src/input/text-layout/yearless-dates.js';

function read(line: string, year = 2026): LogEvent {
  const e: LogEvent = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
  new TextLineReader(new YearlessDates({ year })).read(line, e);
  return e;
}
const iso = (e: LogEvent) => (Number.isNaN(e.time) ? 'none' : new Date(e.time).toISOString());

describe('TextLineReader: timestamp layouts, level and message', () => {
  const cases: [string, string, number, string][] = [
    ['2026-11-24T14:45:25.123Z ERROR db down', '2026-11-24T14:45:25.123Z', 17, 'ERROR db down'],
    ['2026-11-24 14:45:25,123 +01:00 WARN slow', '2026-11-24T13:45:25.123Z', 13, 'WARN slow'],
    ['[2026-11-24T14:45:25.5+0200] INFO started', '2026-11-24T12:45:25.500Z', 9, 'INFO started'],
    ['2026/11/24 14:45:25 [error] 31#0: *1 open() failed', '2026-11-24T14:45:25.000Z', 17, '[error] 31#0: *1 open() failed'],
    ['17/06/09 20:10:40 INFO executor.Executor: Running task', '2017-06-09T20:10:40.000Z', 9, 'INFO executor.Executor: Running task'],
    ['081109 203615 148 INFO dfs.DataNode$PacketResponder: closing', '2008-11-09T20:36:15.000Z', 9, '148 INFO dfs.DataNode$PacketResponder: closing'],
    ['Nov 24 14:45:25 web-1 sshd[2110]: Failed password for root', '2026-11-24T14:45:25.000Z', 0, 'web-1 sshd[2110]: Failed password for root'],
    ['Jun  4 06:05:01 combo CRON[1]: session opened', '2026-06-04T06:05:01.000Z', 0, 'combo CRON[1]: session opened'],
    ['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok', '2005-12-04T04:47:44.000Z', 10, '[notice] workerEnv.init() ok'],
    ['[10.30 16:49:06] chrome.exe - proxy.example.com:443 open through proxy', '2026-10-30T16:49:06.000Z', 0, 'chrome.exe - proxy.example.com:443 open through proxy'],
    ['- 1117838570 2005.06.03 R02-M1-N0 RAS KERNEL INFO cache parity error corrected', '2005-06-03T22:42:50.000Z', 9, '2005.06.03 R02-M1-N0 RAS KERNEL INFO cache parity error corrected'],
    ['1764000000123 ERROR epoch first', '2025-11-24T16:00:00.123Z', 17, 'ERROR epoch first'],
    ['no timestamp here, ERROR later', 'none', 17, 'no timestamp here, ERROR later'],
    ['2026-13-01T00:00:00Z not a date', 'none', 0, '2026-13-01T00:00:00Z not a date'],
    // the layout readers (one set for both paths): Apache 2.4's microseconds, and no epoch before 1971
    ['[Wed Mar 04 05:06:07.170000 2026] [core:info] [pid 5074] started', '2026-03-04T05:06:07.170Z', 0, '[core:info] [pid 5074] started'],
    ['0000000012 UNION SELECT 1,2,3', 'none', 0, '0000000012 UNION SELECT 1,2,3'],
  ];
  for (const [line, time, level, message] of cases) {
    it(line.slice(0, 40), () => {
      const e = read(line);
      expect(iso(e)).toBe(time);
      expect(e.severityNumber).toBe(level);
      expect(e.message).toBe(message);
    });
  }

  it('access-log lines: time from the brackets, level from the status, the request as attributes and message', () => {
    const line = '203.0.113.9 - bob [24/Nov/2026:10:00:47 +0100] "GET /search?q=1 HTTP/1.1" 503 12 "https://example.com/" "curl/8"';
    const e = read(line);
    expect(iso(e)).toBe('2026-11-24T09:00:47.000Z');
    expect(e.severityNumber).toBe(17);
    expect(e.message).toBe('GET /search?q=1 503');
    expect(e.attributes).toEqual({
      'client.address': '203.0.113.9',
      'user.name': 'bob',
      'http.request.method': 'GET',
      'url.path': '/search',
      'url.query': 'q=1',
      'http.response.status_code': 503,
      'http.request.header.referer': 'https://example.com/',
      'user_agent.original': 'curl/8',
    });
    expect(read(line.replace(' 503 ', ' 404 ')).severityNumber).toBe(13);
    expect(read(line.replace(' 503 ', ' 200 ')).severityNumber).toBe(9);
  });

  it('a line led by digits is read by the formats its run of digits allows (an IPv4 address: an access line), as when every format was tried', () => {
    // [line, time, severity, message]: runs of 1 to 14 digits, with and without a timestamp
    const cases: [string, string, number, string][] = [
      ['198.51.100.7 - - [24/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 5', '2026-11-24T10:00:00.000Z', 9, 'GET /a 200'],
      ['10.0.2.44 - alice [24/Nov/2026:10:00:01 +0000] "GET /b?x=1 HTTP/1.1" 404 0', '2026-11-24T10:00:01.000Z', 13, 'GET /b?x=1 404'],
      ['1.2.3.4 - - [24/Nov/2026:10:00:02 +0000] "POST /c HTTP/1.1" 503 0', '2026-11-24T10:00:02.000Z', 17, 'POST /c 503'],
      ['12345 ERROR five digits lead', 'none', 17, '12345 ERROR five digits lead'],
      ['111783857 nine digits', 'none', 0, '111783857 nine digits'],
      ['1117838570 ten digits', '2005-06-03T22:42:50.000Z', 0, 'ten digits'],
      ['111783857012 twelve digits', 'none', 0, '111783857012 twelve digits'],
      ['1117838570123 thirteen digits', '2005-06-03T22:42:50.123Z', 0, 'thirteen digits'],
      ['12345678901234 fourteen digits', 'none', 0, '12345678901234 fourteen digits'],
      ['2026.11.24 10:00:00 a dot after four digits', 'none', 0, '2026.11.24 10:00:00 a dot after four digits'],
      ['10.30 16:49:06 mm.dd', '2026-10-30T16:49:06.000Z', 0, 'mm.dd'],
      ['17/06/09 20:10:40 yy/mm/dd', '2017-06-09T20:10:40.000Z', 0, 'yy/mm/dd'],
      ['1234 WARN four digits, no date', 'none', 13, '1234 WARN four digits, no date'],
    ];
    for (const [line, time, level, message] of cases) {
      const e = read(line);
      expect([iso(e), e.severityNumber, e.message], line).toEqual([time, level, message]);
    }
  });

  it('a plain line after an access line carries no attributes of it', () => {
    const r = new TextLineReader(new YearlessDates({ year: 2026 }));
    const e: LogEvent = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
    r.read('203.0.113.9 - - [24/Nov/2026:10:00:47 +0000] "GET / HTTP/1.1" 200 12 "-" "-"', e);
    expect(e.attributes['url.path']).toBe('/');
    r.read('2026-11-24T10:00:48Z INFO next', e);
    expect(e.attributes).toEqual({});
  });

  it('consecutive lines of one second reuse the parsed second and still read their own fraction', () => {
    const r = new TextLineReader(new YearlessDates({ year: 2026 }));
    const e: LogEvent = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
    const times = ['2026-11-24T10:00:00.100Z a', '2026-11-24T10:00:00.250Z b', '2026-11-24T10:00:01Z c', '2026-11-25T10:00:01.5Z d'].map((l) => {
      r.read(l, e);
      return iso(e);
    });
    expect(times).toEqual(['2026-11-24T10:00:00.100Z', '2026-11-24T10:00:00.250Z', '2026-11-24T10:00:01.000Z', '2026-11-25T10:00:01.500Z']);
  });

  it('hostile prefixes do not throw: digits everywhere, truncated stamps, huge numbers', () => {
    for (const line of ['', '[', '2026-', '9999999999999999999999 x', '[Sun Dec', 'Nov 99 10:00:00 x', '00/00/00 00:00:00', '\u0000\u0001', '[10.30 16:49']) expect(() => read(line)).not.toThrow();
  });
});

describe('LineSplitter', () => {
  it('splits across chunks, drops \\r, decodes multi-byte characters split between chunks, cuts long lines', () => {
    const lines: string[] = [];
    const s = new LineSplitter(10, (l) => lines.push(l));
    const bytes = Buffer.from('ab\r\ncafé\nthis line is far too long\nlast', 'utf8');
    for (let i = 0; i < bytes.length; i += 3) s.push(bytes.subarray(i, i + 3));
    s.end();
    expect(lines).toEqual(['ab', 'café', 'this line ', 'last']);
    expect(s.truncated).toBe(1);
  });

  it('invalid UTF-8 becomes U+FFFD, not an error', () => {
    const lines: string[] = [];
    const s = new LineSplitter(100, (l) => lines.push(l));
    s.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]));
    s.end();
    expect(lines).toEqual(['a\ufffd\ufffdb']);
  });
});

describe('Timeline', () => {
  it('widens its buckets to stay under the cap, keeping every count', () => {
    const t = new Timeline(300);
    const start = Date.UTC(2026, 10, 24);
    for (let i = 0; i < 100_000; i++) t.record(start + i * 100, i % 50 === 0);
    t.signal(start + 5000);
    const buckets = t.toJSON();
    expect(buckets.length).toBeLessThanOrEqual(300);
    expect(buckets.reduce((a, b) => a + b.records, 0)).toBe(100_000);
    expect(buckets.reduce((a, b) => a + b.errors, 0)).toBe(2000);
    expect(buckets.reduce((a, b) => a + b.signals, 0)).toBe(1);
    expect(t.bucketMs).toBe(60_000);
  });
});
