import { describe, expect, it } from 'vitest';
import { levelInText } from '../../src/input/event-from-input.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { TextLineReader } from '../../src/cli/text-line.js';
import { TextRecordReader } from '../../src/input/text-layout/text-record-reader.js';
import { YearlessDates } from '../../src/input/text-layout/yearless-dates.js';
// @ts-expect-error plain JS module shared with the bench
import { LAYOUTS, SAMPLE_YEAR, sampleLines } from '../../bench/layout-samples.js';

interface Sample {
  line: string;
  time: number;
  level: number | undefined;
  message: string;
  kind: number;
}
interface Layout {
  name: string;
  levels: boolean;
}
interface Read {
  time: number;
  level: number;
  message: string;
  attributes: Record<string, unknown>;
  raw?: string;
  source?: { file: string; line: number };
}

/** Reads lines as the CLI does: layout inference, the old line reader as the fallback. */
function readAll(lines: readonly string[], options: { sampleLines?: number } = {}): { records: Read[]; reader: TextRecordReader } {
  const dates = new YearlessDates({ year: SAMPLE_YEAR });
  const fallback = new TextLineReader(dates);
  const records: Read[] = [];
  const reader = new TextRecordReader(
    'x.log',
    { dates, ...options },
    (l, e) => fallback.read(l, e),
    levelInText,
    (e: LogEvent) => {
      records.push({ time: e.time, level: e.severityNumber, message: e.message, attributes: { ...e.attributes }, raw: e.raw, source: e.source });
    },
  );
  for (let i = 0; i < lines.length; i++) reader.line(lines[i], i + 1);
  reader.end();
  return { records, reader };
}

describe('layout inference: time, level and message right on every layout', () => {
  for (const layout of LAYOUTS as Layout[]) {
    it(layout.name, () => {
      const samples = sampleLines(layout, 300) as Sample[];
      const { records, reader } = readAll(samples.map((s) => s.line));
      expect(reader.hasLayout, reader.description).toBe(true);
      expect(reader.outsideLayout).toBe(0);
      expect(records.length).toBe(samples.length);
      const wrong = samples.filter((s, i) => records[i].time !== s.time || (s.level !== undefined && records[i].level !== s.level) || records[i].message !== s.message);
      expect(wrong.slice(0, 3).map((s) => ({ line: s.line, got: records[samples.indexOf(s)] }))).toEqual([]);
    });
  }
});

const iso = (t: number) => (Number.isNaN(t) ? 'none' : new Date(t).toISOString());

describe('header fields become attributes with stable names; levels from the header only', () => {
  const WORDS = [
    'started',
    'stopped',
    'opened',
    'closed',
    'loaded',
    'saved',
    'sent',
    'received',
    'queued',
    'dropped',
    'parsed',
    'built',
    'synced',
    'locked',
    'freed',
    'mounted',
    'scanned',
    'flushed',
    'renamed',
    'merged',
  ];
  const s2 = (i: number) => String(i % 60).padStart(2, '0');
  /** [name, line builder (message, i: 0 is the line checked), attributes, level, message] */
  const cases: [string, (m: string, i: number) => string, Record<string, unknown>, number, string][] = [
    [
      'logcat',
      (m, i) => `03-04 05:06:${s2(i)}.123  1702  ${2395 + i} ${i === 0 ? 'E' : 'IDW'[i % 3]} ${i % 2 ? 'ActivityManager' : 'WindowManager'}: ${m}`,
      { 'process.pid': 1702, 'thread.id': 2395, 'log.logger': 'WindowManager' },
      17,
      'ERROR_INVALID_FUNCTION is not an error here',
    ],
    [
      'windows',
      (m, i) => `2026-03-04 05:06:${s2(i)}, ${(i % 3 === 2 ? 'Warning' : 'Info').padEnd(22)}${(i % 2 ? 'CSI' : 'CBS').padEnd(7)}${m}`,
      { 'log.logger': 'CBS' },
      9,
      'Warning: ERROR_INVALID_FUNCTION returned by a probe',
    ],
    [
      'syslog',
      (m, i) => `Mar  4 05:06:${s2(i)} web-${1 + (i % 3)} ${i % 2 ? 'cron' : 'sshd'}[${2110 + i}]: ${m}`,
      { 'host.name': 'web-1', 'process.executable.name': 'sshd', 'process.pid': 2110 },
      0,
      'Failed password for root',
    ],
    [
      'log4j',
      (m, i) => `2026-03-04 05:06:${s2(i)},123 ${(i === 0 ? 'WARN' : 'INFO').padEnd(5)} [${i % 2 ? 'main' : 'http-nio-1'}] org.example.${i % 2 ? 'Db' : 'Api'} - ${m}`,
      { 'thread.name': 'http-nio-1', 'log.logger': 'org.example.Api' },
      13,
      'an ERROR in the text',
    ],
    [
      'klog',
      (m, i) => `${i === 0 ? 'E' : 'IW'[i % 2]}0304 05:06:${s2(i)}.123456    1234 ${i % 2 ? 'server' : 'controller'}.go:${112 + i}] ${m}`,
      { 'thread.id': 1234, 'code.file.path': 'controller.go', 'code.line.number': 112 },
      17,
      'sync failed',
    ],
    ['cri', (m, i) => `2026-03-04T05:06:${s2(i)}.123456789Z ${i % 3 ? 'stdout' : 'stderr'} F ${m}`, { 'log.iostream': 'stderr' }, 0, 'panic: nil map'],
    ['kubectl --prefix', (m, i) => `[pod/web-7d9c/app] 2026-03-04T05:06:${s2(i)}.123Z ${i === 0 ? 'ERROR' : 'INFO'} ${m}`, { 'k8s.pod.name': 'web-7d9c', 'k8s.container.name': 'app' }, 17, 'boom'],
    [
      'file-name prefix',
      (m, i) => `nova-api.log.1 2026-03-04 05:06:${s2(i)}.008 25746 INFO nova.osapi.wsgi.server [req-${38 + i} - - -] ${m}`,
      { 'log.file.name': 'nova-api.log.1', 'process.pid': 25746, 'log.logger': 'nova.osapi.wsgi.server', 'thread.name': 'req-38 - - -' },
      9,
      'GET /v2 status: 200',
    ],
    [
      'RFC 5424 priority',
      (m, i) => `<${i === 0 ? 11 : 14}>1 2026-03-04T05:06:${s2(i)}.003Z db-${2 + (i % 2)} postgres ${4242 + i} - - ${m}`,
      { 'host.name': 'db-2', 'process.pid': 4242 },
      17,
      'disk full',
    ],
    ['nginx error', (m, i) => `2026/03/04 05:06:${s2(i)} [${i === 0 ? 'error' : 'warn'}] 31#${31 + i}: *${7 + i} ${m}`, { 'process.pid': 31, 'thread.id': 31 }, 17, 'open() failed'],
  ];
  for (const [name, make, attributes, level, message] of cases) {
    it(name, () => {
      // the line checked, then more of the same layout with varied messages (what inference needs)
      const lines = [make(message, 0), ...Array.from({ length: 40 }, (_, i) => make(`${WORDS[i % 20]} item ${i} of ${WORDS[(i * 7) % 20]}`, i + 1))];
      const { records } = readAll(lines);
      expect(records[0].attributes).toMatchObject(attributes);
      expect(records[0].level).toBe(level);
      expect(records[0].message).toBe(message);
      expect(records[0].raw).toBe(lines[0]);
      expect(records[0].source).toEqual({ file: 'x.log', line: 1 });
    });
  }

  it('a layout without a level field reads the level from the message as before', () => {
    const { records } = readAll(['Mar  4 05:06:07 web-1 app[1]: ERROR disk full', 'Mar  4 05:06:08 web-1 app[1]: all fine']);
    expect(records.map((r) => r.level)).toEqual([17, 0]);
  });
});

describe('bad input: handled, counted, nothing lost', () => {
  const log4j = (s: number, level: string, msg: string) => `2026-03-04 05:06:${String(s).padStart(2, '0')},000 ${level.padEnd(5)} [main] org.example.App - ${msg}`;

  it('multi-line records: stack trace lines join the record above (message and raw), line numbers of the first line', () => {
    const lines = [
      log4j(1, 'INFO', 'starting'),
      log4j(2, 'ERROR', 'request failed'),
      'java.lang.IllegalStateException: closed',
      '\tat org.example.Db.query(Db.java:42)',
      '\tat org.example.Api.get(Api.java:7)',
      'Caused by: java.io.IOException: reset',
      '\t... 3 more',
      log4j(3, 'INFO', 'recovered'),
    ];
    const { records, reader } = readAll(lines);
    expect(records.length).toBe(3);
    expect(records[1].level).toBe(17);
    expect(records[1].message).toBe(['request failed', ...lines.slice(2, 7)].join('\n'));
    expect(records[1].raw).toBe(lines.slice(1, 7).join('\n'));
    expect(records[1].source?.line).toBe(2);
    expect(records[2].source?.line).toBe(8);
    expect(reader.continuationLines).toBe(5);
    expect(reader.outsideLayout).toBe(0);
  });

  it('a continuation beyond the record limit starts a record of its own', () => {
    const lines = [log4j(1, 'ERROR', 'x'), ...Array.from({ length: 5 }, (_, i) => `\tat frame${i}`)];
    const { records, reader } = readAll(lines, {});
    expect(records.length).toBe(1);
    const capped = new TextRecordReader(
      'x',
      { dates: new YearlessDates({ year: 2026 }), maxContinuationLines: 2 },
      (l, e) => new TextLineReader(new YearlessDates({ year: 2026 })).read(l, e),
      levelInText,
      () => {},
    );
    for (let i = 0; i < lines.length; i++) capped.line(lines[i], i + 1);
    capped.end();
    // two joined, the third starts a record (outside the layout), which the next ones join
    expect(capped.continuationLines).toBe(4);
    expect(capped.outsideLayout).toBe(1);
    expect(reader.continuationLines).toBe(5);
  });

  it('a header and no message: an empty message, time and level kept', () => {
    const { records, reader } = readAll([log4j(1, 'INFO', 'a'), '2026-03-04 05:06:02,000 WARN  [main] org.example.App -', '2026-03-04 05:06:03,000 ERROR', log4j(4, 'INFO', 'b')]);
    expect(records.map((r) => [iso(r.time), r.level, r.message])).toEqual([
      ['2026-03-04T05:06:01.000Z', 9, 'a'],
      ['2026-03-04T05:06:02.000Z', 13, ''],
      ['2026-03-04T05:06:03.000Z', 17, ''],
      ['2026-03-04T05:06:04.000Z', 9, 'b'],
    ]);
    expect(reader.outsideLayout).toBe(0);
  });

  it('garbage bytes in a header: the line is read line by line (counted), not lost', () => {
    const lines = [...Array.from({ length: 30 }, (_, i) => log4j(i, 'INFO', `a ${i}`)), '2026-03-04 05:06:31,000 \uFFFD\uFFFD\u0001 [main] org.example.App - b', log4j(32, 'INFO', 'c')];
    const { records, reader } = readAll(lines);
    expect(records.length).toBe(32);
    expect(reader.outsideLayout).toBe(1);
    expect(iso(records[30].time)).toBe('2026-03-04T05:06:31.000Z');
    expect(records[30].message).toContain('b');
  });

  it('a clock that jumps back and forward: every time read as written, no line outside the layout', () => {
    const lines = ['2026-03-04T05:00:00Z INFO a', '2026-03-04T04:00:00Z INFO b', '2026-03-06T04:00:00Z INFO c', '2026-03-04T05:00:01Z INFO d'];
    const { records, reader } = readAll(lines);
    expect(records.map((r) => iso(r.time))).toEqual(['2026-03-04T05:00:00.000Z', '2026-03-04T04:00:00.000Z', '2026-03-06T04:00:00.000Z', '2026-03-04T05:00:01.000Z']);
    expect(reader.outsideLayout).toBe(0);
  });

  it('a year-less date that goes back from December to January is in the next year', () => {
    const { records } = readAll(['Dec 31 23:59:59 h app[1]: a', 'Jan  1 00:00:01 h app[1]: b']);
    expect(records.map((r) => iso(r.time))).toEqual(['2026-12-31T23:59:59.000Z', '2027-01-01T00:00:01.000Z']);
  });

  it('mixed layouts in one file: the layout is inferred again when lines stop fitting', () => {
    const first = Array.from({ length: 250 }, (_, i) => log4j(i % 60, 'INFO', `job ${i} done`));
    const second = Array.from({ length: 250 }, (_, i) => `Mar  4 06:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web-1 cron[${100 + i}]: job ${i} done`);
    const { records, reader } = readAll([...first, ...second]);
    expect(records.length).toBe(500);
    expect(reader.outsideLayout).toBe(20);
    expect(reader.description).toContain('syslog');
    // every line of the second layout keeps its time; once the layout is inferred again, its header too
    expect(records.slice(250).every((r) => !Number.isNaN(r.time))).toBe(true);
    expect(records.slice(250 + reader.outsideLayout).every((r) => r.message.startsWith('job '))).toBe(true);
    expect(records[499].attributes).toMatchObject({ 'host.name': 'web-1', 'process.executable.name': 'cron' });
  });

  it('an unknown layout degrades to reading each line on its own (time from the line when it has one)', () => {
    const { records, reader } = readAll(['hello world', 'no time here either', 'still nothing']);
    expect(reader.hasLayout).toBe(false);
    expect(reader.description).toBe('unknown');
    expect(records.map((r) => r.message)).toEqual(['hello world', 'no time here either', 'still nothing']);
    expect(records.every((r) => Number.isNaN(r.time))).toBe(true);
  });

  it('access logs are left to the access-log reader (no layout of their own)', () => {
    const { records, reader } = readAll(['203.0.113.9 - - [24/Nov/2026:10:00:47 +0000] "GET /x HTTP/1.1" 503 12 "-" "curl/8"']);
    expect(reader.hasLayout).toBe(false);
    expect(records[0].message).toBe('GET /x 503');
    expect(records[0].level).toBe(17);
  });
});

describe('bounds', () => {
  it('lines outside the layout are not kept once no re-inference is left', () => {
    const dates = new YearlessDates({ year: 2026 });
    const fallback = new TextLineReader(dates);
    const reader = new TextRecordReader(
      'x',
      { dates, sampleLines: 30, maxReinferences: 0 },
      (l, e) => fallback.read(l, e),
      levelInText,
      () => {},
    );
    for (let i = 0; i < 30; i++) reader.line(`2026-03-04T05:06:${String(i).padStart(2, '0')}Z INFO [main] org.example.App - started ${i}`, i + 1);
    for (let i = 0; i < 5000; i++) reader.line(`Mar  4 05:06:07 web-1 app: ${i}`, 31 + i);
    reader.end();
    expect(reader.outsideLayout).toBe(5000);
    expect((reader as unknown as { misfits: string[] }).misfits.length).toBe(0);
  });

  it('lines of the sample that do not fit its layout do not trigger another inference', () => {
    const log4j = Array.from({ length: 30 }, (_, i) => `2026-03-04T05:06:${String(i).padStart(2, '0')}Z INFO [main] org.example.App - started ${i}`);
    const syslog = Array.from({ length: 500 }, (_, i) => `Mar  4 05:${String(Math.floor(i / 60) + 10).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} web-1 app[${i}]: job ${i} done`);
    const { reader } = readAll([...log4j, ...syslog]);
    expect(reader.description).toContain('syslog');
    expect(reader.outsideLayout).toBe(30);
  });
});

describe('the header leaves a message', () => {
  it('a constant word and a number after the level are the message, not a header', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${new Date(Date.UTC(2026, 10, 24) + i * 10).toISOString()} ERROR boom ${i}`);
    const { records, reader } = readAll(lines);
    expect(reader.description).toBe('iso time, level');
    expect(records[7].message).toBe('boom 7');
    expect(records[7].level).toBe(17);
  });
});
