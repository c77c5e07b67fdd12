import type { LogEvent } from '../core/log-event.js';
import { SEVERITY } from '../core/severity.js';
import { levelInText } from '../input/event-from-input.js';
import { AccessLineStrings, readCommonAccessLine } from '../input/access-line-fast.js';
import { AccessMessages } from '../input/access-messages.js';
import { type AccessRequest, emptyAccessRequest, parseAccessLine, parseAccessLogTime } from '../input/request-line.js';
import { digits, isDigit } from '../core/ascii-digits.js';
import { CTIME, EPOCH, ISO, MONTH_DOT_DAY, SLASH_DATE, SYSLOG, type TimeFormat, type TimeRead, YYMMDD_HHMMSS } from '../input/text-layout/timestamp-formats.js';
import type { YearlessDates } from '../input/text-layout/yearless-dates.js';

const NO_ATTRIBUTES: Readonly<Record<string, unknown>> = Object.freeze({});

const PREFIX_SCAN = 160;
/** Leading digits counted by {@link TextLineReader} to choose the timestamp formats to try (more than any format has). */
const DIGIT_RUN_MAX = 14;

/**
 * Reads plain-text log lines: the timestamp at the start of the line in the common layouts, the
 * level, and the message after the timestamp: a line outside its input's inferred layout (or of an
 * input without one). The timestamps are read by the layout readers of `timestamp-formats.ts` (one
 * set of readers for both paths); no regex.
 *
 * Layouts (times without a zone are read as UTC):
 * - ISO 8601 `2026-11-24T14:45:25.123Z`, `2026-11-24 14:45:25,123 +01:00`, optionally in `[...]`;
 * - `2026/11/24 14:45:25` (nginx error log), `17/06/09 20:10:40` (yy/mm/dd, Spark);
 * - `081109 203615` (yymmdd hhmmss, HDFS);
 * - syslog `Nov 24 14:45:25` (its year placed by `dates`);
 * - `[Sun Dec 04 04:47:44 2005]` (Apache error log); `[10.30 16:49:06]` (mm.dd, Proxifier; year placed by `dates`);
 * - a label then epoch seconds, `- 1117838570 ...` (BGL, Thunderbird); epoch seconds or ms first;
 * - Apache / nginx access lines, `host - user [24/Nov/2026:14:45:25 +0000] "GET /x?q=1 HTTP/1.1" 200 ...`:
 *   the time in brackets, the level from the status (5xx ERROR, 4xx WARN, else INFO), the request's
 *   fields as attributes (`client.address`, `http.request.method`, `url.path`, `url.query`,
 *   `http.response.status_code`, `user_agent.original`, `http.request.header.referer`, `user.name`)
 *   and `GET /x?q=1 200` as the message.
 */
export class TextLineReader {
  /** The time found (NaN when none) and where the message starts after it (`end`, 0 when none). */
  private readonly prefix: TimeRead = { time: NaN, end: 0, level: 0 };
  private readonly request: AccessRequest = emptyAccessRequest();
  /** Repeated client addresses, referers and user agents handed on as one string each. */
  private readonly kept = new AccessLineStrings();
  /** Repeated requests' messages handed on as one string each. */
  private readonly messages = new AccessMessages();

  /** @param dates The year of layouts without one (syslog, Proxifier), shared with the input's layout reader. */
  constructor(private readonly dates: YearlessDates) {}

  /** Fill `event` from `line` (time NaN when the line has none). */
  read(line: string, event: LogEvent): void {
    const p = this.prefix;
    p.time = NaN;
    p.end = 0;
    this.timestamp(line, p);
    if (p.end === 0 && Number.isNaN(p.time)) {
      // the common and combined shapes in one pass; any other line the general way
      let status = readCommonAccessLine(line, this.request, p, this.kept);
      let req: AccessRequest | undefined = this.request;
      if (status === 0) {
        status = accessStatus(line, p);
        req = status > 0 ? parseAccessLine(line, this.request) : undefined;
      }
      if (req !== undefined) {
        event.time = p.time;
        event.severityNumber = status >= 500 ? SEVERITY.ERROR : status >= 400 ? SEVERITY.WARN : SEVERITY.INFO;
        event.severityText = '';
        event.message = this.messages.get(req.method, req.target, status);
        event.attributes = accessAttributes(req, status);
        return;
      }
    }
    event.time = p.time;
    event.attributes = NO_ATTRIBUTES;
    const message = p.end > 0 ? line.slice(p.end) : line;
    const level = levelInText(message);
    event.severityNumber = level.number;
    event.severityText = level.text;
    event.message = message;
  }

  /** The timestamp at the line's start, read by the layout readers (`timestamp-formats.ts`) of the shapes a line may start with. */
  private timestamp(s: string, p: TimeRead): void {
    const year = this.dates.year;
    let i = 0;
    const bracket = s.charCodeAt(0) === 91; /* [ */
    if (bracket) i = 1;
    const c0 = s.charCodeAt(i);
    if (isDigit(c0)) {
      if (this.digitsFirst(s, i, p, year)) {
        if (bracket) closeBracket(s, p);
        skipSeparators(s, p);
      }
      return;
    }
    if (bracket) {
      if (reads(CTIME, s, i, p, year)) {
        closeBracket(s, p);
        skipSeparators(s, p);
      }
      return;
    }
    if ((reads(SYSLOG, s, 0, p, year) && this.placed(p)) || labelledEpoch(s, p)) skipSeparators(s, p);
  }

  /**
   * A timestamp at i, where a digit is: ISO, then y/m/d, yymmdd hhmmss, mm.dd (year placed) and epoch
   * seconds or ms, the first that reads. Each needs its own number of digits before the first
   * non-digit (ISO 4, y/m/d 4 or 2, yymmdd 6, mm.dd 2, epoch 9, 10, 12 or 13), so only the formats that
   * can read the line are tried, in that order: an access line led by an IPv4 address tries none (first part of 1 or 3 digits) or two checks (2 digits: y/m/d, mm.dd).
   */
  private digitsFirst(s: string, i: number, p: TimeRead, year: number): boolean {
    let d = 1;
    while (d < DIGIT_RUN_MAX && isDigit(s.charCodeAt(i + d))) d++;
    switch (d) {
      case 4:
        return reads(ISO, s, i, p, year) || reads(SLASH_DATE, s, i, p, year);
      case 2:
        return reads(SLASH_DATE, s, i, p, year) || (reads(MONTH_DOT_DAY, s, i, p, year) && this.placed(p));
      case 6:
        return reads(YYMMDD_HHMMSS, s, i, p, year);
      case 9:
      case 10:
      case 12:
      case 13:
        return epochFirst(s, i, p);
      default:
        return false;
    }
  }

  /** A year-less date just read into p: moved to its year (true). */
  private placed(p: TimeRead): boolean {
    p.time = this.dates.place(p.time);
    return true;
  }
}

/** Reads `format` at i into p; on a miss p is as before (no time, message at 0). */
function reads(format: TimeFormat, s: string, i: number, p: TimeRead, year: number): boolean {
  if (format.read(s, i, p, year)) return true;
  p.time = NaN;
  p.end = 0;
  return false;
}

/** Epoch seconds (10 digits) or milliseconds (13 digits) first, then a space. */
function epochFirst(s: string, i: number, p: TimeRead): boolean {
  if (!reads(EPOCH, s, i, p, 0)) return false;
  const n = p.end - i;
  if ((n === 10 || n === 13) && s.charCodeAt(p.end) === 32) return true;
  p.time = NaN;
  p.end = 0;
  return false;
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

/** A label token then epoch seconds (10 digits): `- 1117838570 ...`, `KERNDTLB 1117838570 ...` (BGL, Thunderbird). */
function labelledEpoch(s: string, p: TimeRead): boolean {
  const sp = s.indexOf(' ');
  if (sp < 1 || sp > 24 || !reads(EPOCH, s, sp + 1, p, 0)) return false;
  if (p.end === sp + 11 && s.charCodeAt(p.end) === 32) return true;
  p.time = NaN;
  p.end = 0;
  return false;
}

function closeBracket(s: string, p: TimeRead): void {
  if (s.charCodeAt(p.end) === 93) p.end++;
}

/** Skip spaces and one `-`, `|` or `:` separator between the timestamp and the message. */
function skipSeparators(s: string, p: TimeRead): void {
  let j = p.end;
  while (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9) j++;
  const c = s.charCodeAt(j);
  if ((c === 45 || c === 124 || c === 58) && s.charCodeAt(j + 1) === 32) {
    j += 2;
    while (s.charCodeAt(j) === 32) j++;
  }
  p.end = j;
}

/**
 * An access-log line (`... [24/Nov/2026:14:45:25 +0000] "GET /x HTTP/1.1" 200 ...`): sets p.time and
 * returns the status, or 0 when the line is not one. Looks only at the first {@link PREFIX_SCAN}
 * characters for the bracketed time.
 */
function accessStatus(s: string, p: TimeRead): number {
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
