// The Logs API entry point of whichever OpenTelemetry line is installed (`@opentelemetry/api` >= 1.10,
// else `@opentelemetry/api-logs`), so the same tests run on both lines.
import { type LogsApi, logsApi } from '../../src/otel/logs-api.js';

if (logsApi === undefined) throw new Error('no OpenTelemetry Logs API installed');
export const logs: LogsApi = logsApi;

/** The OTel severity numbers the tests use (the same on both lines; `SeverityNumber` lives in api-logs on 0.2xx only). */
export const SeverityNumber = Object.freeze({ INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const);
