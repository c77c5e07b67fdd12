/**
 * Where the message of a syslog-style line starts, past the header a relay or a file writer put
 * before it: BSD syslog (`Dec  1 10:00:01 host prog[12]: `), ISO-timestamped syslog and journald's
 * short-iso (`2026-12-01T10:00:01.123+00:00 host prog[12]: `) and RFC 5424
 * (`<38>1 2026-12-01T10:00:01Z host prog 12 - - `). The header names the logging host, often as an
 * address (`10.0.3.8`), which must not be taken for the client. Returns 0 when the line has no such
 * header (a bare message). Reads at most the first 256 characters; linear, no regex.
 */
export function syslogBodyStart(s: string): number {
  const n = s.length < 256 ? s.length : 256;
  if (n < 8) return 0;
  const c0 = s.charCodeAt(0);
  if (c0 === 60) return rfc5424Body(s, n);
  let i: number;
  if (isUpper(c0) && isLower(s.charCodeAt(1)) && isLower(s.charCodeAt(2)) && s.charCodeAt(3) === 32) {
    // `Dec  1 10:00:01`: month, day (space padded), time
    i = 4;
    while (i < n && s.charCodeAt(i) === 32) i++;
    i = tokenEnd(s, i, n); // day
    if (i >= n) return 0;
    i = tokenEnd(s, i + 1, n); // time
    if (s.charCodeAt(i - 3) !== 58 && s.charCodeAt(i - 3) !== 46 && !isDigit(s.charCodeAt(i - 1))) return 0;
  } else if (isDigit(c0) && isDigit(s.charCodeAt(1)) && isDigit(s.charCodeAt(2)) && isDigit(s.charCodeAt(3)) && s.charCodeAt(4) === 45 && s.charCodeAt(10) === 84) {
    i = tokenEnd(s, 0, n); // `2026-12-01T10:00:01.123+00:00`
  } else {
    return 0;
  }
  if (i >= n) return 0;
  const host = i + 1;
  const hostEnd = tokenEnd(s, host, n);
  if (hostEnd === host || hostEnd >= n) return 0;
  const tagEnd = tokenEnd(s, hostEnd + 1, n);
  // the tag ends in `:` (`sshd[12]:`, `postfix/smtpd[9]:`, `kernel:`)
  if (tagEnd <= hostEnd + 1 || s.charCodeAt(tagEnd - 1) !== 58) return 0;
  return tagEnd < n ? tagEnd + 1 : tagEnd;
}

/** `<pri>1 TIMESTAMP HOST APP PROCID MSGID SD MSG`: past the structured data (`-` or `[...]`). */
function rfc5424Body(s: string, n: number): number {
  let i = 1;
  while (i < n && i < 5 && isDigit(s.charCodeAt(i))) i++;
  if (s.charCodeAt(i) !== 62 || s.charCodeAt(i + 1) !== 49 || s.charCodeAt(i + 2) !== 32) return 0;
  i += 3;
  for (let field = 0; field < 5; field++) {
    i = tokenEnd(s, i, n);
    if (i >= n) return 0;
    i++;
  }
  if (s.charCodeAt(i) === 45) return i + 2 <= s.length ? i + 2 : s.length;
  if (s.charCodeAt(i) !== 91) return 0;
  // structured data: `[id k="v"]...` up to the first `] ` (quoted `]` are escaped as `\]`)
  const close = s.indexOf('] ', i);
  return close > 0 && close < 2048 ? close + 2 : 0;
}

function tokenEnd(s: string, i: number, n: number): number {
  while (i < n && s.charCodeAt(i) !== 32) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
