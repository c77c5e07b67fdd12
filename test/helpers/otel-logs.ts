// The Logs API entry point of whichever OpenTelemetry line is installed (`@opentelemetry/api` >= 1.10,
// else `@opentelemetry/api-logs`), so the same tests run on both lines.
import { type LogsApi, logsApi } from '../../src/otel/logs-api.js';

if (logsApi === undefined) throw new Error('no OpenTelemetry Logs API installed');
export const logs: LogsApi = logsApi;
