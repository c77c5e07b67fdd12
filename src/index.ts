/**
 * logsignal: anomaly and security signals in logs as they are written.
 * @packageDocumentation
 */
export type { LogEvent } from './core/log-event.js';
export { type Signal, type SignalKind, type SignalSeverity, type EvidenceValue, SIGNAL_SEVERITIES, severityRank } from './core/signal.js';
export type { Detector } from './core/detector.js';
export { ConfigError } from './core/config-error.js';
export { type Duration, parseDuration } from './core/duration.js';
export { eventFromObject, eventFromString } from './input/event-from-input.js';
export { SEVERITY, severityFromText } from './core/severity.js';
export { getField } from './core/field.js';
export * from './rules/index.js';
export * from './stats/index.js';
export * from './templates/index.js';
export * from './security/index.js';
export { StatRule } from './stats/stat-rule.js';
export * from './config/index.js';
export { LogWatcher, type LogWatcherOptions, type LogInput } from './watcher/log-watcher.js';
export { formatSignalLine } from './watcher/console-notifier.js';
export * from './otel/index.js';
export { VERSION } from './version.js';
