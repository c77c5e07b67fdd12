import type { LogEvent } from '../../src/core/log-event.js';
import type { Detector } from '../../src/core/detector.js';
import type { Signal } from '../../src/core/signal.js';

/** A LogEvent with defaults: time 0, INFO, empty attributes. */
export function ev(message: string, over: Partial<LogEvent> = {}): LogEvent {
  return { time: 0, severityNumber: 9, severityText: '', message, attributes: {}, eventName: '', ...over };
}

/** Feed events to a detector, returning the signals of each observe call. */
export function feed(d: Detector, events: LogEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of events) d.observe(e, out);
  return out;
}

/** Signals of one observe call. */
export function one(d: Detector, e: LogEvent): Signal[] {
  const out: Signal[] = [];
  d.observe(e, out);
  return out;
}
