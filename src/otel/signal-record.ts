import type { HrTime, SpanContext } from '@opentelemetry/api';
import type { AnyValue, LogAttributes, LogBody, ReadWriteLogRecord, SeverityNumber } from './logs-api.js';
import { type Signal, severityRank } from '../core/signal.js';
import { VERSION } from '../version.js';
import { ATTR } from './attribute-names.js';
import { signalToRecord } from './signal-to-record.js';

/** The instrumentation scope of signal records (one object, so exporters group them together). */
export const SIGNAL_SCOPE = Object.freeze({ name: 'logsignal', version: VERSION });

/** Attributes of a signal record: detector, name, kind, severity, key, counts and `logsignal.evidence.*`. */
export function signalAttributes(signal: Signal, dropped: number): LogAttributes {
  const a: LogAttributes = {
    [ATTR.detector]: signal.detector,
    [ATTR.name]: signal.name,
    [ATTR.kind]: signal.kind,
    [ATTR.severity]: signal.severity,
  };
  if (signal.key !== undefined) a[ATTR.key] = signal.key;
  if (signal.suppressed) a[ATTR.suppressed] = signal.suppressed;
  if (dropped > 0) a[ATTR.dropped] = dropped;
  if (signal.record !== undefined) {
    a[ATTR.recordText] = signal.record.text;
    if (signal.record.uid !== undefined) a[ATTR.recordUid] = signal.record.uid;
  }
  for (const k in signal.evidence) a[ATTR.evidencePrefix + k] = signal.evidence[k] as AnyValue;
  return a;
}

/**
 * Attributes of a record that triggered signals: `logsignal.anomaly`, `logsignal.detectors`,
 * `logsignal.severity` (the highest), `logsignal.kinds` and `logsignal.message` (of the most severe).
 * `triggered` must not be empty.
 */
export function anomalyAttributes(triggered: readonly Signal[]): LogAttributes {
  const a: LogAttributes = {};
  setAnomalyAttributes(a, triggered);
  return a;
}

/** A record's attribute setter, or a plain attributes object. */
type AttributeTarget = { setAttribute(key: string, value: AnyValue): unknown } | LogAttributes;

/**
 * Set the {@link anomalyAttributes} on `target` (a record's `setAttribute`, or an attributes object),
 * in the same order, without building them as an object first (the processor tags flagged records
 * with this on its hot path).
 */
export function setAnomalyAttributes(target: AttributeTarget, triggered: readonly Signal[]): void {
  let top = triggered[0];
  let detectors: string[];
  let kinds: string[];
  if (triggered.length === 1) {
    detectors = [top.detector];
    kinds = [top.kind];
  } else {
    detectors = [];
    kinds = [];
    for (const s of triggered) {
      if (severityRank(s.severity) > severityRank(top.severity)) top = s;
      if (!detectors.includes(s.detector)) detectors.push(s.detector);
      if (!kinds.includes(s.kind)) kinds.push(s.kind);
    }
  }
  if (typeof target.setAttribute === 'function') {
    const r = target as { setAttribute(key: string, value: AnyValue): unknown };
    r.setAttribute(ATTR.anomaly, true);
    r.setAttribute(ATTR.detectors, detectors);
    r.setAttribute(ATTR.severity, top.severity);
    r.setAttribute(ATTR.kinds, kinds);
    r.setAttribute(ATTR.message, top.message);
    return;
  }
  const a = target as LogAttributes;
  a[ATTR.anomaly] = true;
  a[ATTR.detectors] = detectors;
  a[ATTR.severity] = top.severity;
  a[ATTR.kinds] = kinds;
  a[ATTR.message] = top.message;
}

/**
 * A log record carrying one signal, built by the processor when it wraps export processors
 * (`next`). It has the shape exporters read (`ReadWriteLogRecord`): the triggering record's resource
 * and span context, the signal's time, `eventName = 'logsignal.signal'`.
 */
export class SignalLogRecord implements ReadWriteLogRecord {
  hrTime: HrTime;
  hrTimeObserved: HrTime;
  spanContext?: SpanContext;
  readonly resource: ReadWriteLogRecord['resource'];
  readonly instrumentationScope = SIGNAL_SCOPE;
  readonly attributes: LogAttributes;
  severityText?: string;
  severityNumber?: SeverityNumber;
  body?: LogBody;
  eventName?: string;
  droppedAttributesCount = 0;

  constructor(signal: Signal, resource: ReadWriteLogRecord['resource'], spanContext: SpanContext | undefined, observedMs: number, dropped: number) {
    const fields = signalToRecord(signal, dropped);
    this.hrTime = msToHrTime(fields.timestamp);
    this.hrTimeObserved = msToHrTime(observedMs);
    this.spanContext = spanContext;
    this.resource = resource;
    this.severityNumber = fields.severityNumber;
    this.severityText = fields.severityText;
    this.body = fields.body;
    this.attributes = fields.attributes;
    this.eventName = fields.eventName;
  }

  setAttribute(key: string, value?: LogAttributes[string]): this {
    if (value === undefined || value === null) delete this.attributes[key];
    else this.attributes[key] = value;
    return this;
  }

  setAttributes(attributes: LogAttributes): this {
    for (const k in attributes) this.setAttribute(k, attributes[k]);
    return this;
  }

  setBody(body: LogBody): this {
    this.body = body;
    return this;
  }

  setEventName(eventName: string): this {
    this.eventName = eventName;
    return this;
  }

  setSeverityNumber(severityNumber: SeverityNumber): this {
    this.severityNumber = severityNumber;
    return this;
  }

  setSeverityText(severityText: string): this {
    this.severityText = severityText;
    return this;
  }
}

/** OTel HrTime from epoch milliseconds. */
export function msToHrTime(ms: number): HrTime {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
}
