import { boundedKey, MAX_KEY_LENGTH } from '../core/bounded-key.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { formatDuration, parseDuration, type Duration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkBoolean, checkInteger, checkOptions, checkString } from '../core/validate.js';
import { checkFieldList } from './brute-force.js';
import { checkBurstState, readSavedClients } from './client-state.js';
import { canonicalClient } from './client-address.js';
import { ClientBlocks } from './client-blocks.js';
import { IdleEviction } from './idle-eviction.js';
import { isTime, RecordClock, type RecordClockState } from './record-clock.js';
import type { AccessRequest } from '../input/request-line.js';
import { DEFAULT_CLIENT_FIELDS, RecordView } from './record-view.js';

/** File extensions of static assets, not counted by default (a page missing a few images is not a scan). */
const STATIC_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.ico', '.svg', '.webp', '.bmp', '.css', '.js', '.map', '.woff', '.woff2', '.ttf', '.eot', '.otf', '.mp4', '.webm', '.mp3'] as const;

/** Defaults of {@link ScannerDetectorOptions}. */
export const SCANNER_DEFAULTS = Object.freeze({
  id: 'scanner',
  groupBy: DEFAULT_CLIENT_FIELDS,
  distinct: 'url.path',
  threshold: 8,
  window: '1m' as Duration,
  ignoreStatic: true,
  maxKeys: 10_000,
  maxSkew: '1h' as Duration,
  parseMessage: true,
} as const);
const DEFAULTS = { ...SCANNER_DEFAULTS, samples: 5 } as const;

/** Version of the {@link ScannerDetector.toJSON} state. */
const STATE_VERSION = 1;

/** Decides whether a record counts toward a scan (default: a 4xx response other than 401/407/429). */
export type ScanMatcher = (event: LogEvent, request: AccessRequest | undefined) => boolean;
/** Reads the value whose distinct count is measured (default: the URL path). */
export type DistinctReader = (event: LogEvent, request: AccessRequest | undefined) => string | undefined;

/** Options of {@link ScannerDetector}; defaults in brackets. */
export interface ScannerDetectorOptions {
  /** Detector id ['scanner']. */
  id?: string;
  /** Field(s) holding the client [client.address, source.address, client.ip, source.ip]. */
  groupBy?: string | string[];
  /** Field (or reader) whose distinct values are counted ['url.path'; the access line's path in message mode]. */
  distinct?: string | DistinctReader;
  /** Which records count [a 4xx status other than 401, 407 and 429]. */
  match?: ScanMatcher;
  /** Distinct values per client within `window` that raise the signal [8]. */
  threshold?: number;
  /** Sliding window ['1m']. */
  window?: Duration;
  /** Skip paths of static assets (images, CSS, JS, fonts, media) [true]. */
  ignoreStatic?: boolean;
  /** Clients tracked at most [10000], in a segmented LRU: clients with two distinct values in the window are protected from floods. */
  maxKeys?: number;
  /** A record more than this ahead of the newest record time counts at that time instead of moving the clock ['1h']. */
  maxSkew?: Duration;
  /** Read status, path and client from an access-log line in the message when attributes lack them [true]. */
  parseMessage?: boolean;
}

const OPTION_KEYS = ['id', 'groupBy', 'distinct', 'match', 'threshold', 'window', 'ignoreStatic', 'maxKeys', 'maxSkew', 'parseMessage'] as const;

/**
 * Scanner detector: per client, the number of distinct URL paths answered with a client error
 * (4xx except 401, 407, 429; static assets skipped) within a sliding window of record time, in the
 * manner of CrowdSec's `http-probing` distinct leaky bucket. At `threshold` (default 8) distinct
 * paths within `window` (default 1 minute) it raises `scanner` (kind `security`, severity
 * `medium`, key: the client), once per episode (again only after a window without matching
 * requests). Evidence: `distinct`, `threshold`, `window`, `paths` (up to 5 of the values).
 * Defaults are set so that browsing that misses a favicon or a few assets stays quiet.
 */
export class ScannerDetector implements Detector {
  readonly id: string;
  readonly kind = 'security' as const;
  readonly threshold: number;
  readonly windowMs: number;
  private readonly groupBy: readonly string[];
  private readonly distinctField: string | undefined;
  private readonly distinctReader: DistinctReader | undefined;
  private readonly matcher: ScanMatcher | undefined;
  private readonly ignoreStatic: boolean;
  /** The clients and, by node, their windows of distinct values. */
  private clients: ClientBlocks;
  private idle: IdleEviction;
  private readonly view: RecordView;
  /** True when it reads the message's access-log line (`parseMessage`). */
  readonly readsRequest: boolean;
  private readonly clock: RecordClock;
  private readonly maxKeys: number;
  /** Client keys longer than `MAX_KEY_LENGTH` shortened by `boundedKey` (cumulative). */
  longKeys = 0;

  constructor(options: ScannerDetectorOptions = {}, path = 'scanner') {
    const o = checkOptions(options, path, OPTION_KEYS);
    this.id = o.id === undefined ? DEFAULTS.id : checkString(o.id, `${path}.id`);
    this.threshold = o.threshold === undefined ? DEFAULTS.threshold : checkInteger(o.threshold, `${path}.threshold`, 2, 1000);
    this.windowMs = parseDuration(o.window ?? DEFAULTS.window, `${path}.window`);
    this.groupBy = checkFieldList(o.groupBy, `${path}.groupBy`) ?? DEFAULTS.groupBy;
    if (typeof o.distinct === 'function') {
      this.distinctReader = o.distinct;
    } else {
      this.distinctField = o.distinct === undefined ? DEFAULTS.distinct : checkString(o.distinct, `${path}.distinct`);
    }
    if (o.match !== undefined && typeof o.match !== 'function') throw new ConfigError(`${path}.match`, 'a function (event, request) => boolean', o.match);
    this.matcher = o.match;
    this.ignoreStatic = o.ignoreStatic === undefined ? DEFAULTS.ignoreStatic : checkBoolean(o.ignoreStatic, `${path}.ignoreStatic`);
    const maxKeys = o.maxKeys === undefined ? DEFAULTS.maxKeys : checkInteger(o.maxKeys, `${path}.maxKeys`, 1);
    this.maxKeys = maxKeys;
    this.clients = new ClientBlocks(this.windowMs, this.threshold, maxKeys, true);
    this.idle = new IdleEviction(this.clients, this.windowMs);
    this.readsRequest = o.parseMessage === undefined ? DEFAULTS.parseMessage : checkBoolean(o.parseMessage, `${path}.parseMessage`);
    this.view = new RecordView(this.readsRequest);
    this.clock = new RecordClock(parseDuration(o.maxSkew ?? DEFAULTS.maxSkew, `${path}.maxSkew`));
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = this.clock.observe(event.time);
    this.idle.maybeEvict(this.clock.now);
    const view = this.view;
    view.reset(event);
    if (this.matcher !== undefined) {
      if (!this.matcher(event, view.request())) return;
    } else {
      const status = view.status();
      if (status < 400 || status > 499 || status === 401 || status === 407 || status === 429) return;
    }
    const value = this.distinctValue(event);
    if (value === undefined || value.length === 0) return;
    if (this.ignoreStatic && isStatic(value)) return;
    const raw = view.key(this.groupBy);
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
    const distinct = c.addValue(node, value, time);
    if (distinct === 2) c.promote(node);
    if (distinct < this.threshold || c.reported(node)) return;
    c.setReported(node);
    out.push({
      detector: this.id,
      name: 'scanner',
      kind: 'security',
      severity: 'medium',
      message: `${distinct} distinct ${this.distinctField ?? 'values'} with client errors from ${key} within ${formatDuration(this.windowMs)}`,
      time,
      key,
      evidence: {
        distinct,
        threshold: this.threshold,
        window: formatDuration(this.windowMs),
        paths: c.snapshot(node).slice(-DEFAULTS.samples),
      },
    });
  }

  tick(now: number): void {
    this.idle.evict(now);
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

  /** The state as JSON: the clock and, per client (least recently used first), the (time, value) pairs in the window. */
  toJSON(): ScannerState {
    const clients: ScannerState['clients'] = [];
    const c = this.clients;
    for (const n of c.table.nodeOrder()) clients.push([c.table.keyAt(n), { values: c.entries(n), last: c.last(n), reported: c.reported(n), protected: c.table.protectedAt(n) }]);
    return { detector: 'scanner', version: STATE_VERSION, windowMs: this.windowMs, threshold: this.threshold, clock: this.clock.toJSON(), clients };
  }

  /**
   * Restore a state from {@link toJSON} of a detector with the same window and threshold. Checks
   * everything first, then replaces the whole state; on a bad state it changes nothing and throws
   * a `ConfigError` naming the bad path.
   */
  restore(state: unknown): void {
    const p = `${this.id}.restore`;
    const s = state as ScannerState;
    const clock = checkBurstState(s, { detector: 'scanner', version: STATE_VERSION, windowMs: this.windowMs, threshold: this.threshold }, p);
    const saved = readSavedClients(s.clients, `${p}.clients`, this.maxKeys, (o, ep) => {
      const values = o.values;
      if (!Array.isArray(values) || values.length > this.threshold) throw new ConfigError(`${ep}.values`, `at most ${this.threshold} [time, value] pairs`, values);
      values.forEach((pair: unknown, k) => {
        if (!Array.isArray(pair) || pair.length !== 2 || !isTime(pair[0]) || typeof pair[1] !== 'string' || pair[1].length > 256) {
          throw new ConfigError(`${ep}.values[${k}]`, '[record time, value of at most 256 characters]', pair);
        }
        if (k > 0 && pair[0] < (values[k - 1] as [number, string])[0]) throw new ConfigError(`${ep}.values[${k}]`, 'times in order', pair);
      });
      return values as [number, string][];
    });
    const c = new ClientBlocks(this.windowMs, this.threshold, this.maxKeys, true);
    for (const [key, st] of saved) {
      const node = c.insert(key, st.protect);
      for (const [t, value] of st.window) c.addValue(node, value, t);
      c.setLast(node, st.last);
      c.setReported(node, st.reported);
    }
    this.clients = c;
    this.idle = new IdleEviction(c, this.windowMs);
    this.clock.load(clock);
  }

  private distinctValue(event: LogEvent): string | undefined {
    if (this.distinctReader !== undefined) return this.distinctReader(event, this.view.request());
    const field = this.distinctField as string;
    const v = fieldString(event.attributes, field);
    if (v !== undefined) return v;
    if (field === 'url.path') return this.view.path();
    return undefined;
  }
}

/** A path to an image, stylesheet, script, font or media file. */
function isStatic(path: string): boolean {
  const q = path.indexOf('?');
  const p = (q >= 0 ? path.slice(0, q) : path).toLowerCase();
  for (const ext of STATIC_EXTENSIONS) if (p.endsWith(ext)) return true;
  return false;
}

/** Serialised {@link ScannerDetector} state (plain JSON). */
export interface ScannerState {
  detector: 'scanner';
  version: number;
  windowMs: number;
  threshold: number;
  clock: RecordClockState;
  clients: [string, { values: [number, string][]; last: number; reported: boolean; protected: boolean }][];
}
