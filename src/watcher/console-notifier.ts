import type { Signal } from '../core/signal.js';

/**
 * One line per signal, as the standalone {@link LogWatcher} prints it to stderr when no `onSignal`
 * is given: `[LogSignal] keyword_match (medium): Keyword 'ERROR' detected | keyword='ERROR'`.
 */
export function formatSignalLine(signal: Signal): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(signal.evidence)) {
    parts.push(`${k}=${typeof v === 'string' ? `'${v}'` : Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`);
  }
  if (signal.suppressed) parts.push(`suppressed=${signal.suppressed}`);
  return `[LogSignal] ${signal.name} (${signal.severity}): ${signal.message}${parts.length ? ` | ${parts.join(' ')}` : ''}`;
}
