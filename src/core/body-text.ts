/**
 * The message text of a log body, bounded to `maxLength` characters:
 * - a string body as it is;
 * - a map body's `message` or `msg` field (or `body.message` of nested OTel-style maps);
 * - bytes decoded as UTF-8 (invalid sequences become U+FFFD);
 * - anything else rendered compactly (JSON, with a bounded size).
 */
export function bodyText(body: unknown, maxLength: number): string {
  if (typeof body === 'string') return body.length > maxLength ? body.slice(0, maxLength) : body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'number' || typeof body === 'boolean' || typeof body === 'bigint') return String(body);
  if (body instanceof Uint8Array) {
    const view = body.length > maxLength ? body.subarray(0, maxLength) : body;
    return DECODER.decode(view);
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    const rec = body as Record<string, unknown>;
    const m = rec.message ?? rec.msg;
    if (typeof m === 'string') return m.length > maxLength ? m.slice(0, maxLength) : m;
  }
  return compactJson(body, maxLength);
}

const DECODER = new TextDecoder('utf-8', { fatal: false });

/** JSON rendering bounded to `maxLength` characters; never throws (cycles, bigint, ...). */
export function compactJson(value: unknown, maxLength: number): string {
  let s: string;
  try {
    const seen = new WeakSet<object>();
    s = JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Uint8Array) return `<${v.length} bytes>`;
      if (v !== null && typeof v === 'object') {
        if (seen.has(v)) return '[Circular]';
        seen.add(v);
      }
      return v;
    }) ?? '';
  } catch {
    s = String(value);
  }
  return s.length > maxLength ? s.slice(0, maxLength) : s;
}
