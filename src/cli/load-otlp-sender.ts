import { UsageError } from './scan-command.js';

/**
 * The OTLP sender module, imported only for `--otlp`: it needs the optional peers
 * `@opentelemetry/exporter-logs-otlp-http` and `@opentelemetry/sdk-logs`. When they are not
 * installed, a usage error says what to install.
 */
export async function loadOtlpSender(): Promise<typeof import('./otlp-sender.js')> {
  try {
    return await import('./otlp-sender.js');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_MODULE_NOT_FOUND' && /@opentelemetry\//.test(e.message)) {
      throw new UsageError('--otlp needs the OpenTelemetry exporter beside logsignal: npm install @opentelemetry/exporter-logs-otlp-http @opentelemetry/sdk-logs');
    }
    throw err;
  }
}
