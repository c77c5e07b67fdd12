/**
 * The client of a database server's failed login when the generic client search found none:
 * - MySQL / MariaDB `Access denied for user 'bob'@'localhost'`: the account's host part is the
 *   connecting host, also when it is a single name with no dot (`localhost`, `db-proxy`);
 * - PostgreSQL's `log_line_prefix`: `%r` (`host(port)`, the remote host with its port) right before
 *   the `FATAL:` level, and a `client=%h` field (`user=x,db=y,client=bi-1.corp.example FATAL:`).
 * An address in those places is already found by the generic search; this adds host names. Looks at
 * most at one `'@'`, one `FATAL:` and one `client=` in the first `n` characters; linear, no regex.
 */
export function databaseClient(s: string, n: number): string | undefined {
  const at = s.indexOf("'@'");
  if (at >= 0 && at < n) {
    const name = labelAt(s, at + 3, n, 39);
    if (name !== undefined) return name;
  }
  const fatal = s.indexOf(' FATAL:  ');
  if (fatal > 0 && fatal < n && s.charCodeAt(fatal - 1) === 41) {
    // `host(port)` before ` FATAL:`
    let i = fatal - 2;
    const close = i + 1;
    while (i > 0 && close - i <= 6 && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i--;
    if (i < close - 1 && s.charCodeAt(i) === 40) {
      let start = i;
      while (start > 0 && i - start < 253 && isLabelChar(s.charCodeAt(start - 1))) start--;
      if (start < i && s.charCodeAt(start - 1) === 32) {
        const host = hostName(s, start, i);
        if (host !== undefined) return host;
      }
    }
  }
  const c = s.indexOf('client=');
  if (c > 0 && c < n && fatal > c && (s.charCodeAt(c - 1) === 44 || s.charCodeAt(c - 1) === 32)) {
    let end = c + 7;
    while (end < n && end - c < 260 && isLabelChar(s.charCodeAt(end))) end++;
    if (s.charCodeAt(end) === 32) return hostName(s, c + 7, end);
  }
  return undefined;
}

/** Letters, digits, `-` and `.`. */
function isLabelChar(c: number): boolean {
  const l = c | 32;
  return (l >= 97 && l <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46;
}

/** A single host label (letters, digits, `-`, at least one letter) at `i`, closed by `close`. */
function labelAt(s: string, i: number, n: number, close: number): string | undefined {
  const start = i;
  let letters = 0;
  while (i < n && i - start < 64) {
    const c = s.charCodeAt(i);
    const l = c | 32;
    if (l >= 97 && l <= 122) letters++;
    else if (!((c >= 48 && c <= 57) || c === 45)) break;
    i++;
  }
  if (i === start || letters === 0 || s.charCodeAt(i) !== close || s.charCodeAt(start) === 45) return undefined;
  return s.slice(start, i).toLowerCase();
}

/** `s[start, end)` as a host name with at least one dot and one letter, in lower case, or undefined. */
function hostName(s: string, start: number, end: number): string | undefined {
  const host = s.slice(start, end);
  let letters = 0;
  for (let i = 0; i < host.length; i++) if ((host.charCodeAt(i) | 32) >= 97 && (host.charCodeAt(i) | 32) <= 122) letters++;
  if (letters === 0 || host.indexOf('.') < 0 || host.startsWith('.') || host.endsWith('.') || host.startsWith('-') || host.indexOf('..') >= 0) return undefined;
  return host.toLowerCase();
}
