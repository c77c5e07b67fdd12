/**
 * Read a field from an event's attributes: the flat key first (`client.address` as OTel writes it),
 * then the dotted path through nested objects (`{ client: { address } }` as JSON loggers write it).
 * Returns undefined when absent.
 */
export function getField(attributes: Readonly<Record<string, unknown>>, name: string): unknown {
  const flat = attributes[name];
  if (flat !== undefined) return flat;
  if (name.indexOf('.') < 0) return undefined;
  let cur: unknown = attributes;
  let start = 0;
  while (start <= name.length) {
    if (cur === null || typeof cur !== 'object') return undefined;
    let end = name.indexOf('.', start);
    if (end < 0) end = name.length;
    cur = (cur as Record<string, unknown>)[name.slice(start, end)];
    start = end + 1;
  }
  return cur;
}

/** A field's value as a string for matching and grouping: strings as is, numbers and booleans printed, else undefined. */
export function fieldString(attributes: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = getField(attributes, name);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
