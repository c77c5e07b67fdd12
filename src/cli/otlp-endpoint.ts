/** Why an `--otlp` endpoint cannot be used (a usage error). */
export class OtlpEndpointError extends Error {}

/**
 * The logs URL `--otlp <value>` sends to, as the OpenTelemetry exporters resolve theirs:
 * - a URL without a path (`http://collector:4318`, or ending in `/`): `/v1/logs` is appended;
 *   a URL with a path is used as is (`http://collector:4318/v1/logs`, `https://ingest.example/otlp/logs`);
 * - `env`: `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT` as is, else `OTEL_EXPORTER_OTLP_ENDPOINT` with
 *   `/v1/logs` appended (the OTel specification's rules).
 * Headers (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_LOGS_HEADERS`) are read by the exporter.
 */
export function resolveOtlpEndpoint(value: string, env: NodeJS.ProcessEnv = process.env): string {
  if (value === 'env') {
    const logs = env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT?.trim();
    if (logs) return checkUrl(logs, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
    const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
    if (base) return `${checkUrl(base, 'OTEL_EXPORTER_OTLP_ENDPOINT').replace(/\/+$/, '')}/v1/logs`;
    throw new OtlpEndpointError('--otlp env: neither OTEL_EXPORTER_OTLP_LOGS_ENDPOINT nor OTEL_EXPORTER_OTLP_ENDPOINT is set');
  }
  const url = new URL(checkUrl(value, '--otlp'));
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/v1/logs';
  return url.toString();
}

function checkUrl(value: string, what: string): string {
  let ok = /^https?:\/\/[^\s]+$/.test(value);
  if (ok) {
    try {
      new URL(value);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new OtlpEndpointError(`${what}: expected an http(s) URL such as http://127.0.0.1:4318 or http://127.0.0.1:4318/v1/logs, got ${JSON.stringify(value)}`);
  return value;
}
