/**
 * JSON audit and access records of a login that failed: a record that names its client in a JSON
 * address field (`"remote_address":"…"`, `"remote_addr":"…"`, `"client_ip":"…"`), asks for a login
 * (its words near: a path or operation with `login`, `logon`, `sign_in`, `authenticate`) and answers
 * it with an `"error":"…"` value, or with a `"status":401` / `403` that refuses a login as in other
 * access layouts (`refusedLogin`; a JSON access log's `"request":"POST /login HTTP/1.1"`). An
 * authorisation denial (`permission denied`) is not a failed login. Bounded windows, linear, no regex.
 */

import { refusedLogin } from './auth-failure.js';

/** Characters read before and after the client field. */
const SPAN = 600;

/** Words of a login request in the record (lower case). */
const LOGIN_WORDS = ['login', 'logon', 'signin', 'sign_in', 'sign-in', 'authenticat'] as const;

/**
 * Whether the JSON client field found at `at` belongs to a record of a failed login: within
 * {@link SPAN} characters around it, a non-empty `"error":"` value that is not a permission denial
 * with a login word (see {@link LOGIN_WORDS}); or, with no error, a status refusing a login.
 */
export function jsonAuditFailure(text: string, at: number): boolean {
  const from = at > SPAN ? at - SPAN : 0;
  const w = text.slice(from, at + SPAN).toLowerCase();
  let e = w.indexOf('"error":"');
  let v = e + 9;
  if (e < 0) {
    e = w.indexOf('"error": "');
    v = e + 10;
  }
  if (e < 0 || w.charCodeAt(v) === 34) return accessRefused(w);
  if (w.slice(v, v + 81).indexOf('permission denied') >= 0) return false;
  for (const word of LOGIN_WORDS) if (w.indexOf(word) >= 0) return true;
  return false;
}

/** A JSON access record's `"status":401` (or `"401"`, or 403) refusing its `"request":"<method> <path> …"` (or `"method"` / `"uri"`), as `refusedLogin` decides. */
function accessRefused(w: string): boolean {
  let s = -1;
  for (const name of STATUS_FIELDS) {
    const k = w.indexOf(name);
    if (k >= 0) {
      s = k + name.length;
      break;
    }
  }
  if (s < 0) return false;
  if (w.charCodeAt(s) === 32) s++;
  if (w.charCodeAt(s) === 34) s++;
  const status = w.startsWith('401', s) ? 401 : w.startsWith('403', s) ? 403 : 0;
  if (status === 0 || (w.charCodeAt(s + 3) >= 48 && w.charCodeAt(s + 3) <= 57)) return false;
  let method = '';
  let path = '';
  const r = w.indexOf('"request":"');
  if (r >= 0) {
    const sp = w.indexOf(' ', r + 11);
    const q = w.indexOf('"', r + 11);
    if (sp > r + 11 && (q < 0 || sp < q)) {
      method = w.slice(r + 11, sp);
      const sp2 = w.indexOf(' ', sp + 1);
      path = w.slice(sp + 1, sp2 > sp && (q < 0 || sp2 < q) ? sp2 : q < 0 ? sp + 1 : q);
    }
  } else {
    method = fieldValue(w, '"method":');
    path = fieldValue(w, '"uri":') || fieldValue(w, '"path":') || fieldValue(w, '"request_uri":') || fieldValue(w, '"url":');
  }
  return refusedLogin(status, method, '', path);
}

/** Names of an access record's status field (lower case, with the colon): `"status"`, Envoy's `"response_code"`, `"status_code"`, `"http_status"`. */
const STATUS_FIELDS = ['"status":', '"response_code":', '"status_code":', '"http_status":'] as const;

/** The string value after `key` (`"key":"v"` or `"key": "v"`; up to its closing quote, at most 256 characters), or ''. */
function fieldValue(w: string, key: string): string {
  const k = w.indexOf(key);
  if (k < 0) return '';
  let v = k + key.length;
  if (w.charCodeAt(v) === 32) v++;
  if (w.charCodeAt(v) !== 34) return '';
  v++;
  const q = w.indexOf('"', v);
  return w.slice(v, q < 0 || q - v > 256 ? v : q);
}
