import { statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { Signal } from '../core/signal.js';
import { type LogSignalConfig, parseConfig } from '../config/log-signal-config.js';
import { loadConfig } from '../config/load-config.js';
import { PRESET_NAMES } from '../config/presets.js';
import { EXIT } from '../cli/exit-codes.js';
import { UsageError, signalJson } from '../cli/scan-command.js';
import { GATEWAY_DEFAULTS, LogSignalGateway } from './gateway.js';
import { STATE_FILE_SUFFIX } from './gateway-state.js';

/** `logsignal serve --help`. */
export const SERVE_HELP = `Usage: logsignal serve [options]

Receives OTLP/HTTP logs (POST /v1/logs, protobuf or JSON, gzip or not), runs logsignal's detectors
per service (resource service.name) in record time, and exports every record, tagged with
logsignal.* attributes, plus the signal records, to --export. Without --export, signals are printed
as JSON lines (as 'scan --format jsonl' does, with the service). GET /health, GET /metrics on the
same port. Run several behind the OpenTelemetry Collector's loadbalancing exporter
(routing_key: service): see docs/gateway.md.

Options:
  --config <file>              config file (.yaml, .yml or .json), as for scan and fromConfig
  --preset <name>              ${PRESET_NAMES.join(' | ')} (default: the config's, else default)
  --listen <host:port>         where to listen (default 127.0.0.1:4318; port 0 picks a free one)
  --grpc-listen <host:port>    also receive OTLP/gRPC there (what the Collector's loadbalancing
                               exporter sends; e.g. 0.0.0.0:4317). Default: none
  --export <url>               OTLP/HTTP logs endpoint, e.g. http://collector:4318/v1/logs
  --export-protocol <p>        http/protobuf (default) | http/json
  --state <file|dir/>          templates, baselines and windows per service: restored at start,
                               saved every minute and on SIGTERM (write, then rename). A directory
                               (ending in / or existing) is shared by the gateways: each writes
                               <instance-id>.state.json there, and a service that moved from another
                               gateway resumes from the state that one saved
  --instance-id <name>         this gateway's file name in a shared state directory (default: the
                               host name)
  --max-request-size <size>    largest body, also once decompressed (default 64MiB; B, KiB, MiB,
                               GiB, KB, MB, GB)
  --max-services <n>           services with their own state (default ${GATEWAY_DEFAULTS.maxServices})
  --queue-size <n>             records waiting for export before senders get 503 (default 200000)
  --retry-after <seconds>      Retry-After of a 503 (default ${GATEWAY_DEFAULTS.retryAfterSeconds})
  -h, --help                   this help

Prints 'listening on http://HOST:PORT' once ready. SIGTERM (or SIGINT) stops accepting, exports
what is queued, saves the state and exits 0 within 10 s.
`;

const OPTIONS = {
  config: { type: 'string' },
  preset: { type: 'string' },
  listen: { type: 'string' },
  'grpc-listen': { type: 'string' },
  export: { type: 'string' },
  'export-protocol': { type: 'string' },
  state: { type: 'string' },
  'instance-id': { type: 'string' },
  'max-request-size': { type: 'string' },
  'max-services': { type: 'string' },
  'queue-size': { type: 'string' },
  'retry-after': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const PROTOCOLS = ['http/protobuf', 'http/json'] as const;
const STOP_DEADLINE_MS = 9500;
const FLUSH_TIMEOUT_MS = 7000;

/** Run `logsignal serve`; resolves with the exit code once stopped by SIGTERM / SIGINT. */
export async function serveCommand(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  if (o.help) {
    process.stdout.write(SERVE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`serve takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const { host, port } = parseListen(o.listen ?? `${GATEWAY_DEFAULTS.host}:${GATEWAY_DEFAULTS.port}`, '--listen');
  const grpc = o['grpc-listen'] === undefined ? undefined : parseListen(o['grpc-listen'], '--grpc-listen');
  if (grpc !== undefined && grpc.host !== host) throw new UsageError(`--grpc-listen: the host must be that of --listen (${host}), got ${JSON.stringify(grpc.host)}`);
  const protocol = o['export-protocol'] ?? 'http/protobuf';
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) throw new UsageError(`--export-protocol: expected one of ${PROTOCOLS.join(', ')}, got ${JSON.stringify(protocol)}`);
  if (o['export-protocol'] !== undefined && o.export === undefined) throw new UsageError('--export-protocol needs --export');
  const maxRequestSize = o['max-request-size'] === undefined ? GATEWAY_DEFAULTS.maxRequestSize : parseSize(o['max-request-size'], '--max-request-size');
  const maxServices = o['max-services'] === undefined ? undefined : parseCount(o['max-services'], '--max-services');
  const queueSize = o['queue-size'] === undefined ? undefined : parseCount(o['queue-size'], '--queue-size');
  const retryAfter = o['retry-after'] === undefined ? undefined : parseCount(o['retry-after'], '--retry-after', 0);
  const fileConfig: LogSignalConfig = o.config === undefined ? {} : loadConfig(o.config);
  if (o.preset !== undefined && !(PRESET_NAMES as readonly string[]).includes(o.preset)) throw new UsageError(`--preset: expected one of ${PRESET_NAMES.join(', ')}, got ${JSON.stringify(o.preset)}`);
  const config = parseConfig({ ...fileConfig, ...(o.preset === undefined ? {} : { preset: o.preset }) }, o.config ?? 'command line');

  const state = o.state === undefined ? undefined : statePaths(o.state, o['instance-id']);
  if (o['instance-id'] !== undefined && state?.sharedStateDir === undefined) throw new UsageError('--instance-id needs --state DIR/ (a shared state directory)');

  const exporter = o.export === undefined ? undefined : await makeExporter(exportUrl(o.export), protocol as (typeof PROTOCOLS)[number]);
  const onSignal = exporter === undefined ? (service: string, s: Signal) => process.stdout.write(`{"service":${JSON.stringify(service)},${signalJson(s).slice(1)}\n`) : undefined;
  let gateway: LogSignalGateway;
  try {
    gateway = await LogSignalGateway.start({
      config,
      host,
      port,
      grpcPort: grpc?.port,
      exporter,
      onSignal,
      maxRequestSize,
      maxServices,
      retryAfterSeconds: retryAfter,
      queue: queueSize === undefined ? undefined : { maxQueueSize: queueSize },
      statePath: state?.statePath,
      sharedStateDir: state?.sharedStateDir,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UsageError(`cannot listen on ${host}:${port}${grpc ? ` / ${grpc.port}` : ''}: ${code}`);
    throw err;
  }
  const stopped = new Promise<number>((resolve) => {
    const stop = (sig: string) => {
      const guard = setTimeout(() => {
        process.stderr.write(`logsignal serve: not stopped ${STOP_DEADLINE_MS} ms after ${sig}; exiting\n`);
        process.exit(EXIT.ok);
      }, STOP_DEADLINE_MS);
      guard.unref();
      gateway.stop(FLUSH_TIMEOUT_MS).then(
        (r) => {
          const parts = [`stopped on ${sig}`];
          if (!r.flushed) parts.push(`${r.unsent} records could not be exported in time`);
          if (r.saved === true) parts.push(`state saved to ${state?.statePath}`);
          process.stderr.write(`logsignal serve: ${parts.join('; ')}\n`);
          resolve(EXIT.ok);
        },
        (err: unknown) => {
          process.stderr.write(`logsignal serve: stopping failed: ${(err as Error)?.message ?? String(err)}\n`);
          resolve(EXIT.ok);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // ready only once a SIGTERM would be handled
  process.stdout.write(`listening on ${gateway.url}\n`);
  if (gateway.grpcAddress !== undefined) process.stdout.write(`listening for OTLP/gRPC on ${gateway.grpcAddress}\n`);
  return stopped;
}

/**
 * The OTLP exporter of `--export`, loaded only when used: the optional peers
 * `@opentelemetry/exporter-logs-otlp-proto` (http/protobuf) or `-http` (http/json), as an app on
 * either OpenTelemetry line has them. When the one needed is missing, a usage error says what to install.
 */
async function makeExporter(url: string, protocol: (typeof PROTOCOLS)[number]): Promise<LogRecordExporter> {
  const pkg = protocol === 'http/json' ? '@opentelemetry/exporter-logs-otlp-http' : '@opentelemetry/exporter-logs-otlp-proto';
  let mod: { OTLPLogExporter: new (o: { url: string }) => LogRecordExporter };
  try {
    mod = protocol === 'http/json' ? await import('@opentelemetry/exporter-logs-otlp-http') : await import('@opentelemetry/exporter-logs-otlp-proto');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    throw new UsageError(`--export with --export-protocol ${protocol} needs ${pkg} beside logsignal: npm install ${pkg} @opentelemetry/sdk-logs`);
  }
  return new mod.OTLPLogExporter({ url });
}

/** The endpoint URL: a bare `http://host:port` gets `/v1/logs`, as OTEL_EXPORTER_OTLP_ENDPOINT does. */
export function exportUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--export: expected a URL such as http://collector:4318/v1/logs, got ${JSON.stringify(value)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--export: expected an http or https URL, got ${JSON.stringify(value)}`);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v1/logs';
  return u.toString();
}

/** `--state`: a file of this instance, or a shared directory holding `<instance-id>.state.json` of each gateway. */
export function statePaths(value: string, instanceId: string | undefined): { statePath: string; sharedStateDir?: string } {
  let isDir = value.endsWith('/');
  try {
    isDir ||= statSync(value).isDirectory();
  } catch {
    // a file to be created
  }
  if (!isDir) return { statePath: value };
  const id = instanceId ?? hostname();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(id)) throw new UsageError(`--instance-id: expected letters, digits, '.', '_' or '-', got ${JSON.stringify(id)}`);
  return { statePath: join(value, `${id}${STATE_FILE_SUFFIX}`), sharedStateDir: value };
}

/** `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (then 127.0.0.1). */
export function parseListen(value: string, flag: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) throw new UsageError(`${flag}: expected HOST:PORT such as 127.0.0.1:4318 or 0.0.0.0:4318, got ${JSON.stringify(value)}`);
  return { host: m[1] ?? (m[2] || GATEWAY_DEFAULTS.host), port };
}

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** A size such as `64MiB`, `10MB`, `512KiB` or a byte count. */
export function parseSize(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(value.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const n = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!(n >= 1)) throw new UsageError(`${flag}: expected a size such as 64MiB, 10MB or 1048576, got ${JSON.stringify(value)}`);
  return n;
}

function parseCount(value: string, flag: string, min = 1): number {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min)) throw new UsageError(`${flag}: expected a whole number of at least ${min}, got ${JSON.stringify(value)}`);
  return n;
}
