import { digits, isDigit } from '../../core/ascii-digits.js';
import { leapYearAtOrBefore } from './yearless-dates.js';
/**
 * Hand-written readers of the timestamp layouts of plain-text logs: each reads one format at a
 * given offset of a line, in O(length of the timestamp), without regular expressions. Times without
 * a zone are read as UTC; formats without a year take it from the caller.
 */

/** What a timestamp reader found: the time and where the timestamp ends. */
export interface TimeRead {
  /** Epoch ms. */
  time: number;
  /** Index just after the timestamp. */
  end: number;
  /** OTel severity number carried by the timestamp itself (klog's `I1201`), else 0. */
  level: number;
}

/** A timestamp layout: `read` returns false (and leaves `out` undefined) when `s` has none at `i`. */
export interface TimeFormat {
  /** Stable name of the layout (`iso`, `syslog`, `klog`, ...), shown in the scan summary. */
  readonly name: string;
  /** The format has no year (it comes from the caller, and rolls over when the date goes back a year). */
  readonly yearless?: boolean;
  read(s: string, i: number, out: TimeRead, year: number): boolean;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const MIN_EPOCH_S = 31_536_000; // 1971
const MAX_EPOCH_S = 7_258_118_400; // 2200

let cachedDay = -1;
let cachedDayMs = 0;

/** Epoch ms of a UTC date (month 1..12), NaN when invalid; remembers the last one (lines share days). */
function dayStart(y: number, mo: number, d: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const key = y * 10000 + mo * 100 + d;
  if (key !== cachedDay) {
    cachedDay = key;
    cachedDayMs = Date.UTC(y, mo - 1, d);
  }
  return cachedDayMs;
}

/**
 * {@link dayStart} of a date written without a year, read in `y`: 29 February, which a year that is
 * not a leap year does not have, is read in the latest leap year before `y` (not as 1 March), so
 * that {@link YearlessDates} places the line in a year that has the day.
 */
function yearlessDayStart(y: number, mo: number, d: number): number {
  return dayStart(mo === 2 && d === 29 ? leapYearAtOrBefore(y) : y, mo, d);
}

/** Month 1..12 of a three-letter English month name at i, or -1. */
function monthName(s: string, i: number): number {
  if (i + 3 > s.length) return -1;
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  for (let m = 0; m < 12; m++) {
    if (a === MONTHS.charCodeAt(m * 3) && b === MONTHS.charCodeAt(m * 3 + 1) && c === MONTHS.charCodeAt(m * 3 + 2)) return m + 1;
  }
  return -1;
}

/**
 * `HH:MM:SS` at i plus an optional fraction (`.123`, `,123456`, or `:123` when `colonFraction`),
 * added to `dayMs`; sets out.time and out.end. False when not a time of day.
 */
function timeOfDay(s: string, i: number, out: TimeRead, dayMs: number, colonFraction = false): boolean {
  if (Number.isNaN(dayMs) || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58) return false;
  const h = digits(s, i, 2);
  const m = digits(s, i + 3, 2);
  const sec = digits(s, i + 6, 2);
  if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60) return false;
  fraction(s, i + 8, out, dayMs + h * 3_600_000 + m * 60_000 + sec * 1000, colonFraction);
  return true;
}

/** An optional fraction at j added to `secondMs` (milliseconds kept, finer digits skipped); sets out.time and out.end. */
function fraction(s: string, j: number, out: TimeRead, secondMs: number, colonFraction: boolean): void {
  let ms = 0;
  const sep = s.charCodeAt(j);
  if ((sep === 46 || sep === 44 || (colonFraction && sep === 58)) && isDigit(s.charCodeAt(j + 1))) {
    j++;
    let scale = 100;
    for (let c = s.charCodeAt(j); c >= 48 && c <= 57; c = s.charCodeAt(++j)) {
      ms += (c - 48) * scale;
      scale = (scale / 10) | 0;
    }
  }
  out.time = secondMs + ms;
  out.end = j;
}

/** A zone after the time at out.end: `Z`, `±HH:MM`, `±HHMM`, `±HH` (also after one space); adjusts out. */
function zone(s: string, out: TimeRead): void {
  let j = out.end;
  if (s.charCodeAt(j) === 90 /* Z */) {
    out.end = j + 1;
    return;
  }
  if (s.charCodeAt(j) === 32 && (s.charCodeAt(j + 1) === 43 || s.charCodeAt(j + 1) === 45) && isDigit(s.charCodeAt(j + 2))) j++;
  const sign = s.charCodeAt(j);
  if (sign !== 43 && sign !== 45) return;
  const zh = digits(s, j + 1, 2);
  if (zh < 0 || zh > 14) return;
  let zm = 0;
  let end = j + 3;
  if (s.charCodeAt(j + 3) === 58 && digits(s, j + 4, 2) >= 0) {
    zm = digits(s, j + 4, 2);
    end = j + 6;
  } else if (digits(s, j + 3, 2) >= 0) {
    zm = digits(s, j + 3, 2);
    end = j + 5;
  }
  if (zm > 59 || isDigit(s.charCodeAt(end))) return;
  const offset = (zh * 60 + zm) * 60_000;
  out.time += sign === 43 ? -offset : offset;
  out.end = end;
}

/** The `YYYY-MM-DDTHH:MM:SS` text of the last ISO time read and its epoch ms: lines of one second share it. */
let cachedSecond = '';
let cachedSecondMs = 0;

/** ISO 8601 / RFC 3339: `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM|±HHMM]` (log4j, Python, CRI, RFC 5424, Windows CBS; two spaces before the time: apt). */
export const ISO: TimeFormat = {
  name: 'iso',
  read(s, i, out) {
    // the dashes first (the remembered second has them): a line of another layout costs no substring
    if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return false;
    // one native comparison of a 19-character substring beats reading its characters one by one
    if (i + 19 <= s.length && s.substring(i, i + 19) === cachedSecond) {
      fraction(s, i + 19, out, cachedSecondMs, false);
      zone(s, out);
      return true;
    }
    const y = digits(s, i, 4);
    const t = s.charCodeAt(i + 10);
    if (y < 0 || (t !== 84 && t !== 32)) return false;
    const day = dayStart(y, digits(s, i + 5, 2), digits(s, i + 8, 2));
    // apt's history.log writes two spaces before the time (not remembered: the cache holds one space)
    if (t === 32 && s.charCodeAt(i + 11) === 32) {
      if (!timeOfDay(s, i + 12, out, day)) return false;
      zone(s, out);
      return true;
    }
    if (!timeOfDay(s, i + 11, out, day)) return false;
    cachedSecond = s.substring(i, i + 19);
    cachedSecondMs = day + digits(s, i + 11, 2) * 3_600_000 + digits(s, i + 14, 2) * 60_000 + digits(s, i + 17, 2) * 1000;
    zone(s, out);
    return true;
  },
};

/** `YYYY/MM/DD HH:MM:SS` (nginx error log) or `YY/MM/DD HH:MM:SS` (Spark). */
export const SLASH_DATE: TimeFormat = {
  name: 'y/m/d',
  read(s, i, out) {
    let k = i + 4;
    let y = s.charCodeAt(k) === 47 ? digits(s, i, 4) : -1;
    if (y < 0) {
      k = i + 2;
      y = s.charCodeAt(k) === 47 ? digits(s, i, 2) : -1;
      if (y < 0) return false;
      y += 2000;
    }
    if (s.charCodeAt(k + 3) !== 47 || s.charCodeAt(k + 6) !== 32) return false;
    if (!timeOfDay(s, k + 7, out, dayStart(y, digits(s, k + 1, 2), digits(s, k + 4, 2)))) return false;
    zone(s, out);
    return true;
  },
};

/** `YYMMDD HHMMSS` (Hadoop HDFS). */
export const YYMMDD_HHMMSS: TimeFormat = {
  name: 'yymmdd hhmmss',
  read(s, i, out) {
    if (s.charCodeAt(i + 6) !== 32 || isDigit(s.charCodeAt(i + 13))) return false;
    const date = digits(s, i, 6);
    const time = digits(s, i + 7, 6);
    if (date < 0 || time < 0) return false;
    const day = dayStart(2000 + Math.floor(date / 10000), Math.floor(date / 100) % 100, date % 100);
    const h = Math.floor(time / 10000);
    const m = Math.floor(time / 100) % 100;
    const sec = time % 100;
    if (Number.isNaN(day) || h > 23 || m > 59 || sec > 60) return false;
    out.time = day + h * 3_600_000 + m * 60_000 + sec * 1000;
    out.end = i + 13;
    return true;
  },
};

/** `YYYYMMDD-HH:MM:SS:mmm` (a colon before the milliseconds), also `YYYYMMDD HH:MM:SS[.mmm]`. */
export const YYYYMMDD_TIME: TimeFormat = {
  name: 'yyyymmdd-hh:mm:ss',
  read(s, i, out) {
    const sep = s.charCodeAt(i + 8);
    if ((sep !== 45 && sep !== 32 && sep !== 84) || isDigit(s.charCodeAt(i + 8))) return false;
    const date = digits(s, i, 8);
    if (date < 0) return false;
    return timeOfDay(s, i + 9, out, dayStart(Math.floor(date / 10000), Math.floor(date / 100) % 100, date % 100), true);
  },
};

/** `MM-DD HH:MM:SS.mmm` (Android logcat threadtime; year from the caller). */
export const MONTH_DAY: TimeFormat = {
  name: 'mm-dd hh:mm:ss',
  yearless: true,
  read(s, i, out, year) {
    if (s.charCodeAt(i + 2) !== 45 || s.charCodeAt(i + 5) !== 32) return false;
    return timeOfDay(s, i + 6, out, yearlessDayStart(year, digits(s, i, 2), digits(s, i + 3, 2)));
  },
};

/** `MM.DD HH:MM:SS` (Proxifier; year from the caller). */
export const MONTH_DOT_DAY: TimeFormat = {
  name: 'mm.dd hh:mm:ss',
  yearless: true,
  read(s, i, out, year) {
    if (s.charCodeAt(i + 2) !== 46 || s.charCodeAt(i + 5) !== 32) return false;
    return timeOfDay(s, i + 6, out, yearlessDayStart(year, digits(s, i, 2), digits(s, i + 3, 2)));
  },
};

/** Syslog RFC 3164 `Mon DD HH:MM:SS` (DD may be space-padded or one digit; year from the caller). */
export const SYSLOG: TimeFormat = {
  name: 'syslog',
  yearless: true,
  read(s, i, out, year) {
    const mo = monthName(s, i);
    if (mo < 0 || s.charCodeAt(i + 3) !== 32) return false;
    let k = i + 4;
    if (s.charCodeAt(k) === 32) k++;
    let d = digits(s, k, 2);
    let next = k + 2;
    if (d < 0) {
      d = digits(s, k, 1);
      next = k + 1;
    }
    if (s.charCodeAt(next) !== 32) return false;
    return timeOfDay(s, next + 1, out, yearlessDayStart(year, mo, d));
  },
};

/** C `ctime` layout `Sun Dec 04 04:47:44[.uuuuuu] 2005` (Apache error log, inside brackets). */
export const CTIME: TimeFormat = {
  name: 'ctime',
  read(s, i, out) {
    if (s.charCodeAt(i + 3) !== 32 || s.charCodeAt(i + 7) !== 32 || s.charCodeAt(i + 10) !== 32) return false;
    const mo = monthName(s, i + 4);
    const d = s.charCodeAt(i + 8) === 32 ? digits(s, i + 9, 1) : digits(s, i + 8, 2);
    if (mo < 0 || d < 0) return false;
    // the year comes after the time: read the time on day 1 of year 2000, then move it
    if (!timeOfDay(s, i + 11, out, 0)) return false;
    const y = digits(s, out.end + 1, 4);
    if (y < 0 || s.charCodeAt(out.end) !== 32) return false;
    out.time += dayStart(y, mo, d);
    out.end += 5;
    return true;
  },
};

const KLOG_LEVELS: Record<string, number> = { I: 9, W: 13, E: 17, F: 21 };

/** klog / glog `Lmmdd HH:MM:SS.uuuuuu` (level letter I W E F, month, day; year from the caller). */
export const KLOG: TimeFormat = {
  name: 'klog',
  yearless: true,
  read(s, i, out, year) {
    const level = KLOG_LEVELS[s[i]];
    if (level === undefined || s.charCodeAt(i + 5) !== 32) return false;
    const md = digits(s, i + 1, 4);
    if (md < 0 || !timeOfDay(s, i + 6, out, yearlessDayStart(year, Math.floor(md / 100), md % 100))) return false;
    out.level = level;
    return true;
  },
};

/** Epoch seconds (9-10 digits, optional fraction) or milliseconds (12-13 digits) as a whole field. */
export const EPOCH: TimeFormat = {
  name: 'epoch',
  read(s, i, out) {
    let n = 0;
    while (n < 14 && isDigit(s.charCodeAt(i + n))) n++;
    let end = i + n;
    let v = digits(s, i, n);
    if (n === 12 || n === 13) {
      if (v < MIN_EPOCH_S * 1000 || v > MAX_EPOCH_S * 1000) return false;
    } else if (n === 9 || n === 10) {
      if (v < MIN_EPOCH_S || v > MAX_EPOCH_S) return false;
      v *= 1000;
      if (s.charCodeAt(end) === 46 && isDigit(s.charCodeAt(end + 1))) {
        let scale = 100;
        end++;
        while (isDigit(s.charCodeAt(end))) {
          v += (s.charCodeAt(end) - 48) * scale;
          scale /= 10;
          end++;
        }
        v = Math.floor(v);
      }
    } else return false;
    const c = s.charCodeAt(end);
    if (end < s.length && c !== 32 && c !== 9 && c !== 124 && c !== 44 && c !== 93) return false;
    out.time = v;
    out.end = end;
    return true;
  },
};

/** A bare time of day `HH:MM:SS[.mmm]` (logback's default layout): on 1 January of the caller's year. */
export const TIME_OF_DAY: TimeFormat = {
  name: 'hh:mm:ss',
  read(s, i, out, year) {
    if (!timeOfDay(s, i, out, dayStart(year, 1, 1))) return false;
    const c = s.charCodeAt(out.end);
    return out.end >= s.length || c === 32 || c === 9 || c === 93 || c === 124 || c === 44;
  },
};

/** Every format, tried in this order at a field start (the first that reads wins). */
export const TIME_FORMATS: readonly TimeFormat[] = [ISO, YYYYMMDD_TIME, SLASH_DATE, YYMMDD_HHMMSS, MONTH_DAY, MONTH_DOT_DAY, SYSLOG, CTIME, KLOG, EPOCH, TIME_OF_DAY];

/** The first format of {@link TIME_FORMATS} that reads a timestamp at i, or undefined. */
export function timeFormatAt(s: string, i: number, out: TimeRead, year: number): TimeFormat | undefined {
  for (const f of TIME_FORMATS) {
    out.level = 0;
    if (f.read(s, i, out, year)) return f;
  }
  return undefined;
}
