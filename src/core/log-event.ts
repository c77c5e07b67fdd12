import type { AccessRequest } from './access-request.js';

/**
 * A log record normalised for the detectors: time, severity, message text and attributes.
 *
 * Detectors must treat an event as read-only and must not keep a reference to it after `observe`
 * returns: the processor reuses one event object for every record.
 */
export interface LogEvent {
  /** Record time in epoch milliseconds (record timestamp, else observed timestamp, else the clock). */
  time: number;
  /** OpenTelemetry severity number, 0 when unknown. */
  severityNumber: number;
  /** Severity text as given by the source (`ERROR`, `warn`, ...), '' when unknown. */
  severityText: string;
  /** The message text, bounded to the watcher's `maxMessageLength`. */
  message: string;
  /** Record attributes (OTel attributes, or the other fields of a JSON log line). Never mutated. */
  attributes: Readonly<Record<string, unknown>>;
  /** OTel event name of the record, '' when none. */
  eventName: string;
  /** Trace id (hex) of the record's span context, when there is one. */
  traceId?: string;
  /** Span id (hex) of the record's span context, when there is one. */
  spanId?: string;
  /**
   * The message's log template, put on the event by the pipeline's enrichment stage when templates
   * are mined (one shared miner: each message is mined once). Absent when no miner runs.
   */
  template?: EventTemplate;
  /** Where the record was read from, for inputs that are files or streams (the CLI); absent otherwise. */
  source?: EventSource;
  /** The record's original text (a text input's whole line, header included), when it differs from `message`. */
  raw?: string;
  /**
   * The access-log request line in the message, parsed at most once per record (on the first
   * `get()`) and shared by every detector that reads it. Set by the pipeline's enrichment stage when
   * a detector reads requests (`Detector.readsRequest`); valid only while the record is analysed.
   */
  request?: EventRequest;
}

/** The lazily parsed access-log request of one event's message (see {@link LogEvent.request}). */
export interface EventRequest {
  /** The message's access-log request (a reused object: read it, do not keep it), undefined when it holds none. */
  get(): AccessRequest | undefined;
}

/** The template of one event's message (see {@link LogEvent.template}). */
export interface EventTemplate {
  /** Template id (`T17`). */
  readonly id: string;
  /** Template text, parameters as `<*>`. */
  readonly template: string;
  /** True when this message created the template. */
  readonly isNew: boolean;
  /** True when this message generalised the template (some token became `<*>`). */
  readonly changed: boolean;
  /** Messages in the template so far, this one included. */
  readonly count: number;
}

/**
 * Template id of a message the miner has not admitted as a template (at its cap, a kind seen once;
 * see `TemplateMinerOptions.admitAfter`). Many kinds share it, so it is no group: the rules treat
 * such a record as ungrouped.
 */
export const UNADMITTED_ID = 'T0';

/** Where an event was read: the input's name and the 1-based line number of its first line. */
export interface EventSource {
  readonly file: string;
  readonly line: number;
}
