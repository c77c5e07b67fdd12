/**
 * Markdown fences and parameter lists: a value whose every `=` lies inside fenced code blocks
 * (```` ```bash\nconst x = a ?? b;\n```\nFrom the docs. ````) is a text quoting code, not a list of
 * `name=value` pairs; reading it parameter by parameter would cut the quoted code at its `=`.
 * Bounded: one pass over the value, at most {@link MAX_FENCES} blocks; no regular expressions.
 */
import { fencedBlockEnd } from './quoted-code.js';

const MAX_FENCES = 8;

/** True when `s` holds a `=` and every `=` of it is inside a closed fenced block. */
export function equalsOnlyInFences(s: string): boolean {
  let pos = 0;
  let fences = 0;
  while (fences < MAX_FENCES) {
    const open = s.indexOf('```', pos);
    const eq = s.indexOf('=', pos);
    if (eq < 0) return fences > 0;
    if (open < 0 || eq < open) return false;
    const end = fencedBlockEnd(s, open);
    if (end < 0) return false;
    fences++;
    pos = end;
  }
  return false;
}
