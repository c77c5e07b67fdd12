const DEFAULTS = {
  /** Nesting depth followed at most; deeper `${` are left as text. */
  maxDepth: 64,
} as const;

/**
 * Unwrap the Log4j lookups attackers nest to hide `jndi:` from plain matching, innermost first:
 * `${lower:X}` and `${upper:X}` give X, `${anything:-X}` (a default value, as in `${env:NOPE:-j}` or
 * `${::-j}`) gives X, `${date:'X'}` gives X. Other lookups (`${jndi:...}`, `${env:HOME}`,
 * `${DATABASE_URL}`) are kept as they are. Single pass with a bounded stack; never throws.
 */
export function unwrapLookups(s: string): string {
  // `out` holds pieces (characters, and resolved values as one piece each), so that resolving a
  // lookup costs the length of its content, not of everything before it
  const out: string[] = [];
  const stack: number[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 36 /* $ */ && s.charCodeAt(i + 1) === 123 /* { */ && stack.length < DEFAULTS.maxDepth) {
      stack.push(out.length);
      out.push('${');
      i += 2;
      continue;
    }
    if (c === 125 /* } */ && stack.length > 0) {
      const start = stack.pop() as number;
      const rep = resolve(out.slice(start + 1).join(''));
      if (rep === null) {
        out.push('}');
      } else {
        out.length = start;
        out.push(rep);
      }
      i++;
      continue;
    }
    out.push(s[i]);
    i++;
  }
  return out.join('');
}

function resolve(inner: string): string | null {
  const dflt = inner.indexOf(':-');
  if (dflt >= 0) return inner.slice(dflt + 2);
  const colon = inner.indexOf(':');
  if (colon < 0) return null;
  const prefix = inner.slice(0, colon).toLowerCase().trim();
  const rest = inner.slice(colon + 1);
  if (prefix === 'lower') return rest.toLowerCase();
  if (prefix === 'upper') return rest.toUpperCase();
  if (prefix === 'date' && rest.length >= 2 && rest.charCodeAt(0) === 39 && rest.charCodeAt(rest.length - 1) === 39) {
    return rest.slice(1, -1);
  }
  return null;
}
