/**
 * A database's error message retold in a question (``Getting `ERROR 1064: ... SQL syntax` near 'ORDER BY x'``):
 * the word `syntax` or `error` within the 120 characters before ` near '`, as the engines word it
 * (MySQL's `right syntax to use near '...'`, PostgreSQL's `syntax error at or near "..."`).
 * Bounded: two searches over a copy of at most 120 characters.
 */
const ERROR_WINDOW = 120;

/** True when `syntax` or `error` ends within {@link ERROR_WINDOW} characters before `at` in `s`. */
export function errorTextBefore(s: string, at: number): boolean {
  // the window only: `lastIndexOf` would read back to the value's start on every miss
  const window = s.slice(Math.max(0, at - ERROR_WINDOW), Math.max(0, at));
  return window.includes('syntax') || window.includes('error');
}
