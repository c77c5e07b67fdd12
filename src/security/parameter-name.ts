/**
 * Parameter names in a query string or form body, as the security readers find them inside a value:
 * 1 to 32 of `a-z 0-9 _ . - [ ]`, then `=` (`q=`, `page=`, `filter[name]=`). No regular expressions.
 */

/** Just past `name=` when a parameter name starts at `i`, else -1. Reads at most 33 characters. */
export function parameterNameEnd(s: string, i: number): number {
  const limit = Math.min(s.length, i + 33);
  let k = i;
  while (k < limit) {
    const c = s.charCodeAt(k);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 91 || c === 93) k++;
    else break;
  }
  return k > i && k < limit && s.charCodeAt(k) === 61 ? k + 1 : -1;
}

/** The next parameter of a list (`&name=`) starts at `k`: the value before it ends there. */
export function parameterStartsAt(s: string, k: number): boolean {
  return s.charCodeAt(k) === 38 && parameterNameEnd(s, k + 1) > 0;
}
