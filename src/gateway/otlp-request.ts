import type { HrTime } from '@opentelemetry/api';
import type { AnyValue, LogAttributes, SeverityNumber } from '../otel/logs-api.js';
import { ExportLogsServiceRequest, ExportLogsServiceResponse, RpcStatus } from './otlp-schema.js';
import { GatewayLogRecord, type GatewayResource, type GatewayScope } from './gateway-record.js';

/** The two OTLP/HTTP encodings; a response uses the request's. */
export type OtlpFormat = 'protobuf' | 'json';

/** The records of one `ResourceLogs` entry, all sharing one resource object. */
export interface ReceivedResourceLogs {
  readonly resource: GatewayResource;
  readonly records: GatewayLogRecord[];
}

/** A decoded `ExportLogsServiceRequest`: accepted records by resource, and the records rejected. */
export interface ReceivedRequest {
  readonly resources: ReceivedResourceLogs[];
  /** Accepted records in all resources. */
  records: number;
  /** Records refused (malformed trace context, nesting deeper than {@link MAX_VALUE_DEPTH}). */
  rejected: number;
  /** Why the first refused record was refused. */
  rejection: string | undefined;
}

/** A body that is not an `ExportLogsServiceRequest` in its content type (answered 400). */
export class RequestDecodeError extends Error {}

/** Deepest nesting of arrays and maps kept in a body or attribute value; deeper records are rejected. */
export const MAX_VALUE_DEPTH = 32;

const UNKNOWN_SERVICE = 'unknown_service';
const ZERO_TIME: HrTime = [0, 0];

class RecordRejected extends Error {}

/** Decode an OTLP protobuf body (protobufjs over the official definitions). */
export function decodeProtobufRequest(body: Uint8Array): ReceivedRequest {
  let msg: PbRequest;
  try {
    msg = ExportLogsServiceRequest.decode(body) as unknown as PbRequest;
  } catch (err) {
    throw new RequestDecodeError(`not an OTLP ExportLogsServiceRequest in protobuf: ${(err as Error).message}`);
  }
  const out: ReceivedRequest = { resources: [], records: 0, rejected: 0, rejection: undefined };
  for (const rl of msg.resourceLogs) {
    const resourceAttrs = rl.resource ? pbAttributes(rl.resource.attributes, 0) : {};
    const resource = makeResource(resourceAttrs, rl.schemaUrl);
    const records: GatewayLogRecord[] = [];
    for (const sl of rl.scopeLogs) {
      const s = sl.scope;
      const scope: GatewayScope = {
        name: s?.name ?? '',
        version: s?.version || undefined,
        schemaUrl: sl.schemaUrl || undefined,
        attributes: s && s.attributes.length > 0 ? pbAttributes(s.attributes, 0) : undefined,
        droppedAttributesCount: s?.droppedAttributesCount ?? 0,
      };
      for (const lr of sl.logRecords) {
        try {
          records.push(pbRecord(lr, resource, scope));
        } catch (err) {
          if (!(err instanceof RecordRejected)) throw err;
          out.rejected++;
          out.rejection ??= err.message;
        }
      }
    }
    out.records += records.length;
    if (records.length > 0) out.resources.push({ resource, records });
  }
  return out;
}

/** Decode an OTLP JSON body (the protobuf JSON mapping with hex trace and span ids). */
export function decodeJsonRequest(body: Buffer): ReceivedRequest {
  let msg: JsonRequest;
  try {
    msg = JSON.parse(body.toString('utf8')) as JsonRequest;
  } catch (err) {
    throw new RequestDecodeError(`not JSON: ${(err as Error).message}`);
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) throw new RequestDecodeError('not an OTLP ExportLogsServiceRequest: the body is not a JSON object');
  const out: ReceivedRequest = { resources: [], records: 0, rejected: 0, rejection: undefined };
  const resourceLogs = list(msg.resourceLogs, 'resourceLogs');
  for (let i = 0; i < resourceLogs.length; i++) {
    const rl = object(resourceLogs[i], `resourceLogs[${i}]`);
    const res = rl.resource === undefined || rl.resource === null ? undefined : object(rl.resource, `resourceLogs[${i}].resource`);
    let resourceAttrs: Record<string, AnyValue>;
    try {
      resourceAttrs = jsonAttributes(res?.attributes, 0);
    } catch (err) {
      throw new RequestDecodeError(`resourceLogs[${i}].resource.attributes: ${(err as Error).message}`);
    }
    const resource = makeResource(resourceAttrs, typeof rl.schemaUrl === 'string' ? rl.schemaUrl : '');
    const records: GatewayLogRecord[] = [];
    const scopeLogs = list(rl.scopeLogs, `resourceLogs[${i}].scopeLogs`);
    for (let j = 0; j < scopeLogs.length; j++) {
      const sl = object(scopeLogs[j], `resourceLogs[${i}].scopeLogs[${j}]`);
      const s = sl.scope === undefined || sl.scope === null ? undefined : object(sl.scope, `resourceLogs[${i}].scopeLogs[${j}].scope`);
      let scopeAttrs: Record<string, AnyValue> | undefined;
      try {
        scopeAttrs = s?.attributes !== undefined ? jsonAttributes(s.attributes, 0) : undefined;
      } catch (err) {
        throw new RequestDecodeError(`resourceLogs[${i}].scopeLogs[${j}].scope.attributes: ${(err as Error).message}`);
      }
      const scope: GatewayScope = {
        name: str(s?.name),
        version: str(s?.version) || undefined,
        schemaUrl: str(sl.schemaUrl) || undefined,
        attributes: scopeAttrs,
        droppedAttributesCount: num(s?.droppedAttributesCount),
      };
      const logRecords = list(sl.logRecords, `resourceLogs[${i}].scopeLogs[${j}].logRecords`);
      for (let k = 0; k < logRecords.length; k++) {
        try {
          records.push(jsonRecord(object(logRecords[k], `resourceLogs[${i}].scopeLogs[${j}].logRecords[${k}]`), resource, scope));
        } catch (err) {
          if (!(err instanceof RecordRejected)) throw err;
          out.rejected++;
          out.rejection ??= `resourceLogs[${i}].scopeLogs[${j}].logRecords[${k}]: ${err.message}`;
        }
      }
    }
    out.records += records.length;
    if (records.length > 0) out.resources.push({ resource, records });
  }
  return out;
}

/** The body of a 200 answer: an `ExportLogsServiceResponse`, with `partial_success` when records were rejected. */
export function encodeResponse(format: OtlpFormat, rejected: number, message: string | undefined): Buffer {
  const partial = rejected > 0 ? { rejectedLogRecords: rejected, errorMessage: message ?? '' } : undefined;
  if (format === 'json') return Buffer.from(JSON.stringify(partial ? { partialSuccess: { rejectedLogRecords: String(rejected), errorMessage: partial.errorMessage } } : {}));
  return Buffer.from(ExportLogsServiceResponse.encode(ExportLogsServiceResponse.fromObject(partial ? { partialSuccess: partial } : {})).finish());
}

/** The body of an error answer: a `google.rpc.Status` (`code` is the gRPC code, e.g. 3 invalid argument). */
export function encodeStatus(format: OtlpFormat, code: number, message: string): Buffer {
  if (format === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return Buffer.from(RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish());
}

function makeResource(attributes: Record<string, AnyValue>, schemaUrl: string): GatewayResource {
  const name = attributes['service.name'];
  return { attributes, schemaUrl: schemaUrl || undefined, serviceName: typeof name === 'string' && name !== '' ? name : UNKNOWN_SERVICE };
}

// ---- protobuf (messages as protobufjs decodes them: unset scalars read their defaults) ----

interface PbLong {
  low: number;
  high: number;
}
interface PbAnyValue {
  value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  stringValue: string;
  boolValue: boolean;
  intValue: PbLong | number;
  doubleValue: number;
  arrayValue: { values: PbAnyValue[] } | null;
  kvlistValue: { values: PbKeyValue[] } | null;
  bytesValue: Uint8Array;
}
interface PbKeyValue {
  key: string;
  value: PbAnyValue | null;
}
interface PbRecord {
  timeUnixNano: PbLong | number;
  observedTimeUnixNano: PbLong | number;
  severityNumber: number;
  severityText: string;
  body: PbAnyValue | null;
  attributes: PbKeyValue[];
  droppedAttributesCount: number;
  flags: number;
  traceId: Uint8Array;
  spanId: Uint8Array;
  eventName: string;
}
interface PbRequest {
  resourceLogs: Array<{
    resource: { attributes: PbKeyValue[] } | null;
    schemaUrl: string;
    scopeLogs: Array<{ scope: { name: string; version: string; attributes: PbKeyValue[]; droppedAttributesCount: number } | null; schemaUrl: string; logRecords: PbRecord[] }>;
  }>;
}

function pbRecord(lr: PbRecord, resource: GatewayResource, scope: GatewayScope): GatewayLogRecord {
  const traceId = lr.traceId.length === 0 ? '' : lr.traceId.length === 16 ? hex(lr.traceId) : reject(`trace_id has ${lr.traceId.length} bytes, not 16`);
  const spanId = lr.spanId.length === 0 ? '' : lr.spanId.length === 8 ? hex(lr.spanId) : reject(`span_id has ${lr.spanId.length} bytes, not 8`);
  const r = new GatewayLogRecord(resource, scope, pbTime(lr.timeUnixNano), pbTime(lr.observedTimeUnixNano), pbAttributes(lr.attributes, 0));
  if (traceId !== '' || spanId !== '') r.spanContext = { traceId, spanId, traceFlags: lr.flags & 0xff };
  if (lr.severityNumber !== 0) r.severityNumber = lr.severityNumber as SeverityNumber;
  if (lr.severityText !== '') r.severityText = lr.severityText;
  if (lr.body !== null) r.body = pbValue(lr.body, 0) as GatewayLogRecord['body'];
  if (lr.eventName !== '') r.eventName = lr.eventName;
  r.droppedAttributesCount = lr.droppedAttributesCount;
  return r;
}

function pbAttributes(kvs: PbKeyValue[], depth: number): Record<string, AnyValue> {
  const out: Record<string, AnyValue> = {};
  for (let i = 0; i < kvs.length; i++) {
    const kv = kvs[i];
    const v = kv.value === null ? undefined : pbValue(kv.value, depth);
    if (v !== undefined) out[kv.key] = v;
  }
  return out;
}

function pbValue(v: PbAnyValue, depth: number): AnyValue | undefined {
  switch (v.value) {
    case 'stringValue':
      return v.stringValue;
    case 'boolValue':
      return v.boolValue;
    case 'intValue':
      return typeof v.intValue === 'number' ? v.intValue : v.intValue.high * 4294967296 + (v.intValue.low >>> 0);
    case 'doubleValue':
      return v.doubleValue;
    case 'bytesValue':
      return v.bytesValue;
    case 'arrayValue': {
      if (depth >= MAX_VALUE_DEPTH) reject(`a value nested deeper than ${MAX_VALUE_DEPTH}`);
      const values = v.arrayValue?.values ?? [];
      const out = new Array<AnyValue | null>(values.length);
      for (let i = 0; i < values.length; i++) out[i] = pbValue(values[i], depth + 1) ?? null;
      return out;
    }
    case 'kvlistValue':
      if (depth >= MAX_VALUE_DEPTH) reject(`a value nested deeper than ${MAX_VALUE_DEPTH}`);
      return pbAttributes(v.kvlistValue?.values ?? [], depth + 1);
    default:
      return undefined;
  }
}

/** HrTime of a fixed64 nanosecond count, exact. */
function pbTime(t: PbLong | number): HrTime {
  if (typeof t === 'number') return t > 0 ? [Math.floor(t / 1e9), t % 1e9] : ZERO_TIME;
  if (t.high === 0 && t.low === 0) return ZERO_TIME;
  // exact without BigInt: hi * 2^32 and s * 1e9 are exact doubles, so is their (small) difference
  const hi = (t.high >>> 0) * 4294967296;
  const lo = t.low >>> 0;
  let s = Math.floor((hi + lo) / 1e9);
  let ns = hi - s * 1e9 + lo;
  if (ns < 0) {
    s--;
    ns += 1e9;
  } else if (ns >= 1e9) {
    s++;
    ns -= 1e9;
  }
  return [s, ns];
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

function reject(message: string): never {
  throw new RecordRejected(message);
}

// ---- JSON (the OTLP/JSON mapping: lowerCamelCase keys, int64 as string or number, hex ids) ----

type Json = Record<string, unknown>;
interface JsonRequest {
  resourceLogs?: unknown;
}

function list(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new RequestDecodeError(`${path}: expected a list`);
  return v;
}

function object(v: unknown, path: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new RequestDecodeError(`${path}: expected an object`);
  return v as Json;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) || 0 : 0);
const HEX_ID = /^[0-9a-fA-F]*$/;

function jsonRecord(lr: Json, resource: GatewayResource, scope: GatewayScope): GatewayLogRecord {
  const traceId = jsonId(lr.traceId, 32, 'traceId');
  const spanId = jsonId(lr.spanId, 16, 'spanId');
  let attributes: LogAttributes;
  try {
    attributes = jsonAttributes(lr.attributes, 0);
  } catch (err) {
    if (err instanceof RecordRejected) throw err;
    return reject(`attributes: ${(err as Error).message}`);
  }
  const r = new GatewayLogRecord(resource, scope, jsonTime(lr.timeUnixNano), jsonTime(lr.observedTimeUnixNano), attributes);
  if (traceId !== '' || spanId !== '') r.spanContext = { traceId, spanId, traceFlags: num(lr.flags) & 0xff };
  const sev = num(lr.severityNumber);
  if (sev !== 0) r.severityNumber = sev as SeverityNumber;
  if (typeof lr.severityText === 'string' && lr.severityText !== '') r.severityText = lr.severityText;
  if (lr.body !== undefined && lr.body !== null) {
    try {
      r.body = jsonValue(lr.body, 0) as GatewayLogRecord['body'];
    } catch (err) {
      if (err instanceof RecordRejected) throw err;
      return reject(`body: ${(err as Error).message}`);
    }
  }
  if (typeof lr.eventName === 'string' && lr.eventName !== '') r.eventName = lr.eventName;
  r.droppedAttributesCount = num(lr.droppedAttributesCount);
  return r;
}

function jsonId(v: unknown, length: number, name: string): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string' || v.length !== length || !HEX_ID.test(v)) return reject(`${name} is not ${length} hex digits`);
  return v.toLowerCase();
}

function jsonTime(v: unknown): HrTime {
  if (typeof v === 'string') {
    if (!/^\d{1,20}$/.test(v)) return ZERO_TIME;
    if (v.length <= 9) return [0, Number(v)];
    return [Number(v.slice(0, -9)), Number(v.slice(-9))];
  }
  if (typeof v === 'number' && v > 0) return [Math.floor(v / 1e9), v % 1e9];
  return ZERO_TIME;
}

function jsonAttributes(kvs: unknown, depth: number): Record<string, AnyValue> {
  const out: Record<string, AnyValue> = {};
  if (kvs === undefined || kvs === null) return out;
  if (!Array.isArray(kvs)) throw new Error('expected a list of key-value pairs');
  for (const kv of kvs) {
    if (kv === null || typeof kv !== 'object' || typeof (kv as Json).key !== 'string') throw new Error('expected { key, value } pairs');
    const value = (kv as Json).value;
    const v = value === undefined || value === null ? undefined : jsonValue(value, depth);
    if (v !== undefined) out[(kv as Json).key as string] = v;
  }
  return out;
}

function jsonValue(v: unknown, depth: number): AnyValue | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('expected an AnyValue object such as { "stringValue": "..." }');
  const o = v as Json;
  if (o.stringValue !== undefined) return String(o.stringValue);
  if (o.boolValue !== undefined) return o.boolValue === true || o.boolValue === 'true';
  if (o.intValue !== undefined) return num(o.intValue);
  if (o.doubleValue !== undefined) return num(o.doubleValue);
  if (o.bytesValue !== undefined) return new Uint8Array(Buffer.from(str(o.bytesValue), 'base64'));
  if (o.arrayValue !== undefined) {
    if (depth >= MAX_VALUE_DEPTH) reject(`a value nested deeper than ${MAX_VALUE_DEPTH}`);
    const values = list((o.arrayValue as Json | null)?.values, 'arrayValue.values');
    return values.map((x) => jsonValue(x, depth + 1) ?? null);
  }
  if (o.kvlistValue !== undefined) {
    if (depth >= MAX_VALUE_DEPTH) reject(`a value nested deeper than ${MAX_VALUE_DEPTH}`);
    return jsonAttributes((o.kvlistValue as Json | null)?.values, depth + 1);
  }
  return undefined;
}
