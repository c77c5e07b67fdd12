import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One log record as it arrived over OTLP/HTTP JSON, with attributes and body decoded to plain values. */
export interface ReceivedLogRecord {
  resource: Record<string, unknown>;
  scope: string;
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  eventName: string;
  attributes: Record<string, unknown>;
  traceId: string;
  spanId: string;
}

/** A running receiver: its `url` (`http://127.0.0.1:PORT/v1/logs`) and what it received so far. */
export interface OtlpReceiver {
  readonly url: string;
  readonly records: ReceivedLogRecord[];
  /** Number of export requests received. */
  requests: number;
  /**
   * Answer every request with this HTTP status instead of accepting it (503: the exporter retries),
   * or `'hang'`: never answer (the exporter's timeout ends it). Undefined (the default): accept.
   */
  failWith: number | 'hang' | undefined;
  /** HTTP headers of the last export request. */
  lastHeaders: IncomingMessage['headers'];
  close(): Promise<void>;
}

/**
 * A minimal OTLP/HTTP logs receiver for tests and demos: listens on 127.0.0.1 (port 0 = any free
 * port), accepts `POST /v1/logs` with JSON bodies (gzip or not), answers `{}` and keeps every record
 * decoded. Protobuf bodies are answered 415. Not a collector: keep it to tests and demos.
 */
export async function startOtlpReceiver(options: { port?: number; host?: string } = {}): Promise<OtlpReceiver> {
  const records: ReceivedLogRecord[] = [];
  const receiver = { url: '', records, requests: 0, failWith: undefined, lastHeaders: {}, close: async () => {} } as OtlpReceiver;
  const server = createServer((req, res) => void handle(req, res, receiver));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (receiver as { url: string }).url = `http://${options.host ?? '127.0.0.1'}:${port}/v1/logs`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return receiver;
}

async function handle(req: IncomingMessage, res: ServerResponse, receiver: OtlpReceiver): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let raw = Buffer.concat(chunks);
  if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/logs') {
    res.writeHead(404).end();
    return;
  }
  if (!String(req.headers['content-type'] ?? '').includes('json')) {
    res.writeHead(415, { 'content-type': 'text/plain' }).end('only OTLP JSON is accepted');
    return;
  }
  receiver.lastHeaders = req.headers;
  if (receiver.failWith === 'hang') return;
  if (receiver.failWith !== undefined) {
    res.writeHead(receiver.failWith, { 'content-type': 'text/plain' }).end('failing on purpose');
    return;
  }
  try {
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    const body = JSON.parse(raw.toString('utf8')) as ExportRequest;
    receiver.requests++;
    for (const rl of body.resourceLogs ?? []) {
      const resource = attributesOf(rl.resource?.attributes);
      for (const sl of rl.scopeLogs ?? []) {
        for (const lr of sl.logRecords ?? []) {
          receiver.records.push({
            resource,
            scope: sl.scope?.name ?? '',
            timeUnixNano: String(lr.timeUnixNano ?? ''),
            observedTimeUnixNano: String(lr.observedTimeUnixNano ?? ''),
            severityNumber: lr.severityNumber ?? 0,
            severityText: lr.severityText ?? '',
            body: anyValue(lr.body),
            eventName: lr.eventName ?? '',
            attributes: attributesOf(lr.attributes),
            traceId: lr.traceId ?? '',
            spanId: lr.spanId ?? '',
          });
        }
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
  }
}

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface ExportRequest {
  resourceLogs?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    scopeLogs?: Array<{
      scope?: { name?: string };
      logRecords?: Array<{
        timeUnixNano?: string | number;
        observedTimeUnixNano?: string | number;
        severityNumber?: number;
        severityText?: string;
        body?: OtlpAnyValue;
        eventName?: string;
        attributes?: OtlpKeyValue[];
        traceId?: string;
        spanId?: string;
      }>;
    }>;
  }>;
}

function attributesOf(kvs: OtlpKeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of kvs ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

/** Decode an OTLP JSON AnyValue to a plain JS value. */
export function anyValue(v: OtlpAnyValue | undefined): unknown {
  if (v === undefined || v === null) return undefined;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue !== undefined) return (v.arrayValue.values ?? []).map(anyValue);
  if (v.kvlistValue !== undefined) return attributesOf(v.kvlistValue.values);
  return undefined;
}
