/**
 * The client of a log line named by a field, in any of the layouts products write fields in:
 * key=value (`from=192.0.2.1:5312`, `client=…`, `clientip=…`, `http.request.remoteaddr=…`,
 * `remoteAddr=…`, `remote-addr=…`: `-` or `_` between the words), JSON with or without spaces (`"remote": "…"`, `"client_ip":"…"`,
 * `"downstream_remote_address":"[2001:db8::1]:443"`), quoted pairs (`src:"…";`), bracketed pipes
 * (`[IP|192.0.2.1|]`) and prose keys (`remote address: …`, `remote address <…>`, `client ip: …`).
 * The field's name (its last dotted part, any case) is one of a family of client names; the value is
 * an address, possibly quoted or in `<…>`, an IPv4 address possibly with `:port`, an IPv6 address
 * possibly in brackets with `:port` after them, a zone (`%eth0`) dropped. One pass over at most `n`
 * characters, no regex, one small slice per name read.
 */

import { addressAt } from './client-address.js';

/** Names of fields that hold the client (lower case, the last dotted part of the key). */
const CLIENT_NAMES = new Set([
  'from',
  'client',
  'clientip',
  'client_ip',
  'client-ip',
  'clientaddr',
  'client_addr',
  'clientaddress',
  'client_address',
  'c-ip',
  'remote',
  'remoteip',
  'remote_ip',
  'remoteaddr',
  'remote_addr',
  'remoteaddress',
  'remote_address',
  'remotehost',
  'remote_host',
  'downstream_remote_address',
  'src',
  'srcip',
  'src_ip',
  'srcaddr',
  'src_addr',
  'source',
  'sourceip',
  'source_ip',
  'sourceaddress',
  'source_address',
  'ip',
  'ipaddr',
  'ip_addr',
  'ipaddress',
  'ip_address',
  'addr',
  'peer',
  'peeraddr',
  'peer_addr',
  'peer_address',
  'callerip',
  'caller_ip',
  'calleripaddress',
  'x-forwarded-for',
  'x_forwarded_for',
  'xff',
]);

/** Prose words before ` address` / ` ip` that make the pair a client field (`remote address: …`, `client ip: …`). */
const PROSE_OWNERS = new Set(['remote', 'client', 'source', 'peer', 'caller']);

/** Longest field name read (longer runs are no client name). */
const MAX_NAME = 26;

/**
 * The address of the first client field in `s[0, n)` outside double-quoted spans (a hyphenated spelling only when no exact
 * name has one), or undefined. A name counts only when it starts a key (not inside a longer word or value: `xsrc=` is
 * `xsrc`, `user=remote-addr=` is the user's value) and a separator follows it:
 * `=`, `:`, `|` or `<`, with quotes and spaces around it (at most 4 characters).
 */
export function clientFromField(s: string, n: number): string | undefined {
  // found at its separator: most characters are none, so the loop is one read and a compare each.
  // A separator inside a double-quoted span (`user="x client=203.0.113.9"`, a JSON value) is the
  // value's text, which the user may have typed: no field (an escaped quote `\"` does not end a span,
  // an escaped backslash before a quote `\\"` does not escape it)
  let quoted = false;
  // the first field of a hyphenated spelling (`remote-addr`): an HTTP header's, which the client sets, so an exact name after it wins
  let hyphenated: string | undefined;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 34) {
      let b = k;
      while (b > 0 && s.charCodeAt(b - 1) === 92) b--;
      if ((k - b) % 2 === 0) quoted = !quoted;
      continue;
    }
    if ((c !== 61 && c !== 58 && c !== 124 && c !== 60) || quoted) continue;
    // back over the quotes and spaces before the separator (`"key": `), then over the name
    let end = k;
    while (end > 0 && k - end < 2 && (s.charCodeAt(end - 1) === 34 || s.charCodeAt(end - 1) === 39 || s.charCodeAt(end - 1) === 32)) end--;
    let start = end;
    while (start > 0 && end - start <= MAX_NAME && isKeyChar(s.charCodeAt(start - 1))) start--;
    if (start === end || end - start > MAX_NAME || !isLetter(s.charCodeAt(start))) continue;
    // a URL's query parameter or path segment (`/login?client=…`, `&ip=…`, `/from=…`): the client's own text;
    // a name right after `=` is inside another field's value (`user=remote-addr=…`: a name the client typed)
    if (start > 0 && (s.charCodeAt(start - 1) === 63 || s.charCodeAt(start - 1) === 38 || s.charCodeAt(start - 1) === 47 || s.charCodeAt(start - 1) === 61)) continue;
    // the last dotted part: `http.request.remoteaddr`, `client.ip`
    let from = start;
    for (let j = end - 1; j > start; j--) {
      if (s.charCodeAt(j) === 46) {
        from = j + 1;
        break;
      }
    }
    if (end - from < 2) continue;
    const name = s.slice(from, end).toLowerCase();
    const exact = CLIENT_NAMES.has(name) || proseClientKey(s, start, name);
    if (!exact && (hyphenated !== undefined || !hyphenatedClientName(name) || underHeaders(s, start))) continue;
    const ip = valueAddress(s, separatorEnd(s, end, n), n);
    if (ip === undefined) continue;
    if (exact) return ip;
    hyphenated = ip;
  }
  return hyphenated;
}

/**
 * A client name spelt with `-` for `_` (`remote-addr`, `remote-ip`, `client-address`, `source-ip`): one family, either
 * separator. It is how HTTP header names are spelt (a request's `Remote-Addr:` header is the client's to set): read
 * only when no field of an exact name (`remote_addr`, `remoteAddr`) follows, and never nested under `headers`.
 */
function hyphenatedClientName(name: string): boolean {
  return name.indexOf('-') > 0 && CLIENT_NAMES.has(name.replaceAll('-', '_'));
}

/**
 * The key at `start` is nested in a `headers` object (`"headers":{"remote-addr":"…"}`, `headers={remote-addr=…}`):
 * a request header, which the client sets. Reads at most 64 characters back to the nearest `{` (a `}` first: not nested).
 */
function underHeaders(s: string, start: number): boolean {
  let k = start - 1;
  while (k >= 0 && start - k < 64 && s.charCodeAt(k) !== 123 && s.charCodeAt(k) !== 125) k--;
  if (k < 0 || s.charCodeAt(k) !== 123) return false;
  while (k > 0 && (s.charCodeAt(k - 1) === 34 || s.charCodeAt(k - 1) === 58 || s.charCodeAt(k - 1) === 61 || s.charCodeAt(k - 1) === 32)) k--;
  return k >= 7 && s.slice(k - 7, k).toLowerCase() === 'headers';
}

/**
 * Whether position `at` of `s` lies inside a double-quoted span (an odd number of unescaped `"` before
 * it; `\"` escapes, `\\"` does not). Reads the `at` characters before it once.
 */
export function insideQuotes(s: string, at: number): boolean {
  let quoted = false;
  for (let k = s.indexOf('"'); k >= 0 && k < at; k = s.indexOf('"', k + 1)) {
    let b = k;
    while (b > 0 && s.charCodeAt(b - 1) === 92) b--;
    if ((k - b) % 2 === 0) quoted = !quoted;
  }
  return quoted;
}

/** `address` / `ip` / `addr` after `remote ` / `client ` / `source ` / `peer ` / `caller ` (prose key). */
function proseClientKey(s: string, start: number, name: string): boolean {
  if (name !== 'address' && name !== 'addr') return false;
  if (start < 2 || s.charCodeAt(start - 1) !== 32) return false;
  let k = start - 1;
  while (k > 0 && start - k < 8 && isLetter(s.charCodeAt(k - 1))) k--;
  return PROSE_OWNERS.has(s.slice(k, start - 1).toLowerCase());
}

/** Past the separator after a field name at `i` (`=`, `:`, `|`, `<` with quotes and spaces; at most 4 characters). */
function separatorEnd(s: string, i: number, n: number): number {
  const limit = i + 4 < n ? i + 4 : n;
  while (i < limit) {
    const c = s.charCodeAt(i);
    if (c !== 61 && c !== 58 && c !== 124 && c !== 60 && c !== 34 && c !== 39 && c !== 32) break;
    i++;
  }
  return i;
}

/** The address at `i` (after a separator): `1.2.3.4`, `1.2.3.4:5312`, `2001:db8::1`, `[2001:db8::1]:5312`, `fe80::1%eth0`. */
function valueAddress(s: string, i: number, n: number): string | undefined {
  if (s.charCodeAt(i) === 91) i++;
  return addressAt(s, i, n);
}

function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** A character of a key: letters, digits, `_`, `-`, `.`. */
function isKeyChar(c: number): boolean {
  const l = c | 32;
  return (l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}
