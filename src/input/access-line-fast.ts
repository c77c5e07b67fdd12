import type { AccessRequest } from '../core/access-request.js';
import { digits, isDigit } from '../core/ascii-digits.js';
import { RecentStrings } from './recent-strings.js';
import { parseAccessLogTime } from './request-line.js';

/** Longest method read (as `parseAccessLine`). */
const METHOD_MAX = 12;
/** The bracketed time must open within this many characters (as the line reader's access check). */
const PREFIX_SCAN = 160;

/** Time (epoch ms) of the last line read by {@link readCommonAccessLine}. */
export interface AccessLineTime {
  time: number;
}

/** The repeated fields of one input's access lines, each handed on as the string seen last ({@link RecentStrings}). */
export class AccessLineStrings {
  readonly clients = new RecentStrings();
  readonly referers = new RecentStrings();
  readonly agents = new RecentStrings();
}

/**
 * The common and combined access-log shape read in one forward pass:
 * `ip ident user [time] "METHOD target PROTO" status ...[ "referer"[ "user agent"]]`, three single-space
 * separated fields first, no `"` before the request, no backslash from the request on, no `[` inside the
 * time. Returns the status (and fills `out` with what the line reader keeps: method, target, path, query,
 * client, user, referer, user agent; `at.time`), or 0 when the line is not of that exact shape: the
 * caller then reads it the general way (`parseAccessLine`). On the lines it accepts it gives what the
 * general reading gives (checked field by field against it in test/input/access-line-fast.test.ts; the
 * client, referer and user agent are the strings `kept` holds for their text);
 * `protocol`, `status` and `timeText` of `out` are not written. Linear, native searches, no regex.
 */
export function readCommonAccessLine(s: string, out: AccessRequest, at: AccessLineTime, kept: AccessLineStrings): number {
  const i1 = s.indexOf(' ');
  if (i1 <= 0) return 0;
  const i2 = s.indexOf(' ', i1 + 1);
  if (i2 <= i1 + 1) return 0;
  const i3 = s.indexOf(' ', i2 + 1);
  // `ident` and `user` not led by `[`: the line's first ` [` opens the time
  if (i3 <= i2 + 1 || i3 > PREFIX_SCAN || s.charCodeAt(i3 + 1) !== 91 || s.charCodeAt(i1 + 1) === 91 || s.charCodeAt(i2 + 1) === 91) return 0;
  const close = s.indexOf(']', i3);
  if (close < 0 || close - i3 > 32 || s.charCodeAt(close + 1) !== 32 || s.charCodeAt(close + 2) !== 34) return 0;
  const lb = s.indexOf('[', i3 + 2);
  if (lb >= 0 && lb <= close) return 0;
  const rq = close + 2;
  if (s.indexOf('"') !== rq || s.indexOf('\\', rq) >= 0) return 0;
  let j = rq + 1;
  while (j - rq <= METHOD_MAX && isUpper(s.charCodeAt(j))) j++;
  if (j - rq < 4 || s.charCodeAt(j) !== 32) return 0;
  const rc = s.indexOf('"', rq + 1);
  if (rc < 0) return 0;
  let k = rc + 1;
  while (s.charCodeAt(k) === 32) k++;
  const status = digits(s, k, 3);
  if (status < 100 || isDigit(s.charCodeAt(k + 3))) return 0;
  const t = parseAccessLogTime(s.slice(i3 + 2, close));
  if (Number.isNaN(t)) return 0;
  at.time = t;

  out.method = s.slice(rq + 1, j);
  const restStart = j + 1;
  let restEnd = rc;
  // the last space before the closing quote (the protocol's), as `parseAccessLine`
  let last = -1;
  if (restEnd > restStart) {
    for (let q = rc - 1; q >= 0 && last < 0; q--) if (s.charCodeAt(q) === 32) last = q;
  }
  if (last >= restStart && isHttpAt(s, last + 1)) restEnd = last;
  else if (last < restStart && restEnd - restStart <= 9 && isHttpAt(s, restStart)) restEnd = restStart;
  const target = s.slice(restStart, restEnd);
  out.target = target;
  const qm = restEnd > restStart ? s.indexOf('?', restStart) : -1;
  if (qm >= 0 && qm < restEnd) {
    out.path = s.slice(restStart, qm);
    out.query = s.slice(qm + 1, restEnd);
  } else {
    out.path = target;
    out.query = '';
  }

  out.referer = '';
  out.userAgent = '';
  // as `parseAccessLine`: the referer and user agent only after a status of exactly three digits then a space or the end
  if (k + 3 === s.length || s.charCodeAt(k + 3) === 32) {
    const r1 = s.indexOf('"', k + 3);
    if (r1 >= 0) {
      const r2 = closingQuote(s, r1 + 1);
      out.referer = undashed(s, r1 + 1, r2, kept.referers);
      const u1 = s.indexOf('"', r2 + 1);
      if (u1 >= 0) out.userAgent = undashed(s, u1 + 1, closingQuote(s, u1 + 1), kept.agents);
    }
  }
  out.clientIp = kept.clients.get(s, 0, i1);
  out.user = undashed(s, i2 + 1, i3, undefined);
  return status;
}

/** The next `"` from `from`, or the line's end (the line has no backslash there). */
function closingQuote(s: string, from: number): number {
  const q = s.indexOf('"', from);
  return q < 0 ? s.length : q;
}

/** s[a, b) (the one kept in `recent` when given), '' when it is a lone `-`. */
function undashed(s: string, a: number, b: number, recent: RecentStrings | undefined): string {
  if (b - a === 1 && s.charCodeAt(a) === 45) return '';
  return recent === undefined ? s.slice(a, b) : recent.get(s, a, b);
}

/** `HTTP/` at s[i] (as `s.startsWith('HTTP/', i)`, without the call). */
function isHttpAt(s: string, i: number): boolean {
  return s.charCodeAt(i) === 72 && s.charCodeAt(i + 1) === 84 && s.charCodeAt(i + 2) === 84 && s.charCodeAt(i + 3) === 80 && s.charCodeAt(i + 4) === 47;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
