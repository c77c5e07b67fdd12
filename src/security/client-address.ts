/**
 * The client address named in a log message: `from 1.2.3.4` (sshd, su, ftp daemons),
 * `client: 1.2.3.4` (nginx error log), `rhost=1.2.3.4` (PAM), `[client 1.2.3.4:5678]` (Apache error
 * log). Returns undefined when none is found. IPv4 and IPv6 (hex digits, `:` and `.`) are accepted;
 * a port after `:` is dropped for IPv4. Linear, no regex.
 */
export function clientFromMessage(message: string): string | undefined {
  for (const marker of MARKERS) {
    let at = message.indexOf(marker);
    while (at >= 0) {
      const ip = addressAt(message, at + marker.length);
      if (ip !== undefined) return ip;
      at = message.indexOf(marker, at + marker.length);
    }
  }
  return undefined;
}

const MARKERS = [' from ', 'client: ', 'rhost=', '[client '] as const;

function addressAt(s: string, i: number): string | undefined {
  const start = i;
  let dots = 0;
  let colons = 0;
  while (i < s.length && i - start < 46) {
    const c = s.charCodeAt(i);
    if (c === 46) dots++;
    else if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) break;
    i++;
  }
  if (dots === 3 && colons <= 1) {
    const text = s.slice(start, i);
    const colon = text.indexOf(':');
    return colon >= 0 ? text.slice(0, colon) : text;
  }
  if (colons >= 2 && dots === 0) return s.slice(start, i);
  return undefined;
}
