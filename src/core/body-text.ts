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

/** Nesting levels rendered by {@link compactJson}; deeper objects and arrays become `"[Deep]"`. */
export const MAX_JSON_DEPTH = 64;

/** An object or array being rendered: its keys (objects) or length (arrays), and the next index. */
interface Frame {
  readonly container: object;
  readonly keys: string[] | undefined;
  readonly n: number;
  i: number;
  first: boolean;
}

/**
 * JSON rendering bounded to `maxLength` characters, as `JSON.stringify` writes it (`toJSON`
 * honoured), with bigints as strings, bytes as `<n bytes>`, a repeated object as `[Circular]`.
 * Iterative, with nesting bounded by {@link MAX_JSON_DEPTH}, and it stops at `maxLength`: no
 * recursion on user data, no cost beyond the characters kept. Never throws.
 */
export function compactJson(value: unknown, maxLength: number): string {
  const seen = new WeakSet<object>();
  const stack: Frame[] = [];
  let out = '';
  const enter = (v: unknown): void => {
    if (v === null) out += 'null';
    else if (typeof v === 'string') out += JSON.stringify(v);
    else if (typeof v === 'number') out += Number.isFinite(v) ? String(v) : 'null';
    else if (typeof v === 'boolean') out += v ? 'true' : 'false';
    else if (stack.length >= MAX_JSON_DEPTH) out += '"[Deep]"';
    else if (Array.isArray(v)) {
      out += '[';
      stack.push({ container: v, keys: undefined, n: v.length, i: 0, first: true });
    } else {
      const keys = Object.keys(v as object);
      out += '{';
      stack.push({ container: v as object, keys, n: keys.length, i: 0, first: true });
    }
  };
  try {
    const top = prepare(value, '', seen);
    if (!renderable(top)) return '';
    enter(top);
    while (stack.length > 0 && out.length < maxLength) {
      const f = stack[stack.length - 1];
      if (f.i >= f.n) {
        out += f.keys === undefined ? ']' : '}';
        stack.pop();
        continue;
      }
      const i = f.i++;
      if (f.keys === undefined) {
        const v = prepare((f.container as unknown[])[i], String(i), seen);
        if (!f.first) out += ',';
        f.first = false;
        if (renderable(v)) enter(v);
        else out += 'null';
      } else {
        const k = f.keys[i];
        const v = prepare((f.container as Record<string, unknown>)[k], k, seen);
        if (!renderable(v)) continue;
        out += `${f.first ? '' : ','}${JSON.stringify(k)}:`;
        f.first = false;
        enter(v);
      }
    }
  } catch {
    // a getter or toJSON threw: what was rendered so far
  }
  return out.length > maxLength ? out.slice(0, maxLength) : out;
}

/** A value as JSON.stringify with logsignal's replacer would see it: toJSON, bigint, bytes, repeats, boxed primitives. */
function prepare(v: unknown, key: string, seen: WeakSet<object>): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  if (seen.has(v)) return '[Circular]';
  seen.add(v);
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean) return v.valueOf();
  return v;
}

/** False for what JSON leaves out (undefined, functions, symbols). */
function renderable(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}
