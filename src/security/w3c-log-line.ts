/**
 * A web server's W3C extended log line (IIS' default layout: `date time s-ip cs-method cs-uri-stem
 * cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus
 * sc-win32-status time-taken`): space-separated fields, no quotes, the status and its sub-statuses
 * last. Read from the line's end first, so a line that does not end in three or four numbers costs a
 * few character reads. Bounded, linear, no regex.
 */

import { isIPv4, isIPv6 } from './client-address.js';
import { refusedLogin } from './auth-failure.js';

/** Characters of a line read at most. */
const MAX_LINE = 4096;

/** HTTP methods a W3C line's `cs-method` may hold. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'PROPFIND', 'RPC_IN_DATA', 'RPC_OUT_DATA']);

/** IIS' win32 status of the first leg of an NTLM or Negotiate handshake (no credentials yet: SEC_E_NO_CREDENTIALS, 0x8009030E). */
const HANDSHAKE_WIN32 = '2148074254';

/** Scratch: the trailing number fields (start, end), last first. */
const tail = new Int32Array(8);

/**
 * The client (`c-ip`) of a W3C line whose status refuses a login, or undefined: status 401 with
 * sub-status 1 (logon failed: the credentials were refused) unless the win32 status is a handshake's
 * first leg; status 401 with sub-status 0 (an application's own 401) or 403 as `refusedLogin` decides
 * for other access layouts. A 401.2 (a challenge: no credentials sent) and other sub-statuses are
 * not failures. The client is the first address field after the method, the path and the query,
 * past the user name when a port comes third (IIS' `s-port cs-username c-ip`).
 */
export function w3cRefusedClient(s: string): string | undefined {
  const n = s.length;
  if (n === 0 || n > MAX_LINE) return undefined;
  const last = s.charCodeAt(n - 1);
  if (last < 48 || last > 57) return undefined;
  // the trailing numbers: time-taken (optional), win32, substatus, status
  let count = 0;
  let i = n;
  while (count < 4) {
    const end = i;
    while (i > 0 && s.charCodeAt(i - 1) >= 48 && s.charCodeAt(i - 1) <= 57 && end - i < 11) i--;
    if (i === end || i === 0 || s.charCodeAt(i - 1) !== 32) break;
    tail[count * 2] = i;
    tail[count * 2 + 1] = end;
    count++;
    i--;
  }
  if (count < 3) return undefined;
  // status, substatus, win32: the last three of `status substatus win32 [time-taken]`, tried both ways
  for (let k = count - 1; k >= 2; k--) {
    const sAt = tail[k * 2];
    if (tail[k * 2 + 1] - sAt !== 3) continue;
    const status = Number(s.slice(sAt, sAt + 3));
    if (status !== 401 && status !== 403) continue;
    const sub = s.slice(tail[(k - 1) * 2], tail[(k - 1) * 2 + 1]);
    const win32 = s.slice(tail[(k - 2) * 2], tail[(k - 2) * 2 + 1]);
    return refusedClient(s, tail[count * 2 - 2], status, sub, win32);
  }
  return undefined;
}

/** The address field after the method in `s[0, before)` (the user is the field before it), if the line's status refuses a login. */
function refusedClient(s: string, before: number, status: number, sub: string, win32: string): string | undefined {
  let i = 0;
  let method = '';
  let fields = 0;
  let path = '';
  let prev = '';
  // a port third (`s-port`, IIS' default layout): the fourth field is the user name the client typed, an address there no client
  let port = false;
  while (i < before && fields <= 8) {
    while (i < before && s.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < before && s.charCodeAt(i) !== 32) i++;
    if (i === start) break;
    const token = s.slice(start, i);
    if (method.length === 0) {
      if (METHODS.has(token)) method = token;
      continue;
    }
    fields++;
    if (fields === 1) path = token;
    else if (fields === 3 && allDigits(token)) port = true;
    else if (fields >= 3 && !(port && fields === 4) && (isIPv4(token) || isIPv6(token))) {
      const user = prev === '-' || fields === 3 ? '' : prev;
      return failed(status, sub, win32, method, user, path) ? token.toLowerCase() : undefined;
    }
    prev = token;
  }
  return undefined;
}

function allDigits(t: string): boolean {
  for (let k = 0; k < t.length; k++) if (t.charCodeAt(k) < 48 || t.charCodeAt(k) > 57) return false;
  return t.length > 0;
}

function failed(status: number, sub: string, win32: string, method: string, user: string, path: string): boolean {
  if (status === 401 && sub === '1') return win32 !== HANDSHAKE_WIN32;
  if (status === 401 && sub !== '0') return false;
  return refusedLogin(status, method, user, path);
}
