/**
 * A load balancer's HTTP log line, in the layout where the client comes first as `<address>:<port>`
 * (HAProxy's `option httplog`): `<address>:<port> [<date>] <frontend> <backend>/<server> <timers>
 * <status> <bytes> … "<method> <path> HTTP/x"`. The quoted request is last, so the common access-log
 * reading finds no status after it. Bounded, linear, no regex.
 */

import { refusedLogin } from './auth-failure.js';
import { isIPv4, isIPv6 } from './client-address.js';

/** Characters read at most: the client and date within the first 400, the status within 200 after the date. */
const MAX_CLIENT_AT = 400;
const MAX_STATUS_SPAN = 200;

/**
 * The client address of a load balancer's log line whose status refuses a login (401, or 403 on a
 * login endpoint, decided as for other access layouts by `refusedLogin` with the request's `method`
 * and `path`), or undefined. The client is the `<address>:<port>` token right before the first ` [`
 * (a syslog header's `prog[pid]:` has no space before its bracket); an IPv6 address is written
 * without brackets, so its port is after the last `:`. The status is the first token of three digits
 * between the date's `]` and the request's quote.
 */
export function proxyLogRefusedClient(message: string, method: string, path: string): string | undefined {
  const n = message.length;
  const limit = n < MAX_CLIENT_AT ? n : MAX_CLIENT_AT;
  let lb = -1;
  for (let i = 1; i < limit; i++) {
    if (message.charCodeAt(i) === 91 && message.charCodeAt(i - 1) === 32) {
      lb = i;
      break;
    }
  }
  if (lb < 0) return undefined;
  // the client token before ` [`
  const e = lb - 1;
  let s = e;
  while (s > 0 && e - s < 60 && message.charCodeAt(s - 1) !== 32) s--;
  let colon = -1;
  for (let k = e - 1; k > s; k--) {
    if (message.charCodeAt(k) === 58) {
      colon = k;
      break;
    }
  }
  if (colon < 0 || e - colon < 2 || e - colon > 6 || !allDigits(message, colon + 1, e) || !addressChars(message, s, colon)) return undefined;
  // the date's `]`, then the status before the request's quote
  let i = lb + 1;
  const dateEnd = lb + 64 < n ? lb + 64 : n;
  while (i < dateEnd && message.charCodeAt(i) !== 93) i++;
  if (i >= dateEnd) return undefined;
  const end = i + MAX_STATUS_SPAN < n ? i + MAX_STATUS_SPAN : n;
  i++;
  let status = 0;
  while (i < end) {
    while (i < end && message.charCodeAt(i) === 32) i++;
    const t = i;
    if (message.charCodeAt(t) === 34) break;
    while (i < end && message.charCodeAt(i) !== 32) i++;
    if (i - t === 3 && allDigits(message, t, i)) {
      status = (message.charCodeAt(t) - 48) * 100 + (message.charCodeAt(t + 1) - 48) * 10 + (message.charCodeAt(t + 2) - 48);
      break;
    }
  }
  if ((status !== 401 && status !== 403) || !refusedLogin(status, method, '', path)) return undefined;
  return message.slice(s, colon);
}

function allDigits(s: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** An IPv4 or IPv6 address's characters only (digits, hex letters, `.`, `:`), with a `.` or a `:`, at least 3 long. */
function addressChars(s: string, from: number, to: number): boolean {
  if (to - from < 3) return false;
  let sep = false;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === 46 || c === 58) sep = true;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return sep;
}

/** Characters read after the request's closing quote for the client and the status. */
const MAX_AFTER_REQUEST = 160;

/**
 * The client of a line that quotes its request first and then writes the client and the status as
 * plain fields (`"POST /j_security_check" 192.0.2.1 http admin form 401 …`, a Java application's
 * request logger), when the status refuses a login as `refusedLogin` decides; or undefined. The
 * client is the first address among the 160 characters after the request's closing quote, the
 * status the first three-digit field there. Only asked of lines whose request the access-line reader
 * found but no status after it.
 */
export function quotedRequestRefusedClient(message: string, method: string, path: string): string | undefined {
  const limit = message.length < 2048 ? message.length : 2048;
  const open = message.indexOf(`"${method} `);
  if (open < 0 || open >= limit) return undefined;
  const close = message.indexOf('"', open + method.length + 2);
  if (close < 0 || close >= limit) return undefined;
  const n = close + MAX_AFTER_REQUEST < message.length ? close + MAX_AFTER_REQUEST : message.length;
  let client: string | undefined;
  let status = 0;
  let i = close + 1;
  while (i < n && (client === undefined || status === 0)) {
    while (i < n && (message.charCodeAt(i) === 32 || message.charCodeAt(i) === 34)) i++;
    const t = i;
    while (i < n && message.charCodeAt(i) !== 32 && message.charCodeAt(i) !== 34) i++;
    if (i === t) break;
    if (status === 0 && i - t === 3 && allDigits(message, t, i)) status = Number(message.slice(t, i));
    else if (client === undefined && addressChars(message, t, i)) client = plainAddress(message.slice(t, i));
  }
  if (client === undefined || (status !== 401 && status !== 403) || !refusedLogin(status, method, '', path)) return undefined;
  return client;
}

/** An IPv4 address (a `:port` dropped) or an IPv6 address as written, else undefined. */
function plainAddress(t: string): string | undefined {
  const colon = t.indexOf(':');
  if (colon > 0 && t.indexOf(':', colon + 1) < 0) t = t.slice(0, colon);
  return isIPv4(t) || isIPv6(t) ? t.toLowerCase() : undefined;
}
