import { boundedKey } from '../core/bounded-key.js';
import { ConfigError } from '../core/config-error.js';
import { type Duration, parseDuration } from '../core/duration.js';
import { type Signal, type SignalRecord, type SignalSeverity, severityRank } from '../core/signal.js';
import { checkInteger, checkOptions } from '../core/validate.js';

/**
 * Signals of several detectors about one thing, told as one story: the service, when it began and
 * ended, the first line, which detectors saw it and how often.
 */
export interface Incident {
  /** `I1`, `I2`, ... in order of first signal. */
  id: string;
  /** The service (or input) it happened in; '' when unknown. */
  service: string;
  /** Record time of the first and the last signal, epoch ms. */
  start: number;
  end: number;
  /** Highest signal severity in it. */
  severity: SignalSeverity;
  /** Signals in it. */
  signals: number;
  /** Signals per detector id. */
  detectors: Record<string, number>;
  /** Message of the first signal. */
  message: string;
  /** The record that raised the first signal that named one (the first line of the incident), when known. */
  firstRecord?: SignalRecord;
  /** Line numbers of the records behind its signals, in order, at most {@link MAX_INCIDENT_LINES}. */
  lines: number[];
}

/** Most line numbers kept per incident. */
export const MAX_INCIDENT_LINES = 100;

/** Options of {@link IncidentGrouper}. */
export interface IncidentGrouperOptions {
  /**
   * A signal within this long after the last signal of a service's open incident joins it; a longer
   * gap starts a new incident. Default `'5m'`: longer than a bucketed detector's slowest default
   * bucket (1 m) plus its closing delay, so the volume and error-rate signals of a burst join the
   * rule signals raised by its first lines; shorter than the time between unrelated episodes.
   */
  gap?: Duration;
  /** The service of a signal. Default: `evidence['service.name']`, else the record's file, else ''. */
  serviceOf?: (signal: Signal) => string;
  /** Incidents kept (the oldest closed ones beyond it are counted in `omitted`). Default 1000. */
  maxIncidents?: number;
}

const DEFAULTS = { gap: '5m', maxIncidents: 1000 };

/** The default service of a signal (see {@link IncidentGrouperOptions.serviceOf}). */
export function defaultService(signal: Signal): string {
  const s = signal.evidence['service.name'];
  if (typeof s === 'string') return s;
  return signal.record?.file ?? '';
}

/**
 * Groups signals into incidents: per service, a signal joins the open incident when it comes
 * within `gap` of that incident's last signal (record time), else opens a new one. Feed signals in
 * about time order (a scan's or a processor's order); memory is bounded by `maxIncidents`.
 */
export class IncidentGrouper {
  readonly gapMs: number;
  private readonly serviceOf: (signal: Signal) => string;
  private readonly maxIncidents: number;
  private readonly open = new Map<string, Incident>();
  private readonly list: Incident[] = [];
  private next = 1;
  /** Incidents dropped beyond `maxIncidents`. */
  omitted = 0;

  constructor(options?: IncidentGrouperOptions) {
    const o = checkOptions(options, 'incidents', ['gap', 'serviceOf', 'maxIncidents']);
    this.gapMs = parseDuration(o.gap ?? DEFAULTS.gap, 'incidents.gap', true);
    if (o.serviceOf !== undefined && typeof o.serviceOf !== 'function') throw new ConfigError('incidents.serviceOf', 'a function (signal) => string', o.serviceOf);
    this.serviceOf = o.serviceOf ?? defaultService;
    this.maxIncidents = o.maxIncidents === undefined ? DEFAULTS.maxIncidents : checkInteger(o.maxIncidents, 'incidents.maxIncidents', 1);
  }

  /** Add one signal; returns the incident it joined or opened. */
  add(signal: Signal): Incident {
    const service = boundedKey(String(this.serviceOf(signal)));
    const t = Number.isFinite(signal.time) ? signal.time : 0;
    let inc = this.open.get(service);
    if (inc === undefined || t > inc.end + this.gapMs || t < inc.start - this.gapMs) {
      inc = { id: `I${this.next++}`, service, start: t, end: t, severity: signal.severity, signals: 0, detectors: {}, message: signal.message, lines: [] };
      this.open.set(service, inc);
      this.list.push(inc);
      if (this.list.length > this.maxIncidents) {
        const gone = this.list.shift()!;
        if (this.open.get(gone.service) === gone) this.open.delete(gone.service);
        this.omitted++;
      }
    }
    inc.signals++;
    inc.detectors[signal.detector] = (inc.detectors[signal.detector] ?? 0) + 1;
    if (t < inc.start) inc.start = t;
    if (t > inc.end) inc.end = t;
    if (severityRank(signal.severity) > severityRank(inc.severity)) inc.severity = signal.severity;
    const r = signal.record;
    if (r !== undefined) {
      if (inc.firstRecord === undefined) inc.firstRecord = r;
      if (r.line !== undefined && inc.lines.length < MAX_INCIDENT_LINES) inc.lines.push(r.line);
    }
    return inc;
  }

  /** The incidents so far, in order of their first signal. */
  incidents(): Incident[] {
    return this.list.slice();
  }
}

/** Group a list of signals (in about time order) into incidents; see {@link IncidentGrouper}. */
export function groupIncidents(signals: Iterable<Signal>, options?: IncidentGrouperOptions): Incident[] {
  const g = new IncidentGrouper(options);
  for (const s of signals) g.add(s);
  return g.incidents();
}
