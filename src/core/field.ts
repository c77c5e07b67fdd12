/**
 * Read a field from an event's attributes: the flat key first (`client.address` as OTel writes it),
 * then the dotted path through nested objects (`{ client: { address } }` as JSON loggers write it).
 * Returns undefined when absent.
 */
export function getField(attributes: Readonly<Record<string, unknown>>, name: string): unknown {
  const flat = attributes[name];
  if (flat !== undefined) return flat;
  const path = segments(name);
  if (path.length < 2) return undefined;
  let cur: unknown = attributes;
  for (let i = 0; i < path.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[path[i]];
  }
  return cur;
}

/** Field names split at their dots, remembered (names come from configuration: a few hundred at most are kept). */
const SEGMENTS = new Map<string, readonly string[]>();
const MAX_SEGMENTS = 1024;

function segments(name: string): readonly string[] {
  let s = SEGMENTS.get(name);
  if (s === undefined) {
    s = name.split('.');
    if (SEGMENTS.size < MAX_SEGMENTS) SEGMENTS.set(name, s);
  }
  return s;
}

/** A field's value as a string for matching and grouping: strings as is, numbers and booleans printed, else undefined. */
export function fieldString(attributes: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = getField(attributes, name);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
