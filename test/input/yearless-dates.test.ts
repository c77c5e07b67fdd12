import { afterEach, describe, expect, it, vi } from 'vitest';
import { TextLineReader } from '../../src/cli/text-line.js';
import type { LogEvent } from '../../src/core/log-event.js';
import { eventFromObject, levelInText } from '../../src/input/event-from-input.js';
import { parseEventTime } from '../../src/input/event-time.js';
import { TextRecordReader } from '../../src/input/text-layout/text-record-reader.js';
import { KLOG, MONTH_DAY, MONTH_DOT_DAY, SYSLOG, type TimeRead } from '../../src/input/text-layout/timestamp-formats.js';
import { YEARLESS_DEFAULTS, YearlessDates } from '../../src/input/text-layout/yearless-dates.js';

const at = (iso: string) => Date.parse(iso);
const iso = (t: number) => (Number.isNaN(t) ? 'none' : new Date(t).toISOString());

/** Each syslog date read as a reader does (in `dates.year`), then placed. */
function place(dates: YearlessDates, stamps: readonly string[]): string[] {
  const r: TimeRead = { time: NaN, end: 0, level: 0 };
  return stamps.map((s) => {
    if (!SYSLOG.read(s, 0, r, dates.year)) throw new Error(`not a syslog date: ${s}`);
    return iso(dates.place(r.time));
  });
}
const clock = (now: string) => new YearlessDates({ now: at(now) });

afterEach(() => {
  vi.useRealTimers();
});

describe('YearlessDates: the year of the first date, from the clock', () => {
  it('read on 1 December, a line of 10 December is last year, not nine days ahead', () => {
    expect(place(clock('2026-12-01T00:30:00Z'), ['Dec 10 06:55:46'])).toEqual(['2025-12-10T06:55:46.000Z']);
    expect(place(clock('2026-12-01T00:30:00Z'), ['Nov 30 23:59:59'])).toEqual(['2026-11-30T23:59:59.000Z']);
  });

  it('up to the bound (1 day) after the clock is this year; beyond it, last year', () => {
    expect(YEARLESS_DEFAULTS.maxAheadMs).toBe(86_400_000);
    // 23 h ahead (a host east of UTC writes local time): this year
    expect(place(clock('2026-12-01T00:30:00Z'), ['Dec  1 23:30:00'])).toEqual(['2026-12-01T23:30:00.000Z']);
    // exactly the bound: this year; a second more: last year
    expect(place(clock('2026-12-01T00:30:00Z'), ['Dec  2 00:30:00'])).toEqual(['2026-12-02T00:30:00.000Z']);
    expect(place(clock('2026-12-01T00:30:00Z'), ['Dec  2 00:30:01'])).toEqual(['2025-12-02T00:30:01.000Z']);
    // a smaller bound
    expect(place(new YearlessDates({ now: at('2026-12-01T00:30:00Z'), maxAheadMs: 3_600_000 }), ['Dec  1 23:30:00'])).toEqual(['2025-12-01T23:30:00.000Z']);
  });

  it('read in January, December lines are last year and January lines this year', () => {
    expect(place(clock('2027-01-05T09:00:00Z'), ['Dec 10 06:55:46', 'Dec 31 23:59:59'])).toEqual(['2026-12-10T06:55:46.000Z', '2026-12-31T23:59:59.000Z']);
    expect(place(clock('2027-01-05T09:00:00Z'), ['Jan  5 08:00:00'])).toEqual(['2027-01-05T08:00:00.000Z']);
  });

  it('read on 31 December in the evening, a first line of 1 January (a host east of UTC) is next year', () => {
    expect(place(clock('2026-12-31T20:00:00Z'), ['Jan  1 00:30:00'])).toEqual(['2027-01-01T00:30:00.000Z']);
    expect(place(clock('2026-12-31T20:00:00Z'), ['Dec 31 19:00:00'])).toEqual(['2026-12-31T19:00:00.000Z']);
  });
});

describe('YearlessDates: a file across New Year', () => {
  it('Dec 31 → Jan 1 continues into the next year, monotonically (read in January)', () => {
    const out = place(clock('2027-01-02T12:00:00Z'), ['Dec 30 10:00:00', 'Dec 31 23:59:59', 'Jan  1 00:00:01', 'Jan  1 08:00:00', 'Jan  2 11:00:00']);
    expect(out).toEqual(['2026-12-30T10:00:00.000Z', '2026-12-31T23:59:59.000Z', '2027-01-01T00:00:01.000Z', '2027-01-01T08:00:00.000Z', '2027-01-02T11:00:00.000Z']);
    const times = out.map(Date.parse);
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
  });

  it('a late line of 31 December after the roll-over is last year; the next line rolls on again', () => {
    const out = place(new YearlessDates({ year: 2026 }), ['Dec 31 23:59:59', 'Jan  1 00:00:01', 'Dec 31 23:59:58', 'Jan  1 00:00:02']);
    expect(out).toEqual(['2026-12-31T23:59:59.000Z', '2027-01-01T00:00:01.000Z', '2026-12-31T23:59:58.000Z', '2027-01-01T00:00:02.000Z']);
  });

  it('a clock that steps back, and a gap of months, stay in the same year (no roll-over)', () => {
    expect(place(new YearlessDates({ year: 2026 }), ['Mar  4 10:00:00', 'Mar  4 09:00:00', 'Dec 20 08:00:00', 'Jan  5 00:00:00'])).toEqual([
      '2026-03-04T10:00:00.000Z',
      '2026-03-04T09:00:00.000Z',
      '2026-12-20T08:00:00.000Z',
      '2027-01-05T00:00:00.000Z',
    ]);
    // January then December of one year (the file never crossed New Year): the same year
    expect(place(new YearlessDates({ year: 2026 }), ['Jan  5 00:00:00', 'Dec 20 08:00:00'])).toEqual(['2026-01-05T00:00:00.000Z', '2026-12-20T08:00:00.000Z']);
  });

  it('a file across two New Years rolls over twice', () => {
    const out = place(new YearlessDates({ year: 2025 }), ['Dec 31 23:00:00', 'Jan  1 01:00:00', 'Jun 30 12:00:00', 'Dec 31 23:00:00', 'Jan  1 01:00:00']);
    expect(out).toEqual(['2025-12-31T23:00:00.000Z', '2026-01-01T01:00:00.000Z', '2026-06-30T12:00:00.000Z', '2026-12-31T23:00:00.000Z', '2027-01-01T01:00:00.000Z']);
  });
});

describe('YearlessDates: --year, and the far-future guard', () => {
  it('a given year overrides the clock: the first date is in it, whatever the clock says', () => {
    expect(place(new YearlessDates({ year: 2024, now: at('2026-12-01T00:00:00Z') }), ['Dec 10 06:55:46', 'Jan  1 00:00:01'])).toEqual(['2024-12-10T06:55:46.000Z', '2025-01-01T00:00:01.000Z']);
    // the year is taken as given, even when it puts the dates after the clock
    expect(place(new YearlessDates({ year: 2030, now: at('2026-12-01T00:00:00Z') }), ['Dec 10 06:55:46'])).toEqual(['2030-12-10T06:55:46.000Z']);
  });

  it('rolling over never puts a date more than the bound after the clock', () => {
    // read on 25 December: the January lines of this file cannot be next year's (nine days ahead)
    const dates = clock('2026-12-25T12:00:00Z');
    const out = place(dates, ['Dec 20 08:00:00', 'Dec 31 23:59:59', 'Jan  1 00:00:01', 'Jan  5 00:00:00', 'Dec 24 10:00:00']);
    expect(out).toEqual(['2026-12-20T08:00:00.000Z', '2025-12-31T23:59:59.000Z', '2026-01-01T00:00:01.000Z', '2026-01-05T00:00:00.000Z', '2026-12-24T10:00:00.000Z']);
    expect(out.every((t) => Date.parse(t) <= at('2026-12-25T12:00:00Z') + YEARLESS_DEFAULTS.maxAheadMs)).toBe(true);
  });

  it('lines that alternate December and January do not run away into later years', () => {
    const now = at('2027-01-03T00:00:00Z');
    const stamps = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'Dec 31 23:59:59' : 'Jan  1 00:00:01'));
    const out = place(new YearlessDates({ now }), stamps).map(Date.parse);
    expect(Math.max(...out)).toBeLessThanOrEqual(now + YEARLESS_DEFAULTS.maxAheadMs);
    expect(new Set(out.map((t) => new Date(t).getUTCFullYear()))).toEqual(new Set([2026, 2027]));
  });

  it('the result depends on the injected clock only, never on the current date', () => {
    const stamps = ['Dec 10 06:55:46', 'Dec 31 23:59:59', 'Jan  1 00:00:01'];
    const expected = place(clock('2027-01-02T00:00:00Z'), stamps);
    vi.useFakeTimers();
    for (const today of ['2026-06-01T00:00:00Z', '2031-12-31T23:00:00Z', '1999-01-01T00:00:00Z']) {
      vi.setSystemTime(new Date(today));
      expect(place(clock('2027-01-02T00:00:00Z'), stamps)).toEqual(expected);
      expect(place(new YearlessDates({ year: 2026 }), stamps)).toEqual(['2026-12-10T06:55:46.000Z', '2026-12-31T23:59:59.000Z', '2027-01-01T00:00:01.000Z']);
    }
  });

  it('without a year, a clock is required', () => {
    expect(() => new YearlessDates({})).toThrow(/give year or a finite now/);
    expect(() => new YearlessDates({ now: Number.NaN })).toThrow(/give year or a finite now/);
    expect(() => new YearlessDates({ now: 1e20 })).toThrow(/give year or a finite now/);
  });
});

/** Lines read as the scan reads one input: the layout reader, the line reader as its fallback, one YearlessDates. */
function readInput(lines: readonly string[], dates: YearlessDates, options: { sampleLines?: number; maxReinferences?: number } = {}): { times: string[]; reader: TextRecordReader } {
  const fallback = new TextLineReader(dates);
  const times: string[] = [];
  const reader = new TextRecordReader(
    'x.log',
    { dates, ...options },
    (l, e) => fallback.read(l, e),
    levelInText,
    (e: LogEvent) => times.push(iso(e.time)),
  );
  lines.forEach((l, i) => reader.line(l, i + 1));
  reader.end();
  return { times, reader };
}

describe('every reader of year-less dates places them', () => {
  const newYear = ['Dec 31 23:59:58 web-1 cron[1]: a', 'Dec 31 23:59:59 web-1 cron[1]: b', 'Jan  1 00:00:01 web-1 cron[1]: c'];
  const expected = ['2026-12-31T23:59:58.000Z', '2026-12-31T23:59:59.000Z', '2027-01-01T00:00:01.000Z'];

  it('the syslog layout: read in January, last December then this January', () => {
    const { times, reader } = readInput(newYear, clock('2027-01-01T06:00:00Z'));
    expect(reader.description).toContain('syslog');
    expect(times).toEqual(expected);
  });

  it('the line-by-line fallback (lines outside the layout): the same rule, sharing the input year', () => {
    const iso4j = Array.from({ length: 30 }, (_, i) => `2026-12-31T23:00:${String(i).padStart(2, '0')}Z INFO [main] org.example.App - started ${i}`);
    const { times, reader } = readInput([...iso4j, ...newYear], clock('2027-01-01T06:00:00Z'), { sampleLines: 30, maxReinferences: 0 });
    expect(reader.description).toContain('iso');
    expect(reader.outsideLayout).toBe(3);
    expect(times.slice(30)).toEqual(expected);
  });

  it('the fallback reader alone: Proxifier mm.dd dates, read on 1 December', () => {
    const dates = clock('2026-12-01T00:00:00Z');
    const fallback = new TextLineReader(dates);
    const e: LogEvent = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
    const out = ['[12.10 16:49:06] chrome.exe - a', '[12.31 23:59:59] chrome.exe - b', '[01.01 00:00:01] chrome.exe - c'].map((l) => {
      fallback.read(l, e);
      return iso(e.time);
    });
    expect(out).toEqual(['2025-12-10T16:49:06.000Z', '2025-12-31T23:59:59.000Z', '2026-01-01T00:00:01.000Z']);
  });

  it('logcat, klog and logfmt year-less times: read on 1 December, a December date is last year', () => {
    const dates = () => clock('2026-12-01T00:00:00Z');
    const logcat = Array.from({ length: 3 }, (_, i) => `12-10 06:55:4${i}.170  1795  1825 I ActivityManager: start ${i}`);
    expect(readInput(logcat, dates()).times).toEqual(['2025-12-10T06:55:40.170Z', '2025-12-10T06:55:41.170Z', '2025-12-10T06:55:42.170Z']);
    const klog = Array.from({ length: 3 }, (_, i) => `I1210 06:55:4${i}.000000    1234 main.go:12] start ${i}`);
    expect(readInput(klog, dates()).times).toEqual(['2025-12-10T06:55:40.000Z', '2025-12-10T06:55:41.000Z', '2025-12-10T06:55:42.000Z']);
    const logfmt = Array.from({ length: 3 }, (_, i) => `time="Dec 10 06:55:4${i}" level=info msg="start ${i}"`);
    const r = readInput(logfmt, dates());
    expect(r.reader.description).toContain('logfmt');
    expect(r.times).toEqual(['2025-12-10T06:55:40.000Z', '2025-12-10T06:55:41.000Z', '2025-12-10T06:55:42.000Z']);
  });

  it('a time with a year is never moved, and a second date in a syslog header does not replace the record time', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `Dec 10 06:55:${String(i).padStart(2, '0')} host 2020-01-01T00:00:00Z app: msg ${i}`);
    const { times } = readInput(lines, clock('2026-12-01T00:00:00Z'));
    expect(times[3]).toBe('2025-12-10T06:55:03.000Z');
    const isoLines = ['2027-06-01T00:00:00Z INFO far ahead', '2027-06-01T00:00:01Z INFO still'];
    expect(readInput(isoLines, clock('2026-12-01T00:00:00Z')).times).toEqual(['2027-06-01T00:00:00.000Z', '2027-06-01T00:00:01.000Z']);
  });

  it('JSON time fields without a year (rsyslog %timestamp%): placed, not read as 2001 in the local zone', () => {
    const dates = clock('2027-01-01T06:00:00Z');
    const times = ['Dec 31 23:59:59', 'Jan  1 00:00:01', '01-01 00:00:02.500'].map((t) => iso(eventFromObject({ timestamp: t, msg: 'x' }, Number.NaN, 8192, dates).time));
    expect(times).toEqual(['2026-12-31T23:59:59.000Z', '2027-01-01T00:00:01.000Z', '2027-01-01T00:00:02.500Z']);
    // without an input's dates, against the clock given (the LogWatcher's), record by record
    expect(iso(eventFromObject({ time: 'Dec 10 06:55:46' }, at('2026-12-01T00:00:00Z'), 8192).time)).toBe('2025-12-10T06:55:46.000Z');
    // no clock at all: no time, rather than a wrong one
    expect(eventFromObject({ time: 'Dec 10 06:55:46' }, Number.NaN, 8192).time).toBeNaN();
    // nor with a clock outside the Date range (it read as 2001 in the local zone, through Date.parse)
    for (const bad of [1e20, -1e20]) expect(parseEventTime('Dec 10 06:55:46', bad)).toBeNaN();
    // dates with a year are read as before
    expect(iso(eventFromObject({ time: 'Dec 10 2025 06:55:46 GMT' }, Number.NaN, 8192, dates).time)).toBe('2025-12-10T06:55:46.000Z');
    expect(iso(eventFromObject({ time: '2026-12-10T06:55:46Z' }, Number.NaN, 8192, dates).time)).toBe('2026-12-10T06:55:46.000Z');
  });
});

describe('YearlessDates: 29 February', () => {
  it('read in a year without the day, Feb 29 is in the latest leap year before it, not 1 March', () => {
    expect(place(clock('2026-12-01T00:30:00Z'), ['Feb 29 10:00:00'])).toEqual(['2024-02-29T10:00:00.000Z']);
    expect(place(clock('2025-01-10T00:00:00Z'), ['Feb 29 10:00:00'])).toEqual(['2024-02-29T10:00:00.000Z']);
    // 2100 is not a leap year (every 100th is not, every 400th is)
    expect(place(clock('2101-06-01T00:00:00Z'), ['Feb 29 10:00:00'])).toEqual(['2096-02-29T10:00:00.000Z']);
    expect(place(clock('2001-06-01T00:00:00Z'), ['Feb 29 10:00:00'])).toEqual(['2000-02-29T10:00:00.000Z']);
  });

  it('in a leap year it is that year, and the lines after it continue from it', () => {
    expect(place(clock('2024-03-05T00:00:00Z'), ['Feb 28 23:00:00', 'Feb 29 01:00:00', 'Mar  1 02:00:00'])).toEqual([
      '2024-02-28T23:00:00.000Z',
      '2024-02-29T01:00:00.000Z',
      '2024-03-01T02:00:00.000Z',
    ]);
    expect(place(clock('2026-12-01T00:30:00Z'), ['Feb 29 23:59:00', 'Mar  1 00:01:00', 'Mar  2 08:00:00'])).toEqual([
      '2024-02-29T23:59:00.000Z',
      '2024-03-01T00:01:00.000Z',
      '2024-03-02T08:00:00.000Z',
    ]);
  });

  it('with a given year that has no 29 February, the latest leap year before it', () => {
    expect(place(new YearlessDates({ year: 2026 }), ['Feb 29 10:00:00', 'Mar  1 10:00:00'])).toEqual(['2024-02-29T10:00:00.000Z', '2024-03-01T10:00:00.000Z']);
    expect(place(new YearlessDates({ year: 2028 }), ['Feb 29 10:00:00'])).toEqual(['2028-02-29T10:00:00.000Z']);
  });

  it('in every year-less layout: logcat, Proxifier and klog dates too', () => {
    const r: TimeRead = { time: NaN, end: 0, level: 0 };
    for (const [format, stamp] of [
      [MONTH_DAY, '02-29 10:00:00.000'],
      [MONTH_DOT_DAY, '02.29 10:00:00'],
      [KLOG, 'I0229 10:00:00.000000'],
    ] as const) {
      const dates = clock('2026-12-01T00:30:00Z');
      expect(format.read(stamp, 0, r, dates.year), stamp).toBe(true);
      expect(iso(dates.place(r.time)), stamp).toBe('2024-02-29T10:00:00.000Z');
    }
  });
});
