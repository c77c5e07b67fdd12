/**
 * An audit record whose return code is a database's "invalid credentials" code: ORA-01017 (1017),
 * MySQL's access denied (1045), SQL Server's login failed (18456), SQLSTATE class 28 (`28000`,
 * `28P01`). Read in key=value and JSON (`return_code=1017`, `"return_code": 1017`: in an audit record or a
 * connection event, outside any quoted value) and in the
 * length-prefixed layout of a database's syslog audit trail (`RETURNCODE:[4] "1017"`), where every
 * value's length is given: the record is walked field by field, so a value the client chose (its
 * user, host or terminal name) cannot pose as a field. Its client is the `HOST=` of the TNS address
 * descriptor after `Client address: ` in the `COMMENT$TEXT` field (`Authenticated by: DATABASE; Client
 * address: (ADDRESS=(PROTOCOL=tcp)(HOST=192.0.2.1)(PORT=5123))`), the address the server saw: a
 * descriptor in any other field (the client identifier, program name, user, host or terminal) is
 * declared by the client. Linear, at most 64 fields of the first 4096 characters; no regex.
 */

import { addressAt } from './client-address.js';
import { insideQuotes } from './client-field.js';

/** Phrases (case-insensitive) of a return code field. Part of the generic checked phrases. */
export const RETURN_CODE_PHRASES: readonly string[] = ['returncode:[', '"return_code', 'return_code='];

/** Return codes meaning the credentials were refused. */
const CREDENTIAL_CODES = new Set(['1017', '01017', '1045', '18456', '28000', '28p01']);

const MAX_FIELDS = 64;
const MAX_SCAN = 4096;

/** The last length-prefixed record walked (the failure check and the client reader see the same message). */
const walked = { text: '', returnCodeAt: -1, code: '', client: undefined as string | undefined };

/** Whether return-code phrase `k` of {@link RETURN_CODE_PHRASES} at `at` holds a credentials-refused code. */
export function returnCodeAccepted(k: number, text: string, at: number): boolean {
  if (k === 0) {
    walk(text);
    return walked.returnCodeAt === at && CREDENTIAL_CODES.has(walked.code);
  }
  // `"return_code": 1017`, `"return_code":"1017"`, `return_code=1017` in an audit record, not a value (`q="return_code=1045"`, `q=return_code=1045`)
  const b = at > 0 ? text.charCodeAt(at - 1) : 32;
  if (b === 61 || b === 39 || b === 34 || insideQuotes(text, at) || !auditContext(text, at)) return false;
  let i = at + RETURN_CODE_PHRASES[k].length;
  const limit = i + 6 < text.length ? i + 6 : text.length;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c !== 34 && c !== 58 && c !== 61 && c !== 32) break;
    i++;
  }
  const start = i;
  while (i < text.length && i - start < 6 && isCodeChar(text.charCodeAt(i))) i++;
  return i > start && !isCodeChar(text.charCodeAt(i)) && CREDENTIAL_CODES.has(text.slice(start, i).toLowerCase());
}

/**
 * The client of a length-prefixed audit record whose return code was accepted for this very text
 * (see {@link returnCodeAccepted}), or undefined.
 */
export function returnCodeClient(text: string): string | undefined {
  return walked.text === text && walked.returnCodeAt >= 0 ? walked.client : undefined;
}

/**
 * Walks `NAME: "value"` and `NAME:[length] "value"` fields from the record's first field, noting the return
 * code field and the client address of the `COMMENT$TEXT` field.
 */
function walk(text: string): void {
  if (walked.text === text) return;
  walked.text = text;
  walked.returnCodeAt = -1;
  walked.code = '';
  walked.client = undefined;
  const n = text.length < MAX_SCAN ? text.length : MAX_SCAN;
  let i = recordStart(text, n);
  for (let f = 0; f < MAX_FIELDS && i < n; f++) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    const name = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    if (i === name || text.charCodeAt(i) !== 58) return;
    const nameEnd = i++;
    let length = -1;
    if (text.charCodeAt(i) === 91) {
      const d = ++i;
      while (i < n && i - d < 6 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      if (i === d || text.charCodeAt(i) !== 93) return;
      length = Number(text.slice(d, i));
      i++;
    }
    if (text.charCodeAt(i) !== 32 || text.charCodeAt(i + 1) !== 34) return;
    const v = i + 2;
    const end = length >= 0 ? v + length : text.indexOf('"', v);
    if (end < v || end >= n || text.charCodeAt(end) !== 34) return;
    const upper = text.slice(name, nameEnd).toUpperCase();
    if (upper === 'RETURNCODE') {
      walked.returnCodeAt = name;
      walked.code = text.slice(v, end).toLowerCase();
    } else if (walked.client === undefined && upper === 'COMMENT$TEXT') {
      walked.client = observedClient(text, v, end);
    }
    i = end + 1;
  }
}

/**
 * Where the record's first field starts: the name before the first `:` followed by ` "` or `[<digit>`
 * (a header's times and its `program[pid]:` are not), or `n` when there is none.
 */
function recordStart(text: string, n: number): number {
  for (let c = text.indexOf(':'); c > 0 && c < n; c = text.indexOf(':', c + 1)) {
    const next = text.charCodeAt(c + 1);
    const field = next === 32 ? text.charCodeAt(c + 2) === 34 : next === 91 && text.charCodeAt(c + 2) >= 48 && text.charCodeAt(c + 2) <= 57;
    if (!field) continue;
    let k = c;
    while (k > 0 && isNameChar(text.charCodeAt(k - 1))) k--;
    return k < c && (k === 0 || text.charCodeAt(k - 1) === 32) ? k : n;
  }
  return n;
}

/**
 * The address after `(HOST=` in the TNS `(ADDRESS=…)` descriptor right after `Client address: ` within
 * `text[from, to)` (the server's comment on the session), or undefined.
 */
function observedClient(text: string, from: number, to: number): string | undefined {
  const c = text.indexOf('Client address: (ADDRESS=', from);
  if (c < 0 || c >= to) return undefined;
  const a = c + 16;
  const h = text.indexOf('(HOST=', a);
  if (h < 0 || h > a + 40 || h >= to) return undefined;
  return addressAt(text, h + 6, to);
}

/**
 * The record before `at` (at most 200 characters) is an audit record or a connection event: the word `audit`
 * (`audit: user=bob return_code=1045`, `mysql_audit`) or `connect` not followed by a letter (`"event":"connect"`,
 * `event=connect`): an application's own `return_code` field numbers its own outcomes.
 */
function auditContext(text: string, at: number): boolean {
  const w = text.slice(at > 200 ? at - 200 : 0, at).toLowerCase();
  if (w.indexOf('audit') >= 0) return true;
  for (let c = w.indexOf('connect'); c >= 0; c = w.indexOf('connect', c + 7)) {
    const l = w.charCodeAt(c + 7);
    if (!(l >= 97 && l <= 122)) return true;
  }
  return false;
}

/** A character of a field name: upper-case letters, digits, `_`, `$`, `#`. */
function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 35;
}

function isCodeChar(c: number): boolean {
  const l = c | 32;
  return (c >= 48 && c <= 57) || (l >= 97 && l <= 122);
}
