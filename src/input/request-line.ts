import type { AccessRequest } from '../core/access-request.js';
import { isDigit } from '../core/ascii-digits.js';

export type { AccessRequest } from '../core/access-request.js';

const METHOD_MAX = 12;

/** A fresh, empty {@link AccessRequest} to pass to {@link parseAccessLine} as a reusable target. */
export function emptyAccessRequest(): AccessRequest {
  return { method: '', target: '', path: '', query: '', protocol: '', status: 0, clientIp: '', user: '', referer: '', userAgent: '', timeText: '' };
}

/**
 * Parse an access-log line: `ip ident user [time] "METHOD target PROTO" status size "referer" "ua"`,
 * with or without a syslog prefix (`Sep 15 16:13:46 host nginx[1]: ...`), and nginx error lines
 * (`..., client: 1.2.3.4, server: x, request: "GET / HTTP/1.1", ...`). Writes into `out` and
 * returns it, or returns undefined when the line holds no quoted request. Linear, no regex.
 */
export function parseAccessLine(line: string, out: AccessRequest = emptyAccessRequest()): AccessRequest | undefined {
  const q = findRequestQuote(line);
  if (q < 0) return undefined;
  const close = findClosingQuote(line, q + 1);
  // the request is line[q + 1, close): its parts are found by native searches on the line and cut once
  const start = q + 1;
  const space = line.indexOf(' ', start);
  const sp = space >= 0 && space < close ? space : -1;
  out.method = sp > start ? line.slice(start, sp) : line.slice(start, close);
  const restStart = sp > start ? sp + 1 : close;
  let restEnd = close;
  const last = restEnd > restStart ? lastIndexOfCode(line, 32, restEnd - 1) : -1;
  out.protocol = '';
  // 'HTTP/' holds no quote, so a match at the line cannot run past the request's closing quote
  if (last >= restStart && line.startsWith('HTTP/', last + 1)) {
    out.protocol = line.slice(last + 1, restEnd);
    restEnd = last;
  } else if (last < restStart && restEnd - restStart <= 9 && line.startsWith('HTTP/', restStart)) {
    out.protocol = line.slice(restStart, restEnd);
    restEnd = restStart;
  }
  out.target = line.slice(restStart, restEnd);
  const qm = restEnd > restStart ? line.indexOf('?', restStart) : -1;
  out.path = qm >= 0 && qm < restEnd ? line.slice(restStart, qm) : out.target;
  out.query = qm >= 0 && qm < restEnd ? line.slice(qm + 1, restEnd) : '';

  // after the request: status, size, "referer", "user agent"
  out.status = 0;
  out.referer = '';
  out.userAgent = '';
  let i = close + 1;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  if (i + 3 <= line.length && isDigit(line.charCodeAt(i)) && isDigit(line.charCodeAt(i + 1)) && isDigit(line.charCodeAt(i + 2)) && (i + 3 === line.length || line.charCodeAt(i + 3) === 32)) {
    out.status = (line.charCodeAt(i) - 48) * 100 + (line.charCodeAt(i + 1) - 48) * 10 + (line.charCodeAt(i + 2) - 48);
    const r1 = line.indexOf('"', i + 3);
    if (r1 >= 0) {
      const r2 = findClosingQuote(line, r1 + 1);
      out.referer = undashed(line, r1 + 1, r2);
      const u1 = line.indexOf('"', r2 + 1);
      if (u1 >= 0) out.userAgent = undashed(line, u1 + 1, findClosingQuote(line, u1 + 1));
    }
  }

  // before the request: [time], and the ip / ident / user fields before it
  out.clientIp = '';
  out.user = '';
  out.timeText = '';
  // the last `]` at or before the quote: mostly `] "`, looked at first
  const rb = line.charCodeAt(q - 1) === 93 ? q - 1 : line.charCodeAt(q - 2) === 93 ? q - 2 : lastIndexOfCode(line, 93 /* ] */, q - 3);
  const lb = rb > 0 ? lastAtOrBefore(line, '[', rb) : -1;
  if (lb >= 0 && q - rb <= 2) {
    out.timeText = line.slice(lb + 1, rb);
    let e = lb;
    while (e > 0 && line.charCodeAt(e - 1) === 32) e--;
    // the three space-separated fields before the time, read backwards: user, ident, client
    // mostly the line starts with them, one space apart: found by forward searches
    const i1 = line.indexOf(' ');
    const i2 = i1 > 0 ? line.indexOf(' ', i1 + 1) : -1;
    const i3 = i2 > i1 + 1 && i2 + 1 < e ? line.indexOf(' ', i2 + 1) : -1;
    if (i2 > i1 + 1 && i2 + 1 < e && (i3 < 0 || i3 >= e)) {
      out.clientIp = line.slice(0, i1);
      out.user = undashed(line, i2 + 1, e);
      return out;
    }
    let userStart = 0;
    let userEnd = 0;
    let fields = 0;
    let k = e;
    while (k > 0 && fields < 3) {
      let s = k;
      while (s > 0 && line.charCodeAt(s - 1) !== 32) s--;
      if (++fields === 1) {
        userStart = s;
        userEnd = k;
      } else if (fields === 3) {
        out.clientIp = line.slice(s, k);
        out.user = undashed(line, userStart, userEnd);
      }
      k = s;
      while (k > 0 && line.charCodeAt(k - 1) === 32) k--;
    }
  } else {
    const c = line.indexOf('client: ');
    if (c >= 0 && c < q) {
      let e = c + 8;
      while (e < line.length && line.charCodeAt(e) !== 44 && line.charCodeAt(e) !== 32) e++;
      out.clientIp = line.slice(c + 8, e);
    }
  }
  return out;
}

/**
 * The month (0..11) of the English abbreviation at s[i, i+3) (`Jan`..`Dec`, case as written), -1 for any
 * other text: read from its char codes, no substring or property look-up.
 */
function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  switch (a) {
    case 74: // J
      if (b === 97 && c === 110) return 0; // an
      if (b === 117 && c === 110) return 5; // un
      return b === 117 && c === 108 ? 6 : -1; // ul
    case 70: // F
      return b === 101 && c === 98 ? 1 : -1; // eb
    case 77: // M
      if (b !== 97) return -1;
      return c === 114 ? 2 : c === 121 ? 4 : -1; // ar, ay
    case 65: // A
      if (b === 112 && c === 114) return 3; // pr
      return b === 117 && c === 103 ? 7 : -1; // ug
    case 83: // S
      return b === 101 && c === 112 ? 8 : -1; // ep
    case 79: // O
      return b === 99 && c === 116 ? 9 : -1; // ct
    case 78: // N
      return b === 111 && c === 118 ? 10 : -1; // ov
    case 68: // D
      return b === 101 && c === 99 ? 11 : -1; // ec
    default:
      return -1;
  }
}

/** The last time text read and its value: consecutive access lines mostly share their second. */
let lastTimeText = '';
let lastTimeMs = NaN;

/** Epoch ms of an access-log time (`10/Oct/2000:13:55:36 -0700`), NaN when it cannot be read. */
export function parseAccessLogTime(text: string): number {
  if (text === lastTimeText) return lastTimeMs;
  const ms = readAccessLogTime(text);
  lastTimeText = text;
  lastTimeMs = ms;
  return ms;
}

function readAccessLogTime(text: string): number {
  if (text.length < 20) return NaN;
  const day = num(text, 0, 2);
  const month = monthAt(text, 3);
  const year = num(text, 7, 4);
  const h = num(text, 12, 2);
  const m = num(text, 15, 2);
  const s = num(text, 18, 2);
  if (month < 0 || day < 0 || year < 0 || h < 0 || m < 0 || s < 0) return NaN;
  let offsetMin = 0;
  const sign = text.charCodeAt(21);
  // `+hhmm` / `-hhmm` ending the text (the common case) is what the trimmed slice reads: read in place
  if (text.length === 26 && (sign === 43 || sign === 45) && isDigit(text.charCodeAt(25))) {
    offsetMin = zoneMinutes(text, 21);
  } else {
    const z = text.slice(21).trim();
    if (z.length === 5 && (z[0] === '+' || z[0] === '-')) offsetMin = zoneMinutes(z, 0);
  }
  // Date.UTC(year, month, day, h, m, s) is its day's start plus the time of day, exactly (integers in range)
  return dayStart(year, month, day) + h * 3_600_000 + m * 60_000 + s * 1000 - offsetMin * 60_000;
}

/** Minutes east of UTC of the `+hhmm` / `-hhmm` zone at s[i, i+5), 0 when its digits do not read. */
function zoneMinutes(s: string, i: number): number {
  const zh = num(s, i + 1, 2);
  const zm = num(s, i + 3, 2);
  return zh >= 0 && zm >= 0 ? (s.charCodeAt(i) === 45 ? -1 : 1) * (zh * 60 + zm) : 0;
}

/** The day read last and its start (epoch ms): access lines of one day share it. */
let lastDay = -1;
let lastDayMs = NaN;

/** `Date.UTC(year, month, day)`, remembered for the last day asked. */
function dayStart(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key !== lastDay) {
    lastDay = key;
    lastDayMs = Date.UTC(year, month, day);
  }
  return lastDayMs;
}

/** The decimal number of text[i, i+n) as `Number` reads it: digits with optional surrounding spaces; -1 when it is not one. */
function num(text: string, i: number, n: number): number {
  let v = 0;
  let seen = false;
  let k = i;
  const end = i + n;
  while (k < end && text.charCodeAt(k) === 32) k++;
  for (; k < end; k++) {
    const c = text.charCodeAt(k);
    if (!isDigit(c)) break;
    v = v * 10 + (c - 48);
    seen = true;
  }
  while (k < end && text.charCodeAt(k) === 32) k++;
  return seen && k === end ? v : -1;
}

/** Index of the `"` opening a request (`"GET `, `"POST `, ...), or -1. */
function findRequestQuote(line: string): number {
  let q = line.indexOf('"');
  let tries = 0;
  while (q >= 0 && tries++ < 8) {
    let j = q + 1;
    while (j < line.length && j - q <= METHOD_MAX && isUpper(line.charCodeAt(j))) j++;
    if (j - q >= 4 && line.charCodeAt(j) === 32) return q;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

/** Index of the `"` closing a quoted field started at `from` (backslash escapes skipped), or the line end. */
function findClosingQuote(line: string, from: number): number {
  // native searches for the quote and the next backslash (a character loop costs several times more)
  let i = from;
  let backslash = line.indexOf('\\', i);
  let q = line.indexOf('"', i);
  for (;;) {
    if (q < 0) return line.length;
    if (backslash < 0 || backslash > q) return q;
    i = backslash + 2; // the character after a backslash is escaped
    if (i > line.length) return line.length;
    // the quote found stands unless it was the escaped character (searching again each time is quadratic)
    if (q < i) q = line.indexOf('"', i);
    backslash = line.indexOf('\\', i);
  }
}

/** `s.lastIndexOf(char, limit)` by forward native searches (`lastIndexOf` is a runtime call): for a character that occurs a few times. */
function lastAtOrBefore(s: string, char: string, limit: number): number {
  let found = s.indexOf(char);
  if (found < 0 || found > limit) return -1;
  for (let next = s.indexOf(char, found + 1); next >= 0 && next <= limit; next = s.indexOf(char, found + 1)) found = next;
  return found;
}

/** `s.lastIndexOf(char, from)` for one UTF-16 code: a loop, where `lastIndexOf` is a runtime call (the targets here are a few characters back). */
function lastIndexOfCode(s: string, code: number, from: number): number {
  for (let k = Math.min(from, s.length - 1); k >= 0; k--) if (s.charCodeAt(k) === code) return k;
  return -1;
}

/** line[a, b), '' when it is a lone `-` (a field left empty). */
function undashed(line: string, a: number, b: number): string {
  return b - a === 1 && line.charCodeAt(a) === 45 ? '' : line.slice(a, b);
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
