import { clientFromField, insideQuotes } from './client-field.js';
import { databaseClient } from './database-client.js';
import { syslogBodyStart } from './syslog-header.js';

/**
 * The client named in a log message, for the per-client security detectors: first after the markers
 * daemons write before it (`from 1.2.3.4`, `FROM`, `client: 1.2.3.4`, `rhost=`, `[client 1.2.3.4:5678]`,
 * `rip=`, `Client "1.2.3.4"`, `ip=[...]`, `(?@1.2.3.4)`, MySQL's `'user'@'1.2.3.4'`, PostgreSQL's
 * `for host "1.2.3.4"`; then key=value and prose markers: `From: `, `src=`, `srcip=`, `src_ip=`, `remote_addr=`,
 * `remote_ip=`, `client_ip=`), possibly quoted, where ` from `, `rhost=`, `(?@`, ` FROM `, `'@'` and ` for host `
 * also accept a host name (`from scanner.example.net`, as sshd with `UseDNS` writes). A host name
 * followed by an address in brackets (`host [1.2.3.4]`, `host[1.2.3.4]`: ProFTPD, Postfix, Sendmail,
 * Cyrus, Exim) or in parentheses (`host (1.2.3.4)`) names the client by both, and the client is the address. Failing a marker: the first
 * such bracketed address after a name (`ftp.example.com (client.example.net[1.2.3.4])`), then the
 * first IPv4 or IPv6 address standing alone in the message past a syslog header (`user root 1.2.3.4
 * port 22`, `pam(bob,1.2.3.4,...)`). Sendmail's `[IPv6:2001:db8::1]` is the IPv6 address. A port
 * after an IPv4 address is dropped and an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) becomes the
 * IPv4 address, so one client has one key. Quotes around a client (`'`, `"`, and `` ` `` as
 * pam_access writes) are skipped. Returns undefined when none is found. Reads the first 2048
 * characters; linear, no regex.
 */
export function clientFromMessage(text: string): string | undefined {
  // the markers are searched in the first MAX_SCAN characters only (an indexOf that finds nothing reads to the end)
  const message = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const n = message.length;
  const key = clientWithin(message, n);
  // sudo's `; COMMAND=...` is the user's argv: a client found in it is not the client (looked for
  // only before where the client was found, so other lines pay a short backward search at most)
  if (key === undefined) return key;
  // found inside a quoted value (`msg="… by user 'x from 10.0.0.5'"`, text a user may have typed) while a client
  // field stands outside the quotes (`remote_ip=192.0.2.1`): the field
  if (foundAt < n && insideQuotes(message, foundAt)) {
    const field = clientFromField(message, n);
    if (field !== undefined) return field;
  }
  const command = message.lastIndexOf(' ; COMMAND=', foundAt);
  if (command >= 0) return clientWithin(message, command);
  // sshd's trailer `<client> port <n>` ends the line: an address before it in the user name the client
  // typed (`invalid user x from 203.0.113.9 from <client> port 22`) is not the client
  return foundAt < n && message.indexOf(' port ', foundAt) >= 0 ? (clientBeforeLastPort(message, foundAt, n) ?? key) : key;
}

/**
 * The address just before the last ` port ` of `s[0, n)`, a digit after it, when it starts after `after` and is
 * not a server's own (`on 10.0.0.1 port 22`, `to 10.0.0.1 port 22`), else undefined. Reads back from
 * the end once, at most 60 characters before the ` port `.
 */
function clientBeforeLastPort(s: string, after: number, n: number): string | undefined {
  const p = s.lastIndexOf(' port ', n - 7);
  if (p <= after || !isDigit(s.charCodeAt(p + 6))) return undefined;
  let t = p;
  while (t > after && p - t < 60 && isAddressChar(s.charCodeAt(t - 1))) t--;
  if (t <= after || t === p || s.charCodeAt(t - 1) !== 32) return undefined;
  const word = t >= 4 ? s.slice(t - 4, t - 1) : '';
  if (word === ' on' || word === ' to') return undefined;
  return addressAt(s, t, p);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Where {@link clientWithin} found its client. */
let foundAt = 0;

function clientWithin(message: string, n: number): string | undefined {
  for (let m = 0; m < MARKERS.length; m++) {
    const marker = MARKERS[m];
    let at = message.indexOf(marker);
    while (at >= 0 && at < n) {
      let i = at + marker.length;
      // a quoted client: `FROM 'host'` (login), `for host "1.2.3.4"` (PostgreSQL), `from `host'` (pam_access)
      const q = message.charCodeAt(i);
      if (q === 39 || q === 34 || q === 96) i++;
      foundAt = i;
      const ip = m === CLIENT_MARKER ? apacheClientAt(message, at, i, n) : m >= KEY_VALUE ? (leadingIPv4(message, i, n) ?? addressAt(message, i, n)) : addressAt(message, i, n);
      if (ip !== undefined) return ip;
      if (m < HOST_MARKERS) {
        const host = hostAt(message, i, n);
        // `from client.example.net [1.2.3.4]` (ProFTPD), `from mail.example.org[1.2.3.4]` (Postfix): the address
        if (host !== undefined) return bracketedAddressAt(message, i + host.length, n) ?? parenthesisedAddressAt(message, i + host.length, n) ?? host;
      }
      at = message.indexOf(marker, i);
    }
  }
  const body = syslogBodyStart(message);
  // `name[1.2.3.4]`, `name [1.2.3.4]`, `(helo) [1.2.3.4]`, `<unknown> [1.2.3.4:5123]`: an address in brackets after a name
  let open = message.indexOf('[', body + 1);
  while (open > body && open < n) {
    let p = open - 1;
    if (message.charCodeAt(p) === 32 && p > body) p--;
    const c = message.charCodeAt(p);
    const angle = c === 62 && angleNameEnds(message, p, body);
    if (c === 41 || isHostChar(c) || angle) {
      const ip = bracketedAddressAt(message, open, n);
      // auth9's forms (`<name> [addr:port]`, `[[v6]:port]`) are not read inside a quoted value (`user 'x <y> [1.2.3.4:1]'`, a name the client typed)
      if (ip !== undefined && !((angle || message.charCodeAt(open + (message.charCodeAt(open) === 32 ? 2 : 1)) === 91) && quotedBetween(message, body, open))) {
        foundAt = open;
        // a second bracketed address after a name (`Client a [1.2.3.4:1] b [192.0.2.1:5123]`: the first is inside a name the client chose): no client
        return otherBracketAfter(message, open, n, body, ip) ? undefined : ip;
      }
    }
    open = message.indexOf('[', open + 1);
  }
  // a field of a client name (`from=…`, `"remote": "…"`, `src:"…"`, `[IP|…|]`, `remote address <…>`: client-field.ts)
  const field = clientFromField(message, n);
  if (field !== undefined) {
    foundAt = n;
    return field;
  }
  // an address standing alone: a token of address characters between two delimiters, in the
  // message past a syslog header (whose host may be an address: the logging host, not the client)
  for (let i = body; i < n; i++) {
    const c = message.charCodeAt(i);
    // `bob@example.com:192.0.2.1` (a user and its client, vpopmail): the address after the domain's `:`
    if (c === 58 && i > body && userAtDomainEnds(message, i, body)) {
      const after = addressAt(message, i + 1, n);
      if (after !== undefined) {
        foundAt = i + 1;
        return after;
      }
    }
    if (!isAddressChar(c) || (i > 0 && isAddressChar(message.charCodeAt(i - 1)))) continue;
    // `IPv6:2001:db8::1` (Sendmail): the address after the tag, not `6:2001:db8::1`
    const ip = addressAt(message, c === 54 && i >= 3 && ipv6TagEnd(message, i - 3, n) === i + 2 ? i + 2 : i, n);
    // `10.0.0.5@192.0.2.1`: an address before `@` is the user part of `user@client`, a name the client typed;
    // `CN=10.0.0.5` is a certificate's subject, which its holder chose; `(version 23.8.9.54)`, `v1.2.3.4` a program's version
    if (ip !== undefined && !beforeAt(message, i, n) && !subjectName(message, i, body) && !versionNumber(message, i, body)) {
      // `a@10.0.0.5 x@192.0.2.1`, `10.0.0.5 @192.0.2.1`: the user part may hold `@` and spaces; the client follows the last `@`
      const last = message.lastIndexOf('@', n - 1);
      const after = last > i ? addressAt(message, last + 1, n) : undefined;
      foundAt = after === undefined ? i : last + 1;
      return after ?? ip;
    }
    while (i < n && isAddressChar(message.charCodeAt(i))) {
      // a domain that ends in address characters (`bob@example.de:192.0.2.1`): its `:` is read next
      if (message.charCodeAt(i) === 58 && userAtDomainEnds(message, i, body)) {
        i--;
        break;
      }
      i++;
    }
  }
  // a database server's client host name (`'bob'@'localhost'`, PostgreSQL's `host(port) FATAL:`)
  foundAt = n;
  return databaseClient(message, n);
}

/**
 * The address in brackets at `i` (`[1.2.3.4]`, `[1.2.3.4:5123]`, `[2001:db8::1]`, `[IPv6:2001:db8::1]`,
 * `[[2001:db8::1]:5123]`: an IPv6 address and its port), possibly after one space, or undefined.
 */
function bracketedAddressAt(s: string, i: number, n: number): string | undefined {
  if (s.charCodeAt(i) === 32) i++;
  if (s.charCodeAt(i) !== 91) return undefined;
  if (s.charCodeAt(i + 1) === 91) {
    const v6 = addressAt(s, i + 2, n);
    return v6 !== undefined && v6.indexOf(':') >= 0 && s.charCodeAt(i + 2 + v6.length) === 93 ? v6 : undefined;
  }
  return addressAt(s, ipv6TagEnd(s, i + 1, n), n);
}

/** A `<name>` placeholder ends at `p` (`Client <unknown> [192.0.2.1:5123]`; not an arrow `-> [2001:db8::5]:5672`, the local side). Reads back at most 64 characters. */
function angleNameEnds(s: string, p: number, from: number): boolean {
  for (let k = p - 1; k >= from && p - k <= 64; k--) {
    const c = s.charCodeAt(k);
    if (c === 60) return k < p - 1;
    if (c === 32 || c === 62) return false;
  }
  return false;
}

/**
 * Whether a bracketed address after a name or a bracket, other than `ip`, follows the bracket at `open` in `s[0, n)`
 * (brackets inside a quoted value left out). Reads to `n` once, only when a bracketed client was found.
 */
function otherBracketAfter(s: string, open: number, n: number, body: number, ip: string): boolean {
  for (let b = s.indexOf('[', open + 1); b > open && b < n; b = s.indexOf('[', b + 1)) {
    let p = b - 1;
    if (s.charCodeAt(p) === 32) p--;
    const c = s.charCodeAt(p);
    // after a name, or right after another bracket (`a [1.2.3.4:1] [192.0.2.1:5123]`: the id ends in one)
    if (!(c === 41 || c === 93 || isHostChar(c) || (c === 62 && angleNameEnds(s, p, body)))) continue;
    const other = bracketedAddressAt(s, b, n);
    if (other !== undefined && other !== ip && !quotedBetween(s, body, b)) return true;
  }
  return false;
}

/** An odd number of `'` or of `"` in `s[from, at)`: `at` is inside a quoted value. */
function quotedBetween(s: string, from: number, at: number): boolean {
  let single = 0;
  let double = 0;
  for (let k = from; k < at; k++) {
    const c = s.charCodeAt(k);
    if (c === 39) single++;
    else if (c === 34) double++;
  }
  return single % 2 === 1 || double % 2 === 1;
}

/** Attribute names of a distinguished name (lower case): a certificate subject's parts, which its holder wrote. */
const DN_ATTRIBUTES = new Set(['cn', 'o', 'ou', 'l', 'st', 'c', 'dc', 'uid', 'emailaddress', 'e', 'sn', 'serialnumber']);

/**
 * The address at `i` is in the value of a distinguished name's attribute (`"/CN=10.0.0.5"`, `O=10.0.0.5`,
 * `/CN=x/OU=10.0.0.5`, `emailAddress=a@10.0.0.5`): a certificate subject, chosen by its holder. Reads at most
 * 64 + 13 characters back from `i`.
 */
function subjectName(s: string, i: number, from: number): boolean {
  let e = i;
  // back over the value's start (`a@` of an e-mail address) to its `=`
  while (e > from && i - e < 64) {
    const c = s.charCodeAt(e - 1);
    if (c === 61 || c === 47 || c === 44 || c === 34 || c === 39 || c === 32) break;
    e--;
  }
  if (e <= from || s.charCodeAt(e - 1) !== 61) return false;
  let k = e - 1;
  while (k > from && e - 1 - k < 13 && isAsciiLetter(s.charCodeAt(k - 1))) k--;
  if (k === e - 1 || (k > 0 && isHostChar(s.charCodeAt(k - 1)))) return false;
  return DN_ATTRIBUTES.has(s.slice(k, e - 1).toLowerCase());
}

/**
 * The token at `i` is a version number, not an address (`(version 23.8.9.54 (official build))`, `version: 1.2.3.4`,
 * `version=1.2.3.4`, `v1.2.3.4`): right after a `v` / `V` that starts a word, or after the word `version` (any case)
 * opening the text, a parenthesis, a bracket or a clause after `, ` / `; `, then `:` / `=` / spaces (at most 3).
 * Not when ` port <n>` follows (see {@link portFollows}). Reads at most 11 characters back from `i`.
 */
function versionNumber(s: string, i: number, from: number): boolean {
  if (i > from && (s.charCodeAt(i - 1) | 32) === 118) return (i - 1 === from || !isHostChar(s.charCodeAt(i - 2))) && !portFollows(s, i);
  let k = i;
  while (k > from && i - k < 3 && (s.charCodeAt(k - 1) === 32 || s.charCodeAt(k - 1) === 58 || s.charCodeAt(k - 1) === 61)) k--;
  if (k === i || k - 7 < from) return false;
  for (let j = 0; j < 7; j++) if ((s.charCodeAt(k - 7 + j) | 32) !== 'version'.charCodeAt(j)) return false;
  // the word opens a clause or a parenthesis (`(version 23.8.9.54`), not a name a client typed right before its address
  const b = k - 7 === from ? 40 : s.charCodeAt(k - 8);
  return (b === 40 || b === 91 || (b === 32 && k - 9 >= from && (s.charCodeAt(k - 9) === 44 || s.charCodeAt(k - 9) === 59))) && !portFollows(s, i);
}

/**
 * The dotted token at `i` is followed by ` port <digit>`: a connection's address (sshd's `… user x, version
 * 203.0.113.5 port 22`: the `version` a name the client typed), never a version (rev10). Reads at most 56 + 7 characters.
 */
function portFollows(s: string, i: number): boolean {
  let j = i;
  while (j < s.length && j - i < 56 && isAddressChar(s.charCodeAt(j))) j++;
  if (!s.startsWith(' port ', j)) return false;
  const d = s.charCodeAt(j + 6);
  return d >= 48 && d <= 57;
}

function isAsciiLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** The run of address characters at `i` ends at `@` (`user@host`: the run is the user). */
function beforeAt(s: string, i: number, n: number): boolean {
  let j = i;
  while (j < n && j - i < 56 && isAddressChar(s.charCodeAt(j))) j++;
  return s.charCodeAt(j) === 64;
}

/** The address in parentheses after one space at `i` (`from host.example.net (192.0.2.1)`: the name and its address), or undefined. */
function parenthesisedAddressAt(s: string, i: number, n: number): string | undefined {
  if (s.charCodeAt(i) !== 32 || s.charCodeAt(i + 1) !== 40) return undefined;
  let j = i + 2;
  while (j < n && j - i < 58 && isAddressChar(s.charCodeAt(j))) j++;
  return s.charCodeAt(j) === 41 ? addressAt(s, i + 2, j) : undefined;
}

/** Past Sendmail's `IPv6:` tag when one starts at `i` (case-insensitive), else `i`. */
function ipv6TagEnd(s: string, i: number, n: number): number {
  if (i + 5 < n && s.charCodeAt(i + 4) === 58 && s.charCodeAt(i + 3) === 54 && (s.charCodeAt(i) | 32) === 105 && (s.charCodeAt(i + 1) | 32) === 112 && (s.charCodeAt(i + 2) | 32) === 118) return i + 5;
  return i;
}

/** A character of a host name or an address: letters, digits, `.`, `-`, `:`. */
function isHostChar(c: number): boolean {
  const l = c | 32;
  return (l >= 97 && l <= 122) || (c >= 48 && c <= 58) || c === 46 || c === 45;
}

/** Characters of a message searched for a client. */
const MAX_SCAN = 2048;

/**
 * Markers of a client in key=value and prose layouts, tried after the others: `From: 1.2.3.4`
 * (PAN-OS, pfSense's `from: `), `src=1.2.3.4:51234:X1` (SonicWall, FortiGate), `srcip=`, `src_ip=`,
 * `remote_addr=`, `remote_ip=`, `client_ip=`. An IPv4 address there may be followed by `:port` and
 * more (`:X1`, the interface).
 */
const KEY_VALUE_MARKERS = [' from: ', ' From: ', 'src=', 'srcip=', 'src_ip=', 'remote_addr=', 'remote_ip=', 'client_ip='] as const;

/** The first {@link HOST_MARKERS} markers may be followed by a host name as well as an address. */
const MARKERS = [' from ', 'rhost=', '(?@', ' FROM ', "'@'", ' for host ', 'client: ', '[client ', 'rip=', 'Client "', 'ip=[', ...KEY_VALUE_MARKERS] as const;
const HOST_MARKERS = 6;
/** Index of the first of {@link KEY_VALUE_MARKERS} in {@link MARKERS}. */
const KEY_VALUE = MARKERS.length - KEY_VALUE_MARKERS.length;
/** Index of `[client ` in {@link MARKERS}. */
const CLIENT_MARKER = 7;

/**
 * The address of Apache's `[client …]` field at `i` (the marker at `at`). Apache 2.4 writes the
 * client as `%a`, the address and always its port, with no brackets around an IPv6 address
 * (`[client 2001:db8::8:50312]`); 2.2 writes the address alone. So in a line of 2.4's shape (a
 * `[pid N` field or a `[module:level]` field before the client, or an `AH01234:` code after it) the
 * last `:<digits>` group of the field is the port and is dropped; in any other line the field is
 * read as an address as it stands (`2001:db8::1:8080` stays an IPv6 address: no guess).
 */
function apacheClientAt(s: string, at: number, i: number, n: number): string | undefined {
  let close = i;
  const limit = i + 64 < n ? i + 64 : n;
  while (close < limit && s.charCodeAt(close) !== 93 && s.charCodeAt(close) !== 32) close++;
  // `[client [2001:db8::1]:50312]`: the inner `]` is not the end
  if (close < limit && s.charCodeAt(i) === 91 && s.charCodeAt(close + 1) === 58) {
    close++;
    while (close < limit && s.charCodeAt(close) !== 93 && s.charCodeAt(close) !== 32) close++;
  }
  if (close >= limit || s.charCodeAt(close) !== 93) return addressAt(s, i, n);
  const colon = s.lastIndexOf(':', close);
  if (colon <= i || s.indexOf(':', i) === colon || !isPort(s.slice(colon + 1, close)) || !apache24Line(s, at, close)) return addressAt(s, i, n);
  // `[client [2001:db8::1]:50312]`: the brackets too
  if (s.charCodeAt(i) === 91 && s.charCodeAt(colon - 1) === 93) return addressAt(s, i + 1, colon - 1);
  return addressAt(s, i, colon);
}

/** Apache 2.4's error-log shape around a `[client` field at `at` whose `]` is at `close`. */
function apache24Line(s: string, at: number, close: number): boolean {
  const pid = s.indexOf('[pid ');
  if (pid >= 0 && pid < at) return true;
  // `[auth_basic:error]`, `[core:info]`: a `[word:level]` field before the client
  // (each character before the client read once: the next field starts past this one's end)
  for (let open = s.indexOf('[', 0); open >= 0 && open < at; open = s.indexOf('[', open + 1)) {
    let colon = -1;
    let end = open + 1;
    while (end < at && end < open + 40 && s.charCodeAt(end) !== 93 && s.charCodeAt(end) !== 91) {
      if (s.charCodeAt(end) === 58 && colon < 0) colon = end;
      end++;
    }
    if (s.charCodeAt(end) === 93 && colon > open + 1 && LEVELS.has(s.slice(colon + 1, end))) return true;
    open = end - 1;
  }
  // ` AH01617: ` after the field
  let k = close + 1;
  while (k < s.length && k < close + 4 && s.charCodeAt(k) === 32) k++;
  if (s.charCodeAt(k) !== 65 || s.charCodeAt(k + 1) !== 72 || s.charCodeAt(k + 7) !== 58) return false;
  for (let d = k + 2; d < k + 7; d++) if (s.charCodeAt(d) < 48 || s.charCodeAt(d) > 57) return false;
  return true;
}

/** Apache's log levels (2.4's `[module:level]`). */
const LEVELS = new Set(['emerg', 'alert', 'crit', 'error', 'warn', 'notice', 'info', 'debug', 'trace1', 'trace2', 'trace3', 'trace4', 'trace5', 'trace6', 'trace7', 'trace8']);

function isAddressChar(c: number): boolean {
  return (c >= 48 && c <= 58) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/**
 * The IPv4 or IPv6 address (an IPv4 one possibly followed by `:port`) that starts at `i` and ends at
 * a delimiter, or undefined.
 */
export function addressAt(s: string, i: number, n: number): string | undefined {
  const start = i;
  while (i < n && i - start < 54 && isAddressChar(s.charCodeAt(i))) i++;
  if (i === start || (i < n && isNameChar(s.charCodeAt(i)))) return undefined;
  let text = s.slice(start, i);
  if (text.endsWith(':') || text.endsWith('.')) text = text.slice(0, -1);
  if (isIPv4(text)) return text;
  const colon = text.lastIndexOf(':');
  if (colon > 0 && text.indexOf(':') === colon && isIPv4(text.slice(0, colon)) && isPort(text.slice(colon + 1))) return text.slice(0, colon);
  if (!isIPv6(text)) return undefined;
  const lower = text.toLowerCase();
  if (lower.startsWith('::ffff:') && isIPv4(lower.slice(7))) return lower.slice(7);
  return lower;
}

/** An IPv4 address at `i` followed by `:` and a port (whatever comes after it: `1.2.3.4:51234:X1`), or undefined. */
function leadingIPv4(s: string, i: number, n: number): string | undefined {
  let j = i;
  while (j < n && j - i < 15 && ((s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) || s.charCodeAt(j) === 46)) j++;
  if (s.charCodeAt(j) !== 58 || s.charCodeAt(j + 1) < 48 || s.charCodeAt(j + 1) > 57) return undefined;
  const ip = s.slice(i, j);
  return isIPv4(ip) ? ip : undefined;
}

/** A host name (letters, digits, `-`, at least one dot and one letter) starting at `i`, or undefined. */
function hostAt(s: string, i: number, n: number): string | undefined {
  const start = i;
  let dots = 0;
  let letters = 0;
  while (i < n && i - start < 253) {
    const c = s.charCodeAt(i) | 32;
    if (c >= 97 && c <= 122) letters++;
    else if (c === 46) dots++;
    else if (!((c >= 48 && c <= 57) || c === 45 || c === 127)) break;
    i++;
  }
  if (i < n && s.charCodeAt(i) === 95) return undefined;
  const host = s.slice(start, i);
  if (dots === 0 || letters === 0 || host.startsWith('.') || host.endsWith('.') || host.startsWith('-') || host.indexOf('..') >= 0) return undefined;
  return host.toLowerCase();
}

function isNameChar(c: number): boolean {
  return (c >= 103 && c <= 122) || (c >= 71 && c <= 90) || c === 95 || c === 45;
}

/**
 * A `user@domain` token ends at `i` (its domain's last character a letter, any letter: `bob@example.de`),
 * read back at most 128 characters: a name with no `@` before its `:` (`x:203.0.113.9`, a user name
 * typed at a prompt) is no vpopmail `user@domain:client`.
 */
function userAtDomainEnds(s: string, i: number, from: number): boolean {
  const last = s.charCodeAt(i - 1) | 32;
  if (last < 97 || last > 122) return false;
  for (let j = i - 2; j >= from && i - j <= 128; j--) {
    const c = s.charCodeAt(j);
    if (c === 64) return j > from && j < i - 2;
    const l = c | 32;
    if (!((l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45 || c === 95 || c === 43)) return false;
  }
  return false;
}

/** An IPv4 address in dotted quads (for the application shapes of app-auth-failure.ts too). */
export function isIPv4(t: string): boolean {
  let parts = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i <= t.length; i++) {
    const c = i < t.length ? t.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else {
      return false;
    }
  }
  return parts === 4;
}

function isPort(t: string): boolean {
  if (t.length === 0 || t.length > 5) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** IPv6 text: hex groups of 1-4 digits, `::` at most once, 8 groups (or fewer with `::`), an IPv4 tail allowed. */
export function isIPv6(t: string): boolean {
  const double = t.indexOf('::');
  if (double >= 0 && t.indexOf('::', double + 1) >= 0) return false;
  const parts = t.split(':');
  if (parts.length < 3 || parts.length > 9) return false;
  let groups = 0;
  let hex = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (p.length === 0) continue;
    if (k === parts.length - 1 && p.indexOf('.') >= 0) {
      if (!isIPv4(p)) return false;
      groups += 2;
      hex++;
      continue;
    }
    if (p.length > 4) return false;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i) | 32;
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
    }
    groups++;
    hex++;
  }
  if (hex === 0) return false;
  return double >= 0 ? groups < 8 : groups === 8;
}

/**
 * One key per client: an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, as Node reports clients of a
 * dual-stack socket in `req.remoteAddress`) becomes the IPv4 address; anything else is returned as
 * it is. Costs one character comparison for other keys.
 */
export function canonicalClient(key: string): string {
  if (key.charCodeAt(0) !== 58 || key.length < 14 || key.length > 22) return key;
  const lower = key.toLowerCase();
  return lower.startsWith('::ffff:') && isIPv4(lower.slice(7)) ? lower.slice(7) : key;
}
