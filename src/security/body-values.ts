/**
 * The string values of a request body as the injection detector inspects them, without recursion:
 * a JSON text (`{"comment":"' or 1=1--"}`) gives its string values (keys left out but for `$`
 * operators and `__proto__` / `constructor`, wrapped in their quotes and colon; escapes `\"`,
 * `\\`, `\/`, `\n`, `\t`, `\r`, `\b`, `\f` undone; `\uXXXX` is left to the normaliser), a parsed
 * body object (`req.body` of an Express app) gives its string leaves, walked with an explicit stack
 * at most {@link BODY_LIMITS}.maxDepth deep. Any other string (a form-encoded body, XML, text) is
 * one value. At most `maxValues` values; linear in the characters read.
 */
export const BODY_LIMITS = Object.freeze({ maxValues: 64, maxDepth: 8 } as const);

/** Collects the values of one body into a reused list (see {@link BodyValues.collect}). */
export class BodyValues {
  /** The values of the last `collect`, `count` of them. */
  readonly values: string[] = [];
  count = 0;
  /** Characters of the last JSON text left unread (beyond `maxChars`, or after the `maxValues`th value). */
  unread = 0;
  private readonly stack: unknown[] = [];
  private readonly depths: number[] = [];

  /** Collect the values of `body` (a string or a parsed object); returns `count`. */
  collect(body: unknown, maxChars: number): number {
    this.count = 0;
    this.unread = 0;
    if (typeof body === 'string') {
      if (isJsonText(body)) this.jsonStrings(body, maxChars);
      else if (body.length > 0) this.push(body);
    } else if (body !== null && typeof body === 'object') {
      this.walk(body);
    }
    return this.count;
  }

  private push(v: string): boolean {
    if (this.count >= BODY_LIMITS.maxValues) return false;
    this.values[this.count++] = v;
    return true;
  }

  /** String leaves of a parsed body, depth-first with an explicit stack. */
  private walk(root: object): void {
    const stack = this.stack;
    const depths = this.depths;
    stack.length = 0;
    depths.length = 0;
    stack.push(root);
    depths.push(0);
    let visited = 0;
    while (stack.length > 0 && this.count < BODY_LIMITS.maxValues && visited < 4 * BODY_LIMITS.maxValues) {
      const cur = stack.pop() as object;
      const depth = depths.pop() as number;
      visited++;
      if (Array.isArray(cur)) {
        const n = cur.length < BODY_LIMITS.maxValues ? cur.length : BODY_LIMITS.maxValues;
        for (let i = 0; i < n; i++) this.leaf(cur[i], depth);
      } else {
        let seen = 0;
        for (const key in cur) {
          if (++seen > BODY_LIMITS.maxValues) break;
          this.leaf((cur as Record<string, unknown>)[key], depth);
        }
      }
    }
    stack.length = 0;
    depths.length = 0;
  }

  private leaf(v: unknown, depth: number): void {
    if (typeof v === 'string') {
      if (v.length > 0) this.push(v);
    } else if (v !== null && typeof v === 'object' && depth + 1 < BODY_LIMITS.maxDepth) {
      this.stack.push(v);
      this.depths.push(depth + 1);
    }
  }

  /** The string values (not keys) of a JSON text, in one pass over at most `maxChars` characters. */
  private jsonStrings(s: string, maxChars: number): void {
    const end = s.length < maxChars ? s.length : maxChars;
    let i = 0;
    while (i < end) {
      if (s.charCodeAt(i) !== 34) {
        i++;
        continue;
      }
      // a string token from i + 1 to its closing quote
      const start = i + 1;
      let j = start;
      let escaped = false;
      while (j < end) {
        const c = s.charCodeAt(j);
        if (c === 92) {
          escaped = true;
          j += 2;
        } else if (c === 34) break;
        else j++;
      }
      const close = j < end ? j : end;
      // a key is followed by `:` (after blanks)
      let k = close + 1;
      while (k < end && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 10 || s.charCodeAt(k) === 13 || s.charCodeAt(k) === 9)) k++;
      const isKey = k < end && s.charCodeAt(k) === 58;
      // keys are names, not input, except operators and prototype names (`{"$ne":1}`, `"__proto__"`)
      if (close > start && (!isKey || s.charCodeAt(start) === 36 || s.startsWith('__proto__', start) || s.startsWith('constructor', start))) {
        const raw = isKey ? s.slice(start - 1, k + 1) : s.slice(start, close);
        if (!this.push(escaped ? unescapeJson(raw) : raw)) {
          this.unread = s.length - start;
          return;
        }
      }
      i = close + 1;
    }
    this.unread = s.length - end;
  }
}

/** A JSON object or array text: `{` or `[` first after blanks. */
function isJsonText(s: string): boolean {
  let i = 0;
  while (i < s.length && i < 64 && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 10 || s.charCodeAt(i) === 13 || s.charCodeAt(i) === 9)) i++;
  const c = s.charCodeAt(i);
  return c === 123 || c === 91;
}

/** Undo the one-character JSON escapes (`\uXXXX` is kept for the normaliser to decode). */
function unescapeJson(raw: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    if (raw.charCodeAt(i) !== 92 || i + 1 >= raw.length) continue;
    const c = raw.charCodeAt(i + 1);
    let rep: string | undefined;
    if (c === 34) rep = '"';
    else if (c === 92) rep = '\\';
    else if (c === 47) rep = '/';
    else if (c === 110) rep = '\n';
    else if (c === 116) rep = '\t';
    else if (c === 114) rep = '\r';
    else if (c === 98) rep = '\b';
    else if (c === 102) rep = '\f';
    if (rep === undefined) {
      i++;
      continue;
    }
    out += raw.slice(from, i) + rep;
    i++;
    from = i + 1;
  }
  return from === 0 ? raw : out + raw.slice(from);
}
