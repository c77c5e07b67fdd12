/**
 * The string values of a request body as the injection detector inspects them, without recursion:
 * a JSON text (`{"comment":"' or 1=1--"}`) gives its string values (keys left out but for `$`
 * operators and `__proto__` / `constructor`, wrapped in their quotes and colon; escapes `\"`,
 * `\\`, `\/`, `\n`, `\t`, `\r`, `\b`, `\f` undone; `\uXXXX` is left to the normaliser), a parsed
 * body object (`req.body` of an Express app) gives its string leaves (and those keys, as `"$ne":`), walked with an explicit stack
 * at most {@link BODY_LIMITS}.maxDepth deep. Any other string (a form-encoded body, XML, text) is
 * one value. At most `maxValues` values; linear in the characters read.
 *
 * A parsed object's keys cannot be enumerated in bounded time in JS: `for..in` (like `Object.keys`)
 * makes the list of all of an object's keys before the first one is read, so a parsed body costs
 * time in its largest objects' key counts (measured: 1k keys 0.04 ms, 100k 14 ms, 1M 300-440 ms), as
 * it costs the host to parse and to export it. Arrays are read by index (64 items whatever their
 * length) and each object is enumerated once per body (a shared or cyclic reference is not walked
 * again), at most {@link BODY_LIMITS}.maxObjects of them. A body left in part unread sets `cut`.
 */
export const BODY_LIMITS = Object.freeze({ maxValues: 64, maxDepth: 8, maxObjects: 256 } as const);

/** Collects the values of one body into a reused list (see {@link BodyValues.collect}). */
export class BodyValues {
  /** The values of the last `collect`, `count` of them. */
  readonly values: string[] = [];
  count = 0;
  /** Characters of the last JSON text left unread (beyond `maxChars`, or after the `maxValues`th value). */
  unread = 0;
  /** The last body was read in part only (beyond a bound above: characters, values, depth, objects or keys). */
  cut = false;
  private readonly stack: unknown[] = [];
  private readonly depths: number[] = [];
  /** The objects (not arrays) enumerated in the current walk, `seenCount` of them. */
  private readonly seen: (object | null)[] = [];
  private seenCount = 0;

  /** Collect the values of `body` (a string or a parsed object); returns `count`. */
  collect(body: unknown, maxChars: number): number {
    this.count = 0;
    this.unread = 0;
    this.cut = false;
    if (typeof body === 'string') {
      if (isJsonText(body)) this.jsonStrings(body, maxChars);
      else if (body.length > 0) this.push(body);
    } else if (body !== null && typeof body === 'object') {
      this.walk(body);
    }
    return this.count;
  }

  private push(v: string): boolean {
    if (this.count >= BODY_LIMITS.maxValues) {
      this.cut = true;
      return false;
    }
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
    this.seenCount = 0;
    let visited = 0;
    while (stack.length > 0 && this.count < BODY_LIMITS.maxValues && visited < BODY_LIMITS.maxObjects) {
      const cur = stack.pop() as object;
      const depth = depths.pop() as number;
      visited++;
      if (Array.isArray(cur)) {
        // by index: bounded whatever the array's length
        const n = cur.length < BODY_LIMITS.maxValues ? cur.length : BODY_LIMITS.maxValues;
        if (n < cur.length) this.cut = true;
        for (let i = 0; i < n; i++) this.leaf(cur[i], depth);
      } else if (this.enumerateOnce(cur)) {
        // for..in lists every key of `cur` first (see the class comment): the one unbounded step
        let keys = 0;
        for (const key in cur) {
          if (++keys > BODY_LIMITS.maxValues) {
            this.cut = true;
            break;
          }
          const v = (cur as Record<string, unknown>)[key];
          // operator and prototype names are input, as in a JSON text (`{"$ne":null}`, `__proto__`)
          const c = key.charCodeAt(0);
          if (c === 36 || (c === 95 && key === '__proto__') || (c === 99 && key === 'constructor')) this.objectKey(key, v);
          this.leaf(v, depth);
        }
      }
    }
    if (stack.length > 0) this.cut = true;
    stack.length = 0;
    depths.length = 0;
    this.seen.fill(null, 0, this.seenCount);
    this.seenCount = 0;
  }

  /** True the first time `obj` is met in this walk (at most maxObjects are kept: a linear look-up). */
  private enumerateOnce(obj: object): boolean {
    const seen = this.seen;
    for (let i = 0; i < this.seenCount; i++) if (seen[i] === obj) return false;
    seen[this.seenCount++] = obj;
    return true;
  }

  /** A key read as input, written as a JSON text shows it (`"$ne":`; `"constructor":{"prototype":` when its value has one). */
  private objectKey(key: string, v: unknown): void {
    this.push(key === 'constructor' && v !== null && typeof v === 'object' && Object.hasOwn(v, 'prototype') ? '"constructor":{"prototype":' : `"${key}":`);
  }

  private leaf(v: unknown, depth: number): void {
    if (typeof v === 'string') {
      if (v.length > 0) this.push(v);
    } else if (v !== null && typeof v === 'object') {
      if (depth + 1 >= BODY_LIMITS.maxDepth) {
        this.cut = true;
        return;
      }
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
        // a `constructor` key with what follows it (`"constructor":{"prototype":`), as the analyser reads them together
        const raw = isKey ? s.slice(start - 1, s.startsWith('constructor', start) ? Math.min(end, k + 17) : k + 1) : s.slice(start, close);
        if (!this.push(escaped ? unescapeJson(raw) : raw)) {
          this.unread = s.length - start;
          return;
        }
      }
      i = close + 1;
    }
    this.unread = s.length - end;
    if (this.unread > 0) this.cut = true;
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
