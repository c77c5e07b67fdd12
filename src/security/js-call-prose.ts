/**
 * A JavaScript call followed on its line by two plain words (`alert() not working in chrome`): the
 * script holding it cannot parse (`alert() not` is a syntax error before anything runs), so the call
 * is named in a sentence, not injected. A `;`, a line break, a comment or an operator after the call
 * (`alert(1);x`, `alert(1)//x`, `alert(1) in x`) lets it run and is not this shape.
 * Bounded: at most 32 characters of arguments and 40 after; no regular expressions.
 */

/** True when the call whose `(` is at `open` closes within 32 characters (no nested call, quote or separator) and two plain words follow it. */
export function callThenWords(s: string, open: number): boolean {
  const limit = Math.min(s.length, open + 33);
  let k = open + 1;
  while (k < limit) {
    const c = s.charCodeAt(k);
    if (c === 41) break;
    if (c === 40 || c === 39 || c === 34 || c === 96 || c === 59 || c === 10 || c === 47 || c === 60) return false;
    k++;
  }
  if (s.charCodeAt(k) !== 41) return false;
  // one space, a word, one space, a word
  let i = k + 1;
  if (s.charCodeAt(i) !== 32) return false;
  i++;
  const first = i;
  while (i < s.length && i - first < 20 && isLetter(s.charCodeAt(i))) i++;
  if (i - first < 2 || s.charCodeAt(i) !== 32) return false;
  const word = s.slice(first, i);
  // operators spelled as words join the call to an expression
  if (word === 'in' || word === 'instanceof' || word === 'of') return false;
  i++;
  const second = i;
  while (i < s.length && i - second < 20 && isLetter(s.charCodeAt(i))) i++;
  return i - second >= 2;
}

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}
