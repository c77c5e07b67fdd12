import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeverityNumber } from '../helpers/otel-logs.js';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, type LogRecordExporter, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { decodeProtobufRequest } from '../../src/gateway/otlp-request.js';

/** One record to emit: body, time (epoch ms), severity (default INFO). */
export interface Line {
  body: string;
  time: number;
  severity?: number;
  attributes?: Record<string, string | number | boolean>;
}

/** Real SDK records of one service (`service.name`), emitted through a LoggerProvider and kept in memory. */
export function sdkRecords(service: string, lines: readonly Line[]): ReadableLogRecord[] {
  const mem = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: resourceFromAttributes({ 'service.name': service, 'host.name': `${service}-1` }), processors: [new SimpleLogRecordProcessor({ exporter: mem })] });
  const logger = provider.getLogger('app', '1.0.0');
  for (const l of lines) {
    const severity = l.severity ?? SeverityNumber.INFO;
    logger.emit({ body: l.body, timestamp: l.time, severityNumber: severity, severityText: severity >= SeverityNumber.ERROR ? 'ERROR' : 'INFO', attributes: l.attributes });
  }
  return mem.getFinishedLogRecords();
}

/** Export through a real exporter; resolves with its result code (0 = success) and error. */
export function exportWith(exporter: LogRecordExporter, records: ReadableLogRecord[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(records, (r) => resolve({ code: r.code, error: r.error })));
}

/** One timer queue a test runs by hand (ticks, state saves): `run()` calls every registered repeat once. */
export class ManualRepeat {
  private readonly fns = new Set<() => void>();
  readonly repeat = (fn: () => void) => {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  };
  run(): void {
    for (const f of [...this.fns]) f();
  }
}

/** A downstream for protobuf exports in tests: decodes every request with the gateway's decoder and keeps the records. */
export async function startProtobufDownstream(): Promise<{
  url: string;
  records: Array<{ service: string; body: unknown; attributes: Record<string, unknown>; eventName: string | undefined }>;
  close(): Promise<void>;
}> {
  const records: Array<{ service: string; body: unknown; attributes: Record<string, unknown>; eventName: string | undefined }> = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const decoded = decodeProtobufRequest(Buffer.concat(chunks));
    for (const rl of decoded.resources) for (const r of rl.records) records.push({ service: rl.resource.serviceName, body: r.body, attributes: r.attributes, eventName: r.eventName });
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/logs`,
    records,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** `T0 + i` seconds, a fixed record-time origin. */
export const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
