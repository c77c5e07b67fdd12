const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe in HTML content and quoted attribute values: `& < > " '` escaped, control characters
 * shown as `␀`-style symbols or dropped, cut to `max` characters with an ellipsis.
 */
export function esc(value: unknown, max = 2000): string {
  let s = typeof value === 'string' ? value : String(value);
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => String.fromCharCode(0x2400 + (c.charCodeAt(0) === 0x7f ? 0x21 : c.charCodeAt(0))));
}
