/**
 * Epoch milliseconds from a timestamp field of a log line: a number (epoch seconds, ms, µs or ns,
 * told apart by magnitude), a numeric string of the same, or an ISO 8601 / RFC 2822 date string.
 * NaN when it cannot be read.
 */
export function parseEventTime(value: unknown): number {
  if (typeof value === 'number') return fromEpochNumber(value);
  if (typeof value === 'string') {
    if (value.length === 0 || value.length > 64) return NaN;
    const c = value.charCodeAt(0);
    if (c >= 48 && c <= 57 && NUMERIC.test(value)) return fromEpochNumber(Number(value));
    return Date.parse(value);
  }
  if (typeof value === 'bigint') return fromEpochNumber(Number(value));
  if (value instanceof Date) return value.getTime();
  return NaN;
}

const NUMERIC = /^\d+(\.\d+)?$/;

function fromEpochNumber(n: number): number {
  if (!Number.isFinite(n) || n < 0) return NaN;
  if (n < 1e11) return n * 1000; // seconds (until year 5138)
  if (n < 1e14) return n; // milliseconds
  if (n < 1e17) return n / 1000; // microseconds
  return n / 1e6; // nanoseconds
}
