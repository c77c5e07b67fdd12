import { BoundedMap } from '../core/bounded-map.js';
import { ConfigError } from '../core/config-error.js';
import type { Detector } from '../core/detector.js';
import { formatDuration, parseDuration, type Duration } from '../core/duration.js';
import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import type { Signal } from '../core/signal.js';
import { checkBoolean, checkInteger, checkOptions, checkString } from '../core/validate.js';
import { checkFieldList } from './brute-force.js';
import { DistinctWindow } from './distinct-window.js';
import { IdleEviction } from './idle-eviction.js';
import type { AccessRequest } from '../input/request-line.js';
import { DEFAULT_CLIENT_FIELDS, RecordView } from './record-view.js';

/** File extensions of static assets, not counted by default (a page missing a few images is not a scan). */
const STATIC_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.ico', '.svg', '.webp', '.bmp', '.css', '.js', '.map', '.woff', '.woff2', '.ttf', '.eot', '.otf', '.mp4', '.webm', '.mp3'] as const;

const DEFAULTS = {
  id: 'scanner',
  groupBy: DEFAULT_CLIENT_FIELDS,
  distinct: 'url.path',
  threshold: 8,
  window: '1m' as Duration,
  ignoreStatic: true,
  maxKeys: 10_000,
  parseMessage: true,
  samples: 5,
} as const;

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
  /** Clients tracked at most [10000]. */
  maxKeys?: number;
  /** Read status, path and client from an access-log line in the message when attributes lack them [true]. */
  parseMessage?: boolean;
}

const OPTION_KEYS = ['id', 'groupBy', 'distinct', 'match', 'threshold', 'window', 'ignoreStatic', 'maxKeys', 'parseMessage'] as const;

interface ClientState {
  window: DistinctWindow;
  last: number;
  reported: boolean;
}

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
  private readonly clients: BoundedMap<string, ClientState>;
  private readonly idle: IdleEviction<ClientState>;
  private readonly view: RecordView;
  /** True when it reads the message's access-log line (`parseMessage`). */
  readonly readsRequest: boolean;

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
    this.clients = new BoundedMap(maxKeys);
    this.idle = new IdleEviction(this.clients, this.windowMs);
    this.readsRequest = o.parseMessage === undefined ? DEFAULTS.parseMessage : checkBoolean(o.parseMessage, `${path}.parseMessage`);
    this.view = new RecordView(this.readsRequest);
  }

  observe(event: LogEvent, out: Signal[]): void {
    const time = event.time;
    this.idle.maybeEvict(time);
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
    const key = view.key(this.groupBy);
    if (key === undefined) return;
    let st = this.clients.get(key);
    if (st === undefined || time - st.last >= this.windowMs) {
      // new, or idle for a whole window: starts afresh, as if evicted
      st = { window: new DistinctWindow(this.windowMs, this.threshold), last: -Infinity, reported: false };
      this.clients.set(key, st);
    }
    st.last = time > st.last ? time : st.last;
    const distinct = st.window.add(value, time);
    if (distinct < this.threshold || st.reported) return;
    st.reported = true;
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
        paths: st.window.snapshot().slice(-DEFAULTS.samples),
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
