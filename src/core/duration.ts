import { ConfigError } from './config-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d{1,12}(?:\.\d{1,6})?)(ms|s|m|h|d)$/;

/** Longest duration accepted anywhere (windows, buckets, cooldowns, warm-ups): 366 days. */
export const MAX_DURATION_MS = 366 * 86_400_000;

/**
 * A duration: a number of **seconds** (as in the seed, `window: 10`), or a string with a unit and
 * no space: `'250ms'`, `'10s'`, `'5m'`, `'1h'`, `'1d'`. At most 366 days ({@link MAX_DURATION_MS}).
 */
export type Duration = number | string;

/** Parse a {@link Duration} to milliseconds; throws {@link ConfigError} naming `path` when invalid. */
export function parseDuration(value: Duration, path: string, allowZero = false): number {
  let ms: number;
  if (typeof value === 'number') {
    ms = value * 1000;
  } else if (typeof value === 'string') {
    const m = DURATION.exec(value.trim());
    if (!m) throw new ConfigError(path, "a duration such as 10 (seconds), '10s', '5m' or '1h'", value);
    ms = Number(m[1]) * UNIT_MS[m[2]];
  } else {
    throw new ConfigError(path, "a duration such as 10 (seconds), '10s', '5m' or '1h'", value);
  }
  if (!Number.isFinite(ms) || ms < 0 || (!allowZero && ms === 0) || ms > MAX_DURATION_MS) {
    throw new ConfigError(path, `${allowZero ? 'a duration >= 0' : 'a duration > 0'} and at most 366 days`, value);
  }
  return ms;
}

/** Format milliseconds as a short duration (`10s`, `5m`, `1.5h`) for messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${round(ms / 60_000)}m`;
  if (ms < 86_400_000) return `${round(ms / 3_600_000)}h`;
  return `${round(ms / 86_400_000)}d`;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
