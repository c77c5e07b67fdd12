import type { LogSignalConfig } from '../config/log-signal-config.js';

/**
 * Options of the pino and winston transports (`logsignal/pino`, `logsignal/winston`). Plain data, so
 * pino can pass them to its worker thread.
 */
export interface TransportOptions {
  /**
   * A config file (`.yaml`, `.yml`, `.json`) or a config object: the format of
   * `LogSignalProcessor.fromConfig` and `logsignal scan --config` (preset, detectors, cooldown).
   * Default: the `default` preset.
   */
  config?: string | LogSignalConfig;
  /**
   * Send each signal as an OTLP log record (`eventName = 'logsignal.signal'`) to this OTLP/HTTP logs
   * endpoint (e.g. `http://127.0.0.1:4318/v1/logs`) instead of printing it. Needs the optional peers
   * `@opentelemetry/exporter-logs-otlp-http` and `@opentelemetry/sdk-logs`. Default: print.
   */
  otlp?: string;
  /**
   * Where printed signals go, one line each as `LogWatcher` prints them
   * (`[LogSignal] keyword_match (medium): ...`): `'stderr'` (default) or `'stdout'`. Ignored with `otlp`.
   */
  print?: 'stderr' | 'stdout';
}
