import { ConfigError } from './config-error.js';
import { severityFromText } from './severity.js';

/**
 * A level for rules: a name (`'ERROR'`, `'warn'`, `'CRITICAL'`, syslog and winston names) or an
 * OpenTelemetry severity number 1..24. Returns the severity number; throws {@link ConfigError}.
 */
export function parseLevel(level: unknown, path: string): number {
  if (typeof level === 'number' && Number.isInteger(level) && level >= 1 && level <= 24) return level;
  if (typeof level === 'string') {
    const n = severityFromText(level.trim());
    if (n > 0) return n;
  }
  throw new ConfigError(path, "a level name ('DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'CRITICAL', ...) or a severity number 1..24", level);
}
