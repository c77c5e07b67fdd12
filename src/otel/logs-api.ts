import { createRequire } from 'node:module';
import * as otelApi from '@opentelemetry/api';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/** A log record's attribute map, as the installed SDK types it. */
export type LogAttributes = ReadWriteLogRecord['attributes'];
/** One attribute value or a body. */
export type AnyValue = NonNullable<LogAttributes[string]>;
/** A log record's body. */
export type LogBody = NonNullable<ReadWriteLogRecord['body']>;
/** An OTel severity number (1..24). */
export type SeverityNumber = NonNullable<ReadWriteLogRecord['severityNumber']>;
export type { LogRecordProcessor, ReadWriteLogRecord };

/** What logsignal emits through a logger: the fields of the OTel Logs API's `LogRecord` it uses. */
export interface EmittedLogRecord {
  eventName?: string;
  timestamp?: number;
  severityNumber?: SeverityNumber;
  severityText?: string;
  body?: LogBody;
  attributes?: LogAttributes;
  context?: otelApi.Context;
}

/** A logger of the OTel Logs API (either line). */
export interface OtelLogger {
  emit(record: EmittedLogRecord): void;
}

/** Anything with `getLogger`, such as the SDK's `LoggerProvider` (0.2xx or 3.x). */
export interface LoggerSource {
  getLogger(name: string, version?: string): OtelLogger;
}

/** The parts of the Logs API entry point (`logs`) logsignal uses. */
export interface LogsApi {
  getLoggerProvider(): LoggerSource;
  setGlobalLoggerProvider(provider: LoggerSource): boolean;
  disable(): void;
}

/**
 * The Logs API of the installed OpenTelemetry line, resolved once at load: `logs` from
 * `@opentelemetry/api` (1.10 and later, the 3.x line), else from `@opentelemetry/api-logs` (the
 * 0.2xx line, an optional peer; loaded synchronously, so this module has no top-level await).
 * `undefined` when neither is installed: signal records then need `next` or `bind()`. Both builds
 * of either package keep the global provider in one `globalThis` slot, so this sees the provider the
 * app registers whichever build it imports.
 */
export const logsApi: LogsApi | undefined = resolveLogsApi();

function resolveLogsApi(): LogsApi | undefined {
  const fromApi = (otelApi as unknown as { logs?: LogsApi }).logs;
  if (fromApi !== undefined && typeof fromApi.getLoggerProvider === 'function') return fromApi;
  try {
    return (createRequire(import.meta.url)('@opentelemetry/api-logs') as { logs?: LogsApi }).logs;
  } catch {
    return undefined;
  }
}

/**
 * The global logger provider when one is registered; `undefined` when the global is still the
 * API's proxy with no delegate (records emitted there would vanish).
 */
export function registeredGlobalLoggerProvider(): LoggerSource | undefined {
  const p = logsApi?.getLoggerProvider() as (LoggerSource & { _getDelegateLogger?: (name: string) => unknown }) | undefined;
  if (p === undefined) return undefined;
  if (typeof p._getDelegateLogger === 'function' && p._getDelegateLogger('logsignal') === undefined) return undefined;
  return p;
}
