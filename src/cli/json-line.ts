/** Deepest nesting of arrays and objects a JSON line may have (deeper lines are bad lines). */
export const MAX_JSON_DEPTH = 64;

/** A parsed JSON line, or why it is not one. */
export type JsonLine = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses one JSON text with a nesting limit: a linear scan (string contents skipped with
 * `indexOf`) refuses texts nested deeper than `maxDepth` before `JSON.parse` sees them, so no
 * deeply nested value reaches the code after it (which may recurse). `Infinity`: no limit (V8's
 * `JSON.parse` itself does not recurse; for values only read by code that bounds its depth, such as
 * OTLP exports). Never throws.
 */
export function parseJsonLine(text: string, maxDepth = MAX_JSON_DEPTH): JsonLine {
  if (maxDepth !== Number.POSITIVE_INFINITY && nestingExceeds(text, maxDepth)) return { ok: false, reason: depthReason(maxDepth) };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'not valid JSON' };
  }
}

/** The bad-line reason for a text nested deeper than `maxDepth`. */
export function depthReason(maxDepth = MAX_JSON_DEPTH): string {
  return `nested deeper than ${maxDepth} levels`;
}

/** True when `text` opens more than `max` arrays/objects at once (outside strings). */
export function nestingExceeds(text: string, max: number): boolean {
  // fast path (most lines): with at most `max` opening brackets in all, nothing can be deeper
  if (count(text, '{', max) + count(text, '[', max) <= max) return false;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = stringEnd(text, i + 1);
      if (i < 0) return false; // unterminated: JSON.parse reports it
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    }
  }
  return false;
}

/** Occurrences of `c` in `text`, counting stops past `limit`. */
function count(text: string, c: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(c); i >= 0 && n <= limit; i = text.indexOf(c, i + 1)) n++;
  return n;
}

/** Index of the quote closing a string whose contents start at `from`, -1 when none. */
function stringEnd(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q >= 0) {
    let slashes = 0;
    for (let k = q - 1; k >= from && text.charCodeAt(k) === 92 /* \ */; k--) slashes++;
    if ((slashes & 1) === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}
