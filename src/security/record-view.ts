import { fieldString } from '../core/field.js';
import type { LogEvent } from '../core/log-event.js';
import { clientFromMessage, isIPv4, isIPv6 } from './client-address.js';
import { emptyAccessRequest, parseAccessLine, type AccessRequest } from '../input/request-line.js';

/** Client fields read for a group key by default, first present wins. */
export const DEFAULT_CLIENT_FIELDS: readonly string[] = ['client.address', 'source.address', 'client.ip', 'source.ip', 'req.remoteAddress'];

/**
 * The HTTP and client facts of one record, read from OTel attributes and, when they are absent,
 * from an access-log line in the message (parsed at most once per record, on first use).
 * One view is reused for every record of a detector; `reset` binds it to the next record.
 */
export class RecordView {
  private event: LogEvent | undefined;
  private parsed = false;
  private req: AccessRequest | undefined;
  private readonly scratch = emptyAccessRequest();

  /** @param parseMessage read an access-log line from the message when attributes are missing. */
  constructor(private readonly parseMessage: boolean) {}

  reset(event: LogEvent): void {
    this.event = event;
    this.parsed = false;
    this.req = undefined;
  }

  /** The access-log line of the message, or undefined (none, or message parsing is off). */
  request(): AccessRequest | undefined {
    if (!this.parsed) {
      this.parsed = true;
      const e = this.event;
      if (!this.parseMessage || e === undefined) this.req = undefined;
      else if (e.request !== undefined)
        this.req = e.request.get(); // parsed once per record, shared (pipeline)
      else this.req = e.message.indexOf('"') >= 0 ? parseAccessLine(e.message, this.scratch) : undefined;
    }
    return this.req;
  }

  /** HTTP status code (attribute `http.response.status_code`, else `res.statusCode`, else the access line), 0 when unknown. */
  status(): number {
    // literal names (not getField): this site's inline cache stays fast on records of one shape
    const a = (this.event as LogEvent).attributes;
    const flat = a['http.response.status_code'];
    let v = flat !== undefined ? flat : nested(nested(a.http, 'response'), 'status_code');
    if (v === undefined) v = nodeResponseStatus(a);
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const n = Number(v);
      return Number.isInteger(n) ? n : 0;
    }
    return this.request()?.status ?? 0;
  }

  /** HTTP method (attribute `http.request.method`, else `req.method`, else the access line), '' when unknown. */
  method(): string {
    const a = (this.event as LogEvent).attributes;
    const flat = a['http.request.method'];
    let v = flat !== undefined ? flat : nested(nested(a.http, 'request'), 'method');
    if (v === undefined) v = a['req.method'] ?? nested(a.req, 'method') ?? nested(nested(a.meta, 'req'), 'method');
    if (typeof v === 'string') return v;
    return this.request()?.method ?? '';
  }

  /** URL path (attribute `url.path`, else `req.url` less its query, else the access line), '' when unknown. */
  path(): string {
    const a = (this.event as LogEvent).attributes;
    const flat = a['url.path'];
    const v = flat !== undefined ? flat : nested(a.url, 'path');
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    const u = nodeRequestUrl(a);
    if (u !== undefined) return u;
    return this.request()?.path ?? '';
  }

  /**
   * The value of the first of `fields` present; failing that (message parsing on) the access
   * line's client or an address named in the message (`from 1.2.3.4`, `client: 1.2.3.4`).
   */
  key(fields: readonly string[]): string | undefined {
    const event = this.event as LogEvent;
    const field = this.fieldKey(fields);
    if (field !== undefined) return field;
    if (!this.parseMessage || event.message.length === 0) return undefined;
    const req = this.request();
    if (req !== undefined && req.clientIp.length > 0 && plausibleClient(req.clientIp)) return req.clientIp;
    return clientFromMessage(event.message);
  }

  /** The value of the first of `fields` present (non-empty), or undefined: {@link key} without reading the message. */
  fieldKey(fields: readonly string[]): string | undefined {
    const attributes = (this.event as LogEvent).attributes;
    for (const f of fields) {
      const v = fieldString(attributes, f);
      if (v !== undefined && v.length > 0) return v;
    }
    return undefined;
  }
}

/** `parent[key]` when `parent` is an object (as `getField` walks a dotted path), else undefined. */
function nested(parent: unknown, key: string): unknown {
  return parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>)[key] : undefined;
}

/** `res.statusCode` as Node request loggers write it (pino-http, Fastify, bunyan; express-winston under `meta`). */
function nodeResponseStatus(a: Readonly<Record<string, unknown>>): unknown {
  const flat = a['res.statusCode'];
  if (flat !== undefined) return flat;
  const v = nested(a.res, 'statusCode');
  return v !== undefined ? v : nested(nested(a.meta, 'res'), 'statusCode');
}

/** The path of `req.url` (Node request loggers; express-winston's `meta.req.url`), without its query; undefined when absent. */
function nodeRequestUrl(a: Readonly<Record<string, unknown>>): string | undefined {
  const flat = a['req.url'];
  let v = flat !== undefined ? flat : nested(a.req, 'url');
  if (v === undefined) v = nested(nested(a.meta, 'req'), 'url');
  if (typeof v !== 'string') return undefined;
  const q = v.indexOf('?');
  return q >= 0 ? v.slice(0, q) : v;
}

/** An access line's client field that can be a client: an address, or a name with a letter (not a syslog time `10:01:01` read as the first field). */
function plausibleClient(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i) | 32;
    if (c >= 103 && c <= 122) return true;
  }
  return isIPv4(t) || isIPv6(t) || t.indexOf(':') < 0;
}
