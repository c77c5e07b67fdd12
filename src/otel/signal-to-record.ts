import type { LogAttributes, SeverityNumber } from './logs-api.js';
import { severityName, severityNumberForSignal } from '../core/severity.js';
import type { Signal } from '../core/signal.js';
import { SIGNAL_EVENT_NAME } from './attribute-names.js';
import { signalAttributes } from './signal-record.js';

/** A signal as the fields of an OTel log record (the `Logger.emit` argument shape). */
export interface SignalRecordFields {
  eventName: string;
  /** The signal's time, epoch ms. */
  timestamp: number;
  severityNumber: SeverityNumber;
  severityText: string;
  /** The signal's message. */
  body: string;
  attributes: LogAttributes;
}

/**
 * The one mapping of a signal to a log record, used by the processor (wrapped processors and
 * logger), the CLI's OTLP output and the gateway: `eventName = 'logsignal.signal'`, the signal's
 * time, the severity number and text of its severity, its message as the body, and the
 * `logsignal.*` / `logsignal.evidence.*` attributes (`logsignal.dropped` when `dropped` > 0).
 */
export function signalToRecord(signal: Signal, dropped: number): SignalRecordFields {
  const severityNumber = severityNumberForSignal(signal.severity) as SeverityNumber;
  return {
    eventName: SIGNAL_EVENT_NAME,
    timestamp: signal.time,
    severityNumber,
    severityText: severityName(severityNumber),
    body: signal.message,
    attributes: signalAttributes(signal, dropped),
  };
}
