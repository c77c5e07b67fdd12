/**
 * `i` starts a parameter's value in a list: just after `name=`, the name (1 to 32 characters of
 * letters, digits, `_`, `.`, `-`, `[`, `]`) starting the text or following `&` (`q=```bash...&page=1`).
 * Or a JSON string value's first character (after `:"`). Reads at most 34 characters back.
 */
export function parameterValueStart(s: string, i: number): boolean {
  if (i >= 2 && s.charCodeAt(i - 1) === 34 && s.charCodeAt(i - 2) === 58) return true;
  if (i < 2 || s.charCodeAt(i - 1) !== 61) return false;
  const stop = Math.max(0, i - 34);
  let k = i - 1;
  while (k > stop && nameChar(s.charCodeAt(k - 1))) k--;
  return k < i - 1 && (k === 0 || s.charCodeAt(k - 1) === 38);
}

function nameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93;
}

/**
 * Where the closing fence (`\n```) of a fenced block opened at a parameter's or JSON string's start
 * lies, searching from `k` only up to the end of that parameter (`&` and a name character) or string
 * (an unescaped `"`), or -1. Each block is sought within its own parameter, so the scans of all the
 * candidates of a value read each character at most once or twice (linear).
 */
export function parameterFenceClose(s: string, k: number): number {
  for (let j = k; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 10 && s.charCodeAt(j + 1) === 96 && s.charCodeAt(j + 2) === 96 && s.charCodeAt(j + 3) === 96) return j;
    if (c === 38 && nameChar(s.charCodeAt(j + 1))) return -1;
    if (c === 34 && s.charCodeAt(j - 1) !== 92) return -1;
  }
  return -1;
}
