/**
 * The failure phrasing of daemons and applications that have no rule of their own, and the classes
 * of lines that read like a failed login but are not a client's credential refused: our own side
 * refused by a server (outbound), a summary or ban after failures, a backend's own error. Bounded
 * look-arounds, linear, no regex.
 */

/**
 * Phrases (case-insensitive, 12 characters or more so the scan's jumps stay long) that are a failed
 * login in any daemon's words, in prose, key=value and JSON layouts: `authentication error for user`,
 * `could not authenticate`, `Login attempt failed`, `Invalid login as`, `login failure for user`,
 * `failed to log in`, `"event.action":"authentication_failed"`, `"reason":"INVALID_CREDENTIALS"`,
 * `Bad credentials`, `password is incorrect`, `invalid authentication`, `[DENIED LOGIN]`, `user
 * denied:`, `incorrect user ID or password`, `account does not exist`, `wrong password`, `logon
 * failure`, `login rejected`, `the locked user`, a quoted value ending `login fail"`. Part of `DEFAULT_FAILURE_PHRASES`.
 */
export const GENERIC_FAILURE_PHRASES: readonly string[] = [
  'authentication error',
  'could not authenticate',
  "couldn't authenticate",
  'cannot authenticate user',
  'login attempt failed',
  'logon attempt failed',
  'invalid login',
  'non-existent login',
  'non-existent user',
  'login failure for',
  'logon failure',
  'logon failed',
  'failed to log in',
  'failed to login',
  'failed to sign in',
  'sign-in failed',
  'signin failed',
  'sign in failed',
  'authentication_failed',
  'authentication_failure',
  'invalid_credentials',
  'invalid credentials',
  'bad credentials',
  'password is incorrect',
  'password was incorrect',
  'wrong password',
  'wrong username',
  'invalid authentication',
  'authentication rejected',
  'login rejected',
  'login refused',
  'denied login',
  'user denied: ',
  'incorrect user',
  'incorrect username',
  'account does not exist',
  'user does not exist',
  ' locked user ',
  'account is locked',
  'account locked out',
  'is locked out',
  ' login fail"',
];

/**
 * Phrases that are a failure only after a look around them (see {@link genericPhraseAccepted}):
 * a quoted `"Unauthorized"` value (a JSON or key=value status of a request, Kubernetes' audit
 * `"reason":"Unauthorized"`); a JSON outcome `"result":"FAILURE"` / `"outcome":"failure"` of an
 * authentication event (its event type or action names a login, session start, sign-in or
 * authentication: Okta's System Log, ECS JSON in the message); `authentication for … Failed` with
 * the verdict last on the line (Cisco IOS `SSH2_USERAUTH`); `authentication request for "bob" has
 * been denied` (a refusal within 100 characters); a proxy's `TCP_DENIED/407` naming a user (Squid's
 * access log; `-` is the challenge, no credential sent).
 */
export const GENERIC_CHECKED_PHRASES: readonly string[] = ['"unauthorized"', '"result":"failure"', '"outcome":"failure"', 'authentication for ', 'authentication request', 'tcp_denied/407 '];

/** Whether checked phrase `k` of {@link GENERIC_CHECKED_PHRASES} at `at` is a failure. Reads at most 400 characters around it. */
export function genericPhraseAccepted(k: number, text: string, at: number): boolean {
  switch (k) {
    case 0: {
      // a value: `"reason":"Unauthorized"`, `status="Unauthorized"` (not prose quoting the word)
      const p = at > 0 ? text.charCodeAt(at - 1) : 0;
      return p === 58 || p === 61;
    }
    case 1:
    case 2:
      return authEventNear(text, at);
    case 3:
      return lastWordFailed(text, at);
    case 4: {
      const w = lower(text, at + 22, at + 122);
      return w.indexOf(' denied') >= 0 || w.indexOf(' rejected') >= 0 || w.indexOf(' failed') >= 0;
    }
    default:
      return proxyUserNamed(text, at + 15);
  }
}

/** Words of an authentication event's type or action (`user.session.start`, `user.authentication.auth_via_mfa`, `login`, `sign_in`). */
const AUTH_EVENT_WORDS = ['login', 'logon', 'signin', 'sign_in', 'sign-in', 'session.start', 'authentica', 'auth_via', 'password'] as const;

/** An authentication event's words in the 400 characters before `at` or the 200 after it (lower-cased window). */
function authEventNear(text: string, at: number): boolean {
  const w = lower(text, at > 400 ? at - 400 : 0, at + 200);
  for (const word of AUTH_EVENT_WORDS) if (w.indexOf(word) >= 0) return true;
  return false;
}

/** The message ends (within 300 characters of `at`, trailing spaces and a `.` aside) with the word `failed`. */
function lastWordFailed(text: string, at: number): boolean {
  let end = text.length;
  if (end - at > 300) return false;
  while (end > at && (text.charCodeAt(end - 1) === 32 || text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13 || text.charCodeAt(end - 1) === 46)) end--;
  return end - at > 25 && lower(text, end - 7, end) === ' failed';
}

/** Squid's native access line past `TCP_DENIED/407 `: bytes, method, URL, then the user, which names one (not `-`). */
function proxyUserNamed(text: string, i: number): boolean {
  const n = text.length < i + 600 ? text.length : i + 600;
  for (let field = 0; field < 3; field++) {
    while (i < n && text.charCodeAt(i) !== 32) i++;
    while (i < n && text.charCodeAt(i) === 32) i++;
  }
  const start = i;
  while (i < n && text.charCodeAt(i) !== 32) i++;
  return i > start && !(i === start + 1 && text.charCodeAt(start) === 45);
}

/** `text[from, to)` in lower case, clamped to the text. */
function lower(text: string, from: number, to: number): string {
  return text.slice(from < 0 ? 0 : from, to).toLowerCase();
}

/**
 * Markers of our own side being the one that failed to log in somewhere (case-insensitive), looked
 * for within 100 characters before the phrase and 140 after it: `authenticate to` / `as` (a sync
 * peer, an agent), a remote server or linked server refusing us, an upstream, a storage mount, a
 * git `remote:`, a routing `peer`, our connection to a backend.
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
] as const;

/**
 * True when a failure phrase at `at` is not a client's credential refused, by class:
 * - outbound: our side failed to log in somewhere (see {@link OUTBOUND_MARKERS}; a remote server's
 *   answer after the phrase, `server <host> said …`; a URL right after the phrase:
 *   `Authentication failed for 'https://git.example.com/x.git/'`);
 * - a summary or a ban after failures: `after 3 failed logins` (the failures themselves were
 *   logged one by one);
 * - a database client's own error: `Access denied for user` inside an exception or a connection
 *   error of ours (JDBC, a realm's data source), not the database server's log line.
 * Markers after the phrase that lie before a later ` from ` or ` port ` are ignored: that text is
 * what the client typed as its user name (`Failed password for invalid user upstream from
 * 192.0.2.1`; see {@link typedByClient}).
 * Reads at most 100 characters before the phrase and 260 after it.
 */
export function notAClientFailure(text: string, at: number): boolean {
  const before = lower(text, at > 100 ? at - 100 : 0, at);
  const after = lower(text, at, at + 260);
  for (const m of OUTBOUND_MARKERS) {
    if (before.indexOf(m) >= 0) return true;
    const k = after.indexOf(m);
    if (k >= 0 && k < 140 && !typedByClient(text, at, at + k)) return true;
  }
  if (remoteReply(text, at, after) || urlAfter(after)) return true;
  // a summary or a ban after failures: `logged in after 2 failed attempts`, `blocked after 5 failed logins`
  if (afterCount(before)) return true;
  if (after.startsWith('access denied for user')) {
    for (const m of DATABASE_CLIENT_MARKERS) if (before.indexOf(m) >= 0) return true;
  }
  return false;
}

/**
 * Whether position `k` after a failure phrase at `at` is inside the text a client typed (its user
 * name): before the last ` from ` or ` port ` in the 260 characters after the phrase, where the
 * daemon's own words resume (`Failed password for invalid user <typed> from <ip> port 22`,
 * `authenticating user <typed> <ip> port 22`), or after a `user=` key (PAM's `rhost=<ip>
 * user=<typed>`). A not-a-failure check must not read its markers there: a user name like
 * `server a[1]` or `reset by root` would otherwise turn an sshd failure into an exemption.
 */
export function typedByClient(text: string, at: number, k: number): boolean {
  if (k <= at) return false;
  const w = text.slice(at, at + 260);
  const from = w.lastIndexOf(' from ');
  const port = w.lastIndexOf(' port ');
  const end = at + (from > port ? from : port);
  if (k < end) return true;
  const user = w.indexOf('user=');
  return user >= 0 && at + user < k;
}

/** Words before a database's `Access denied` that make it our own connection's error. */
const DATABASE_CLIENT_MARKERS = ['exception', 'sqlstate', 'jdbc'] as const;

/**
 * A remote server answering us after the phrase: `server <host or address>` and then what it did
 * (`said`, `did not answer`, `rejected`, `refused`, `replied`, `returned`: `SMTP authentication
 * failed: server smtp.example.com said 535 …`, `server 173.243.138.1 did not answer`), within 140
 * characters of the phrase and not inside the client's typed text (see {@link typedByClient}). At most 4
 * occurrences of `server ` are looked at.
 */
function remoteReply(text: string, at: number, after: string): boolean {
  let k = after.indexOf('server ');
  for (let n = 0; k >= 0 && k < 140 && n < 4; n++) {
    let i = k + 7;
    const end = i + 64 < after.length ? i + 64 : after.length;
    while (i < end && after.charCodeAt(i) !== 32) i++;
    if (i > k + 7 && !typedByClient(text, at, at + k)) for (const w of SERVER_ACTS) if (after.startsWith(w, i)) return true;
    k = after.indexOf('server ', k + 7);
  }
  return false;
}

/** What a remote server did, after its name (lower case, with the space before). */
const SERVER_ACTS = [' said', ' did not', ' rejected', ' refused', ' replied', ' returned'] as const;

/**
 * A URL as what the phrase is about, right after it (within 40 characters: `failed for
 * 'https://…'`, `for https://…`, `to https://…`): the server we logged in to.
 */
function urlAfter(after: string): boolean {
  const k = after.indexOf('://');
  if (k < 0 || k > 40) return false;
  const h = after.lastIndexOf('http', k);
  if (h < 0 || k - h > 5) return false;
  let i = h;
  if (after.charCodeAt(i - 1) === 39 || after.charCodeAt(i - 1) === 34) i--;
  return after.endsWith('for ', i) || after.endsWith('to ', i);
}

/** The text before the phrase ends with `after <digits> ` (a count of earlier failures). */
function afterCount(before: string): boolean {
  let i = before.length;
  while (i > 0 && before.charCodeAt(i - 1) === 32) i--;
  const end = i;
  while (i > 0 && before.charCodeAt(i - 1) >= 48 && before.charCodeAt(i - 1) <= 57) i--;
  return i < end && end - i <= 6 && before.endsWith('after ', i);
}
