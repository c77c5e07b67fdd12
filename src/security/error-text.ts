/**
 * A database's error message retold in a question (``Getting `ERROR 1064: ... SQL syntax` near 'ORDER BY x'``):
 * the word `syntax` or `error` within the 120 characters before ` near '`, as the engines word it
 * (MySQL's `right syntax to use near '...'`, PostgreSQL's `syntax error at or near "..."`).
 * Bounded: two searches over at most 120 characters.
 */
const ERROR_WINDOW = 120;

/** True when `syntax` or `error` ends within {@link ERROR_WINDOW} characters before `at` in `s`. */
export function errorTextBefore(s: string, at: number): boolean {
  const from = Math.max(0, at - ERROR_WINDOW);
  const i = s.lastIndexOf('syntax', at - 6);
  if (i >= from) return true;
  const j = s.lastIndexOf('error', at - 5);
  return j >= from;
}
