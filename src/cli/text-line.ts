import type { LogEvent } from '../core/log-event.js';
import { SEVERITY } from '../core/severity.js';
import { levelInText } from '../input/event-from-input.js';
import { type AccessRequest, emptyAccessRequest, parseAccessLine, parseAccessLogTime } from '../input/request-line.js';
import { digits, isDigit } from '../core/ascii-digits.js';

const NO_ATTRIBUTES: Readonly<Record<string, unknown>> = Object.freeze({});

/** Where in a line the record's message starts, and the time found before it. */
export interface LinePrefix {
  /** Epoch ms, NaN when the line has no timestamp this parser knows. */
  time: number;
  /** Index of the message after the timestamp (0 when none was found). */
  messageStart: number;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const PREFIX_SCAN = 160;

/**
 * Reads plain-text log lines: the timestamp at the start of the line in the common layouts, the
 * level, and the message after the timestamp. Hand-written scanners on a bounded prefix, no regex.
 *
 * Layouts (times without a zone are read as UTC):
 * - ISO 8601 `2026-11-24T14:45:25.123Z`, `2026-11-24 14:45:25,123 +01:00`, optionally in `[...]`;
 * - `2026/11/24 14:45:25` (nginx error log), `17/06/09 20:10:40` (yy/mm/dd, Spark);
 * - `081109 203615` (yymmdd hhmmss, HDFS);
 * - syslog `Nov 24 14:45:25` (year from `year`);
 * - `[Sun Dec 04 04:47:44 2005]` (Apache error log); `[10.30 16:49:06]` (mm.dd, Proxifier; year from `year`);
 * - a label then epoch seconds, `- 1117838570 ...` (BGL, Thunderbird); epoch seconds or ms first;
 * - Apache / nginx access lines, `host - user [24/Nov/2026:14:45:25 +0000] "GET /x?q=1 HTTP/1.1" 200 ...`:
 *   the time in brackets, the level from the status (5xx ERROR, 4xx WARN, else INFO), the request's
 *   fields as attributes (`client.address`, `http.request.method`, `url.path`, `url.query`,
 *   `http.response.status_code`, `user_agent.original`, `http.request.header.referer`, `user.name`)
 *   and `GET /x?q=1 200` as the message.
 */
export class TextLineReader {
  private readonly prefix: LinePrefix = { time: NaN, messageStart: 0 };
  private readonly request: AccessRequest = emptyAccessRequest();

  /** @param year Year for layouts without one (syslog, Proxifier). */
  constructor(private readonly year: number) {}

  /** Fill `event` from `line` (time NaN when the line has none). */
  read(line: string, event: LogEvent): void {
    const p = this.prefix;
    p.time = NaN;
    p.messageStart = 0;
    this.timestamp(line, p);
    if (p.messageStart === 0 && Number.isNaN(p.time)) {
      const status = accessStatus(line, p);
      const req = status > 0 ? parseAccessLine(line, this.request) : undefined;
      if (req !== undefined) {
        event.time = p.time;
        event.severityNumber = status >= 500 ? SEVERITY.ERROR : status >= 400 ? SEVERITY.WARN : SEVERITY.INFO;
        event.severityText = '';
        event.message = `${req.method} ${req.target} ${status}`;
        event.attributes = accessAttributes(req, status);
        return;
      }
    }
    event.time = p.time;
    event.attributes = NO_ATTRIBUTES;
    const message = p.messageStart > 0 ? line.slice(p.messageStart) : line;
    const level = levelInText(message);
    event.severityNumber = level.number;
    event.severityText = level.text;
    event.message = message;
  }

  private timestamp(s: string, p: LinePrefix): void {
    let i = 0;
    const bracket = s.charCodeAt(0) === 91; /* [ */
    if (bracket) i = 1;
    const c0 = s.charCodeAt(i);
    if (isDigit(c0)) {
      if (iso(s, i, p) || slashDate(s, i, p) || compactDate(s, i, p) || proxifier(s, i, p, this.year) || epochFirst(s, i, p)) {
        if (bracket) closeBracket(s, p);
        skipSeparators(s, p);
      }
      return;
    }
    if (bracket) {
      if (apacheError(s, i, p)) skipSeparators(s, p);
      return;
    }
    if (syslog(s, 0, p, this.year) || labelledEpoch(s, p)) skipSeparators(s, p);
  }
}

let cachedDay = -1;
let cachedDayMs = 0;

/** Epoch ms of a UTC date (month 1..12), remembering the last one (consecutive lines share a day). */
function dayStart(y: number, mo: number, d: number): number {
  const key = y * 10000 + mo * 100 + d;
  if (key !== cachedDay) {
    cachedDay = key;
    cachedDayMs = Date.UTC(y, mo - 1, d);
  }
  return cachedDayMs;
}

/** The fields of an access line as OTel semantic-convention attributes (a new object per record). */
function accessAttributes(req: AccessRequest, status: number): Record<string, unknown> {
  const a: Record<string, unknown> = { 'http.request.method': req.method, 'url.path': req.path, 'http.response.status_code': status };
  if (req.query !== '') a['url.query'] = req.query;
  if (req.clientIp !== '') a['client.address'] = req.clientIp;
  if (req.user !== '') a['user.name'] = req.user;
  if (req.referer !== '' && req.referer !== '-') a['http.request.header.referer'] = req.referer;
  if (req.userAgent !== '' && req.userAgent !== '-') a['user_agent.original'] = req.userAgent;
  return a;
}

/** Time of day `HH:MM:SS` at i, plus a fraction (`.123` / `,123456`); sets p.time and p.messageStart after it. */
function timeOfDay(s: string, i: number, p: LinePrefix, dayMs: number): boolean {
  const h = digits(s, i, 2);
  const m = digits(s, i + 3, 2);
  const sec = digits(s, i + 6, 2);
  if (h < 0 || m < 0 || sec < 0 || s.charCodeAt(i + 2) !== 58 || s.charCodeAt(i + 5) !== 58 || h > 23 || m > 59 || sec > 60) return false;
  fraction(s, i + 8, p, dayMs + h * 3_600_000 + m * 60_000 + sec * 1000);
  return true;
}

/** An optional fraction of a second at j (`.123`, `,123456`) added to `secondMs`; sets p.time and p.messageStart. */
function fraction(s: string, j: number, p: LinePrefix, secondMs: number): void {
  let frac = 0;
  const sep = s.charCodeAt(j);
  if ((sep === 46 || sep === 44) && isDigit(s.charCodeAt(j + 1))) {
    j++;
    let scale = 100;
    while (j < s.length && isDigit(s.charCodeAt(j))) {
      frac += (s.charCodeAt(j) - 48) * scale;
      scale /= 10;
      j++;
    }
  }
  p.time = secondMs + Math.floor(frac);
  p.messageStart = j;
}

/** The `YYYY-MM-DDTHH:MM:SS` text of the last ISO time read and its epoch ms: lines of one second share it. */
let cachedSecond = '';
let cachedSecondMs = 0;

/** Whether s holds {@link cachedSecond} at i (compared from the end, where seconds differ). */
function sameSecond(s: string, i: number): boolean {
  const c = cachedSecond;
  if (c.length === 0 || i + 19 > s.length) return false;
  for (let k = 18; k >= 0; k--) if (s.charCodeAt(i + k) !== c.charCodeAt(k)) return false;
  return true;
}

/** `YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|±HH:MM|±HHMM]`. */
function iso(s: string, i: number, p: LinePrefix): boolean {
  if (sameSecond(s, i)) {
    fraction(s, i + 19, p, cachedSecondMs);
    zone(s, p);
    return true;
  }
  const y = digits(s, i, 4);
  if (y < 0 || s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45) return false;
  const mo = digits(s, i + 5, 2);
  const d = digits(s, i + 8, 2);
  const t = s.charCodeAt(i + 10);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || (t !== 84 && t !== 32)) return false;
  const day = dayStart(y, mo, d);
  if (!timeOfDay(s, i + 11, p, day)) return false;
  cachedSecond = s.slice(i, i + 19);
  cachedSecondMs = day + digits(s, i + 11, 2) * 3_600_000 + digits(s, i + 14, 2) * 60_000 + digits(s, i + 17, 2) * 1000;
  zone(s, p);
  return true;
}

/** A zone after the time: `Z`, `±HH:MM`, `±HHMM` (also after a space). */
function zone(s: string, p: LinePrefix): void {
  let j = p.messageStart;
  if (s.charCodeAt(j) === 90 /* Z */) {
    p.messageStart = j + 1;
    return;
  }
  if (s.charCodeAt(j) === 32 && (s.charCodeAt(j + 1) === 43 || s.charCodeAt(j + 1) === 45)) j++;
  const sign = s.charCodeAt(j);
  if (sign !== 43 && sign !== 45) return;
  const zh = digits(s, j + 1, 2);
  if (zh < 0) return;
  let zm = digits(s, j + 3, 2);
  let end = j + 5;
  if (s.charCodeAt(j + 3) === 58) {
    zm = digits(s, j + 4, 2);
    end = j + 6;
  }
  if (zm < 0 || zh > 14 || zm > 59) return;
  const offset = (zh * 60 + zm) * 60_000;
  p.time += sign === 43 ? -offset : offset;
  p.messageStart = end;
}

/** `YYYY/MM/DD HH:MM:SS` or `YY/MM/DD HH:MM:SS`. */
function slashDate(s: string, i: number, p: LinePrefix): boolean {
  let y = digits(s, i, 4);
  let k = i + 4;
  if (y < 0 || s.charCodeAt(k) !== 47) {
    y = digits(s, i, 2);
    k = i + 2;
    if (y < 0 || s.charCodeAt(k) !== 47) return false;
    y += 2000;
  }
  const mo = digits(s, k + 1, 2);
  const d = digits(s, k + 4, 2);
  if (s.charCodeAt(k + 3) !== 47 || mo < 1 || mo > 12 || d < 1 || d > 31 || s.charCodeAt(k + 6) !== 32) return false;
  return timeOfDay(s, k + 7, p, dayStart(y, mo, d));
}

/** `YYMMDD HHMMSS` (HDFS). */
function compactDate(s: string, i: number, p: LinePrefix): boolean {
  const date = digits(s, i, 6);
  const time = digits(s, i + 7, 6);
  if (date < 0 || time < 0 || s.charCodeAt(i + 6) !== 32 || isDigit(s.charCodeAt(i + 13))) return false;
  const mo = Math.floor(date / 100) % 100;
  const d = date % 100;
  const h = Math.floor(time / 10000);
  const m = Math.floor(time / 100) % 100;
  const sec = time % 100;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || m > 59 || sec > 60) return false;
  p.time = Date.UTC(2000 + Math.floor(date / 10000), mo - 1, d, h, m, sec);
  p.messageStart = i + 13;
  return true;
}

/** `MM.DD HH:MM:SS` (Proxifier, inside brackets). */
function proxifier(s: string, i: number, p: LinePrefix, year: number): boolean {
  const mo = digits(s, i, 2);
  const d = digits(s, i + 3, 2);
  if (s.charCodeAt(i + 2) !== 46 || mo < 1 || mo > 12 || d < 1 || d > 31 || s.charCodeAt(i + 5) !== 32) return false;
  return timeOfDay(s, i + 6, p, Date.UTC(year, mo - 1, d));
}

/** Epoch seconds (10 digits) or milliseconds (13 digits) followed by a space. */
function epochFirst(s: string, i: number, p: LinePrefix): boolean {
  let n = 0;
  while (n < 14 && isDigit(s.charCodeAt(i + n))) n++;
  if ((n !== 10 && n !== 13) || s.charCodeAt(i + n) !== 32) return false;
  const v = digits(s, i, n);
  p.time = n === 10 ? v * 1000 : v;
  p.messageStart = i + n;
  return true;
}

/** `Mon DD HH:MM:SS` (syslog; DD may be space-padded). */
function syslog(s: string, i: number, p: LinePrefix, year: number): boolean {
  const mo = month(s, i);
  if (mo < 0 || s.charCodeAt(i + 3) !== 32) return false;
  let k = i + 4;
  if (s.charCodeAt(k) === 32) k++;
  let d = digits(s, k, 2);
  let next = k + 2;
  if (d < 0) {
    d = digits(s, k, 1);
    next = k + 1;
  }
  if (d < 1 || d > 31 || s.charCodeAt(next) !== 32) return false;
  return timeOfDay(s, next + 1, p, Date.UTC(year, mo, d));
}

/** `Sun Dec 04 04:47:44 2005]` after the `[` (Apache error log). */
function apacheError(s: string, i: number, p: LinePrefix): boolean {
  if (s.charCodeAt(i + 3) !== 32) return false;
  const mo = month(s, i + 4);
  const d = digits(s, i + 8, 2);
  if (mo < 0 || d < 1 || d > 31 || s.charCodeAt(i + 7) !== 32 || s.charCodeAt(i + 10) !== 32) return false;
  const y = digits(s, i + 20, 4);
  if (y < 0 || s.charCodeAt(i + 19) !== 32 || !timeOfDay(s, i + 11, p, Date.UTC(y, mo, d))) return false;
  p.messageStart = i + 24;
  closeBracket(s, p);
  return true;
}

/** A label token then epoch seconds: `- 1117838570 ...`, `KERNDTLB 1117838570 ...` (BGL, Thunderbird). */
function labelledEpoch(s: string, p: LinePrefix): boolean {
  const sp = s.indexOf(' ');
  if (sp < 1 || sp > 24) return false;
  const v = digits(s, sp + 1, 10);
  if (v < 0 || s.charCodeAt(sp + 11) !== 32) return false;
  p.time = v * 1000;
  p.messageStart = sp + 11;
  return true;
}

/** Month index of a three-letter English month name at i, or -1. */
function month(s: string, i: number): number {
  if (i + 3 > s.length) return -1;
  for (let m = 0; m < 12; m++) {
    if (s.charCodeAt(i) === MONTHS.charCodeAt(m * 3) && s.charCodeAt(i + 1) === MONTHS.charCodeAt(m * 3 + 1) && s.charCodeAt(i + 2) === MONTHS.charCodeAt(m * 3 + 2)) return m;
  }
  return -1;
}

function closeBracket(s: string, p: LinePrefix): void {
  if (s.charCodeAt(p.messageStart) === 93) p.messageStart++;
}

/** Skip spaces and one `-`, `|` or `:` separator between the timestamp and the message. */
function skipSeparators(s: string, p: LinePrefix): void {
  let j = p.messageStart;
  while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
  const c = s.charCodeAt(j);
  if ((c === 45 || c === 124 || c === 58) && s.charCodeAt(j + 1) === 32) {
    j += 2;
    while (s.charCodeAt(j) === 32) j++;
  }
  p.messageStart = j;
}

/**
 * An access-log line (`... [24/Nov/2026:14:45:25 +0000] "GET /x HTTP/1.1" 200 ...`): sets p.time and
 * returns the status, or 0 when the line is not one. Looks only at the first {@link PREFIX_SCAN}
 * characters for the bracketed time.
 */
function accessStatus(s: string, p: LinePrefix): number {
  const open = s.indexOf(' [');
  if (open < 0 || open > PREFIX_SCAN) return 0;
  const close = s.indexOf(']', open);
  if (close < 0 || close - open > 32 || s.charCodeAt(close + 1) !== 32 || s.charCodeAt(close + 2) !== 34) return 0;
  const t = parseAccessLogTime(s.slice(open + 2, close));
  if (Number.isNaN(t)) return 0;
  const q = s.indexOf('"', close + 3);
  if (q < 0) return 0;
  let k = q + 1;
  while (s.charCodeAt(k) === 32) k++;
  const status = digits(s, k, 3);
  if (status < 100 || isDigit(s.charCodeAt(k + 3))) return 0;
  p.time = t;
  return status;
}
