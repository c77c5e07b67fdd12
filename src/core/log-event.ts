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
}
