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
