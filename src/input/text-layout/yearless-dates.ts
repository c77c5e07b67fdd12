/** Options of {@link YearlessDates}; defaults in {@link YEARLESS_DEFAULTS}. */
export interface YearlessOptions {
  /**
   * The year of the input's first year-less date (`--year`). When given, the clock is not consulted
   * and no date is held back. Default: none (the year comes from `now`).
   */
  year?: number;
  /** The reference clock, epoch ms (the start of the scan, or `--now`); required when `year` is not given. */
  now?: number;
  /** How far after `now` a year-less date may be (zones east of UTC read as UTC, clock skew): 1 day. */
  maxAheadMs: number;
}

/** Defaults of {@link YearlessOptions}. */
export const YEARLESS_DEFAULTS: Readonly<Pick<YearlessOptions, 'maxAheadMs'>> = Object.freeze({ maxAheadMs: 86_400_000 });

/** A year-less date this far before the previous one crossed New Year; this far after it (once crossed), it is a late line of the year before. */
const NEW_YEAR_JUMP_MS = 300 * 86_400_000;

/**
 * The year of dates written without one (BSD syslog `Dec 10 06:55:46`, logcat `12-10 06:55:46.123`,
 * klog `I1210 06:55:46`, Proxifier `12.10 06:55:46`): one object per input, shared by every reader of
 * that input (its inferred layout and the line-by-line fallback), so each date is placed once, in
 * input order. A reader reads the date in {@link year}, then {@link place} moves it to its year:
 *
 * - The first date: in `year` when it is given (`--year`); otherwise in the latest year that puts it
 *   no more than `maxAheadMs` (1 day) after the clock `now`. Read on 1 December, `Dec 10` is last
 *   year's; read on 5 January, `Dec 31` is last year's and `Jan  5` this year's; read on 31 December
 *   at 20:00, `Jan  1 00:30` (a host east of UTC) is next year's.
 * - Each later date continues from the date before it: more than 300 days before it, the input has
 *   crossed New Year and the date is in the next year (`Dec 31 23:59:59` then `Jan  1 00:00:01`);
 *   more than 300 days after it, once the input has crossed New Year, it is a late line of the year
 *   before (`Jan  1 00:00:01` then `Dec 31 23:59:58`). Otherwise it is in the same year as the date
 *   before (a clock that steps back, a gap of months).
 * - With the clock, no date is placed more than `maxAheadMs` after `now`: a date the rules above
 *   would put there is in the latest year that does not (the year before).
 * - `Feb 29` is in the latest leap year at or before the year the rules give (read on 1 December
 *   2026, `Feb 29` is 2024's, and the lines after it continue from 2024), never 1 March.
 *
 * Deterministic: the result depends on the lines and on `year` or `now`, never on the current date.
 * Cost: two comparisons per date; a `Date` only when the year changes.
 */
export class YearlessDates {
  /** The year the next year-less date is read in (then given to {@link place}). */
  year: number;
  /** Latest time a date may be placed at: `now + maxAheadMs`, or +Infinity with a given year. */
  private readonly limit: number;
  private readonly given: boolean;
  /** The year of the input's first year-less date (set when it is placed). */
  private firstYear = Number.NaN;
  /** The time of the last date placed. */
  private last = Number.NaN;

  constructor(options: Partial<YearlessOptions>) {
    const o = { ...YEARLESS_DEFAULTS, ...options };
    this.given = o.year !== undefined;
    if (o.year !== undefined) {
      this.year = o.year;
      this.limit = Number.POSITIVE_INFINITY;
    } else {
      // a clock outside the Date range (|now| > 8.64e15) has no year: every date would be NaN
      if (o.now === undefined || !(Math.abs(o.now) <= 8.64e15)) throw new TypeError('YearlessDates: give year or a finite now (epoch ms)');
      this.limit = o.now + o.maxAheadMs;
      this.year = new Date(o.now).getUTCFullYear();
    }
  }

  /** A year-less date read in {@link year} (epoch ms): its time in the year the rules give. */
  place(time: number): number {
    const last = this.last;
    // the usual case: the same year as the date before, not ahead of the clock
    if (time <= this.limit && time >= last - NEW_YEAR_JUMP_MS && (time <= last + NEW_YEAR_JUMP_MS || this.year <= this.firstYear)) {
      this.last = time;
      return time;
    }
    return this.settle(time);
  }

  private settle(time: number): number {
    if (Number.isNaN(time)) return time;
    let y = this.year;
    const first = Number.isNaN(this.last);
    if (first) {
      if (!this.given) y = new Date(this.limit).getUTCFullYear();
    } else if (time < this.last - NEW_YEAR_JUMP_MS) y++;
    else if (time > this.last + NEW_YEAR_JUMP_MS && y > this.firstYear) y--;
    const d = new Date(time);
    const dayMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const inYear = (year: number) => time - dayMs + Date.UTC(year, d.getUTCMonth(), d.getUTCDate());
    // 29 February only in a leap year: the latest one at or before the year the rules give
    const yearWithDay = d.getUTCMonth() === 1 && d.getUTCDate() === 29 ? leapYearAtOrBefore : (year: number) => year;
    y = yearWithDay(y);
    let t = inYear(y);
    // at most two steps back: y is at most one year after the limit's year
    for (let k = 0; k < 3 && t > this.limit; k++) {
      y = yearWithDay(y - 1);
      t = inYear(y);
    }
    if (first) this.firstYear = y;
    this.year = y;
    this.last = t;
    return t;
  }
}

/** The latest leap year at or before `year` (Gregorian: every 4th, not every 100th, every 400th); `year` itself when not an integer. */
export function leapYearAtOrBefore(year: number): number {
  if (!Number.isInteger(year)) return year;
  let y = year;
  while (!(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) y--;
  return y;
}
