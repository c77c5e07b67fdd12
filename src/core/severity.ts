import type { SignalSeverity } from './signal.js';

/** OpenTelemetry severity numbers of the six base levels. */
export const SEVERITY = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;

const BY_NAME: Record<string, number> = {
  trace: 1,
  finest: 1,
  finer: 2,
  verbose: 3,
  silly: 1,
  debug: 5,
  fine: 5,
  dbg: 5,
  info: 9,
  information: 9,
  informational: 9,
  notice: 10,
  http: 9,
  log: 9,
  warn: 13,
  warning: 13,
  wrn: 13,
  error: 17,
  err: 17,
  severe: 17,
  eror: 17,
  fatal: 21,
  critical: 21,
  crit: 21,
  alert: 22,
  emerg: 23,
  emergency: 23,
  panic: 23,
};

/** Every name in lower, UPPER and Capitalised form, so the common spellings need no case folding. */
const BY_SPELLING = new Map<string, number>();
for (const [name, n] of Object.entries(BY_NAME)) {
  BY_SPELLING.set(name, n);
  BY_SPELLING.set(name.toUpperCase(), n);
  BY_SPELLING.set(name[0].toUpperCase() + name.slice(1), n);
}

/**
 * Severity number for a level name (`ERROR`, `warn`, `CRITICAL`, syslog's `crit`/`emerg`,
 * winston's `verbose`/`silly`), case-insensitive; 0 when the name is unknown.
 */
export function severityFromText(text: string): number {
  if (text.length === 0 || text.length > 13) return 0;
  return BY_SPELLING.get(text) ?? BY_SPELLING.get(text.toLowerCase()) ?? 0;
}

/**
 * Severity number for a numeric level in pino / bunyan convention (10 trace, 20 debug, 30 info,
 * 40 warn, 50 error, 60 fatal); values in between map to the level below. 0 when not a level.
 */
export function severityFromPinoLevel(level: number): number {
  if (!Number.isFinite(level) || level < 10) return 0;
  if (level < 20) return 1;
  if (level < 30) return 5;
  if (level < 40) return 9;
  if (level < 50) return 13;
  if (level < 60) return 17;
  return 21;
}

/** Short upper-case name of a severity number's range (`ERROR` for 17..20), '' for 0. */
export function severityName(severityNumber: number): string {
  if (severityNumber <= 0) return '';
  if (severityNumber < 5) return 'TRACE';
  if (severityNumber < 9) return 'DEBUG';
  if (severityNumber < 13) return 'INFO';
  if (severityNumber < 17) return 'WARN';
  if (severityNumber < 21) return 'ERROR';
  return 'FATAL';
}

/** The seed's mapping of a record level to a signal severity: DEBUG/INFO low, WARN medium, ERROR/FATAL high. */
export function signalSeverityForLevel(severityNumber: number): SignalSeverity {
  if (severityNumber >= SEVERITY.ERROR) return 'high';
  if (severityNumber >= SEVERITY.WARN) return 'medium';
  return 'low';
}

/** OTel severity number used for a signal record of the given signal severity. */
export function severityNumberForSignal(severity: SignalSeverity): number {
  switch (severity) {
    case 'low':
      return SEVERITY.INFO;
    case 'medium':
      return SEVERITY.WARN;
    case 'high':
      return SEVERITY.ERROR;
    case 'critical':
      return SEVERITY.FATAL;
  }
}
