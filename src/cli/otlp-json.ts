import type { LogEvent } from '../core/log-event.js';
import { bodyText } from '../core/body-text.js';
import { severityFromText } from '../core/severity.js';

type Json = Record<string, unknown>;

/**
 * Calls `onRecord` for every log record of an OTLP/JSON logs document (`{"resourceLogs": [...]}`,
 * the collector's file exporter writes one per line). Record attributes are merged over the
 * resource's (`service.name` and the like); time from `timeUnixNano`, else `observedTimeUnixNano`
 * (NaN when neither); body, severity, `eventName`, trace and span ids as sent. `onRecord` also gets
 * the record's body as a plain value, uncut (what `--otlp-records` forwards). Returns the number of
 * records; malformed parts are skipped.
 */
export function forEachOtlpRecord(doc: unknown, event: LogEvent, maxLength: number, onRecord: (event: LogEvent, body: unknown) => void): number {
  let n = 0;
  for (const rl of list((doc as Json)?.resourceLogs)) {
    const resource = attributes((rl as Json)?.resource as Json | undefined, undefined);
    for (const sl of list((rl as Json)?.scopeLogs)) {
      for (const r of list((sl as Json)?.logRecords)) {
        if (r === null || typeof r !== 'object') continue;
        const rec = r as Json;
        let t = nanosToMs(rec.timeUnixNano);
        if (!(t > 0)) t = nanosToMs(rec.observedTimeUnixNano);
        event.time = t > 0 ? t : NaN;
        const text = typeof rec.severityText === 'string' ? rec.severityText : '';
        const sn = rec.severityNumber;
        event.severityNumber = typeof sn === 'number' && sn >= 1 && sn <= 24 ? sn : severityFromText(text);
        event.severityText = text;
        const body = anyValue(rec.body);
        event.message = bodyText(body, maxLength);
        event.attributes = attributes(rec, resource);
        event.eventName = typeof rec.eventName === 'string' ? rec.eventName : '';
        event.traceId = typeof rec.traceId === 'string' && rec.traceId !== '' ? rec.traceId : undefined;
        event.spanId = typeof rec.spanId === 'string' && rec.spanId !== '' ? rec.spanId : undefined;
        n++;
        onRecord(event, body);
      }
    }
  }
  return n;
}

/** True when a parsed JSON value looks like an OTLP logs document. */
export function isOtlpDocument(doc: unknown): boolean {
  return doc !== null && typeof doc === 'object' && Array.isArray((doc as Json).resourceLogs);
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function nanosToMs(v: unknown): number {
  if (typeof v === 'string' && v.length > 0) return v.length > 6 ? Number(v.slice(0, -6)) + Number(v.slice(-6)) / 1e6 : Number(v) / 1e6;
  if (typeof v === 'number') return v / 1e6;
  return NaN;
}

function attributes(holder: Json | undefined, base: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = base === undefined ? {} : { ...base };
  for (const kv of list(holder?.attributes)) {
    const k = (kv as Json)?.key;
    if (typeof k === 'string') out[k] = anyValue((kv as Json).value);
  }
  return out;
}

/** An OTLP `AnyValue` as a plain value. */
function anyValue(v: unknown, depth = 0): unknown {
  if (v === null || typeof v !== 'object' || depth > 8) return undefined;
  const a = v as Json;
  if ('stringValue' in a) return a.stringValue;
  if ('intValue' in a) return Number(a.intValue);
  if ('doubleValue' in a) return Number(a.doubleValue);
  if ('boolValue' in a) return a.boolValue === true;
  if ('bytesValue' in a) return typeof a.bytesValue === 'string' ? a.bytesValue : undefined;
  if ('arrayValue' in a) return list((a.arrayValue as Json)?.values).map((x) => anyValue(x, depth + 1));
  if ('kvlistValue' in a) {
    const out: Record<string, unknown> = {};
    for (const kv of list((a.kvlistValue as Json)?.values)) {
      const k = (kv as Json)?.key;
      if (typeof k === 'string') out[k] = anyValue((kv as Json).value, depth + 1);
    }
    return out;
  }
  return undefined;
}
