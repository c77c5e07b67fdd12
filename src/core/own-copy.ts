/**
 * A copy of `s` that shares no memory with it, so keeping it does not keep alive the input chunk
 * `s` was sliced from. The text is exactly `s` (lone surrogates included, unlike a UTF-8 round
 * trip through a Buffer). The concatenation is a rope that the slice flattens into a new string:
 * one copy of `s.length + 1` characters, no encoding.
 */
export function ownCopy(s: string): string {
  return ` ${s}`.slice(1);
}
