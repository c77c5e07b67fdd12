import { MONTH_DAY, MONTH_DOT_DAY, SYSLOG, type TimeRead } from './text-layout/timestamp-formats.js';
import { YearlessDates } from './text-layout/yearless-dates.js';

/**
 * Epoch milliseconds from a timestamp field of a log line: a number (epoch seconds, ms, µs or ns,
 * told apart by magnitude), a numeric string of the same, or an ISO 8601 / RFC 2822 date string.
 * A date without a year (`Dec 10 06:55:46`, `12-10 06:55:46.123`: rsyslog's `%timestamp%`) is
 * placed by `dates` (the input's, see {@link YearlessDates}), else against the clock `now` (its
 * latest year no more than a day after `now`), else NaN. NaN when it cannot be read.
 */
export function parseEventTime(value: unknown, now = Number.NaN, dates?: YearlessDates): number {
  if (typeof value === 'number') return fromEpochNumber(value);
  if (typeof value === 'string') {
    if (value.length === 0 || value.length > 64) return NaN;
    const c = value.charCodeAt(0);
    if (c >= 48 && c <= 57 && NUMERIC.test(value)) return fromEpochNumber(Number(value));
    // Date.parse reads a year-less date in the year 2001 and the local zone
    const yearless = yearlessTime(value, now, dates);
    if (yearless !== undefined) return yearless;
    return Date.parse(value);
  }
  if (typeof value === 'bigint') return fromEpochNumber(Number(value));
  if (value instanceof Date) return value.getTime();
  return NaN;
}

const NUMERIC = /^\d+(\.\d+)?$/;

function fromEpochNumber(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (n < 1e11) return n * 1000; // seconds (until year 5138)
  if (n < 1e14) return n; // milliseconds
  if (n < 1e17) return n / 1000; // microseconds
  return n / 1e6; // nanoseconds
}

const yearlessRead: TimeRead = { time: NaN, end: 0, level: 0 };

/** The time of a string that is exactly a year-less date, placed; undefined for any other string. */
function yearlessTime(s: string, now: number, dates: YearlessDates | undefined): number | undefined {
  const c0 = s.charCodeAt(0);
  const sep = s.charCodeAt(2);
  if (!(c0 >= 65 && c0 <= 90) && !(c0 >= 48 && c0 <= 49 && (sep === 45 || sep === 46))) return undefined;
  const r = yearlessRead;
  // NaN for a clock outside the Date range (1e20) as for no clock: the date is still recognised (no Date.parse)
  const clockYear = Number.isFinite(now) ? new Date(now).getUTCFullYear() : Number.NaN;
  const year = dates?.year ?? (Number.isNaN(clockYear) ? 2000 : clockYear);
  if (!((SYSLOG.read(s, 0, r, year) || MONTH_DAY.read(s, 0, r, year) || MONTH_DOT_DAY.read(s, 0, r, year)) && r.end === s.length)) return undefined;
  if (dates !== undefined) return dates.place(r.time);
  return Number.isNaN(clockYear) ? Number.NaN : new YearlessDates({ now }).place(r.time);
}
