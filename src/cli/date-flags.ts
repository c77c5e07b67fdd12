/** `--now`: a date, or a date and time (UTC unless a zone is given). */
const NOW_SHAPE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const MIN_TIME = Date.UTC(1971, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

/**
 * How `scan` and `templates` place dates written without a year, from `--year` and `--now`: the
 * given year (the clock is then not consulted), else the clock `--now` (default `clock`, the
 * command's start). Returns the message of a usage error when a flag is bad.
 */
export function yearlessFlags(year: string | undefined, now: string | undefined, clock: Date): { year?: number; now: number } | string {
  let at = clock.getTime();
  if (now !== undefined) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(now) || !now.includes(':');
    at = NOW_SHAPE.test(now) && realDay(now) ? Date.parse(zoned ? now.replace(' ', 'T') : `${now.replace(' ', 'T')}Z`) : Number.NaN;
    if (!(at >= MIN_TIME && at < MAX_TIME)) return `--now: expected a date or time such as 2026-12-01 or 2026-12-01T08:00:00Z, got ${JSON.stringify(now)}`;
  }
  if (year === undefined) return { now: at };
  const y = Number(year);
  if (!Number.isInteger(y) || y < 1971 || y > 2199) return `--year: expected a year such as 2026, got ${JSON.stringify(year)}`;
  return { year: y, now: at };
}

/** The `YYYY-MM-DD` at the start is a day of the calendar (not 2026-02-30). */
function realDay(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
