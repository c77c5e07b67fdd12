import type { Detector } from '../../src/core/detector.js';
import type { LogEvent } from '../../src/core/log-event.js';
import type { Signal } from '../../src/core/signal.js';

export { mulberry32 } from '../helpers/prng.js';

export const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);

export function ev(time: number, severityNumber = 9, message = 'ok', attributes: Record<string, unknown> = {}): LogEvent {
  return { time, severityNumber, severityText: '', message, attributes, eventName: '' };
}

/** Feed events, returning all signals. */
export function run(d: Detector, events: Iterable<LogEvent>): Signal[] {
  const out: Signal[] = [];
  for (const e of events) d.observe(e, out);
  return out;
}

/**
 * Events for a sequence of 10 s buckets: `perBucket[i]` = [total, errors]; records spread evenly
 * inside bucket i, errors placed at random positions (seeded).
 */
export function* bucketStream(perBucket: [number, number][], rand: () => number, bucketMs = 10_000, start = T0): Generator<LogEvent> {
  for (let i = 0; i < perBucket.length; i++) {
    const [total, errors] = perBucket[i];
    const isError = new Array<boolean>(total).fill(false);
    let placed = 0;
    while (placed < errors && placed < total) {
      const j = Math.floor(rand() * total);
      if (!isError[j]) {
        isError[j] = true;
        placed++;
      }
    }
    for (let j = 0; j < total; j++) yield ev(start + i * bucketMs + Math.floor((j * bucketMs) / total), isError[j] ? 17 : 9);
  }
}
