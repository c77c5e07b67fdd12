/**
 * Shapes of authentication failures that a phrase cannot name, and the user a local failure is
 * about (su, sudo, console logins have no remote client). Both linear, on the first 2048 characters.
 */

import { typedBeforePhrase, typedByClient } from './generic-auth-failure.js';
import { syslogBodyStart } from './syslog-header.js';

const MAX_SCAN = 2048;

/** A phrase that is a failure only with `user ` shortly before it (see {@link userBeforeNotFound}). */
export const USER_NOT_FOUND_PHRASE = ' not found: ';

/**
 * For `user bob not found: /x` (Apache mod_auth_basic) and ``user `bob' in realm `x' not found: /x``
 * (mod_auth_digest): true when ` not found: ` at `at` has `user ` within the 80 characters before it.
 */
export function userBeforeNotFound(text: string, at: number): boolean {
  // read back over the 80 characters only: a lastIndexOf that finds nothing reads to the start, once per occurrence
  for (let k = at, stop = at > 80 ? at - 80 : 0; k >= stop; k--) if (text.charCodeAt(k) === 117 && text.startsWith('user ', k)) return true;
  return false;
}

/**
 * BSD su's `BAD SU bob to root on /dev/ttyp0`: no failure phrase of 12 characters or more names it
 * (a shorter one would shorten every jump of the phrase scan), so it is looked for on its own, in
 * the first 2048 characters, case-sensitively as su writes it.
 */
export function bsdSuFailure(message: string): boolean {
  // searched in the first MAX_SCAN characters only: a long message that holds no `BAD SU ` costs no more
  const s = message.length > MAX_SCAN + 6 ? message.slice(0, MAX_SCAN + 6) : message;
  return s.includes('BAD SU ');
}

/**
 * The user of shadow-utils' and BusyBox su's failure line `- <tty> <user>:<target>` (`- pts/0
 * bob:root`; the `+` form is a success), as `user:<name>`, or undefined. No phrase names it, so the
 * shape is checked: the message (past a syslog header) is exactly `-`, a terminal token and
 * `name:name`. Reads at most 200 characters past the header.
 */
export function suLogUser(message: string): string | undefined {
  if (!endsWithUserPair(message)) return undefined;
  const b = syslogBodyStart(message);
  if (message.charCodeAt(b) !== 45 || message.charCodeAt(b + 1) !== 32 || message.length - b > 200) return undefined;
  let end = message.length;
  while (end > b && (message.charCodeAt(end - 1) === 32 || message.charCodeAt(end - 1) === 10 || message.charCodeAt(end - 1) === 13)) end--;
  let i = b + 2;
  const tty = i;
  while (i < end && message.charCodeAt(i) !== 32) i++;
  if (i === tty || i >= end) return undefined;
  const user = nameAt(message, i + 1);
  if (user === undefined) return undefined;
  const colon = i + 1 + user.length;
  if (message.charCodeAt(colon) !== 58) return undefined;
  const target = nameAt(message, colon + 1);
  return target !== undefined && colon + 1 + target.length === end ? userKey(user) : undefined;
}

/**
 * Cheap gate for {@link suLogUser}: the message ends with ` name:name` (trailing spaces aside),
 * read backwards from its end (names of at most 32 characters, as useradd allows), at most 70 characters; most lines fail at their last word.
 */
function endsWithUserPair(s: string): boolean {
  let i = s.length;
  while (i > 0 && (s.charCodeAt(i - 1) === 32 || s.charCodeAt(i - 1) === 10 || s.charCodeAt(i - 1) === 13)) i--;
  const end = i;
  while (i > 0 && end - i <= 32 && isNameChar(s.charCodeAt(i - 1))) i--;
  if (i === end || s.charCodeAt(i - 1) !== 58) return false;
  const colon = --i;
  while (i > 0 && colon - i <= 32 && isNameChar(s.charCodeAt(i - 1))) i--;
  return i < colon && i > 0 && s.charCodeAt(i - 1) === 32;
}

/** Characters of {@link nameAt}'s names, by code (ASCII). */
const NAME_CHARS = new Uint8Array(128);
for (let c = 0; c < 128; c++) NAME_CHARS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 64 ? 1 : 0;

/** A character of {@link nameAt}'s names. */
function isNameChar(c: number): boolean {
  return c < 128 && NAME_CHARS[c] === 1;
}

/**
 * The user of BSD login's `N LOGIN FAILURE(S) ON <tty>, <user>` (FreeBSD, OpenBSD), as
 * `user:<name>`, or undefined (the `FROM <host>, <user>` form is keyed by the host).
 */
function bsdLoginUser(s: string): string | undefined {
  const at = s.indexOf(' LOGIN FAILURE');
  if (at < 0) return undefined;
  const on = s.indexOf(' ON ', at + 14);
  if (on < 0 || on > at + 16) return undefined;
  const comma = s.indexOf(', ', on + 4);
  if (comma < 0 || comma > on + 68) return undefined;
  const name = nameAt(s, comma + 2);
  return name === undefined ? undefined : userKey(name);
}

/**
 * True when a failure phrase found at `at` is not the daemon's own word: it is inside a logged
 * command (`COMMAND=/usr/bin/grep -c Failed password /var/log/auth.log`: sudo's `COMMAND=`, cron's
 * `CMD (` and doas' ` ran command ` log the user's argv, which is user data; sudo's own reason after
 * the command, `COMMAND=/bin/sh ; 3 incorrect password attempts`, still counts), or the line is an
 * Exim delivery line (a message id, then `**` failed, `==` deferred, `=>` / `->` / `*>` delivered):
 * a remote server's `User unknown` there is about outgoing mail, not a login (so is any line with Exim's
 * `SMTP error from remote mail server`, whatever its message id looks like); so is a Postfix or
 * Sendmail delivery report (`to=<…>`, then `status=` / `stat=`: `status=bounced (… said: 550 5.1.1
 * User unknown)`); so is a phrase inside a quoted request line or URL (client text), and a remote
 * server refusing our own outbound mail client (`server host[address]` after the phrase), a MySQL
 * replica's own connection refused by its source, an administrator resetting a failure counter
 * (`... reset by root`) and a packet's `HMAC authentication failed` (OpenVPN's tls-auth: no credential was
 * tried). An incoming
 * recipient rejection (`RCPT from x[ip]: 550 … User unknown`) still counts: probing mailbox names is
 * the enumeration fail2ban's postfix filter bans.
 * Called only when a phrase matched; one pass over the `at` characters before it, and at most 164 after.
 */
export function phraseNotAFailure(text: string, at: number): boolean {
  if (remoteServerNear(text, at) || counterReset(text, at) || (at >= 5 && text.startsWith('HMAC ', at - 5)) || progressReport(text, at)) return true;
  let recipient = false;
  // the quoted span `at` may be in: its start, and whether it is a request line or a URL
  let quoteStart = -1;
  for (let i = 0; i < at; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      quoteStart = quoteStart < 0 ? i + 1 : -1;
    } else if (c === 116) {
      // ` to=<` (a delivery's recipient), then ` status=` (Postfix) or ` stat=` (Sendmail)
      if (i > 0 && text.charCodeAt(i - 1) === 32 && text.startsWith('to=<', i)) recipient = true;
    } else if (c === 115) {
      if (recipient && text.charCodeAt(i - 1) === 32 && (text.startsWith('status=', i) || text.startsWith('stat=', i))) return true;
    } else if (c === 67) {
      // `COMMAND=` (sudo), ` CMD (` (cron)
      if ((text.startsWith('COMMAND=', i) || (i > 0 && text.charCodeAt(i - 1) === 32 && text.startsWith('CMD (', i))) && !sudoField(text, at)) return true;
    } else if (c === 114) {
      if (i > 0 && text.charCodeAt(i - 1) === 32 && text.startsWith('ran command ', i)) return true;
    } else if (c === 83) {
      // Exim's own outbound delivery refused (`SMTP error from remote mail server after RCPT TO:<…>: 550 … User unknown`)
      if (text.startsWith('SMTP error from remote ', i)) return true;
    } else if (c === 69) {
      // a MySQL replica's own connection refused by its source (`Error connecting to source 'repl@host:3306'. … Access denied for user …`)
      if (text.startsWith('Error connecting to source ', i) || text.startsWith('Error connecting to master ', i)) return true;
    } else if (c === 32 && i + 3 < at && text.charCodeAt(i + 3) === 32 && eximFlag(text.charCodeAt(i + 1), text.charCodeAt(i + 2))) {
      const start = text.lastIndexOf(' ', i - 1) + 1;
      if (isEximId(text, start > i - 24 ? start : i - 24, i)) return true;
    }
  }
  // inside a quoted request line or URL (an access line's request or Referer, nginx's `request: "…"`):
  // the client's own text (`"GET /help?q=failed password HTTP/1.1"`)
  return quoteStart >= 0 && (quotedRequest(text, quoteStart) || quotedUserValue(text, quoteStart));
}

/**
 * A progress report, not an outcome: `Authenticating user 'bob' from [::ffff:192.0.2.1]:5123` starting a
 * clause (the message's start, or after `: `, a quote or a bracket: a database's session log) is an
 * attempt under way; sshd's `Connection closed by authenticating user root 192.0.2.1 port 22`
 * (the word before it a verb or `by` / `from`) is a failure. Reads 2 characters before `at`.
 */
function progressReport(text: string, at: number): boolean {
  if ((text.charCodeAt(at) | 32) !== 97 || !text.startsWith('uthenticating user', at + 1)) return false;
  const b = at > 0 && text.charCodeAt(at - 1) === 32 ? at - 1 : at;
  if (b === 0) return true;
  const l = text.charCodeAt(b - 1) | 32;
  return !(l >= 97 && l <= 122);
}

/** Keys (the last dotted part, any case) whose value is a name the client typed. */
const USER_VALUE_KEYS = new Set(['user', 'username', 'user_name', 'userid', 'user_id', 'loginname', 'login_name', 'account', 'account_name', 'principal', 'uname', 'email']);

/**
 * The quoted span whose text starts at `start` is the value of a user-name key (`user="…"`,
 * `"username": "…"`, `username='…'` is not read): a phrase there is a name the client typed
 * (`login succeeded user="authentication failed"`), not the daemon's word. Reads at most 40
 * characters before the span.
 */
function quotedUserValue(text: string, start: number): boolean {
  let j = start - 1;
  const stop = j > 40 ? j - 40 : 0;
  while (j > stop && text.charCodeAt(j - 1) === 32) j--;
  const sep = text.charCodeAt(j - 1);
  if (sep !== 61 && sep !== 58) return false;
  j--;
  while (j > stop && text.charCodeAt(j - 1) === 32) j--;
  if (text.charCodeAt(j - 1) === 34) j--;
  const end = j;
  while (j > stop && end - j < 24 && isKeyChar(text.charCodeAt(j - 1))) j--;
  let from = end;
  while (from > j && text.charCodeAt(from - 1) !== 46) from--;
  // ECS' `user.name` names the user by its last two parts
  if (end - from === 4 && from - j === 5 && text.slice(j, end).toLowerCase() === 'user.name') return true;
  return end - from >= 4 && USER_VALUE_KEYS.has(text.slice(from, end).toLowerCase());
}

/** A character of a key: letters, digits, `_`, `-`, `.`. */
function isKeyChar(c: number): boolean {
  const l = c | 32;
  return (l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}

/**
 * An administrator clearing a failure counter (pam_faillock's `Consecutive login failures for user
 * bob reset by root`, `pam_tally2`'s reset): ` reset by ` and a name ending the line within 100
 * characters after the phrase, not a `Connection reset by` (a dropped connection during a failure is
 * still the failure).
 */
function counterReset(text: string, at: number): boolean {
  const k = phraseWithin(text, ' reset by ', at, at + 100);
  return k >= 0 && !(k >= 10 && text.startsWith('onnection', k - 9)) && nameEndsLine(text, k + 10);
}

/**
 * A name (at most 32 {@link isNameChar} characters) at `i` ends the message (up to 8 trailing
 * spaces or line breaks): the reset's administrator, not words inside a logged user name
 * (`Failed password for invalid user reset by root from <ip> port 22`).
 */
function nameEndsLine(text: string, i: number): boolean {
  let j = i;
  while (j < text.length && j - i < 32 && isNameChar(text.charCodeAt(j))) j++;
  if (j === i) return false;
  for (const end = Math.min(text.length, j + 8); j < end; j++) {
    const c = text.charCodeAt(j);
    if (c !== 32 && c !== 10 && c !== 13) return false;
  }
  return j === text.length;
}

/**
 * The first `phrase` starting in `[from, to]` (within the text), or -1: a search bounded by the
 * window, not by the text (an `indexOf` that finds nothing reads to the end of a long message).
 */
function phraseWithin(text: string, phrase: string, from: number, to: number): number {
  const c = phrase.charCodeAt(0);
  const last = Math.min(to, text.length - phrase.length);
  for (let k = from; k <= last; k++) if (text.charCodeAt(k) === c && text.startsWith(phrase, k)) return k;
  return -1;
}

/** HTTP methods that start a quoted request line. */
const REQUEST_STARTS = ['GET ', 'POST ', 'HEAD ', 'PUT ', 'DELETE ', 'PATCH ', 'OPTIONS ', 'http://', 'https://', '/'] as const;

/** The quoted span starting at `i` is a request line (`GET /x HTTP/1.1`) or a URL. */
function quotedRequest(text: string, i: number): boolean {
  for (const r of REQUEST_STARTS) if (text.startsWith(r, i)) return true;
  return false;
}

/**
 * A mail daemon's outbound client reporting that a remote server refused it (Postfix smtp's `SASL
 * authentication failed; server mx.example.com[192.0.2.9] said: 535 … authentication failed`,
 * `cannot authenticate to server x[192.0.2.9]`): `server ` and a `host[address]` from 200 characters
 * before the phrase to 100 after it (the server's own reply may repeat the phrase). At most 4
 * occurrences of `server ` are looked at, none of them inside the user name a client typed after the
 * phrase or before it (see `typedByClient`, `typedBeforePhrase`). The remote server is not a client trying passwords.
 */
function remoteServerNear(text: string, at: number): boolean {
  let k = phraseWithin(text, 'server ', at > 200 ? at - 200 : 0, at + 100);
  for (let n = 0; k >= 0 && n < 4; n++) {
    // not inside what the client typed (`Failed password for invalid user server a[1] from …`, `user server a[1]: authentication failure`)
    if (k < at ? typedBeforePhrase(text, at, k) : typedByClient(text, at, k)) {
      k = phraseWithin(text, 'server ', k + 7, at + 100);
      continue;
    }
    // a host name (no space, at most 64 characters), then `[`
    const end = Math.min(text.length, k + 7 + 65);
    let i = k + 7;
    while (i < end && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 91) i++;
    if (i > k + 7 && i < end && text.charCodeAt(i) === 91) return true;
    k = phraseWithin(text, 'server ', k + 7, at + 100);
  }
  return false;
}

/**
 * True when the phrase at `at` starts a ` ; `-separated field, possibly after a count (sudo's own
 * `COMMAND=/bin/sh ; 3 incorrect password attempts`), rather than sitting inside the command's words.
 */
function sudoField(text: string, at: number): boolean {
  let k = at;
  while (k > 0 && at - k < 8 && (text.charCodeAt(k - 1) === 32 || (text.charCodeAt(k - 1) >= 48 && text.charCodeAt(k - 1) <= 57))) k--;
  return k < at && k >= 2 && text.charCodeAt(k - 1) === 59 && text.charCodeAt(k - 2) === 32;
}

/** Exim's delivery flags after a message id: `**`, `==`, `=>`, `->`, `*>`. */
function eximFlag(a: number, b: number): boolean {
  return (a === 42 && (b === 42 || b === 62)) || (a === 61 && (b === 61 || b === 62)) || (a === 45 && b === 62);
}

/** An Exim message id in `s[start, end)`: `1vA2bD-0002Ab-4Q` (6-6-2) or Exim 4.97's 6-11-4, base 62. */
function isEximId(s: string, start: number, end: number): boolean {
  const len = end - start;
  const second = len === 16 ? 13 : len === 23 ? 18 : -1;
  if (second < 0) return false;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    const k = i - start;
    if (k === 6 || k === second) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return false;
  }
  return true;
}

/** Path words of login endpoints: a 403 there is a refused login, elsewhere an authorisation decision. */
const LOGIN_PATH_WORDS = ['login', 'logon', 'signin', 'sign_in', 'sign-in', '/auth', '/session', '/token', 'oauth', 'xmlrpc.php', 'j_security_check'] as const;

/** True when `path` is a login endpoint (`/login`, `/users/sign_in`, `/oauth/token`, `/wp-login.php`, `/xmlrpc.php`). */
export function isLoginPath(path: string): boolean {
  const p = path.length > 256 ? path.slice(0, 256).toLowerCase() : path.toLowerCase();
  for (const w of LOGIN_PATH_WORDS) if (p.indexOf(w) >= 0) return true;
  return false;
}

/**
 * The user a local authentication failure is about, as `user:<name>` with the name in lower case,
 * or undefined: PAM's `ruser=` / `user=` / `logname=`, sudo's `name : ...`, su's `FAILED SU (to root)
 * name on`, `FAILED su for root by name` and `BAD SU name to root` (su and sudo: the user who tried),
 * login's `FOR 'name'` and `FOR name` (the name typed; login writes `UNKNOWN` for one that does not
 * exist, so those share `user:unknown`), `for [name]`, `for user name` (quoted or not: PostgreSQL's
 * `for user "name"`, pam_access's ``for user `name'``), BusyBox login's `for 'name'`. A terminal
 * (`FROM tty1`) is not a client. Names are folded to lower case as host names are: `root`, `Root`
 * and `ROOT` typed at one console are one key.
 */
export function userFromMessage(message: string): string | undefined {
  const s = message.length > MAX_SCAN ? message.slice(0, MAX_SCAN) : message;
  for (const marker of ['ruser=', ' user=', 'logname=']) {
    const at = s.indexOf(marker);
    if (at >= 0) {
      const name = nameAt(s, at + marker.length);
      if (name !== undefined && name !== 'LOGIN') return userKey(name);
    }
  }
  // sudo: `sudo[1]:      bob : 3 incorrect password attempts ; TTY=...`
  const colon = s.indexOf(' : ');
  if (colon > 0) {
    // the name first in the message (past a syslog header of any layout, and the indent)
    let b = syslogBodyStart(s);
    while (b < colon && s.charCodeAt(b) === 32) b++;
    const first = nameAt(s, b);
    if (first !== undefined && b + first.length === colon) return userKey(first);
  }
  if (colon > 0) {
    let b = colon;
    while (b > 0 && s.charCodeAt(b - 1) !== 32) b--;
    let k = b;
    while (k > 0 && s.charCodeAt(k - 1) === 32) k--;
    if (k > 0 && s.charCodeAt(k - 1) === 58) {
      const name = nameAt(s, b);
      if (name !== undefined && b + name.length === colon) return userKey(name);
    }
  }
  const to = s.indexOf('(to ');
  if (to >= 0) {
    const close = s.indexOf(') ', to);
    const name = close > 0 ? nameAt(s, close + 2) : undefined;
    if (name !== undefined) return userKey(name);
  }
  const bsd = bsdLoginUser(s) ?? suLogUser(s);
  if (bsd !== undefined) return bsd;
  for (const marker of [' by ', ' FOR ', ' for [', ' for user ', 'BAD SU ', " for '"]) {
    const at = s.indexOf(marker);
    if (at >= 0) {
      let i = at + marker.length;
      // a quoted name: `FOR 'bob'` (login), `for user "bob"` (PostgreSQL), ``for user `bob'`` (pam_access)
      const q = s.charCodeAt(i);
      if (q === 39 || q === 34 || q === 96) i++;
      const name = nameAt(s, i);
      if (name !== undefined) return userKey(name);
    }
  }
  return undefined;
}

/**
 * Whether an HTTP 401 or 403 answer is a refused login. A 403 is one only on a login endpoint (see
 * {@link isLoginPath}). A 401 is one unless it answers a `GET`, `HEAD` or `OPTIONS` that named no
 * user: a browser's first request to a Basic-auth page (the challenge) or a logged-out page asking
 * who is logged in (`GET /api/session`) sent no credentials to fail; a request that sent a user name
 * (Basic auth, the access line's user field) or posted credentials did (CrowdSec's generic 401
 * scenario counts POSTs only). A 401 to a path that ends or renews a session (`/logout`,
 * `/signout`, `/token/refresh`) naming no user is an expired session, not a password tried.
 * `method` and `user` are '' when unknown (then a 401 counts).
 */
export function refusedLogin(status: number, method: string, user: string, path: string): boolean {
  if (status === 403) return isLoginPath(path);
  if (status !== 401) return false;
  if (user.length > 0) return true;
  // methods in any case (attributes carry them as the app wrote them: `get`, `Options`)
  const m = method.length <= 7 ? method.toUpperCase() : '';
  // (a query naming the account counts as a user sent: a registry's `GET /service/token?account=bob&scope=…`, which carries Basic credentials)
  if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return queryNamesUser(path);
  // ending or renewing a session that has expired (`POST /logout`, `POST /api/token/refresh`) sent no password
  return !sessionEndPath(path);
}

/** Query keys that name the account a request logs in as (after `?` or `&`). */
const USER_QUERY_KEYS = ['account=', 'username=', 'user='] as const;

/**
 * Whether the path is a login endpoint's (`/service/token`) and its query (first 256 characters, any case)
 * names a non-empty account (see {@link USER_QUERY_KEYS}); elsewhere (`GET /api/notifications?user=42`)
 * a 401 is a session that expired, not a password tried.
 */
function queryNamesUser(path: string): boolean {
  const q = path.indexOf('?');
  if (q < 0 || q > 256 || !isLoginPath(path.slice(0, q))) return false;
  const p = path.slice(q, 256).toLowerCase();
  for (const key of USER_QUERY_KEYS) {
    let k = p.indexOf(key);
    while (k > 0 && p.charCodeAt(k - 1) !== 63 && p.charCodeAt(k - 1) !== 38) k = p.indexOf(key, k + 1);
    if (k > 0 && k + key.length < p.length && p.charCodeAt(k + key.length) !== 38) return true;
  }
  return false;
}

/** Path words of ending or renewing a session: a 401 there is an expired session, not a password tried. */
const SESSION_END_WORDS = ['logout', 'logoff', 'log_out', 'log-out', 'signout', 'sign_out', 'sign-out', 'refresh'] as const;

/** Whether the path (first 256 characters, any case) ends or renews a session (see {@link SESSION_END_WORDS}). */
function sessionEndPath(path: string): boolean {
  const p = path.length > 256 ? path.slice(0, 256).toLowerCase() : path.toLowerCase();
  for (const w of SESSION_END_WORDS) if (p.indexOf(w) >= 0) return true;
  return false;
}

/** The key of a local user: `user:` and the name in lower case. */
function userKey(name: string): string {
  return `user:${name.toLowerCase()}`;
}

/** A user name (letters, digits, `.`, `_`, `-`, `@`; at most 64) starting at `i`, or undefined. */
function nameAt(s: string, i: number): string | undefined {
  const start = i;
  while (i < s.length && i - start < 64) {
    const c = s.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 64) i++;
    else break;
  }
  return i > start ? s.slice(start, i) : undefined;
}
