import { BoundedMap } from '../core/bounded-map.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { formatDuration, parseDuration, type Duration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { SlidingWindow } from '../core/sliding-window.js';
import { checkBoolean, checkInteger, checkOptions, checkString } from '../core/validate.js';
import { IdleEviction } from './idle-eviction.js';
import type { AccessRequest } from '../input/request-line.js';
import { PhraseSet } from './phrase-set.js';
import { DEFAULT_CLIENT_FIELDS, RecordView } from './record-view.js';

/** Message phrases (case-insensitive) that mark a failed login by default. */
export const DEFAULT_FAILURE_PHRASES: readonly string[] = [
  'failed password', 'authentication failure', 'authentication failed', 'invalid user', 'login failed',
  'failed login', 'login incorrect', 'incorrect password', 'invalid password', 'bad password',
  'password mismatch', '" was not found in "',
];

/** Characters of a message searched for the failure phrases. */
const MAX_SCAN = 8192;

const DEFAULTS = {
  id: 'brute_force',
  groupBy: DEFAULT_CLIENT_FIELDS,
  threshold: 5,
  window: '10m' as Duration,
  maxKeys: 10_000,
  parseMessage: true,
  sampleLength: 120,
} as const;

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
   * {@link DEFAULT_FAILURE_PHRASES} in the message, or `event.outcome` = `failure` on an
   * authentication event, or an HTTP 401 response.
   */
  match?: FailureMatcher | string[];
  /** Field(s) holding the client [client.address, source.address, client.ip, source.ip]. */
  groupBy?: string | string[];
  /** Failed logins per client within `window` that raise the signal [5] (fail2ban's maxretry). */
  threshold?: number;
  /** Sliding window ['10m'] (fail2ban's findtime). */
  window?: Duration;
  /** Clients tracked at most; the least recently seen are dropped [10000]. */
  maxKeys?: number;
  /**
   * Read the client (and status) from the message when attributes lack them [true]: an access-log
   * line's client, `from <ip>` (sshd), `client: <ip>` (nginx), `rhost=<ip>` (PAM).
   */
  parseMessage?: boolean;
}

const OPTION_KEYS = ['id', 'match', 'groupBy', 'threshold', 'window', 'maxKeys', 'parseMessage'] as const;

interface ClientState {
  window: SlidingWindow;
  /** Time of the last failure, epoch ms. */
  last: number;
  /** True once this episode has been reported. */
  reported: boolean;
}

/**
 * Brute-force detector: counts failed logins per client in a sliding window of record time and
 * raises `brute_force` (kind `security`, severity `high`, key: the client) when a client reaches
 * `threshold` (default 5) failures within `window` (default 10 minutes). One signal per episode:
 * the client is reported again only after a whole window without failures. Records without a
 * client key are ignored. Evidence: `count`, `threshold`, `window`, `groupBy` (where the key came
 * from), `sample` (the triggering message, truncated). Memory: at most `maxKeys` clients, each
 * `threshold` timestamps; idle clients are evicted.
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
  private readonly clients: BoundedMap<string, ClientState>;
  private readonly idle: IdleEviction<ClientState>;
  private readonly view: RecordView;
  /** True when it reads the message's access-log line (`parseMessage`). */
  readonly readsRequest: boolean;

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
      this.phrases = phrases.length > 0 ? new PhraseSet(phrases) : undefined;
    }
    this.clients = new BoundedMap(maxKeys);
    this.idle = new IdleEviction(this.clients, this.windowMs);
    this.view = new RecordView(parse);
    this.readsRequest = parse;
    this.defaultMatch = o.match === undefined;
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = event.time;
    this.idle.maybeEvict(time);
    const view = this.view;
    view.reset(event);
    if (!this.isFailure(event)) return;
    const key = view.key(this.groupBy);
    if (key === undefined) return;
    let st = this.clients.get(key);
    if (st === undefined || time - st.last >= this.windowMs) {
      // new, or idle for a whole window: starts afresh, as if evicted
      st = { window: new SlidingWindow(this.windowMs, this.threshold), last: -Infinity, reported: false };
      this.clients.set(key, st);
    }
    st.last = time > st.last ? time : st.last;
    const count = st.window.add(time);
    if (count < this.threshold || st.reported) return;
    st.reported = true;
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

  /** Clients currently tracked (for tests and diagnostics). */
  get trackedClients(): number {
    return this.clients.size;
  }

  private isFailure(event: LogEvent): boolean {
    if (this.matcher !== undefined) return this.matcher(event, this.view.request());
    if (this.phrases !== undefined && this.phrases.test(event.message, MAX_SCAN)) return true;
    if (!this.defaultMatch) return false;
    if (isFailedAuthEvent(event)) return true;
    return this.view.status() === 401;
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
