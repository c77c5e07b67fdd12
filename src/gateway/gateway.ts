import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { diag } from '@opentelemetry/api';
import type { LogRecordExporter, ReadableLogRecord, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import type { Signal } from '../core/signal.js';
import { SignalLogRecord } from '../otel/signal-record.js';
import { ExportQueue, type ExportQueueOptions, type TimerFn } from './export-queue.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { asSdkRecord, type GatewayLogRecord } from './gateway-record.js';
import { loadState, saveState } from './gateway-state.js';
import type { OtlpFormat, ReceivedRequest } from './otlp-request.js';
import type { GrpcReceiver } from './grpc-receiver.js';
import { ServicePipeline, type SignalSink } from './service-pipeline.js';
import { SharedStateDirectory } from './shared-state.js';
import { type ServiceEntry, ServiceTable } from './service-table.js';

const gunzipAsync = promisify(gunzip);

/** Runs `fn` every `ms`; returns a cancel function. Injected in tests. */
export type RepeatFn = (fn: () => void, ms: number) => () => void;

/** Options of {@link LogSignalGateway}; defaults in {@link GATEWAY_DEFAULTS}. */
export interface GatewayOptions {
  /** A configuration in the format of `scan --config` (`parseConfig` / `loadConfig`); an invalid one fails `start`, naming the setting. Default `{}` (preset `default`). */
  config?: LogSignalConfig;
  /** Listen address. Default `127.0.0.1`. */
  host?: string;
  /** Listen port; 0 picks a free one. Default 4318. */
  port?: number;
  /** Where received records and signal records go (a real OTLP exporter). Default none: signals only reach `onSignal`. */
  exporter?: LogRecordExporter;
  /** Called with every signal and its service. Default none. */
  onSignal?: (service: string, signal: Signal) => void;
  /** Largest request body in bytes, compressed and after decompression. Default 64 MiB. */
  maxRequestSize?: number;
  /** Services with their own state at most. Default 10000. */
  maxServices?: number;
  /** A service silent this long (ms) loses its state. Default 1 h. */
  serviceIdleMs?: number;
  /** Export queue options (capacity, batch size, retries). */
  queue?: Partial<Omit<ExportQueueOptions, 'setTimer'>>;
  /** `Retry-After` of a 503, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** State file: restored at start, saved every `stateIntervalMs` and at `stop`. Default none. */
  statePath?: string;
  /** Default 60 000 (one minute). */
  stateIntervalMs?: number;
  /**
   * A directory shared by the gateways (holding `statePath` and the others' `*.state.json`): a service
   * seen for the first time takes the newest state another gateway saved for it. Default none.
   */
  sharedStateDir?: string;
  /** How often services' detectors are ticked (buckets close, silence is noticed). Default 10 000. */
  tickIntervalMs?: number;
  /** Gateway clock (epoch ms): records without time, idle services. Default `Date.now`. */
  clock?: () => number;
  /** One-shot timer (export retries, flush deadline). Default `setTimeout`, unref'd. */
  setTimer?: TimerFn;
  /** Repeating timer (ticks, state saves). Default `setInterval`, unref'd. */
  setRepeat?: RepeatFn;
  /**
   * Also receive OTLP/gRPC (`LogsService/Export`) on this port of `host` (0 picks a free one): what the
   * Collector's loadbalancing exporter sends. Default none.
   */
  grpcPort?: number;
  /** Where problems that are not errors of a request go (a state file that cannot be used). Default stderr. */
  warn?: (message: string) => void;
}

/** Defaults of {@link GatewayOptions}. */
export const GATEWAY_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 4318,
  maxRequestSize: 64 * 1024 * 1024,
  maxServices: 10_000,
  serviceIdleMs: 3_600_000,
  retryAfterSeconds: 1,
  stateIntervalMs: 60_000,
  tickIntervalMs: 10_000,
});

const defaultRepeat: RepeatFn = (fn, ms) => {
  const t = setInterval(fn, ms);
  t.unref?.();
  return () => clearInterval(t);
};

const defaultTimer: TimerFn = (fn, ms) => {
  const t = setTimeout(fn, ms);
  t.unref?.();
  return () => clearTimeout(t);
};

// gRPC status codes carried in google.rpc.Status bodies
const GRPC = { invalidArgument: 3, resourceExhausted: 8, unimplemented: 12, unavailable: 14, notFound: 5 } as const;

/** The OTLP codec (protobufjs over the official definitions), loaded by {@link LogSignalGateway.start}. */
type OtlpCodec = typeof import('./otlp-request.js');

/** The gateway cannot take a request now (stopping, or the export queue is full): HTTP 503, gRPC UNAVAILABLE; senders retry. */
export class GatewayUnavailable extends Error {}

class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly grpc: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `logsignal serve`: an OTLP/HTTP logs receiver that runs logsignal's pipeline per service
 * (`service.name`) and exports every record, tagged, plus the signal records, through a real OTLP
 * exporter. Routes: `POST /v1/logs` (protobuf or JSON, gzip or not), `GET /health`, `GET /metrics`;
 * with `grpcPort`, OTLP/gRPC `LogsService/Export` too. Requests are accepted whole or refused with 503
 * (back-pressure), and nothing accepted is dropped.
 *
 * Defaults ({@link GATEWAY_DEFAULTS}): listens on `127.0.0.1:4318`, preset `default` (config `{}`), no
 * exporter (signals reach `onSignal` only), requests up to 64 MiB (also once decompressed), at most
 * 10 000 services (idle for 1 h: evicted), `Retry-After: 1`, ticks every 10 s, no state file (with
 * `statePath`: saved every minute and at `stop`), no gRPC port. The export queue holds 200 000 records
 * (`queue.maxQueueSize`). protobufjs and prom-client are loaded by `start`, not by importing
 * 'logsignal'.
 *
 * ```ts
 * const gw = await LogSignalGateway.start({ port: 0, exporter: new OTLPLogExporter({ url }) });
 * // gw.url === 'http://127.0.0.1:PORT'
 * await gw.stop();
 * ```
 */
export class LogSignalGateway {
  /** The metrics served at `GET /metrics` (prom-client, a registry of the gateway's own). */
  readonly metrics: GatewayMetrics;
  private readonly codec: OtlpCodec;
  readonly services: ServiceTable;
  private readonly queue: ExportQueue | undefined;
  private readonly server: Server;
  private readonly config: LogSignalConfig;
  private readonly clock: () => number;
  private readonly maxRequestSize: number;
  private readonly retryAfter: string;
  private readonly onSignal: ((service: string, signal: Signal) => void) | undefined;
  private readonly statePath: string | undefined;
  private readonly warn: (message: string) => void;
  private readonly setTimer: TimerFn;
  private readonly cancels: Array<() => void> = [];
  private evictedReported = 0;
  private grpc: GrpcReceiver | undefined;
  private saving: Promise<boolean> | undefined;
  private stopping = false;
  private stopped: Promise<StopResult> | undefined;
  /** `http://HOST:PORT` once listening. */
  url = '';

  private constructor(options: GatewayOptions, codec: OtlpCodec, metrics: GatewayMetrics) {
    this.codec = codec;
    this.metrics = metrics;
    this.config = options.config ?? {};
    new ServicePipeline(this.config, Date.now); // a config that cannot make a service's pipeline fails here, naming the setting
    this.clock = options.clock ?? Date.now;
    this.maxRequestSize = options.maxRequestSize ?? GATEWAY_DEFAULTS.maxRequestSize;
    this.retryAfter = String(options.retryAfterSeconds ?? GATEWAY_DEFAULTS.retryAfterSeconds);
    this.onSignal = options.onSignal;
    this.statePath = options.statePath;
    this.warn = options.warn ?? ((m) => process.stderr.write(`${m}\n`));
    this.setTimer = options.setTimer ?? defaultTimer;
    const shared = options.sharedStateDir === undefined ? undefined : new SharedStateDirectory(options.sharedStateDir, resolve(this.statePath ?? ''), this.config, this.clock);
    this.services = new ServiceTable(this.config, {
      maxServices: options.maxServices ?? GATEWAY_DEFAULTS.maxServices,
      idleMs: options.serviceIdleMs ?? GATEWAY_DEFAULTS.serviceIdleMs,
      clock: this.clock,
      onRestoreError: (service, err) => this.warn(`logsignal serve: the saved state of service ${JSON.stringify(service)} cannot be used (${err.message}); it starts fresh`),
      lookup: shared === undefined ? undefined : (service) => shared.find(service),
    });
    if (options.exporter !== undefined) {
      const m = this.metrics;
      this.queue = new ExportQueue(
        options.exporter,
        {
          exported: (n) => m.recordsExported.inc(n),
          refused: (n) => m.recordsRefusedDownstream.inc(n),
          retrying: () => m.exportRetries.inc(),
        },
        { ...options.queue, setTimer: this.setTimer },
      );
      m.queueCapacity.set(this.queue.capacity);
    }
    this.metrics.queueDepth.set(0);
    this.metrics.servicesLive.set(0);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 65_000;
    const repeat = options.setRepeat ?? defaultRepeat;
    this.cancels.push(repeat(() => this.tick(), options.tickIntervalMs ?? GATEWAY_DEFAULTS.tickIntervalMs));
    if (this.statePath !== undefined) this.cancels.push(repeat(() => void this.saveState(), options.stateIntervalMs ?? GATEWAY_DEFAULTS.stateIntervalMs));
  }

  /** Restore the state file (if any), listen, and resolve once ready (`url` is then set). */
  static async start(options: GatewayOptions = {}): Promise<LogSignalGateway> {
    // protobufjs and prom-client are loaded here, by a gateway that starts: importing 'logsignal' does not load them
    const [codec, { GatewayMetrics }] = await Promise.all([import('./otlp-request.js'), import('./gateway-metrics.js')]);
    const gw = new LogSignalGateway(options, codec, new GatewayMetrics());
    gw.restoreState();
    const host = options.host ?? GATEWAY_DEFAULTS.host;
    await new Promise<void>((resolve, reject) => {
      gw.server.once('error', reject);
      gw.server.listen(options.port ?? GATEWAY_DEFAULTS.port, host, () => {
        gw.server.off('error', reject);
        resolve();
      });
    });
    const a = gw.server.address() as AddressInfo;
    gw.url = `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
    if (options.grpcPort !== undefined) {
      try {
        gw.grpc = await (await import('./grpc-receiver.js')).startGrpcReceiver(gw, host, options.grpcPort, gw.maxRequestSize);
      } catch (err) {
        await gw.stop(0);
        throw err;
      }
    }
    return gw;
  }

  /** Records waiting for export or in flight (0 without an exporter). */
  get queueDepth(): number {
    return this.queue?.size ?? 0;
  }

  /**
   * Stop: refuse new requests (503), stop listening, export what is queued (at most `timeoutMs`),
   * save the state, shut the exporter down. Safe to call twice.
   */
  stop(timeoutMs = 8000): Promise<StopResult> {
    this.stopped ??= this.doStop(timeoutMs);
    return this.stopped;
  }

  /**
   * Save the state file now (also done every `stateIntervalMs` and at `stop`); resolves false when it
   * failed (reported). A save already under way is waited for rather than doubled.
   */
  saveState(): Promise<boolean> {
    if (this.statePath === undefined) return Promise.resolve(false);
    this.saving ??= this.writeState(this.statePath).finally(() => {
      this.saving = undefined;
    });
    return this.saving;
  }

  private async writeState(path: string): Promise<boolean> {
    try {
      await saveState(path, this.config, this.services.snapshot(), new Date(this.clock()));
      this.metrics.stateSaves.inc({ result: 'ok' });
      return true;
    } catch (err) {
      this.metrics.stateSaves.inc({ result: 'error' });
      this.warn(`logsignal serve: saving the state to ${path} failed: ${(err as Error).message}`);
      return false;
    }
  }

  /** Tick every live service in its own record time (its latest record time plus the time since), then evict idle ones. */
  tick(): void {
    const now = this.clock();
    const out: ReadableLogRecord[] = [];
    for (const e of this.services.entries()) {
      const t = e.pipeline.lastTime;
      if (!Number.isFinite(t)) continue;
      try {
        e.pipeline.tick(t + Math.max(0, now - e.lastSeen), this.sinkFor(e, out, undefined));
      } catch (err) {
        this.metrics.pipelineErrors.inc();
        diag.error('logsignal serve: a tick failed', err);
      }
    }
    this.services.sweepIdle();
    if (this.queue !== undefined && out.length > 0) this.queue.push(out);
    this.updateGauges();
  }

  private async doStop(timeoutMs: number): Promise<StopResult> {
    this.stopping = true;
    for (const c of this.cancels) c();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections?.();
    const grpcClosed = this.grpc?.close();
    const flushed = this.queue === undefined ? true : await this.queue.flush(timeoutMs);
    await this.saving; // a periodic save under way: then save the final state
    const saved = this.statePath === undefined ? undefined : await this.saveState();
    if (this.queue !== undefined) await Promise.race([this.queue.shutdown(), new Promise<void>((r) => this.setTimer(r, 1000))]).catch(() => undefined);
    this.server.closeAllConnections?.();
    await closed;
    await grpcClosed;
    return { flushed, unsent: this.queue?.size ?? 0, saved };
  }

  private restoreState(): void {
    if (this.statePath === undefined) return;
    const loaded = loadState(this.statePath, this.config);
    if ('services' in loaded) this.services.preload(loaded.services);
    else if (loaded.problem !== undefined) this.warn(`logsignal serve: the state file ${this.statePath} ${loaded.problem}; starting without it`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/v1/logs') {
        if (req.method !== 'POST') throw new HttpRefusal(405, GRPC.unimplemented, 'use POST');
        await this.receive(req, res);
      } else if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
        await drain(req);
        this.health(res);
      } else if (path === '/metrics' && req.method === 'GET') {
        await drain(req);
        this.updateGauges();
        const m = await this.metrics.render();
        res.writeHead(200, { 'content-type': m.contentType }).end(m.body);
      } else {
        await drain(req);
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: POST /v1/logs, GET /health, GET /metrics\n');
      }
    } catch (err) {
      this.refuse(req, res, err);
    }
  }

  private async receive(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const format = formatOf(req.headers['content-type']);
    if (format === undefined)
      throw new HttpRefusal(415, GRPC.invalidArgument, `unsupported content type ${JSON.stringify(req.headers['content-type'] ?? '')}: use application/x-protobuf or application/json`);
    const encoding = String(req.headers['content-encoding'] ?? 'identity')
      .trim()
      .toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'identity' && encoding !== '')
      throw new HttpRefusal(415, GRPC.invalidArgument, `unsupported content encoding ${JSON.stringify(encoding)}: use gzip or none`);
    if (this.stopping) throw new HttpRefusal(503, GRPC.unavailable, 'shutting down');
    const declared = Number(req.headers['content-length']);
    if (declared > this.maxRequestSize) throw new HttpRefusal(413, GRPC.resourceExhausted, `the body is over ${this.maxRequestSize} bytes`);
    let body = await readBody(req, this.maxRequestSize);
    if (encoding === 'gzip') {
      try {
        body = await gunzipAsync(body, { maxOutputLength: this.maxRequestSize });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
          throw new HttpRefusal(413, GRPC.resourceExhausted, `the body is over ${this.maxRequestSize} bytes once decompressed`);
        throw new HttpRefusal(400, GRPC.invalidArgument, `the body is not valid gzip: ${(err as Error).message}`);
      }
    }
    let request: ReceivedRequest;
    try {
      request = format === 'protobuf' ? this.codec.decodeProtobufRequest(body) : this.codec.decodeJsonRequest(body);
    } catch (err) {
      if (err instanceof this.codec.RequestDecodeError) throw new HttpRefusal(400, GRPC.invalidArgument, err.message);
      throw err;
    }
    this.ingest(request);
    res.writeHead(200, { 'content-type': format === 'json' ? 'application/json' : 'application/x-protobuf' }).end(this.codec.encodeResponse(format, request.rejected, request.rejection));
  }

  /**
   * Accept a decoded request, as both transports do: refused with {@link GatewayUnavailable} while
   * stopping or when the export queue has no room for it (nothing of it is then kept); else every
   * record is analysed and queued for export, and the request counted.
   */
  ingest(request: ReceivedRequest): void {
    if (this.stopping) throw new GatewayUnavailable('shutting down');
    if (this.queue !== undefined && !this.queue.hasRoom(request.records)) throw new GatewayUnavailable(`the export queue is full (${this.queue.size} records); retry later`);
    this.analyse(request);
    this.metrics.recordsReceived.inc(request.records);
    if (request.rejected > 0) this.metrics.recordsRejected.inc(request.rejected);
    this.metrics.requests.inc({ status: '200' });
  }

  /** Count a request refused by a transport, under the HTTP status it stands for. */
  countRefusal(status: number): void {
    this.metrics.requestsRefused.inc({ status: String(status) });
    this.metrics.requests.inc({ status: String(status) });
  }

  /** The gRPC receiver's address (`127.0.0.1:PORT`), when one was started. */
  get grpcAddress(): string | undefined {
    return this.grpc?.address;
  }

  /** Run every accepted record through its service's pipeline and queue it, with its signal records, for export. */
  private analyse(request: ReceivedRequest): void {
    const out: ReadableLogRecord[] | undefined = this.queue === undefined ? undefined : [];
    for (const rl of request.resources) {
      const entry = this.services.get(rl.resource);
      const trigger: { record: GatewayLogRecord | undefined } = { record: undefined };
      const sink = this.sinkFor(entry, out, trigger);
      const pipeline = entry.pipeline;
      const records = rl.records;
      for (let i = 0; i < records.length; i++) {
        const r = records[i];
        if (out !== undefined) out.push(asSdkRecord(r));
        trigger.record = r;
        try {
          pipeline.process(r, sink);
        } catch (err) {
          this.metrics.pipelineErrors.inc();
          diag.error('logsignal serve: analysing a record failed; it is exported unchanged', err);
        }
      }
    }
    if (out !== undefined && this.queue !== undefined) this.queue.push(out);
  }

  private sinkFor(entry: ServiceEntry, out: ReadableLogRecord[] | undefined, trigger: { record: GatewayLogRecord | undefined } | undefined): SignalSink {
    const m = this.metrics.signals;
    const held = this.metrics.signalsDropped;
    const onSignal = this.onSignal;
    return (s, dropped) => {
      m.inc({ detector: s.detector, severity: s.severity });
      if (dropped > 0) held.inc(dropped);
      if (out !== undefined) {
        const resource = entry.resource as unknown as ReadWriteLogRecord['resource'];
        out.push(new SignalLogRecord(s, resource, trigger?.record?.spanContext, this.clock(), dropped));
      }
      // the caller's callback last, isolated: one that throws loses no signal record
      if (onSignal !== undefined) {
        try {
          onSignal(entry.name, s);
        } catch (err) {
          diag.error(`logsignal serve: onSignal threw for ${s.detector}`, err);
        }
      }
    };
  }

  private health(res: ServerResponse): void {
    const exporting = this.queue === undefined ? null : this.queue.healthy;
    const ok = !this.stopping && exporting !== false;
    const body = { status: this.stopping ? 'stopping' : ok ? 'serving' : 'export failing', exporting, queue: this.queueDepth, queueCapacity: this.queue?.capacity ?? 0, services: this.services.size };
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  private refuse(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const r = err instanceof HttpRefusal ? err : err instanceof GatewayUnavailable ? new HttpRefusal(503, GRPC.unavailable, err.message) : new HttpRefusal(500, 13, 'internal error');
    if (!(err instanceof HttpRefusal) && !(err instanceof GatewayUnavailable)) diag.error('logsignal serve: handling a request failed', err);
    this.countRefusal(r.status);
    if (res.headersSent) return void res.destroy();
    const format: OtlpFormat = formatOf(req.headers['content-type']) ?? 'json';
    const headers: Record<string, string> = { 'content-type': format === 'json' ? 'application/json' : 'application/x-protobuf' };
    if (r.status === 503) headers['retry-after'] = this.retryAfter;
    if (!req.complete) headers.connection = 'close';
    res.writeHead(r.status, headers).end(this.codec.encodeStatus(format, r.grpc, r.message));
    if (!req.complete) req.resume();
  }

  private updateGauges(): void {
    this.metrics.queueDepth.set(this.queueDepth);
    this.metrics.servicesLive.set(this.services.size);
    const evicted = this.services.evicted;
    if (evicted > this.evictedReported) {
      this.metrics.servicesEvicted.inc(evicted - this.evictedReported);
      this.evictedReported = evicted;
    }
  }
}

/** What {@link LogSignalGateway.stop} did. */
export interface StopResult {
  /** Everything queued was exported. */
  flushed: boolean;
  /** Records still unexported (the downstream did not take them in time). */
  unsent: number;
  /** The state was saved (undefined without a state file). */
  saved: boolean | undefined;
}

function formatOf(contentType: string | undefined): OtlpFormat | undefined {
  const t = String(contentType ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (t === 'application/x-protobuf' || t === 'application/protobuf') return 'protobuf';
  if (t === 'application/json') return 'json';
  return undefined;
}

/** The body, refused with 413 as soon as it passes `max` bytes (the rest is then read and discarded, so the answer gets through). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        reject(new HttpRefusal(413, GRPC.resourceExhausted, `the body is over ${max} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
  });
}

async function drain(req: IncomingMessage): Promise<void> {
  if (req.complete) return;
  for await (const _ of req) {
    // discard
  }
}
