import type { LogEvent } from '../core/log-event.js';
import { KeyTable } from '../core/key-table.js';
import { addressAt } from './client-address.js';
import { ldapBindRefused } from './ldap-bind-result.js';
import { syslogBodyStart } from './syslog-header.js';

/** Characters of a message's body read for a session's token, its address and its verbs (before any quote). */
const REGION = 256;
/** The token is one of the body's first words (a bracketed timestamp and a verb may come first: `[01/Dec/2026:10:01:00 +0000] BIND RES conn=31`). */
const TOKEN_WORDS = 6;
/** Names of a session token, `name=id`. */
const TOKEN_NAMES = ['connection', 'session', 'conn'] as const;
/** The failure phrase of a login attempt (`DEFAULT_FAILURE_PHRASES`' `authenticating user`), where brute-force.ts reports it found. */
export const ATTEMPT = 'authenticating user';
/** Words after the token within which a connection line names its client (`conn=5 fd=12 slot=64 SSL connection from`). */
const FROM_WORDS = 6;
/** Characters of a session id at most. */
const MAX_ID = 40;
/** Characters of a user name read for a login attempt at most. */
const MAX_USER = 64;
/** Record fields naming the stream a record comes from (OTel resource attributes, journald fields), in this order. */
const STREAM_FIELDS = ['service.name', 'service.instance.id', 'host.name', 'process.pid', '_HOSTNAME', 'SYSLOG_IDENTIFIER', '_PID'] as const;
/** A login attempt's client, remembered for two attempts of one user from different clients: no client. */
const AMBIGUOUS = '';
const NONE = -1;

/** Defaults of {@link SessionJoin}. */
export const SESSION_JOIN_DEFAULTS = Object.freeze({ maxSessions: 10_000, idle: 600_000 });

/**
 * The client of a connection or session named on an earlier line, for the failure lines that name the
 * session but not the client (OpenLDAP slapd, 389 Directory Server, OpenDJ: `conn=1005 fd=12 ACCEPT
 * from IP=203.0.113.7:51234`, then `conn=1005 op=0 RESULT tag=97 err=49`). Two kinds of lines open one:
 *
 * - A **session token**, the line's first `key=value` field, named `conn`, `connection` or `session`
 *   (any case) with an id that has a digit, among the body's first 6 words (a bracketed timestamp and a
 *   verb may come first), and, at most 6 words after it, `from` and the client (`from 1.2.3.4`,
 *   `from IP=1.2.3.4:5`, `from=[2001:db8::1]:5`), on a line that is not a failure itself. A later line
 *   of the stream with the token that is a failure (the failure phrases, or an LDAP bind refused:
 *   ldap-bind-result.ts) gets that client; a line with the token and `closed`, `close`, `closing`,
 *   `disconnect` or `disconnected` forgets the session.
 * - A **login attempt** that names its user and ends with the client (`Authenticating user 'bob' from
 *   [::ffff:1.2.3.4]:5`, ClickHouse; found by the failure phrase scan, `attemptAt`): the next failure of
 *   the stream written `bob: <failure phrase>` gets that client, once. Two attempts of one user from
 *   different clients before it: neither.
 *
 * Only the text before the body's first quote is read for a verb and a `from`, and an attempt's client
 * is the line's last word: a user name, a DN, a URL or a filter (quoted, or written before the client)
 * cannot bind another address to a session. Sessions are scoped by stream: the record's `service.name`,
 * `service.instance.id`, `host.name`, `process.pid` (journald `_HOSTNAME`, `SYSLOG_IDENTIFIER`, `_PID`)
 * and the syslog header's host and program, so two servers' `conn=5` are two sessions. At most
 * `maxSessions` [10000] sessions (least recently used evicted), each dropped after `idle` ms [600000] of
 * record time without a line. A record whose first `=` (within 256 characters) is no token costs one
 * single-character search and allocates nothing.
 */
export class SessionJoin {
  private readonly table: KeyTable<never>;
  /** The client of each session, by node. */
  private readonly clients: (string | undefined)[];
  /** The record time of each session's last line, by node. */
  private readonly times: Float64Array;
  private readonly isIdle: (node: number) => boolean;
  private now = 0;

  constructor(
    readonly maxSessions: number = SESSION_JOIN_DEFAULTS.maxSessions,
    readonly idleMs: number = SESSION_JOIN_DEFAULTS.idle,
  ) {
    this.table = new KeyTable<never>(maxSessions, { ghost: false });
    this.clients = new Array<string | undefined>(maxSessions).fill(undefined);
    this.times = new Float64Array(maxSessions);
    this.isIdle = (node) => this.now - this.times[node] >= this.idleMs;
  }

  /** Sessions remembered. */
  get size(): number {
    return this.table.size;
  }

  /** Forget the sessions without a line for `idle` ms at record time `now`; returns how many went. */
  evictIdle(now: number): number {
    this.now = now;
    return this.table.evictIdleNodes(this.isIdle);
  }

  /**
   * Read one record at record time `time`: remember or forget the session it opens or closes, and for a
   * failure return the client of its session (undefined when it names none the join knows).
   * `failure`: the record is a failure by its words; `keyless`: one that names no client itself;
   * `hitAt`: where its failure phrase starts (-1: none).
   */
  observe(event: LogEvent, time: number, failure: boolean, keyless: boolean, hitAt: number, attemptAt: number): string | undefined {
    const msg = event.message;
    const eq = mayOpenSession(msg);
    const token = eq > 0 ? this.tokenAt(msg, eq) : NONE;
    if (token === NONE && !keyless && attemptAt < 0) return undefined;
    this.now = time;
    const body = syslogBodyStart(msg);
    if (token !== NONE && wordsBefore(msg, body, token) < TOKEN_WORDS) return this.sessionLine(event, msg, body, quoteOrEnd(msg, body), failure, keyless);
    if (keyless) return hitAt >= 0 ? this.attemptFailure(event, msg, body, hitAt) : undefined;
    if (attemptAt >= 0) this.attemptLine(event, msg, body, attemptAt);
    return undefined;
  }

  // the token found by tokenAt: its id from `idStart` to `idEnd`, the text after it from `afterToken`
  private idStart = 0;
  private idEnd = 0;
  private afterToken = 0;

  /** A line with a session token (its id in idStart..idEnd). */
  private sessionLine(event: LogEvent, msg: string, body: number, end: number, failure: boolean, keyless: boolean): string | undefined {
    const key = `${streamOf(event, msg, body)}\u0000${msg.slice(this.idStart, this.idEnd)}`;
    const t = this.table;
    if (keyless || (!failure && ldapBindRefused(msg, body, end))) {
      const node = this.liveNode(key);
      if (node === NONE) return undefined;
      this.times[node] = this.now;
      return this.clients[node];
    }
    if (hasCloseWord(msg, body, end)) {
      t.delete(key);
      return undefined;
    }
    if (failure) return undefined;
    const client = fromClient(msg, this.afterToken, end);
    if (client === undefined) {
      const node = this.liveNode(key);
      if (node !== NONE) this.times[node] = this.now;
      return undefined;
    }
    this.remember(key, client, false);
    return undefined;
  }

  /** `Authenticating user <name> from <client>` (the phrase at `at`): the attempt remembered for the user's next failure. */
  private attemptLine(event: LogEvent, msg: string, body: number, at: number): void {
    if (at < body || at - body > REGION || msg.charCodeAt(at + ATTEMPT.length) !== 32) return;
    const nameStart = at + ATTEMPT.length + 1;
    // the client: the line's last word, after its last ` from `
    let last = msg.length;
    while (last > nameStart && msg.charCodeAt(last - 1) === 32) last--;
    const from = msg.lastIndexOf(' from ', last);
    if (from <= nameStart) return;
    const client = addressWord(msg, from + 6, last);
    if (client === undefined) return;
    let a = nameStart;
    let b = from;
    const q = msg.charCodeAt(a);
    if ((q === 39 || q === 34) && msg.charCodeAt(b - 1) === q && b - a >= 2) {
      a++;
      b--;
    }
    if (b <= a || b - a > MAX_USER) return;
    this.remember(`${streamOf(event, msg, body)}\u0001${msg.slice(a, b)}`, client, true);
  }

  /** A failure written `<user>: <phrase>` (the phrase at `hitAt`): the client of that user's attempt, once. */
  private attemptFailure(event: LogEvent, msg: string, body: number, hitAt: number): string | undefined {
    if (hitAt < body + 3 || msg.charCodeAt(hitAt - 1) !== 32 || msg.charCodeAt(hitAt - 2) !== 58) return undefined;
    const b = hitAt - 2;
    let a = b;
    while (a > body && b - a < MAX_USER && msg.charCodeAt(a - 1) !== 32) a--;
    if (a === b || msg.charCodeAt(a - 1) !== 32) return undefined;
    const key = `${streamOf(event, msg, body)}\u0001${msg.slice(a, b)}`;
    const node = this.liveNode(key);
    if (node === NONE) return undefined;
    const client = this.clients[node];
    this.table.delete(key);
    return client === AMBIGUOUS ? undefined : client;
  }

  /** The node of session `key` unless it has been idle for `idle` ms (eviction runs once a second of record time: whether it ran changes nothing). */
  private liveNode(key: string): number {
    const node = this.table.nodeOf(key);
    return node !== NONE && this.isIdle(node) ? NONE : node;
  }

  private remember(key: string, client: string, attempt: boolean): void {
    const t = this.table;
    let node = t.nodeOf(key);
    if (node === NONE) node = t.insert(key);
    else if (this.isIdle(node)) attempt = false;
    else if (attempt && this.clients[node] !== client) client = AMBIGUOUS;
    this.clients[node] = client;
    this.times[node] = this.now;
  }

  /** The start of the session token whose `=` is at `eq` (`conn=N`, `connection=N`, `session=N`, any case; its id kept in idStart..idEnd), or -1. */
  private tokenAt(msg: string, eq: number): number {
    for (const w of TOKEN_NAMES) {
      const start = eq - w.length;
      if (start < 0) continue;
      const before = start > 0 ? msg.charCodeAt(start - 1) : 32;
      if (before !== 32 && before !== 91 && before !== 40) continue;
      let k = 0;
      while (k < w.length && (msg.charCodeAt(start + k) | 32) === w.charCodeAt(k)) k++;
      if (k < w.length) continue;
      let end = eq + 1;
      while (end < msg.length && end - eq <= MAX_ID + 1 && msg.charCodeAt(end) !== 32) end++;
      return this.setId(msg, eq + 1, end) ? start : NONE;
    }
    return NONE;
  }

  /** Whether `msg[a, b)` is a session id (letters, digits, `-`, `_`, `.`, at least one digit; a trailing `:` or `,` dropped): kept in idStart..idEnd. */
  private setId(msg: string, a: number, b: number): boolean {
    const last = msg.charCodeAt(b - 1);
    if (last === 58 || last === 44) b--;
    if (b <= a || b - a > MAX_ID) return false;
    let digits = 0;
    for (let k = a; k < b; k++) {
      const c = msg.charCodeAt(k);
      if (c >= 48 && c <= 57) digits++;
      else if (!((c | 32) >= 97 && (c | 32) <= 122) && c !== 45 && c !== 95 && c !== 46) return false;
    }
    if (digits === 0) return false;
    this.idStart = a;
    this.idEnd = b;
    this.afterToken = b;
    return true;
  }
}

/**
 * Where the `=` of a session token may be in `msg` (its first `=`, within 256 characters, after an `n`:
 * every token name ends in `n`), or -1: one search for a single character, so a record that names no
 * session costs little more (for callers that skip {@link SessionJoin.observe} on most records).
 */
export function mayOpenSession(msg: string): number {
  const eq = msg.indexOf('=');
  return eq > 0 && eq < REGION && (msg.charCodeAt(eq - 1) | 32) === 110 ? eq : -1;
}

/** Where the region read for tokens ends: the body's first quote, or REGION characters on. */
function quoteOrEnd(msg: string, body: number): number {
  const n = Math.min(msg.length, body + REGION);
  for (let i = body; i < n; i++) {
    const c = msg.charCodeAt(i);
    if (c === 34 || c === 39 || c === 96) return i;
  }
  return n;
}

/** Words of `msg` from `body` to `at` (at most TOKEN_WORDS are counted). */
function wordsBefore(msg: string, body: number, at: number): number {
  let words = 0;
  let inWord = false;
  for (let i = body; i < at && words < TOKEN_WORDS; i++) {
    const space = msg.charCodeAt(i) === 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Whether a word of `msg[a, b)` says the session ends: `closed`, `close`, `closing`, `disconnect`, `disconnected` (any case). */
function hasCloseWord(msg: string, a: number, b: number): boolean {
  let i = a;
  while (i < b) {
    while (i < b && msg.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < b && msg.charCodeAt(i) !== 32) i++;
    const len = i - start;
    if (len < 5 || len > 12) continue;
    const c = msg.charCodeAt(start) | 32;
    if (c === 99 ? CLOSE_WORDS.some((w) => isWord(msg, start, len, w)) : c === 100 && DISCONNECT_WORDS.some((w) => isWord(msg, start, len, w))) return true;
  }
  return false;
}
const CLOSE_WORDS = ['closed', 'close', 'closing'] as const;
const DISCONNECT_WORDS = ['disconnect', 'disconnected'] as const;

/** Whether `msg[start, start + len)` is `word` (lower case), ignoring ASCII case. */
function isWord(msg: string, start: number, len: number, word: string): boolean {
  if (len !== word.length) return false;
  for (let k = 0; k < len; k++) if ((msg.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/** The client after `from` within FROM_WORDS words of `msg[a, b)`: `from 1.2.3.4`, `from IP=1.2.3.4:5`, `from=[::1]:5`; undefined when none. */
function fromClient(msg: string, a: number, b: number): string | undefined {
  let i = a;
  for (let w = 0; w < FROM_WORDS && i < b; w++) {
    while (i < b && msg.charCodeAt(i) === 32) i++;
    const start = i;
    while (i < b && msg.charCodeAt(i) !== 32) i++;
    if (i - start < 4 || (msg.charCodeAt(start) | 32) !== 102 || !msg.startsWith('rom', start + 1)) continue;
    if (i - start > 5 && msg.charCodeAt(start + 4) === 61) return addressWord(msg, start + 5, i);
    if (i - start !== 4) continue;
    let j = i;
    while (j < b && msg.charCodeAt(j) === 32) j++;
    let k = j;
    while (k < b && msg.charCodeAt(k) !== 32) k++;
    return addressWord(msg, msg.startsWith('IP=', j) ? j + 3 : j, k);
  }
  return undefined;
}

/** The address that is the word `msg[a, b)` (`1.2.3.4`, `1.2.3.4:5`, `[2001:db8::1]:5`, `2001:db8::1`), or undefined. */
function addressWord(msg: string, a: number, b: number): string | undefined {
  if (msg.charCodeAt(a) === 91) {
    const close = msg.indexOf(']', a);
    if (close < 0 || close >= b) return undefined;
    return close > a + 1 ? addressAt(msg, a + 1, close) : undefined;
  }
  return b > a ? addressAt(msg, a, b) : undefined;
}

/** The stream a record comes from: its stream fields and its syslog header's host and program (see {@link SessionJoin}). */
function streamOf(event: LogEvent, msg: string, body: number): string {
  let s = '';
  const a = event.attributes;
  for (const f of STREAM_FIELDS) {
    const v = a[f];
    if (typeof v === 'string' || typeof v === 'number') s += `${v}\u0002`;
  }
  if (body === 0) return s;
  if (msg.charCodeAt(0) === 60) {
    // RFC 5424 `<pri>1 TIMESTAMP HOST APP PROCID ...`: HOST APP PROCID
    let i = msg.indexOf(' ', msg.indexOf(' ') + 1) + 1;
    const start = i;
    for (let f = 0; f < 3 && i > 0 && i < body; f++) i = msg.indexOf(' ', i) + 1;
    return i > start ? s + msg.slice(start, i) : s;
  }
  // `... host prog[12]: `: the two words before the body
  const tagEnd = body - 1;
  const tag = msg.lastIndexOf(' ', tagEnd - 1);
  const host = tag > 0 ? msg.lastIndexOf(' ', tag - 1) : -1;
  return s + msg.slice(host + 1, tagEnd);
}
