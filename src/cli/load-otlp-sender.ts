import { UsageError } from './scan-command.js';

/**
 * The OTLP sender module, imported only for `--otlp`: it needs the optional peers
 * `@opentelemetry/exporter-logs-otlp-http`, `@opentelemetry/sdk-logs` and `@opentelemetry/resources`. When one is not
 * installed, a usage error says what to install.
 */
export async function loadOtlpSender(): Promise<typeof import('./otlp-sender.js')> {
  try {
    return await import('./otlp-sender.js');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const pkg = e.code === 'ERR_MODULE_NOT_FOUND' ? /'(@opentelemetry\/[^/']+)/.exec(e.message)?.[1] : undefined;
    if (pkg === undefined) throw err;
    throw new UsageError(`--otlp needs ${pkg} beside logsignal: npm install @opentelemetry/exporter-logs-otlp-http @opentelemetry/sdk-logs @opentelemetry/resources`);
  }
}
