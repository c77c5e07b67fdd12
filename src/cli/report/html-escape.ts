/** Longest text `esc` keeps by default (characters); longer values end with `…`. */
export const DEFAULT_MAX_TEXT = 2000;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text safe in HTML content and in quoted attribute values, whatever it contains: `& < > " '` become
 * entities; C0 control characters (but tab and newline) and DEL are shown as `\x1b`-style escapes;
 * C1 controls, bidirectional overrides (which could make a log line display as something else) and lone
 * surrogates become `�`. Cut to `max` characters (default 2000) with an ellipsis, never inside a
 * surrogate pair. Non-strings are converted with `String()`.
 */
export function esc(value: unknown, max = DEFAULT_MAX_TEXT): string {
  let s = typeof value === 'string' ? value : String(value);
  if (s.length > max) {
    let cut = Math.max(0, max - 1);
    const c = s.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    s = `${s.slice(0, cut)}…`;
  }
  return s
    .replace(/[&<>"']/g, (ch) => ESCAPES[ch])
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
