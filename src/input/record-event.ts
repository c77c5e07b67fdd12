import type { HrTime } from '@opentelemetry/api';
import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { bodyText } from '../core/body-text.js';
import type { LogEvent } from '../core/log-event.js';
import { severityFromText } from '../core/severity.js';

/**
 * Fills one reusable {@link LogEvent} from an OTel log record: time from the record timestamp, else
 * the observed timestamp, else the clock; severity number (or the number of the severity text);
 * message from the body (string, map `message`/`msg`, bytes, else compact JSON), bounded.
 */
export class RecordEventReader {
  /** Every field present from the start (the enrichment's `template` and `request` too), so the event keeps one shape and the detectors' reads of it stay monomorphic. */
  private readonly event: LogEvent = {
    time: 0,
    severityNumber: 0,
    severityText: '',
    message: '',
    attributes: {},
    eventName: '',
    traceId: undefined,
    spanId: undefined,
    template: undefined,
    request: undefined,
  };

  constructor(
    private readonly clock: () => number,
    private readonly maxMessageLength: number,
  ) {}

  read(record: ReadWriteLogRecord): LogEvent {
    const e = this.event;
    let t = hrTimeToMs(record.hrTime);
    if (!(t > 0)) t = hrTimeToMs(record.hrTimeObserved);
    e.time = t > 0 ? t : this.clock();
    const text = typeof record.severityText === 'string' ? record.severityText : '';
    const n = record.severityNumber;
    e.severityNumber = typeof n === 'number' && n > 0 ? n : severityFromText(text);
    e.severityText = text;
    e.message = bodyText(record.body, this.maxMessageLength);
    e.attributes = record.attributes ?? {};
    e.eventName = record.eventName ?? '';
    const sc = record.spanContext;
    e.traceId = sc?.traceId;
    e.spanId = sc?.spanId;
    return e;
  }
}

/** Milliseconds of an OTel HrTime `[seconds, nanoseconds]`; NaN when it is not one. */
export function hrTimeToMs(t: HrTime | undefined): number {
  if (!Array.isArray(t)) return NaN;
  return t[0] * 1000 + t[1] / 1e6;
}
