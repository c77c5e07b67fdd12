/** True for an ASCII digit's char code (`0`..`9`; NaN, past the end of a string, is not). */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The number written by the `n` ASCII digits at `s[i, i+n)`, or -1 when one is not a digit (or the string is shorter). */
export function digits(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}
