import { boundedKey, MAX_KEY_LENGTH } from '../core/bounded-key.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { formatDuration, parseDuration, type Duration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkBoolean, checkInteger, checkOptions, checkString } from '../core/validate.js';
import { canonicalClient } from './client-address.js';
import { ClientBlocks } from './client-blocks.js';
import { checkBurstState, readSavedClients } from './client-state.js';
import { bsdSuFailure, phraseNotAFailure, refusedLogin, suLogUser, USER_NOT_FOUND_PHRASE, userBeforeNotFound, userFromMessage } from './auth-failure.js';
import { APP_CHECKED_PHRASES, APP_FAILURE_PHRASES, appFailureClient, appFailureUser, appPhraseAccepted } from './app-auth-failure.js';
import { GENERIC_CHECKED_PHRASES, GENERIC_FAILURE_PHRASES, genericPhraseAccepted, notAClientFailure } from './generic-auth-failure.js';
import { IdleEviction, type IdleEvictable } from './idle-eviction.js';
import { ATTEMPT, mayOpenSession, SessionJoin } from './session-join.js';
import { isTime, RecordClock, type RecordClockState } from './record-clock.js';
import type { AccessRequest } from '../input/request-line.js';
import { PhraseSet } from './phrase-set.js';
import { proxyLogRefusedClient, quotedRequestRefusedClient } from './proxy-log-line.js';
import { w3cRefusedClient } from './w3c-log-line.js';
import { DEFAULT_CLIENT_FIELDS, RecordView } from './record-view.js';

/** Message phrases (case-insensitive) that mark a failed login by default. */
export const DEFAULT_FAILURE_PHRASES: readonly string[] = [
  // generic
  'failed password',
  'authentication failure',
  'authentication failed',
  'invalid user',
  'login failed',
  'failed login',
  'login incorrect',
  'incorrect password',
  'invalid password',
  'bad password',
  'password mismatch',
  'unknown user',
  'user unknown',
  'no such user',
  // sshd
  'failed publickey for',
  'failed keyboard-interactive',
  'failed none for',
  'failed hostbased for',
  'failed gssapi-with-mic',
  'authentication methods available',
  'maximum authentication attempts',
  'authenticating user',
  'not allowed because',
  'root login refused',
  'too many authentication failures',
  'more authentication failures',
  'auth fail [preauth]',
  'illegal user',
  // Dropbear
  'nonexistent user',
  'bad pam password',
  'max auth tries reached',
  // PAM, su, sudo
  'consecutive login failures',
  'failed su (to',
  'failed su for',
  'incorrect password attempt',
  'user not in sudoers',
  'could not identify password',
  'not authorized on host',
  'command not allowed ; ',
  'password is required ; ',
  'too many login tries',
  // BSD login: `N LOGIN FAILURE(S) ON <tty>, <user>` / `FROM <host>, <user>`
  'login failure on ',
  'login failures on ',
  'login failure from ',
  'login failures from ',
  'user not known to the underlying',
  // FTP and mail daemons (phrases of 12 characters or more keep the scan's jumps long)
  'fail login: client',
  'maximum login attempts',
  'root login attempted',
  '(auth failed,',
  'authenticator failed',
  // Dovecot's LDAP passdb: `auth: ldap(bob,192.0.2.1,<id>): invalid credentials` (LDAP result 49)
  '): invalid credentials',
  'password incorrect',
  'smtp attack: command=auth',
  // Apache and nginx auth
  '" was not found in "',
  'no user/password was provided',
  'wrong authentication scheme',
  'realm mismatch',
  // database servers (MySQL / MariaDB, PostgreSQL)
  'access denied for user',
  'no pg_hba.conf entry',
  'fatal:  role "',
  // any daemon's words (generic-auth-failure.ts)
  ...GENERIC_FAILURE_PHRASES,
  // applications: OpenVPN, Samba, xrdp, Grafana, Asterisk, MongoDB, Keycloak, Gitea, RabbitMQ (app-auth-failure.ts)
  ...APP_FAILURE_PHRASES,
];

/** Characters of a message searched for the failure phrases. */
const MAX_SCAN = 8192;
/**
 * Occurrences of the default phrases looked around (and refused) per record before the rest of the
 * record's occurrences are refused unread: each look reads up to a few thousand characters
 * (`phraseNotAFailure` reads from the message start), so a line repeating a phrase thousands of
 * times would cost quadratic work; a real failure has its phrase among its first few.
 */
const MAX_LOOKS = 16;
/** An access line's request quote lies within its first characters (client, ident, user, time): looked for there only. */
const ACCESS_QUOTE_WITHIN = 2048;

/** Defaults of {@link BruteForceDetectorOptions}. */
export const BRUTE_FORCE_DEFAULTS = Object.freeze({
  id: 'brute_force',
  groupBy: DEFAULT_CLIENT_FIELDS,
  threshold: 5,
  window: '10m' as Duration,
  maxKeys: 10_000,
  maxSkew: '1h' as Duration,
  parseMessage: true,
} as const);
const DEFAULTS = { ...BRUTE_FORCE_DEFAULTS, sampleLength: 120 } as const;

/** Version of the {@link BruteForceDetector.toJSON} state. */
const STATE_VERSION = 1;

/**
 * Decides whether a record is a failed login. Gets the record and, when the message is an
 * access-log line, its parsed request (read-only; do not keep either).
 */
export type FailureMatcher = (event: LogEvent, request: AccessRequest | undefined) => boolean;

/** Options of {@link BruteForceDetector}; defaults in brackets. */
export interface BruteForceDetectorOptions {
  /** Detector id ['brute_force']. */
  id?: string;
  /**
   * Which records are failed logins: a function, or message phrases (case-insensitive). Default:
   * {@link DEFAULT_FAILURE_PHRASES} in the message (sshd, PAM, su/sudo, FTP and mail daemons, Apache
   * and nginx auth, database servers; OpenVPN, Samba, xrdp, Grafana, Asterisk, MongoDB, Keycloak, Gitea,
   * RabbitMQ: see app-auth-failure.ts; any daemon's words: generic-auth-failure.ts), `user ... not found` (Apache), `event.outcome` = `failure` on an
   * authentication event, an HTTP 401 response, or a 403 from a login endpoint (`/login`,
   * `/users/sign_in`, `/oauth/token`, `/wp-login.php`, `/xmlrpc.php`).
   */
  match?: FailureMatcher | string[];
  /** Field(s) holding the client [client.address, source.address, client.ip, source.ip]. */
  groupBy?: string | string[];
  /** Failed logins per client within `window` that raise the signal [5] (fail2ban's maxretry). */
  threshold?: number;
  /** Sliding window ['10m'] (fail2ban's findtime). */
  window?: Duration;
  /**
   * Clients tracked at most [10000], in a segmented LRU (see `ClientTable`): clients with two
   * failures in the window are protected from floods of one-failure clients.
   */
  maxKeys?: number;
  /** A record more than this ahead of the newest record time counts at that time instead of moving the clock ['1h']. */
  maxSkew?: Duration;
  /**
   * Read the client (and status) from the message when attributes lack them [true]: an access-log
   * line's client, or the client a daemon names (see `clientFromMessage`: `from <ip or host>`,
   * `client: <ip>`, `rhost=`, `rip=`, `[client <ip>:port]`, `From: `, `src=`, `remote_addr=`, or an address standing alone; IPv4 and
   * IPv6). With the default `match`, a failure that names no client but a user (su, sudo, console
   * logins: `ruser=bob`, `bob : 3 incorrect password attempts`) is keyed `user:<name>`.
   */
  parseMessage?: boolean;
}

const OPTION_KEYS = ['id', 'match', 'groupBy', 'threshold', 'window', 'maxKeys', 'maxSkew', 'parseMessage'] as const;

/**
 * Brute-force detector: counts failed logins per client in a sliding window of record time and
 * raises `brute_force` (kind `security`, severity `high`, key: the client) when a client reaches
 * `threshold` (default 5) failures within `window` (default 10 minutes). One signal per episode:
 * the client is reported again only after a whole window without failures. Records without a
 * client key are ignored. Evidence: `count`, `threshold`, `window`, `groupBy` (where the key came
 * from), `sample` (the triggering message, truncated). Memory: at most `maxKeys` clients, each
 * `threshold` timestamps; idle clients are evicted. With the default `match` and `parseMessage`, a
 * failure that names only its session (`conn=1005 op=0 RESULT tag=97 err=49`) is keyed by the client of
 * the session's earlier line (`conn=1005 fd=12 ACCEPT from IP=…`): see session-join.ts (at most
 * `maxKeys` sessions, idle after `window`).
 */
export class BruteForceDetector implements Detector {
  readonly id: string;
  readonly kind = 'security' as const;
  readonly threshold: number;
  readonly windowMs: number;
  private readonly groupBy: readonly string[];
  private readonly matcher: FailureMatcher | undefined;
  /** The failure phrases, all looked for in one case-insensitive scan; undefined with a `match` function. */
  private readonly phrases: PhraseSet | undefined;
  /** The default rule also accepts failed auth events and HTTP 401. */
  private readonly defaultMatch: boolean;
  /** Read the client (or, for a local login, the user) from the message. */
  private readonly parseMessage: boolean;
  /** The clients and, by node, their windows. */
  private clients: ClientBlocks;
  private idle: IdleEviction;
  private readonly view: RecordView;
  /** True when it reads the message's access-log line (`parseMessage`). */
  readonly readsRequest: boolean;
  private readonly clock: RecordClock;
  private readonly maxKeys: number;
  /** Client keys longer than `MAX_KEY_LENGTH` shortened by `boundedKey` (cumulative). */
  longKeys = 0;
  /** The record's failure phrase is an application's or a generic one (app-auth-failure.ts, generic-auth-failure.ts): its client is read by the applications' shapes first. */
  private appHit = false;
  /**
   * Where the default phrase scan accepted its phrase (-1: none). Whether it is a client's failure at
   * all (generic-auth-failure.ts' `notAClientFailure`) is asked only once the record names a client:
   * most matched lines that name none cost nothing more.
   */
  private hitAt = -1;
  /** The client of a load balancer's log line refusing a login (proxy-log-line.ts), read while deciding the failure. */
  private proxyClient: string | undefined;
  /** Phrase occurrences looked around in the current record (see `MAX_LOOKS`). */
  private looks = 0;
  /** The clients of sessions named on earlier lines (session-join.ts), with the default `match` and `parseMessage`; `maxKeys` sessions, idle after `window`. */
  private readonly sessions: SessionJoin | undefined;
  /** The idle clients and sessions, evicted together (one check per record). */
  private readonly idleState: IdleEvictable = { evictIdle: (now) => this.clients.evictIdle(now) + (this.sessions === undefined ? 0 : this.sessions.evictIdle(now)) };
  /** Where the phrase scan found a login attempt (`ATTEMPT`, accepted as a failure or not) in the current record (-1: none), for the session join. */
  private attemptAt = -1;

  constructor(options: BruteForceDetectorOptions = {}, path = 'bruteForce') {
    const o = checkOptions(options, path, OPTION_KEYS);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, `${path}.id`);
    this.threshold = o.threshold === undefined ? DEFAULTS.threshold : checkInteger(o.threshold, `${path}.threshold`, 1, 10_000);
    this.windowMs = parseDuration(o.window ?? DEFAULTS.window, `${path}.window`);
    this.groupBy = checkFieldList(o.groupBy, `${path}.groupBy`) ?? DEFAULTS.groupBy;
    const maxKeys = o.maxKeys === undefined ? DEFAULTS.maxKeys : checkInteger(o.maxKeys, `${path}.maxKeys`, 1);
    const parse = o.parseMessage === undefined ? DEFAULTS.parseMessage : checkBoolean(o.parseMessage, `${path}.parseMessage`);
    if (typeof o.match === 'function') {
      this.matcher = o.match;
      this.phrases = undefined;
    } else {
      this.matcher = undefined;
      const phrases = o.match === undefined ? DEFAULT_FAILURE_PHRASES : (checkFieldList(o.match, `${path}.match`) ?? []);
      if (o.match === undefined) {
        // the default set also holds `user ... not found: ` (Apache), checked around its match
        const notFound = phrases.length;
        // the generic and the applications' phrases (the last of the defaults, then the checked ones) read their client
        // by the applications' shapes first (`remote_addr=`, `ip=`, `user IP = `), then as any other failure
        const app = notFound - APP_FAILURE_PHRASES.length - GENERIC_FAILURE_PHRASES.length;
        // then the generic checked phrases (generic-auth-failure.ts)
        const generic = notFound + 1 + APP_CHECKED_PHRASES.length;
        const attempt = phrases.indexOf(ATTEMPT);
        this.phrases = new PhraseSet([...phrases, USER_NOT_FOUND_PHRASE, ...APP_CHECKED_PHRASES, ...GENERIC_CHECKED_PHRASES], (index, text, at) => {
          if (index === attempt) this.attemptAt = at;
          if (++this.looks > MAX_LOOKS) return false;
          let shape = true;
          if (index === notFound) shape = userBeforeNotFound(text, at);
          else if (index > notFound) shape = index < generic ? appPhraseAccepted(index - notFound - 1, text, at) : genericPhraseAccepted(index - generic, text, at);
          const ok = shape && !phraseNotAFailure(text, at);
          if (ok) {
            this.appHit = index >= app && index !== notFound;
            this.hitAt = at;
          }
          return ok;
        });
      } else {
        this.phrases = phrases.length > 0 ? new PhraseSet(phrases) : undefined;
      }
    }
    this.maxKeys = maxKeys;
    this.clients = new ClientBlocks(this.windowMs, this.threshold, maxKeys, false);
    this.idle = new IdleEviction(this.idleState, this.windowMs);
    this.view = new RecordView(parse);
    this.readsRequest = parse;
    this.clock = new RecordClock(parseDuration(o.maxSkew ?? DEFAULTS.maxSkew, `${path}.maxSkew`));
    this.defaultMatch = o.match === undefined;
    this.parseMessage = parse;
    this.sessions = this.defaultMatch && parse ? new SessionJoin(maxKeys, this.windowMs) : undefined;
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = this.clock.observe(event.time);
    this.idle.maybeEvict(this.clock.now);
    this.view.reset(event);
    const raw = this.recordClient(event, time);
    if (raw === undefined) return;
    const key = boundedKey(canonicalClient(raw));
    if (raw.length > MAX_KEY_LENGTH) this.longKeys++;
    const c = this.clients;
    // a new client (the least recently used one evicted to make room when full)
    let node = c.nodeOf(key);
    if (node < 0) node = c.insert(key);
    else if (time - c.last(node) >= this.windowMs || this.clock.isAhead(c.last(node))) {
      // idle for a whole window, or frozen by a record dated far ahead: starts afresh
      c.reset(node);
    }
    const count = c.addTime(node, time);
    // a repeat offender: protected from floods of one-time clients
    if (count === 2) c.promote(node);
    if (count < this.threshold || c.reported(node)) return;
    c.setReported(node);
    const msg = event.message;
    out.push({
      detector: this.id,
      name: 'brute_force',
      kind: 'security',
      severity: 'high',
      message: `${count} failed logins from ${key} within ${formatDuration(this.windowMs)}`,
      time,
      key,
      evidence: {
        count,
        threshold: this.threshold,
        window: formatDuration(this.windowMs),
        sample: msg.length > DEFAULTS.sampleLength ? `${msg.slice(0, DEFAULTS.sampleLength - 3)}...` : msg,
      },
    });
  }

  tick(now: number): void {
    this.idle.evict(now);
  }

  /** Sessions whose client is remembered (session-join.ts; for tests and diagnostics). */
  get trackedSessions(): number {
    return this.sessions?.size ?? 0;
  }

  /** Clients currently tracked (for tests and diagnostics). */
  get trackedClients(): number {
    return this.clients.table.size;
  }

  /** Counters: clients evicted while live, readmitted from the ghost list, long keys shortened, far-future records. */
  get stats(): { evicted: number; ghostAdmissions: number; protectedClients: number; longKeys: number; skewedRecords: number } {
    const t = this.clients.table;
    return { evicted: t.evicted, ghostAdmissions: t.ghostAdmissions, protectedClients: t.protectedSize, longKeys: this.longKeys, skewedRecords: this.clock.skewed };
  }

  /**
   * The state as JSON: the clock and, per client (least recently used first), the failure times in
   * the window, whether the episode was reported and whether the client is protected.
   */
  toJSON(): BruteForceState {
    const clients: BruteForceState['clients'] = [];
    const c = this.clients;
    for (const n of c.table.nodeOrder()) clients.push([c.table.keyAt(n), { times: c.times(n), last: c.last(n), reported: c.reported(n), protected: c.table.protectedAt(n) }]);
    return { detector: 'brute_force', version: STATE_VERSION, windowMs: this.windowMs, threshold: this.threshold, clock: this.clock.toJSON(), clients };
  }

  /**
   * Restore a state from {@link toJSON} of a detector with the same window and threshold. Checks
   * everything first, then replaces the whole state; on a bad state it changes nothing and throws
   * a `ConfigError` naming the bad path (`bruteForce.restore.clients[3][1].times`).
   */
  restore(state: unknown): void {
    const p = `${this.id}.restore`;
    const s = state as BruteForceState;
    const clock = checkBurstState(s, { detector: 'brute_force', version: STATE_VERSION, windowMs: this.windowMs, threshold: this.threshold }, p);
    const saved = readSavedClients(s.clients, `${p}.clients`, this.maxKeys, (o, ep) => {
      const times = o.times;
      if (!Array.isArray(times) || times.length > this.threshold || !times.every(isTime)) throw new ConfigError(`${ep}.times`, `at most ${this.threshold} record times in epoch ms`, times);
      for (let k = 1; k < times.length; k++) if (times[k] < times[k - 1]) throw new ConfigError(`${ep}.times`, 'times in order', times);
      return times as number[];
    });
    const c = new ClientBlocks(this.windowMs, this.threshold, this.maxKeys, false);
    for (const [key, st] of saved) {
      const node = c.insert(key, st.protect);
      for (const t of st.window) c.addTime(node, t);
      c.setLast(node, st.last);
      c.setReported(node, st.reported);
    }
    this.clients = c;
    this.idle = new IdleEviction(this.idleState, this.windowMs);
    this.clock.load(clock);
  }

  /**
   * The client key a record counts as a failed login for, or undefined when it is not a failure or
   * names no client (for tests and tools; `observe` decides the same way).
   */
  failureKey(event: LogEvent): string | undefined {
    this.view.reset(event);
    if (!this.isFailure(event)) return undefined;
    const raw = this.clientKey(event);
    return raw === undefined ? undefined : boundedKey(canonicalClient(raw));
  }

  /**
   * The client key a record counts as a failed login for, as `observe` decides it: with the session join
   * (a failure naming only its session keyed by the client of the session's earlier line), whose state it
   * updates, so records must come in log order. Counts nothing (for tools and the bench's stateful path).
   */
  orderedFailureKey(event: LogEvent): string | undefined {
    const time = this.clock.observe(event.time);
    this.idle.maybeEvict(this.clock.now);
    this.view.reset(event);
    const raw = this.recordClient(event, time);
    return raw === undefined ? undefined : boundedKey(canonicalClient(raw));
  }

  /** The record's client if it is a failure: named on its line, else (a failure, or an LDAP bind refused, naming its session) the session's. */
  private recordClient(event: LogEvent, time: number): string | undefined {
    const failure = this.isFailure(event);
    const line = failure ? this.clientKey(event) : undefined;
    const keyless = failure && line === undefined;
    // most records: no failure without a client, no login attempt, no session token (one search for `=`)
    if (this.sessions === undefined || (!keyless && this.attemptAt < 0 && mayOpenSession(event.message) < 0)) return line;
    const joined = this.sessions.observe(event, time, failure, keyless, this.hitAt, this.attemptAt);
    return line ?? joined;
  }

  private clientKey(event: LogEvent): string | undefined {
    const raw = this.readClient(event);
    return raw !== undefined && this.hitAt >= 0 && notAClientFailure(event.message, this.hitAt) ? undefined : raw;
  }

  private readClient(event: LogEvent): string | undefined {
    if (this.proxyClient !== undefined) return this.view.fieldKey(this.groupBy) ?? this.proxyClient;
    const app = this.appHit && this.parseMessage && this.defaultMatch ? (this.view.fieldKey(this.groupBy) ?? appFailureClient(event.message)) : undefined;
    if (app !== undefined) return app;
    const key = this.view.key(this.groupBy);
    if (key !== undefined || !this.parseMessage || !this.defaultMatch) return key;
    return (this.appHit ? appFailureUser(event.message) : undefined) ?? userFromMessage(event.message);
  }

  /** The record is an access-log line with a status (a message is parsed only when its first quote is in its first 2 KB: bounded). */
  private accessLine(event: LogEvent): boolean {
    // a long message: its first quote searched backwards from ACCESS_QUOTE_WITHIN (a short one is searched by the view, once)
    if (event.request === undefined && event.message.length > ACCESS_QUOTE_WITHIN && event.message.lastIndexOf('"', ACCESS_QUOTE_WITHIN - 1) < 0) return false;
    return (this.view.request()?.status ?? 0) > 0;
  }

  private isFailure(event: LogEvent): boolean {
    if (this.matcher !== undefined) return this.matcher(event, this.view.request());
    this.appHit = false;
    this.hitAt = -1;
    this.proxyClient = undefined;
    this.looks = 0;
    this.attemptAt = -1;
    // an access-log line (a request with a status) fails by its status (below): phrases in its request, referer or user
    // agent are the client's text (an error line quoting the request, nginx's `request: "GET / HTTP/1.1"`, has no status)
    if (this.phrases !== undefined && !(this.defaultMatch && this.accessLine(event)) && this.phrases.test(event.message, MAX_SCAN)) return true;
    if (!this.defaultMatch) return false;
    if (isFailedAuthEvent(event) || bsdSuFailure(event.message)) return true;
    // shadow / BusyBox su's `- pts/0 bob:root` (short lines only)
    if (event.message.length < 300 && suLogUser(event.message) !== undefined) return true;
    const status = this.view.status();
    if (status === 0) return this.parseMessage && this.refusedWithoutStatus(event);
    if (status !== 401 && status !== 403) return false;
    const req = this.view.request();
    const path = this.view.path();
    // a 401's query may name the account (`GET /service/token?account=bob`: see refusedLogin)
    const target = status === 401 && req !== undefined && req.query.length > 0 && path === req.path ? req.target : path;
    return refusedLogin(status, this.view.method(), req?.user ?? '', target);
  }

  /** A refused login in a layout whose status the access-line reader does not find: the request quoted last or first, or a W3C line (its client kept in `proxyClient`). */
  private refusedWithoutStatus(event: LogEvent): boolean {
    const req = this.view.request();
    // the request quoted last (a load balancer's log line) or first: its status is before or after it
    if (req !== undefined && req.method.length > 0) this.proxyClient = proxyLogRefusedClient(event.message, req.method, req.path) ?? quotedRequestRefusedClient(event.message, req.method, req.path);
    else if (req === undefined && event.request === undefined) this.proxyClient = w3cRefusedClient(event.message);
    return this.proxyClient !== undefined;
  }
}

/**
 * An OTel / ECS style authentication event that failed: `event.outcome` = `failure` and the event
 * name, `event.action` or `event.category` mentions auth, login, logon, signin or password.
 */
export function isFailedAuthEvent(event: LogEvent): boolean {
  // a literal name (not getField): this site's inline cache stays fast on records of one shape
  const a = event.attributes;
  const flat = a['event.outcome'];
  const outcome = flat !== undefined ? flat : a.event !== null && typeof a.event === 'object' ? (a.event as Record<string, unknown>).outcome : undefined;
  if (outcome !== 'failure') return false;
  const names = [event.eventName, fieldString(event.attributes, 'event.action') ?? '', fieldString(event.attributes, 'event.category') ?? ''];
  for (const n of names) {
    const l = n.toLowerCase();
    if (l.includes('auth') || l.includes('login') || l.includes('logon') || l.includes('signin') || l.includes('sign_in') || l.includes('password')) return true;
  }
  return false;
}

/** A field name or list of names (non-empty strings); undefined when absent. */
export function checkFieldList(value: unknown, path: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [checkString(value, path)];
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(path, 'a field name or a non-empty array of names', value);
  return value.map((v, i) => checkString(v, `${path}[${i}]`));
}

/** Serialised {@link BruteForceDetector} state (plain JSON). */
export interface BruteForceState {
  detector: 'brute_force';
  version: number;
  windowMs: number;
  threshold: number;
  clock: RecordClockState;
  clients: [string, { times: number[]; last: number; reported: boolean; protected: boolean }][];
}
