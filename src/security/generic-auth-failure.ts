/**
 * The failure phrasing of daemons and applications that have no rule of their own, and the classes
 * of lines that read like a failed login but are not a client's credential refused: our own side
 * refused by a server (outbound), a summary or ban after failures, a backend's own error. Bounded
 * look-arounds, linear, no regex.
 */

import { RETURN_CODE_PHRASES, returnCodeAccepted } from './audit-return-code.js';
import { jsonAuditFailure } from './json-audit-failure.js';
import { KDC_REFUSAL_PHRASES, kdcRefusalAccepted } from './kdc-refusal.js';
import { PhraseSet } from './phrase-set.js';
import { TLS_REFUSAL_PHRASES, tlsRefusalAccepted } from './tls-client-refusal.js';

/**
 * Phrases (case-insensitive, 12 characters or more so the scan's jumps stay long) that are a failed
 * login in any daemon's words, in prose, key=value and JSON layouts: `could not authenticate`,
 * `Login attempt failed`, `Invalid login as`, `login failure for user`, `failed authentication for
 * user`, `AUTH FAILURE FROM`, `invalid credentials`, `Bad credentials`, `password is incorrect`,
 * `wrong password`, `invalid authentication`, `[DENIED LOGIN]`, `user denied:`, `incorrect user ID
 * or password`, `account does not exist`, `logon failure`, `the locked user`, a quoted value ending
 * `login fail"`, `root login rejected`, `account is disabled`. Part of `DEFAULT_FAILURE_PHRASES`; each one costs the phrase scan of every record a
 * little (about 1% of it), so phrases that only one product writes are left out.
 */
export const GENERIC_FAILURE_PHRASES: readonly string[] = [
  'could not authenticate',
  "couldn't authenticate",
  'cannot authenticate user',
  'login attempt failed',
  'logon attempt failed',
  'invalid login',
  'login failure for',
  'logon failure',
  'sign in failed',
  'invalid credentials',
  'bad credentials',
  'password is incorrect',
  'wrong password',
  'invalid authentication',
  'denied login',
  'user denied: ',
  'incorrect user',
  'account does not exist',
  ' locked user ',
  'account is locked',
  ' login fail"',
  'auth failure',
  'failed authentication',
  // (`ccount`: the scan's window ends on a rare pair; ` d` would be compared at every word starting with d)
  ' login rejected',
  'ccount is disabled',
  // event names and wording families (auth8): `"action": "login_failed"`, `event=login_failed`, `SIP auth failed`,
  // `AUTH failed [ip]`, `password fail`, `Failed Log In`, `wrong login or password`, `invalid authorization credential`
  'login_failed',
  'logon_failed',
  ' auth failed',
  'password fail',
  'failed log in',
  'wrong login ',
  'wrong username',
  'invalid authorization',
  // (`ogin failure`, `atus=failure`, …: spelt so the scan's window ends on `ure`, a block other phrases end on already)
  'ogin failure',
  'user not found',
  'ogin_failure',
  'login.failed',
  'bad username',
  'nsuccessful log',
  'login refused',
  'rejected password',
  'invalid api key',
  'sign-in failed',
  'signin failed',
  'login denied',
];

/**
 * Phrases that are a failure only after a look around them (see {@link genericPhraseAccepted}):
 * a quoted `"Unauthorized"` value (a JSON or key=value status of a request, Kubernetes' audit
 * `"reason":"Unauthorized"`); a JSON outcome `"result":"FAILURE"` / `"outcome":"failure"` of an
 * authentication event (its event type or action names a login, session start, sign-in or
 * authentication: Okta's System Log, ECS JSON in the message); `authentication` followed by
 * ` error`, ` rejected`, `_failed`, `_failure` (`"event.action":"authentication_failed"`), by ` for …`
 * with the verdict `Failed` last on the line (Cisco IOS `SSH2_USERAUTH`), by ` attempt ...` with that
 * verdict or after `Blocked` (Guacamole, wp-fail2ban), or by ` request for "bob"
 * has been denied` (a refusal within 100 characters); a proxy's `TCP_DENIED/407` naming a user
 * (Squid's access log; `-` is the challenge, no credential sent); `non-existent login` / `user`;
 * `failed to log in`, `failed to login`, `failed to log on` (and FortiOS' `failed to logged in`).
 * One phrase per family keeps the scan's candidates few: each occurrence of `authenticati` is
 * compared once for them all.
 */
export const GENERIC_CHECKED_PHRASES: readonly string[] = [
  '"unauthorized',
  '"result":"failure"',
  '"outcome":"failure"',
  'authentication',
  'tcp_denied/407 ',
  'non-existent ',
  'failed to log',
  '"remote_addr',
  '"client_ip":"',
  // (auth8) key=value outcomes of an authentication event: `action=login status=failure` (Splunk UiAuth, audit trails)
  'atus=failure',
  'status=failed',
  'sult=failure',
  'result=failed',
  'come=failure',
  // (auth8) JSON outcome fields written with a space (`json.dumps`; a JSON `"status":"Failure"` is left out: Kubernetes' audit writes it for a 403 too)
  '"result": "failure"',
  '"outcome": "failure"',
  // (auth8) JSON client fields written with a space, and an access record's `"downstream_remote_address"` (Envoy)
  '"client_ip": "',
  '_remote_address"',
  // (auth8) more outcomes of an authentication event: `result=denied`, `status=rejected`, JSON `"success":false` (not `"authenticated":false`:
  // Kubernetes' TokenReview answers another party's token with it)
  'result=denied',
  'status=denied',
  'status=rejected',
  '"success":false',
  '"success": false',
  // (auth8) a second factor or a password refused: `MFA verification failed`, `2FA verification error`, `OTP verification failed`,
  // `password verification failed` (named by what was verified: `verification failed` alone costs the scan of every line 3%, its
  // window's triples `ati`, `tio`, `ion` being in most lines, and is a signature's or a certificate's as often)
  'fa verification',
  'otp verification',
  'password verification',
  // (auth8) the Linux audit daemon's login records: `op=PAM:authentication … res=failed`, `op=login acct="root" … addr=1.2.3.4 … res=failed`
  'op=pam:authentication',
  'op=login acct=',
  // (auth9) a connection refused or dropped because the client is not authorised (an MQTT broker's `Client
  // <id> [192.0.2.1:5123] disconnected, not authorised.`); a login that could not be made (`Cannot login bob@192.0.2.1`)
  'not authorised',
  'not authorized',
  'cannot login',
  'cannot log in',
  // (auth9) classes of their own files: a client certificate refused, a KDC's status names, an audit record's return code
  ...TLS_REFUSAL_PHRASES,
  ...KDC_REFUSAL_PHRASES,
  ...RETURN_CODE_PHRASES,
];

/** Index of `not authorised` in {@link GENERIC_CHECKED_PHRASES}: the auth9 phrases follow it. */
const REFUSED_CONNECTION = GENERIC_CHECKED_PHRASES.indexOf('not authorised');
/** Index of the first TLS phrase, the first KDC phrase and the first return-code phrase in {@link GENERIC_CHECKED_PHRASES}. */
const TLS = REFUSED_CONNECTION + 4;
const KDC = TLS + TLS_REFUSAL_PHRASES.length;
const RETURN_CODE = KDC + KDC_REFUSAL_PHRASES.length;

/** Whether checked phrase `k` of {@link GENERIC_CHECKED_PHRASES} at `at` is a failure. Reads at most 400 characters around it. */
export function genericPhraseAccepted(k: number, text: string, at: number): boolean {
  if (k >= REFUSED_CONNECTION) {
    if (k >= RETURN_CODE) return returnCodeAccepted(k - RETURN_CODE, text, at);
    if (k >= KDC) return kdcRefusalAccepted(k - KDC, text, at);
    if (k >= TLS) return tlsRefusalAccepted(k - TLS, text, at);
    return k < REFUSED_CONNECTION + 2 ? connectionRefused(text, at) : loginNotMade(text, at + (k === REFUSED_CONNECTION + 2 ? 12 : 13));
  }
  switch (k) {
    case 0: {
      // a value: `"reason":"Unauthorized"`, `status="Unauthorized"` (not prose quoting the word)
      // (or the value's first word: `error="Unauthorized: invalid bearer token"`)
      const p = at > 0 ? text.charCodeAt(at - 1) : 0;
      const q = text.charCodeAt(at + 13);
      return (p === 58 || p === 61) && (q === 34 || q === 58);
    }
    case 1:
    case 2:
    case 9:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14:
    case 15:
    case 18:
    case 19:
    case 20:
    case 21:
    case 22:
      return authEventNear(text, at);
    case 16:
    case 17:
      return jsonAuditFailure(text, at);
    case 23:
    case 24:
    case 25:
      return verdictAfter(text, at);
    case 26:
    case 27:
      return auditFailed(text, at);
    case 3:
      return authenticationVerdict(text, at + 14);
    case 4:
      return proxyUserNamed(text, at + 15);
    case 5:
      return startsWithFolded(text, at + 13, 'login') || startsWithFolded(text, at + 13, 'user');
    case 7:
    case 8:
      return jsonAuditFailure(text, at);
    default:
      return startsWithFolded(text, at + 13, ' in') || startsWithFolded(text, at + 13, 'in') || startsWithFolded(text, at + 13, ' on') || startsWithFolded(text, at + 13, 'ged in');
  }
}

/**
 * `not authorised` / `not authorized` at `at` ends a refused or dropped connection: `disconnect` in the
 * 24 characters before it (`Client <id> [192.0.2.1:5123] disconnected, not authorised`), or `refused` /
 * `rejected` there with a connection, client or login named in the 48 characters before it (`Connection
 * refused: not authorized`); not an authorisation decision (`is not authorized to user x`) nor a mail
 * policy (`Message from 192.0.2.1 rejected: sender domain not authorised`, `message rejected, not
 * authorized to relay`: no credential was offered).
 */
function connectionRefused(text: string, at: number): boolean {
  const w = lower(text, at - 24, at);
  if (w.indexOf('disconnect') >= 0) return true;
  if (w.indexOf('refused') < 0 && w.indexOf('rejected') < 0) return false;
  const c = lower(text, at - 48, at);
  return c.indexOf('connection') >= 0 || c.indexOf('client') >= 0 || c.indexOf('login') >= 0 || c.indexOf('auth') >= 0;
}

/**
 * `Cannot login` / `cannot log in` ending at `end` is a client's login refused, not our own login
 * somewhere (`cannot login to the registry`, `into`, `at`) or an option (`users cannot login with`):
 * the next word is not `to`, `into`, `at`, `with`, `without`, `until`.
 */
function loginNotMade(text: string, end: number): boolean {
  if (text.charCodeAt(end) !== 32) return true;
  const w = lower(text, end, end + 10);
  return !(w.startsWith(' to ') || w.startsWith(' into ') || w.startsWith(' at ') || w.startsWith(' with') || w.startsWith(' until '));
}

/** A verdict right after the `verification` of a phrase at `i`: ` failed`, ` failure`, ` error`, ` unsuccessful`, ` rejected`. */
function verdictAfter(text: string, i: number): boolean {
  const w = lower(text, i, i + 40);
  const v = w.indexOf('verification');
  if (v < 0) return false;
  const rest = w.slice(v + 12);
  return rest.startsWith(' failed') || rest.startsWith(' error') || rest.startsWith(' unsuccessful') || rest.startsWith(' rejected') || rest.startsWith(' failure');
}

/** An audit record's `res=failed` within 400 characters after its `op=` at `at`. */
function auditFailed(text: string, at: number): boolean {
  return lower(text, at, at + 400).indexOf('res=failed') >= 0;
}

/** The words after `authentication` (at `i`) that make it a refusal (see {@link GENERIC_CHECKED_PHRASES}). */
function authenticationVerdict(text: string, i: number): boolean {
  if (startsWithFolded(text, i, ' error') || startsWithFolded(text, i, ' rejected') || startsWithFolded(text, i, '_failed') || startsWithFolded(text, i, '_failure')) return true;
  // `AuthenticationFailed`, `authentication.failed`, `authentication unsuccessful` (auth8)
  if (startsWithFolded(text, i, 'failed') || startsWithFolded(text, i, '.failed') || startsWithFolded(text, i, ' unsuccessful')) return true;
  // `Unsuccessful TOTP authentication attempt by user 'bob'`, `unsuccessful authentication` (auth9): the verdict before it,
  // at most one word (the factor: `1FA`, `TOTP`, `Duo`) between
  if (unsuccessfulBefore(text, i - 14)) return true;
  if (startsWithFolded(text, i, ' for ')) return lastWordFailed(text, i);
  // `Authentication attempt from 1.2.3.4 for user "bob" failed.` (Guacamole), `Blocked authentication attempt for admin` (wp-fail2ban)
  if (startsWithFolded(text, i, ' attempt')) return lastWordFailed(text, i) || (i >= 22 && startsWithFolded(text, i - 22, 'blocked '));
  if (!startsWithFolded(text, i, ' request')) return false;
  const w = lower(text, i + 8, i + 108);
  return w.indexOf(' denied') >= 0 || w.indexOf(' rejected') >= 0 || w.indexOf(' failed') >= 0;
}

/**
 * `unsuccessful ` ends right before `authentication` at `at`, or before one word of at most 12 characters before it,
 * and is no summary on a success (`0 unsuccessful authentication attempts since last login`, `last unsuccessful
 * authentication: never`, `unsuccessful authentication attempts since last login: 0`: a count or `last` before it,
 * a count's name after it).
 */
function unsuccessfulBefore(text: string, at: number): boolean {
  if (summaryAfter(text, at + 14)) return false;
  if (at >= 13 && startsWithFolded(text, at - 13, 'unsuccessful ')) return !summaryBefore(text, at - 13);
  let k = at - 1;
  if (k < 0 || text.charCodeAt(k) !== 32) return false;
  while (k > 0 && at - k < 14 && text.charCodeAt(k - 1) !== 32) k--;
  return k >= 13 && k < at - 1 && startsWithFolded(text, k - 13, 'unsuccessful ') && !summaryBefore(text, k - 13);
}

/** A count's name after `authentication` ending at `e`: ` attempts since`, ` attempts:`, ` attempts=` (`unsuccessful authentication attempts since last login: 0`). */
function summaryAfter(text: string, e: number): boolean {
  if (!startsWithFolded(text, e, ' attempts')) return false;
  const c = text.charCodeAt(e + 9);
  return c === 58 || c === 61 || startsWithFolded(text, e + 9, ' since');
}

/** The word before `u` (after one space; `(last`, a letter or digit run) is a count (digits, `no`) or `last`. Reads at most 8 characters back. */
function summaryBefore(text: string, u: number): boolean {
  if (u < 2 || text.charCodeAt(u - 1) !== 32) return false;
  let k = u - 1;
  while (k > 0 && u - 1 - k < 8 && isWordChar(text.charCodeAt(k - 1))) k--;
  const word = lower(text, k, u - 1);
  if (word === 'last' || word === 'no') return true;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) < 48 || word.charCodeAt(i) > 57) return false;
  return word.length > 0;
}

/** `word` (lower case ASCII) at `i` in `text`, ignoring ASCII case. */
function startsWithFolded(text: string, i: number, word: string): boolean {
  if (i + word.length > text.length) return false;
  for (let k = 0; k < word.length; k++) {
    const c = text.charCodeAt(i + k);
    if ((c >= 65 && c <= 90 ? c | 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Words of an authentication event's type or action (`user.session.start`, `user.authentication.auth_via_mfa`, `login`, `sign_in`). */
const AUTH_EVENT_WORDS = ['login', 'logon', 'signin', 'sign_in', 'sign-in', 'session.start', 'authentica', 'auth_via', 'password'] as const;

/** An authentication event's words in the 400 characters before `at` or the 200 after it (lower-cased window). */
function authEventNear(text: string, at: number): boolean {
  const w = lower(text, at > 400 ? at - 400 : 0, at + 200);
  for (const word of AUTH_EVENT_WORDS) if (w.indexOf(word) >= 0) return true;
  return false;
}

/** The message ends (within 300 characters of `at`, trailing spaces and a `.` aside) with the word `failed`, at least 10 characters after `at`. */
function lastWordFailed(text: string, at: number): boolean {
  let end = text.length;
  if (end - at > 300) return false;
  while (end > at && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 46)) end--;
  return end - at > 17 && startsWithFolded(text, end - 7, ' failed');
}

/** Squid's native access line past `TCP_DENIED/407 `: bytes, method, URL, then the user, which names one (not `-`). */
function proxyUserNamed(text: string, i: number): boolean {
  const n = text.length < i + 300 ? text.length : i + 300;
  for (let field = 0; field < 3; field++) {
    while (i < n && text.charCodeAt(i) !== 32) i++;
    while (i < n && text.charCodeAt(i) === 32) i++;
  }
  const start = i;
  while (i < n && text.charCodeAt(i) !== 32) i++;
  return i > start && !(i === start + 1 && text.charCodeAt(start) === 45);
}

/** `text[from, to)` in lower case, clamped to the text (only on a phrase's match, never per record). */
function lower(text: string, from: number, to: number): string {
  return text.slice(from < 0 ? 0 : from, to).toLowerCase();
}

/**
 * Markers of our own side being the one that failed to log in somewhere (case-insensitive), looked
 * for within 80 characters before the phrase and 160 after it: `authenticate to` / `as` (a sync
 * peer, an agent), a remote server or linked server refusing us, an upstream, a storage mount, a
 * git `remote:`, a BGP peer or TCP-MD5 session, our connection to a backend, a service account's bind.
 */
const OUTBOUND_MARKERS = [
  'authenticate to ',
  'authenticating to ',
  'authenticate as ',
  'remote server',
  'linked server',
  'sync peer',
  'upstream',
  'for storage',
  'remote: ',
  'while connecting to',
  'error connecting to',
  'bgp peer',
  'tcp-md5',
  'service account',
  'failed to connect to',
  'server bind',
  'sqlstate',
] as const;

/**
 * Markers of our own side failing that count before the phrase only (auth8; after it, a client's
 * own failure may go on to say what the daemon could not reach: `Login failed for bob … from
 * 1.2.3.4. Could not connect to imap.example.org`): our own connection to a backend, an indexer,
 * a job's node (`cannot connect to database: … Access denied for user`, `Connection to
 * host=10.0.2.9:9997 failed: authentication failed`, `Execution 2211 failed: [node web1] SSH
 * authentication failed`), a remote server's error relayed to us (`Connection failed, reason: …
 * Received from 10.0.0.7:9000. Exception: default: Authentication failed`: a replica refusing our
 * connection). Not where a client may have typed them (see {@link typedBeforePhrase}).
 */
const BEFORE_MARKERS = new PhraseSet(
  ['connect to ', 'connection to host', 'execution ', 'received from '],
  (index, text, start) => !typedBeforePhrase(text, scan.at, start) && !(index === RELAYED && typedValue(text, start, scan.at)),
);

/** Index of `received from ` (auth9) in {@link BEFORE_MARKERS}. */
const RELAYED = 3;

/** Index of ` server ` in the markers scanned by {@link notAClientFailure}. */
const SERVER_MARKER = OUTBOUND_MARKERS.length;

/** The current {@link notAClientFailure} scan: the phrase's position and, once read, the span the client typed after it. */
const scan = { at: 0, typedRead: false, typedEnd: 0, userFrom: -1, userEnd: 0 };

/** The outbound markers and ` server ` (decided by {@link remoteReply}), all looked for in one case-insensitive scan around the phrase. */
const WINDOW_MARKERS = new PhraseSet([...OUTBOUND_MARKERS, ' server '], (index, text, start) => {
  const at = scan.at;
  // a field's name, not the daemon's words: `"upstream_host":"10.0.1.6:8080"` (an access record's upstream)
  if (index < SERVER_MARKER) {
    const next = text.charCodeAt(start + OUTBOUND_MARKERS[index].length);
    if (start > 0 && text.charCodeAt(start - 1) === 34 && (next === 95 || next === 34)) return false;
  }
  // before the phrase: the daemon's own words (`Unable to authenticate to the sync peer …: Authentication failed`)
  if (index < SERVER_MARKER && start + OUTBOUND_MARKERS[index].length <= at) return !typedBeforePhrase(text, at, start);
  if (start < at || typedAt(text, start)) return false;
  return index < SERVER_MARKER || remoteReply(text, start + 1);
});

/**
 * True when a failure phrase at `at` is not a client's credential refused, by class:
 * - outbound: our side failed to log in somewhere (see {@link OUTBOUND_MARKERS}; a remote server's
 *   answer after the phrase, `server <host> said …`; a URL right after the phrase:
 *   `Authentication failed for 'https://git.example.com/x.git/'`);
 * - a summary or a ban after failures: `after 3 failed logins` (the failures themselves were
 *   logged one by one);
 * - a database client's own error: `Access denied for user` inside an exception or a connection
 *   error of ours (JDBC, a realm's data source), not the database server's log line;
 * - our own login to a server refused, the server's error relayed (a pooler, proxy or application
 *   logging its connection to a backend): `server login failed: FATAL …`, `SQL connection failed: Access
 *   denied for user …`, `connection to server at … failed: FATAL: …`, `… message from backend 'db3'`;
 * - a mail header's value (`Subject: Re: failed login alerts`): a passed-on message's text;
 * - our own bind to a directory: a URL we connected to before the phrase (`Bind with cn=svc,… to
 *   ldap://10.0.0.9:389 failed: Invalid credentials`), or a `bind` naming no user right before
 *   `invalid credentials` (`Bind failed: 49: Invalid credentials`, `performing bind: LDAP Result Code
 *   49 "Invalid Credentials"`: an application's service bind, whatever client's request it served).
 * Markers after the phrase that lie before a later ` from ` or ` port ` are ignored: that text is
 * what the client typed as its user name (`Failed password for invalid user upstream from
 * 192.0.2.1`; see {@link typedByClient}).
 * One scan of the 80 characters before the phrase and the 160 after it, without copying them.
 */
export function notAClientFailure(text: string, at: number): boolean {
  scan.at = at;
  scan.typedRead = false;
  if (WINDOW_MARKERS.test(text, at + 160, at > 80 ? at - 80 : 0) || BEFORE_MARKERS.test(text, at, at > 80 ? at - 80 : 0) || urlAfter(text, at) || urlBefore(text, at) || directoryBind(text, at))
    return true;
  // our own login to a backend refused, its error relayed; a phrase in a passed-on message's header (auth10)
  if (peerLoginFailed(text, at) || afterOurConnectionFailed(text, at) || fromBackendAfter(text, at) || inMailHeader(text, at)) return true;
  // a summary or a ban after failures: `logged in after 2 failed attempts`, `blocked after 5 failed logins`
  if (afterCount(text, at) || counterNotice(text, at) || quotedAsKey(text, at)) return true;
  if (startsWithFolded(text, at, 'access denied for user')) {
    const before = lower(text, at > 100 ? at - 100 : 0, at);
    for (const m of DATABASE_CLIENT_MARKERS) if (before.indexOf(m) >= 0) return true;
  }
  return false;
}

/** {@link typedByClient} for the current scan, its span read once. */
function typedAt(text: string, k: number): boolean {
  if (!scan.typedRead) {
    scan.typedRead = true;
    readTypedSpan(text, scan.at, scan);
  }
  return inTypedSpan(scan, k);
}

/** The span after a phrase at `at` that a client typed (see {@link typedByClient}), into `span`. */
function readTypedSpan(text: string, at: number, span: TypedSpan): void {
  const w = text.slice(at, at + 260);
  const from = w.lastIndexOf(' from ');
  const port = w.lastIndexOf(' port ');
  span.typedEnd = at + (from > port ? from : port);
  const user = userWord(w);
  span.userFrom = user >= 0 ? at + user : -1;
  // a name the daemon quotes (`for user "report" (SQLSTATE 28P01)`) ends at the window's last such quote: whatever
  // the client typed, quotes included, comes before the quote the daemon closes it with
  span.userEnd = at + w.length;
  if (user >= 0) {
    let j = userWordEnd;
    while (j < w.length && (w.charCodeAt(j) === 32 || w.charCodeAt(j) === 61 || w.charCodeAt(j) === 58)) j++;
    // the quote may be escaped, the line being a quoted string itself (`error="… for user \"vault\" (SQLSTATE 28P01))"`)
    const q = w.charCodeAt(j) === 92 ? w.charCodeAt(j + 1) : w.charCodeAt(j);
    if (q === 34 || q === 39) {
      const quote = (w.charCodeAt(j) === 92 ? '\\' : '') + (q === 34 ? '"' : "'");
      const close = w.lastIndexOf(quote);
      if (close > j) span.userEnd = at + close;
    }
  }
}

/**
 * Index of the first `user` word in `w` that introduces a name (any case; `user`, `username` or
 * `user_name` followed by ` `, `"`, `'`, `=`, `:` or `[`: `for user bob`, `user "bob"`, `username=bob`), or -1.
 */
function userWord(w: string): number {
  for (let i = 0; i + 4 < w.length; i++) {
    if ((w.charCodeAt(i) | 32) !== 117 || !startsWithFolded(w, i + 1, 'ser')) continue;
    let j = i + 4;
    if (w.charCodeAt(j) === 95) j++;
    if (startsWithFolded(w, j, 'name')) j += 4;
    const c = w.charCodeAt(j);
    if (c === 32 || c === 34 || c === 39 || c === 61 || c === 58 || c === 91) {
      userWordEnd = j;
      return i;
    }
  }
  return -1;
}

/** Where the `user` word {@link userWord} last found ends (its separator's index in `w`). */
let userWordEnd = 0;

/** What a client typed after a failure phrase: before `typedEnd`, or from `userFrom` (a `user` word, -1 if none) to `userEnd`. */
interface TypedSpan {
  typedEnd: number;
  userFrom: number;
  userEnd: number;
}

function inTypedSpan(span: TypedSpan, k: number): boolean {
  // after a `user` word to the end (or its quoted name's end), unless a later ` from ` / ` port ` ends the name (sshd: `for invalid user <typed> from <ip> port 22`)
  return k < span.typedEnd || (span.userFrom >= 0 && span.typedEnd <= span.userFrom && span.userFrom < k && k < span.userEnd);
}

/** Scratch span of {@link typedByClient}. */
const typedSpan: TypedSpan = { typedEnd: 0, userFrom: -1, userEnd: 0 };

/**
 * Whether position `k` after a failure phrase at `at` is inside the text a client typed (its user
 * name): before the last ` from ` or ` port ` in the 260 characters after the phrase, where the
 * daemon's own words resume (`Failed password for invalid user <typed> from <ip> port 22`,
 * `authenticating user <typed> <ip> port 22`), or after a `user` word that introduces a name (PAM's
 * `rhost=<ip> user=<typed>`, `Bad credentials for user <typed>, client ip: <ip>`, `username=<typed>`). A not-a-failure check must not read its markers there: a user name like
 * `server a[1]` or `reset by root` would otherwise turn an sshd failure into an exemption.
 * Before the phrase, see {@link typedBeforePhrase}.
 */
export function typedByClient(text: string, at: number, k: number): boolean {
  if (k <= at) return false;
  readTypedSpan(text, at, typedSpan);
  return inTypedSpan(typedSpan, k);
}

/**
 * Whether position `k` before a failure phrase at `at` may be a user name the client typed: a
 * `user` word (any case, then ` `, `"`, `'`, `=` or `[`) lies between `k` and the 200 characters
 * before the phrase (Apache's `user <typed>: authentication failure`, nginx's `user "<typed>":
 * password mismatch`, ProFTPD's `USER <typed> (Login failed)`, PAM's `ruser=<typed>`), or `k` is
 * inside brackets or parentheses that close before the phrase (vsftpd's `[<typed>] FAIL LOGIN`,
 * Dovecot's `pam(<typed>,1.2.3.4)`). The markers of our own side failing must not be read there:
 * a user name like `upstream` would turn a real failure into an exemption. At most 200 + 200
 * characters read.
 */
export function typedBeforePhrase(text: string, at: number, k: number): boolean {
  const lo = at > 200 ? at - 200 : 0;
  for (let i = k - 5; i >= lo; i--) {
    if ((text.charCodeAt(i) | 32) !== 117 || !startsWithFolded(text, i, 'user')) continue;
    const c = text.charCodeAt(i + 4);
    if (c === 32 || c === 34 || c === 39 || c === 61 || c === 91) return true;
  }
  for (let i = k - 1; i >= lo; i--) {
    const c = text.charCodeAt(i);
    if (c === 93 || c === 41) return false;
    if (c === 91 || c === 40) {
      const close = c === 91 ? 93 : 41;
      for (let j = k; j < at; j++) if (text.charCodeAt(j) === close) return true;
      return false;
    }
  }
  return false;
}

/** Words before a database's `Access denied` that make it our own connection's error. */
const DATABASE_CLIENT_MARKERS = ['exception', 'sqlstate', 'jdbc'] as const;

/**
 * A remote server answering us after the phrase: `server <host or address>` at `k` and then what it
 * did (`said`, `did not answer`, `rejected`, `refused`, `replied`, `returned`: `SMTP authentication
 * failed: server smtp.example.com said 535 …`, `server 173.243.138.1 did not answer`).
 */
function remoteReply(w: string, k: number): boolean {
  let i = k + 7;
  const end = i + 64 < w.length ? i + 64 : w.length;
  while (i < end && w.charCodeAt(i) !== 32) i++;
  if (i === k + 7) return false;
  for (const act of SERVER_ACTS) if (startsWithFolded(w, i, act)) return true;
  return false;
}

/** What a remote server did, after its name (lower case, with the space before). */
const SERVER_ACTS = [' said', ' did not', ' rejected', ' refused', ' replied', ' returned'] as const;

/**
 * A URL as what the phrase at `at` is about, right after it (within 40 characters: `failed for
 * 'https://…'`, `for https://…`, `to https://…`): the server we logged in to.
 */
function urlAfter(w: string, at: number): boolean {
  // searched in the 44 characters after the phrase only (an indexOf that finds nothing reads to the end)
  let k = at;
  const last = at + 42 < w.length - 3 ? at + 42 : w.length - 3;
  while (k <= last && !(w.charCodeAt(k) === 58 && w.charCodeAt(k + 1) === 47 && w.charCodeAt(k + 2) === 47)) k++;
  if (k > last) return false;
  let h = k - 5;
  if (h < at || !startsWithFolded(w, h, 'https')) h = k - 4;
  if (h < at || !startsWithFolded(w, h, 'http')) return false;
  if (w.charCodeAt(h - 1) === 39 || w.charCodeAt(h - 1) === 34) h--;
  return (h >= 4 && startsWithFolded(w, h - 4, 'for ')) || (h >= 3 && startsWithFolded(w, h - 3, 'to '));
}

/**
 * A URL our side connected to before the phrase at `at`: ` to <scheme>://` (a scheme of letters) in the
 * 80 characters before it, not inside what a client typed (see {@link typedBeforePhrase}).
 */
function urlBefore(w: string, at: number): boolean {
  for (let k = at - 3, stop = at > 80 ? at - 80 : 0; k > stop + 4; k--) {
    if (w.charCodeAt(k) !== 58 || w.charCodeAt(k + 1) !== 47 || w.charCodeAt(k + 2) !== 47) continue;
    let h = k;
    while (h > stop && k - h < 10 && isAsciiLetter(w.charCodeAt(h - 1))) h--;
    return h < k && h >= stop + 3 && startsWithFolded(w, h - 3, 'to ') && !typedBeforePhrase(w, at, h) && !typedValue(w, h - 3, at);
  }
  return false;
}

/** A character after `user` that makes it introduce a name: ` `, `"`, `'`, `=`, `:`. */
function nameFollows(c: number): boolean {
  return c === 32 || c === 34 || c === 39 || c === 61 || c === 58;
}

function isWordChar(c: number): boolean {
  return isAsciiLetter(c) || (c >= 48 && c <= 57);
}

function isAsciiLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/**
 * An application's own directory bind refused: `invalid credentials` at `at` with the word `bind`
 * (not inside a longer word) as our operation's verb ({@link bindOperation}), not in a `key=value` value
 * ({@link typedValue}), in the 40 characters before it and no `user` word introducing a name
 * there (then ` `, a quote, `=` or `:`; `user_ldap` is a module's name) (`LDAP bind
 * failed for user bob: Invalid credentials` is a user's password refused; so is `user bind: invalid
 * credentials`, a name the client typed).
 */
function directoryBind(w: string, at: number): boolean {
  if (!startsWithFolded(w, at, 'invalid credentials')) return false;
  let bind = false;
  for (let k = at - 4, stop = at > 40 ? at - 40 : 0; k >= stop; k--) {
    const c = w.charCodeAt(k) | 32;
    if (c === 117 && startsWithFolded(w, k, 'user') && nameFollows(w.charCodeAt(k + 4))) return false;
    if (c === 98 && startsWithFolded(w, k, 'bind') && !(k > 0 && isAsciiLetter(w.charCodeAt(k - 1))) && !isAsciiLetter(w.charCodeAt(k + 4)) && bindOperation(w, k) && !typedValue(w, k, at))
      bind = true;
  }
  return bind;
}

/**
 * `bind` at `k` is the verb of our own operation: `performing bind`, or `bind failed` / `bind error` starting a
 * clause (the message's or a value's start, after `: `, `] `, `) `) or after `LDAP ` / `directory ` (not a name
 * a client typed: `account bind: …`, `attempt bind from …`, `Login for bind failed`).
 */
function bindOperation(w: string, k: number): boolean {
  if (k >= 11 && startsWithFolded(w, k - 11, 'performing ')) return true;
  if (!startsWithFolded(w, k + 4, ' failed') && !startsWithFolded(w, k + 4, ' error')) return false;
  if (k === 0 || w.charCodeAt(k - 1) === 34) return true;
  if (w.charCodeAt(k - 1) !== 32 || k < 2) return false;
  const c = w.charCodeAt(k - 2);
  return c === 58 || c === 93 || c === 41 || (k >= 5 && startsWithFolded(w, k - 5, 'ldap ')) || (k >= 10 && startsWithFolded(w, k - 10, 'directory '));
}

/**
 * Whether position `k`, before the phrase at `at`, lies in a value a client may have typed: in the run of
 * non-space characters right after a `key=` (`login=received from x`), or in a quoted value that closes
 * before the phrase (`account 'received from x' authentication failed`, `login="a received from x"`; not a
 * JSON message holding the phrase too, `"message":"Bind failed: 49: Invalid credentials"`, the server's own
 * text). Reads at most 64 characters back and the characters from `k` to `at`.
 */
function typedValue(w: string, k: number, at: number): boolean {
  for (let j = k; j > 0 && k - j < 64; j--) {
    const c = w.charCodeAt(j - 1);
    if (c === 61) return true;
    if (c === 32) break;
  }
  return quotedBefore(w, k, at, '"') || quotedBefore(w, k, at, "'");
}

/** `k` lies in a `q`-quoted span opened (after a space, `=`, `:`, `(` or at the start) within 64 characters before it and closed before `at`. */
function quotedBefore(w: string, k: number, at: number, q: string): boolean {
  const open = w.lastIndexOf(q, k - 1);
  if (open < 0 || k - open > 64) return false;
  const b = open > 0 ? w.charCodeAt(open - 1) : 32;
  if (!(b === 32 || b === 61 || b === 58 || b === 40)) return false;
  const close = w.indexOf(q, k);
  return close >= 0 && close < at;
}

/**
 * A counter of failures reset or cleared, in the words right after the phrase at `at`, before any
 * ` for ` / ` from ` / ` of ` / `user` that starts what a client may have typed: `Failed login
 * attempts counter reset for bob`, `The list of failed login attempts was cleared for IP …`.
 * Reads at most 64 characters.
 */
function counterNotice(w: string, at: number): boolean {
  const end = at + 64 < w.length ? at + 64 : w.length;
  for (let i = at + 6; i < end; i++) {
    const c = w.charCodeAt(i);
    if (c === 58 || ((c | 32) === 117 && startsWithFolded(w, i, 'user'))) return false;
    if (c !== 32) continue;
    const l = w.charCodeAt(i + 1) | 32;
    if (l === 102 && (startsWithFolded(w, i + 1, 'for ') || startsWithFolded(w, i + 1, 'from '))) return false;
    if (l === 111 && startsWithFolded(w, i + 1, 'of ')) return false;
    if ((l === 114 && startsWithFolded(w, i + 1, 'reset')) || (l === 99 && startsWithFolded(w, i + 1, 'cleared')) || (l === 117 && startsWithFolded(w, i + 1, 'unlocked'))) return true;
  }
  return false;
}

/**
 * The phrase is a name a program quotes, not an event: an array key or index in a language's
 * warning (`Warning: Undefined array key "login failed" in …`, `Undefined index: login failed`),
 * unless a client may have typed those words before it (see {@link typedBeforePhrase}).
 */
function quotedAsKey(w: string, at: number): boolean {
  if (at < 7) return false;
  const q = w.charCodeAt(at - 1);
  const named = q === 34 || q === 39 ? startsWithFolded(w, at - 6, ' key ') : q === 32 && startsWithFolded(w, at - 7, 'index: ');
  return named && !typedBeforePhrase(w, at, at - 6);
}

/** The text before `at` ends with `after <digits> ` (a count of earlier failures), any case. */
function afterCount(w: string, at: number): boolean {
  let i = at;
  while (i > 0 && at - i < 8 && w.charCodeAt(i - 1) === 32) i--;
  const end = i;
  while (i > 0 && end - i < 7 && w.charCodeAt(i - 1) >= 48 && w.charCodeAt(i - 1) <= 57) i--;
  return i < end && i >= 6 && startsWithFolded(w, i - 6, 'after ');
}

/** Peers our own side logs in to (lower case): `server login failed`, `backend authentication failed`. */
const PEER_WORDS = ['server', 'backend', 'upstream', 'database'] as const;

/**
 * Our own login to a peer refused (auth10; PgBouncer's `closing because: server login failed: FATAL password
 * authentication failed …`): `server`, `backend`, `upstream` or `database` right before a phrase `login failed` /
 * `authentication failed` at `at`, starting a clause (the text's start, or after `: `, `] `, `) `, `; `, `, `), the
 * phrase then followed by `:` and the peer's own words. A name a client typed right before the phrase does not
 * start a clause (`appdb/server login failed@10.0.0.5:5 closing because: …`).
 */
function peerLoginFailed(w: string, at: number): boolean {
  const c = w.charCodeAt(at) | 32;
  if ((c !== 108 && c !== 97) || at < 2 || w.charCodeAt(at - 1) !== 32) return false;
  const len = startsWithFolded(w, at, 'login failed') ? 12 : startsWithFolded(w, at, 'authentication failed') ? 21 : 0;
  if (len === 0 || w.charCodeAt(at + len) !== 58) return false;
  let s = at - 1;
  while (s > 0 && at - 1 - s < 9 && isAsciiLetter(w.charCodeAt(s - 1))) s--;
  let peer = false;
  for (const word of PEER_WORDS) if (at - 1 - s === word.length && startsWithFolded(w, s, word)) peer = true;
  if (!peer || !clauseStart(w, s) || serverSeverity(w, at + len, at + len + 80)) return false;
  return !typedBeforePhrase(w, at, s) && !typedValue(w, s, at) && !heldInName(w, s, at);
}

/**
 * A server's own severity word, `FATAL:` (PostgreSQL's own line; a pooler relays `FATAL password …`) or `FAIL LOGIN:`
 * (vsftpd), between `from` and `to`: the server itself speaking after what came before, which is then a name a client
 * typed, not our relay (rev10). Case-sensitive, one comparison per character.
 */
function serverSeverity(w: string, from: number, to: number): boolean {
  const end = to < w.length ? to : w.length;
  for (let j = from; j < end; j++) {
    if (w.charCodeAt(j) !== 70) continue;
    if (w.startsWith('FATAL:', j) || w.startsWith('FAIL LOGIN:', j)) return true;
  }
  return false;
}

/**
 * Position `k` before the phrase at `at` is inside a bracketed, parenthesised or quoted name that holds the phrase
 * too (rev10; vsftpd's `[<typed>] FAIL LOGIN`, a name `x, server login failed: y` typed whole): a `[`, `(` or a
 * quote opened (the quote after a space, `[` or `(`) within 64 characters before `k`, not closed before it, and
 * closed within 64 characters after the phrase. Not JSON's `"message":"…"` (a quote after `:`), the server's own text.
 */
function heldInName(w: string, k: number, at: number): boolean {
  for (let i = k - 1, lo = k > 64 ? k - 64 : 0; i >= lo; i--) {
    const c = w.charCodeAt(i);
    if (c === 93 || c === 41) return false;
    if (c === 34 || c === 39) {
      const b = i > 0 ? w.charCodeAt(i - 1) : 32;
      if (!(b === 32 || b === 91 || b === 40)) return false;
      const close = w.indexOf(c === 34 ? '"' : "'", at);
      return close >= 0 && close - at < 64;
    }
    if (c === 91 || c === 40) {
      const close = w.indexOf(c === 91 ? ']' : ')', at);
      return close >= 0 && close - at < 64;
    }
  }
  return false;
}

/** `k` starts a clause: the text's start, or after `: `, `] `, `) `, `; ` or `, `. */
function clauseStart(w: string, k: number): boolean {
  if (k === 0) return true;
  if (k < 2 || w.charCodeAt(k - 1) !== 32) return false;
  const c = w.charCodeAt(k - 2);
  return c === 58 || c === 93 || c === 41 || c === 59 || c === 44;
}

/** Kinds of connection our side makes, before `connection failed` (lower case, with the space after): `SQL connection failed:`. */
const CONNECTION_KINDS = ['sql ', 'database ', 'db ', 'backend ', 'upstream '] as const;

/** What our connection went to, after `connection to ` (lower case): `connection to server at "db" (10.0.0.5), port 5432 failed:`. */
const CONNECTION_TARGETS = ['server', 'database', 'backend', 'db ', 'upstream', 'the server', 'the database', 'the backend'] as const;

/**
 * The phrase at `at` is the error a failed connection of ours relays (auth10): right after `failed:` / `error:`,
 * only a relayed error's code words between (upper case, digits, `#`, `:`, `(`, `)`, at most 24 characters:
 * `FATAL:`, `#28000`, `ERROR 1045 (28000):`) and the phrase's own first word (`password authentication failed`), and that `failed` / `error` ends `<SQL|database|db|backend|upstream>
 * connection` or follows `connection to <server|database|backend|db|upstream>` within 100 characters
 * (`SQL connection failed: Access denied for user 'app'@'10.0.1.12'`, `connection to server at "db" (10.0.0.5),
 * port 5432 failed: FATAL:  password authentication failed`); not where a client may have typed the marker
 * (see {@link typedBeforePhrase}, {@link typedValue}). A database server's own line (`[Note] Access denied for
 * user …`, `FATAL:  password authentication failed for user …`) has no such colon before the phrase.
 */
function afterOurConnectionFailed(w: string, at: number): boolean {
  // the phrase's own first word may come before it (`password authentication failed`: one lower-case word of at most 10 letters)
  let i = at;
  if (i > 1 && w.charCodeAt(i - 1) === 32) {
    let j = i - 1;
    while (j > 0 && i - 1 - j < 10 && (w.charCodeAt(j - 1) | 32) >= 97 && (w.charCodeAt(j - 1) | 32) <= 122) j--;
    if (j < i - 1 && (j === 0 || w.charCodeAt(j - 1) === 32)) i = j;
  }
  const stop = i > 24 ? i - 24 : 0;
  while (i > stop && relayedCodeChar(w.charCodeAt(i - 1))) i--;
  // i is at the colon that ends `failed` / `error` (the colon is a code character: the walk may pass it only to a lower-case letter)
  while (i < at && w.charCodeAt(i) !== 58) i++;
  if (i === at || i < 6) return false;
  const end = startsWithFolded(w, i - 6, 'failed') ? i - 6 : startsWithFolded(w, i - 5, 'error') ? i - 5 : -1;
  if (end < 1 || w.charCodeAt(end - 1) !== 32) return false;
  // `<kind> connection failed:`
  if (end >= 11 && startsWithFolded(w, end - 11, 'connection ')) {
    const c = end - 11;
    for (const kind of CONNECTION_KINDS)
      if (c >= kind.length && startsWithFolded(w, c - kind.length, kind) && wordStart(w, c - kind.length))
        return !typedBeforePhrase(w, at, c - kind.length) && !typedValue(w, c - kind.length, at) && !heldInName(w, c - kind.length, at);
    return false;
  }
  // `connection to <target> … failed:`
  for (let k = end - 14, lo = end > 100 ? end - 100 : 0; k >= lo; k--) {
    if ((w.charCodeAt(k) | 32) !== 99 || !startsWithFolded(w, k, 'connection to ')) continue;
    for (const target of CONNECTION_TARGETS) if (startsWithFolded(w, k + 14, target)) return !typedBeforePhrase(w, at, k) && !typedValue(w, k, at) && !heldInName(w, k, at);
    return false;
  }
  return false;
}

/** `k` starts a word of the daemon's own text: the text's start, or after a space, a tab, a quote, `[` or `(` (not glued to a name: `app@SQL connection failed:`, a database name the client sent). */
function wordStart(w: string, k: number): boolean {
  if (k === 0) return true;
  const b = w.charCodeAt(k - 1);
  return b === 32 || b === 9 || b === 34 || b === 39 || b === 91 || b === 40;
}

/** A character of a relayed error's code words: space, upper-case letter, digit, `#`, `:`, `(`, `)`, and the `"` that opens a quoted error (`failed: "Access denied …`). */
function relayedCodeChar(c: number): boolean {
  return c === 32 || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 35 || c === 58 || c === 40 || c === 41 || c === 34;
}

/**
 * The phrase at `at` names what a backend sent us (auth10; MaxScale's `Invalid authentication message from backend
 * 'db3'. Error code: 1045, …`): ` from backend` or ` from the backend` (its `backend` within 52 characters of the phrase's start), then
 * a quoted name, `:`, `,` or `.` (not a host named so: `from backend-host`, `from backend (10.0.0.5)`), and not in
 * what a client typed (see {@link typedByClient}).
 */
function fromBackendAfter(w: string, at: number): boolean {
  // `backend` looked for in the 52 characters after the phrase's start only (one comparison per character)
  const end = at + 52 < w.length - 7 ? at + 52 : w.length - 7;
  let b = at + 7;
  while (b <= end && !((w.charCodeAt(b) | 32) === 98 && startsWithFolded(w, b, 'backend'))) b++;
  if (b > end) return false;
  const k = startsWithFolded(w, b - 6, ' from ') ? b - 6 : startsWithFolded(w, b - 10, ' from the ') ? b - 10 : -1;
  if (k <= at) return false;
  const c = w.charCodeAt(b + 7);
  const named = c === 58 || c === 44 || c === 46 || (c === 32 && (w.charCodeAt(b + 8) === 39 || w.charCodeAt(b + 8) === 34));
  // a `user` word before the daemon's ` from backend` means that ` from ` is inside the name (Dovecot's `user=< from backend:>`, rev10)
  return named && !typedAt(w, k + 1) && !(scan.userFrom >= 0 && scan.userFrom < k);
}

/**
 * The phrase at `at` is inside a mail header's value that a mail server logs for a message it received or
 * passed on (auth10; `Recv: …, From: <a@example.org>, To: <b@example.org>, …, Subject: Re: failed login alerts`):
 * the message's text, not the daemon's word. The nearest header in the 64 characters before the phrase decides:
 * `Subject` (then `:` or `=`, or `":` in JSON; `subject=` also after a space), its value running to the phrase
 * unless quoted and closed before it; or `From` / `To` then `: ` and an address or a name (`<…>`, `"…"`; not
 * `from=`, an envelope's or a client's field), its value ending at `,`, `;` or `>`; any case, the name starting
 * a field (see {@link fieldStart}). Not where a client may have typed the name (`user subject: authentication
 * failure`, see {@link typedBeforePhrase}). One comparison per character read back, names compared at `:` / `=` only.
 */
function inMailHeader(w: string, at: number): boolean {
  // back from the phrase to each `:` / `=` (one comparison per character), the name before it compared only there
  for (let s = at - 1, lo = at > 64 ? at - 64 : 0; s > lo; s--) {
    const sep = w.charCodeAt(s);
    if (sep !== 58 && sep !== 61) continue;
    const json = w.charCodeAt(s - 1) === 34;
    const e = json ? s - 1 : s;
    const last = w.charCodeAt(e - 1) | 32;
    // `subject` / `from` / `to` end in t, m, o
    const k = last === 116 ? e - 7 : last === 109 ? e - 4 : last === 111 ? e - 2 : -1;
    if (k < lo || !startsWithFolded(w, k, last === 116 ? 'subject' : last === 109 ? 'from' : 'to') || (json && (k === 0 || w.charCodeAt(k - 1) !== 34))) continue;
    let v = s + 1;
    while (v < at && w.charCodeAt(v) === 32) v++;
    const q = w.charCodeAt(v);
    if (last === 116) {
      // `subject=` also after a space (a key=value field)
      if (!(sep === 58 && fieldStart(w, k)) && !(sep === 61 && (fieldStart(w, k) || w.charCodeAt(k - 1) === 32))) continue;
      if (q === 34 || q === 39) {
        const close = w.indexOf(q === 34 ? '"' : "'", v + 1);
        if (close >= 0 && close < at) return false;
      }
      return !typedBeforePhrase(w, at, k) && !valueLeavesName(w, v, at) && !heldInName(w, k, at);
    }
    // `from=` / `to=` are an envelope's or a client's fields, not headers; a From / To header's value is an address or a name
    if (sep !== 58 || !fieldStart(w, k)) continue;
    if (q !== 60 && q !== 34) return false;
    for (let j = v + 1; j < at; j++) if (w.charCodeAt(j) === 44 || w.charCodeAt(j) === 59 || w.charCodeAt(j) === 62) return false;
    return !typedBeforePhrase(w, at, k) && !valueLeavesName(w, v, at) && !heldInName(w, k, at);
  }
  return false;
}

/**
 * A header's value from `v` to the phrase at `at` crosses text that is no header's: a `]` no `[` in the value opened
 * (the header was inside a bracketed name, vsftpd's `[a] Subject: x] FAIL LOGIN`), or the server's own severity
 * (`… app@a, Subject: x FATAL:  password authentication failed`, see {@link serverSeverity}) (rev10).
 */
function valueLeavesName(w: string, v: number, at: number): boolean {
  let open = 0;
  for (let j = v; j < at; j++) {
    const c = w.charCodeAt(j);
    if (c === 91) open++;
    else if (c === 93 && --open < 0) return true;
  }
  return serverSeverity(w, v, at);
}

/** A header or field name at `k` starts a field: the text's start, after `"`, `{` or a tab, after a space following `,`, `;`, `:` or `]`, or after `header ` (Postfix's `header Subject: …`). */
function fieldStart(w: string, k: number): boolean {
  if (k === 0) return true;
  const b = w.charCodeAt(k - (w.charCodeAt(k - 1) === 34 ? 2 : 1));
  if (w.charCodeAt(k - 1) === 34) return k === 1 || b === 123 || b === 44 || b === 32;
  if (b === 123 || b === 9) return true;
  if (b !== 32 || k < 2) return false;
  const a = w.charCodeAt(k - 2);
  return a === 44 || a === 59 || a === 58 || a === 93 || (k >= 7 && startsWithFolded(w, k - 7, 'header '));
}
