import { SIGNAL_SEVERITIES, type SignalSeverity } from '../core/signal.js';

/**
 * Log-level words `--fail-on` takes beside the signal severities, and the severity each means:
 * `info` = low, `warn`/`warning` = medium, `error` = high, `fatal` = critical.
 */
export const FAIL_ON_LEVEL_WORDS: Readonly<Record<string, SignalSeverity>> = Object.freeze({ info: 'low', warn: 'medium', warning: 'medium', error: 'high', fatal: 'critical' });

/** The severity a `--fail-on` value names (a severity or a level word, any case), or undefined. */
export function failOnSeverity(value: string): SignalSeverity | undefined {
  const v = value.toLowerCase();
  if ((SIGNAL_SEVERITIES as readonly string[]).includes(v)) return v as SignalSeverity;
  return Object.hasOwn(FAIL_ON_LEVEL_WORDS, v) ? FAIL_ON_LEVEL_WORDS[v] : undefined;
}
