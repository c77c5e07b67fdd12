/**
 * Failed logins of applications beyond the system daemons: OpenVPN, Samba, xrdp, Grafana, Asterisk,
 * MongoDB, Keycloak, Nextcloud, Roundcube, Gitea / Gogs, RabbitMQ, Cisco ASA, Windows logon events. Their phrases join the brute-force
 * detector's one phrase scan (so a record that is no failure pays nothing more than slightly shorter
 * jumps), and the client is read by the shapes these applications write it in only when one of
 * their phrases matched. Linear, bounded, no regex.
 */

import { isIPv4, isIPv6 } from './client-address.js';
import { clientFromField, insideQuotes } from './client-field.js';
import { refusedLogin } from './auth-failure.js';
import { returnCodeClient } from './audit-return-code.js';

/**
 * Phrases (case-insensitive, 12 characters or more so the scan's jumps stay long) whose occurrence
 * is a failed login. Part of `DEFAULT_FAILURE_PHRASES`.
 */
export const APP_FAILURE_PHRASES: readonly string[] = [
  // OpenVPN: `TLS Auth Error: Auth Username/Password verification failed for peer`, `SENT CONTROL [u]: 'AUTH_FAILED'`
  // (`'AUTH_FAILED,reason'`), the auth-pam plugin's `PLUGIN_AUTH_USER_PASS_VERIFY failed`, a failed
  // `(--auth-user-pass-verify):` script, or the plugin call's `PLUGIN_AUTH_USER_PASS_VERIFY status=1` (1 is a refusal);
  // a client certificate refused in the TLS handshake: `1.2.3.4:5678 VERIFY ERROR: depth=0, error=certificate has expired`
  'tls auth error',
  "auth_failed'",
  'auth_failed,',
  'pass_verify failed',
  'pass_verify status=1',
  'pass-verify):',
  'verify error: depth=',
  // Samba: `status [NT_STATUS_WRONG_PASSWORD]`, `FAILED with error NT_STATUS_NO_SUCH_USER`, JSON audit `"status": "..."`
  'nt_status_wrong_password',
  'nt_status_no_such_user',
  'nt_status_logon_failure',
  'nt_status_account_locked_out',
  // the account's own state refused the logon (the password or ticket was tried)
  'nt_status_account_disabled',
  'nt_status_account_expired',
  'nt_status_password_expired',
  'nt_status_account_restriction',
  'nt_status_invalid_logon_hours',
  'nt_status_invalid_workstation',
  // xrdp-sesman: `AUTHFAIL: user=bob ip=::ffff:1.2.3.4 time=...` (xrdp's `login failed for user` is a generic phrase)
  'authfail: user=',
  // Asterisk's security log: `SecurityEvent="InvalidPassword"`, `"InvalidAccountID"`, `"ChallengeResponseFailed"`;
  // toll-fraud scans: `Call from '' (1.2.3.4:5060) to extension '0044…' rejected because extension not found`
  'invalidpassword"',
  'invalidaccountid"',
  'eresponsefailed"',
  'rejected because extension not found',
  // Keycloak events: `type=LOGIN_ERROR, `, `type="LOGIN_ERROR", `, and `type=\"LOGIN_ERROR\"` inside a JSON log line
  'login_error, ',
  'login_error"',
  'login_error\\"',
  // Gitea, Gogs: `Failed authentication attempt for bob from 1.2.3.4:5678`
  'failed authentication attempt',
  // RabbitMQ: `PLAIN login refused: user 'guest' - invalid credentials`, management's `HTTP access denied: user 'x' - invalid credentials`
  "' - invalid credentials",
  // Cisco ASA: `AAA user authentication Rejected : reason = ... : user IP = 1.2.3.4` (113005, 113015),
  // `Login denied from 1.2.3.4/5678 to outside:... for user "x"` (605004), WebVPN's `Group <g> User <u>
  // IP <1.2.3.4> Authentication: rejected` (716039)
  'user authentication rejected',
  'authentication: rejected',
  'login denied from ',
  // Windows Security event 4625 as forwarded to syslog: `An account failed to log on. ... Source Network Address: 1.2.3.4`
  'an account failed to log on',
];

/**
 * Phrases that are a failure only after a look around them (see {@link appPhraseAccepted}):
 * `failed to authenticate` (the words alone are also what a client of any service writes about its
 * own upstream) as MongoDB writes it (`"msg":"Failed to authenticate"` in 4.4+ JSON; before, `Failed
 * to authenticate bob@admin from client 1.2.3.4:5 with mechanism ...`) and Grafana (`msg="Failed to
 * authenticate request"`); Grafana's request line `method=POST path=/login status=401
 * remote_addr=1.2.3.4` (a 401 is a refused login as `refusedLogin` decides: not a `GET` naming no
 * user, `uname=`); Asterisk's `Registration from '<sip:…>' failed for '1.2.3.4:5060' - Wrong password`
 * (chan_sip; res_pjsip: `Request 'REGISTER' from '…' failed for '…' (callid: …) - No matching endpoint
 * found`): every reason it gives is a refused registration or request, so `' failed for '` after a
 * `from '` counts. (Grafana's `Invalid username or password` is the generic `invalid user`.)
 */
export const APP_CHECKED_PHRASES: readonly string[] = ['failed to authenticate', 'us=401 remote_addr=', "' failed for '"];

/** Whether checked phrase `k` of {@link APP_CHECKED_PHRASES} at `at` is a failure. Reads at most 300 characters around it. */
export function appPhraseAccepted(k: number, text: string, at: number): boolean {
  if (k === 0) {
    const end = at + 22;
    // `"msg":"Failed to authenticate"` (MongoDB), `msg="Failed to authenticate request"` (Grafana)
    if (text.charCodeAt(end) === 34) return at >= 7 && text.startsWith('"msg":"', at - 7);
    if (text.startsWith(' request"', end)) return true;
    // `Failed to authenticate user <bob> from …`: the user a client named (not `to <server>` / `as <us>`)
    if (startsWithUserWord(text, end) || text.startsWith(' from ', end)) return true;
    // (searched in a slice: a text repeating the phrase costs no more than its length)
    return text.slice(end, end + 120).indexOf(' from client ') >= 0;
  }
  if (k === 2) return text.slice(at > 300 ? at - 300 : 0, at).indexOf(" from '") >= 0;
  // Grafana: `uname=<user> ... method=<m> path=<p> status=401`, written in that order by its request logger
  const w = text.slice(at > 240 ? at - 240 : 0, at);
  return refusedLogin(401, logfmtValue(w, 'method='), logfmtValue(w, 'uname='), logfmtValue(w, 'path='));
}

/** ` user ` / ` username ` / ` user:` at `i`, any case. */
function startsWithUserWord(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 32 || (text.charCodeAt(i + 1) | 32) !== 117) return false;
  const w = text.slice(i + 1, i + 10).toLowerCase();
  return w.startsWith('user ') || w.startsWith('username') || w.startsWith('user:') || w.startsWith('user=');
}

/** The value of logfmt key `key` (with its `=`, at the start of `s` or after a space) in `s`, '' when absent or empty. */
function logfmtValue(s: string, key: string): string {
  let at = s.indexOf(key);
  while (at > 0 && s.charCodeAt(at - 1) !== 32) at = s.indexOf(key, at + 1);
  if (at < 0) return '';
  let i = at + key.length;
  const v = i;
  while (i < s.length && i - v < 128 && s.charCodeAt(i) !== 32) i++;
  return s.slice(v, i);
}

/**
 * Markers after which these applications write the client, in the order tried: Samba's
 * `remote host [ipv4:1.2.3.4:port]` and JSON audit `"remoteAddress": "ipv4:1.2.3.4:port"` (before the
 * local address the generic reading would find first), Asterisk's security log
 * `RemoteAddress="IPV4/UDP/1.2.3.4/5060"` and `failed for '1.2.3.4:5060'` (after a SIP URI naming the
 * server), Grafana's `remote_addr=`, Keycloak's `ipAddress=`, Nextcloud's `(Remote IP: '1.2.3.4')`,
 * xrdp-sesman's `ip=::ffff:1.2.3.4:port`, Cisco ASA's `user IP = 1.2.3.4` and `IP <1.2.3.4>`, Windows
 * event 4625's `Source Network Address: 1.2.3.4`.
 */
const CLIENT_MARKERS = [
  'remote host [ipv',
  '"remoteAddress": "ipv',
  'RemoteAddress="IPV',
  "failed for '",
  'remote_addr=',
  'ipAddress=',
  '(Remote IP: ',
  ' ip=',
  'user IP = ',
  ' IP <',
  'Source Network Address: ',
] as const;
/** Markers of {@link CLIENT_MARKERS} followed by `ipv4:` / `ipv6:` and an address whose port always follows. */
const SAMBA_MARKERS = 2;
/** Index of Asterisk's `RemoteAddress="IPV` in {@link CLIENT_MARKERS}. */
const ASTERISK_SECURITY = 2;

/** Characters of a message searched for these clients. */
const MAX_SCAN = 2048;

/**
 * The client of an application's failure line (called only when one of the phrases above matched):
 * the address after the first of {@link CLIENT_MARKERS} present, IPv4 or IPv6, without its port,
 * `::ffff:1.2.3.4` as `1.2.3.4`; else undefined (the generic reading applies, then {@link appFailureUser}).
 */
export function appFailureClient(text: string): string | undefined {
  // a length-prefixed audit record's TNS address (audit-return-code.ts), when its return code was the failure
  const audit = returnCodeClient(text);
  if (audit !== undefined) return audit;
  // the markers are searched in the first MAX_SCAN characters only
  const message = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const n = message.length;
  for (let m = 0; m < CLIENT_MARKERS.length; m++) {
    const at = message.indexOf(CLIENT_MARKERS[m]);
    if (at < 0 || at >= n) continue;
    let i = at + CLIENT_MARKERS[m].length;
    if (m < SAMBA_MARKERS) {
      // `ipv4:` / `ipv6:` (the `ipv` is in the marker)
      if (message.charCodeAt(i + 1) !== 58) continue;
      const ip = addressWithPort(message, i + 2, n, true);
      if (ip !== undefined) return ip;
      continue;
    }
    if (m === ASTERISK_SECURITY) {
      // `IPV4/UDP/1.2.3.4/5060`: the address is the third field
      const slash = message.indexOf('/', i + 2);
      if (slash < 0 || slash > i + 12) continue;
      const ip = addressWithPort(message, slash + 1, n, false);
      if (ip !== undefined) return ip;
      continue;
    }
    // a quoted value: `ipAddress="1.2.3.4"`, `ipAddress=\"1.2.3.4\"` (inside JSON), `(Remote IP: '1.2.3.4')`
    if (message.charCodeAt(i) === 92) i++;
    const q = message.charCodeAt(i);
    if (q === 34 || q === 39) i++;
    const ip = addressWithPort(message, i, n, false);
    // a marker inside a quoted value (`msg="… by user 'a ip=10.0.0.5'"`) gives way to a client field outside the quotes
    if (ip !== undefined) return insideQuotes(message, at) ? (clientFromField(message, n) ?? ip) : ip;
  }
  return undefined;
}

/**
 * The user of an application's failure line that names no client, as `user:<name>` (lower case), or
 * undefined: Samba's `Authentication for user [bob] -> [bob] FAILED`, RabbitMQ's `login refused: user
 * 'bob'` / `access denied: user 'bob'` (the address is on the connection's earlier line), a `locked
 * user [bob]` (Tomcat's LockOutRealm). Also read for the generic phrases of generic-auth-failure.ts.
 */
export function appFailureUser(text: string): string | undefined {
  const message = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const n = message.length;
  for (const [marker, close] of USER_MARKERS) {
    const at = message.indexOf(marker);
    if (at < 0 || at >= n) continue;
    const start = at + marker.length;
    let i = start;
    while (i < n && i - start < 64 && isUserChar(message.charCodeAt(i))) i++;
    if (i > start && message.charCodeAt(i) === close) return `user:${message.slice(start, i).toLowerCase()}`;
  }
  return undefined;
}

/** Markers before a user name and the character that must close it. */
const USER_MARKERS: readonly [string, number][] = [
  ['Authentication for user [', 93],
  ["refused: user '", 39],
  ["denied: user '", 39],
  // a locked account (generic-auth-failure.ts' ` locked user `): Tomcat's `authenticate the locked user [admin]`
  ['locked user [', 93],
];

/** Letters, digits, `.`, `_`, `-`, `@`, `$` (a machine account): the characters of a user name read here. */
function isUserChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || c === 64 || c === 36;
}

/**
 * The address starting at `i`: IPv4 (possibly `:port`), `[IPv6]:port`, `::ffff:1.2.3.4` (possibly
 * `:port`) as the IPv4 address, or IPv6; with `portFollows` (Samba's `ipv6:2001:db8::1:445`) the last
 * `:` group is the port. Reads at most 56 characters.
 */
function addressWithPort(s: string, i: number, n: number, portFollows: boolean): string | undefined {
  if (s.charCodeAt(i) === 91) {
    let close = i + 1;
    while (close < n && close < i + 48 && s.charCodeAt(close) !== 93) close++;
    if (s.charCodeAt(close) !== 93) return undefined;
    const v6 = s.slice(i + 1, close).toLowerCase();
    return isIPv6(v6) ? v6 : undefined;
  }
  const start = i;
  while (i < n && i - start < 56 && isAddressChar(s.charCodeAt(i))) i++;
  let text = s.slice(start, i);
  if (text.endsWith('.') || text.endsWith(':')) text = text.slice(0, -1);
  if (isIPv4(text)) return text;
  let lower = text.toLowerCase();
  if (lower.startsWith('::ffff:')) lower = lower.slice(7);
  const colon = lower.lastIndexOf(':');
  if (colon > 0 && isIPv4(lower.slice(0, colon)) && isDigits(lower, colon + 1, lower.length)) return lower.slice(0, colon);
  if (isIPv4(lower)) return lower;
  if (portFollows && colon > 0 && isDigits(lower, colon + 1, lower.length)) lower = lower.slice(0, colon);
  return isIPv6(lower) ? lower : undefined;
}

function isAddressChar(c: number): boolean {
  return (c >= 48 && c <= 58) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isDigits(s: string, from: number, to: number): boolean {
  if (to <= from || to - from > 5) return false;
  for (let k = from; k < to; k++) if (s.charCodeAt(k) < 48 || s.charCodeAt(k) > 57) return false;
  return true;
}
