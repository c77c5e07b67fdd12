/**
 * JSON audit records of a login that failed: a record that names its client in a JSON address field
 * (`"remote_address":"…"`, `"remote_addr":"…"`, `"client_ip":"…"`), asks for a login (its words near:
 * a path or operation with `login`, `logon`, `sign_in`, `authenticate`) and answers it with an
 * `"error":"…"` value. An authorisation denial (`permission denied`) is not a failed login. Bounded
 * windows, linear, no regex.
 */

/** Characters read before and after the client field. */
const SPAN = 600;

/** Words of a login request in the record (lower case). */
const LOGIN_WORDS = ['login', 'logon', 'signin', 'sign_in', 'sign-in', 'authenticat'] as const;

/**
 * Whether the JSON client field found at `at` belongs to a record of a failed login: within
 * {@link SPAN} characters around it, a non-empty `"error":"` value that is not a permission denial,
 * and a login word (see {@link LOGIN_WORDS}).
 */
export function jsonAuditFailure(text: string, at: number): boolean {
  const from = at > SPAN ? at - SPAN : 0;
  const w = text.slice(from, at + SPAN).toLowerCase();
  const e = w.indexOf('"error":"');
  if (e < 0 || w.charCodeAt(e + 9) === 34) return false;
  const value = w.slice(e + 9, e + 90);
  if (value.indexOf('permission denied') >= 0) return false;
  for (const word of LOGIN_WORDS) if (w.indexOf(word) >= 0) return true;
  return false;
}
