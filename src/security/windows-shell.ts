/**
 * Windows shell syntax at a command position (after `;`, `|`, `&`, ...), for the command-injection
 * analyser: PowerShell's .NET calls, cmdlets, variable assignments and call operator, and cmd.exe's
 * `for` loop. Forward reads of the lower-cased value within a few dozen characters, no regular expressions.
 */

/** PowerShell's approved verbs that start the cmdlets an injection runs (`Set-MpPreference`, `Remove-Item`, `Add-Type`). */
const CMDLET_VERBS = new Set([
  'add',
  'clear',
  'copy',
  'disable',
  'enable',
  'export',
  'get',
  'import',
  'invoke',
  'new',
  'out',
  'remove',
  'rename',
  'restart',
  'resume',
  'set',
  'start',
  'stop',
  'test',
  'write',
  'convertto',
  'convertfrom',
  'expand',
  'compress',
  'register',
  'unregister',
]);

/** How far a construct is read (characters). */
const WINDOW = 64;

function isLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 95;
}

/**
 * The end of a PowerShell construct starting at `i`, or -1:
 * - a .NET type then a static or instance member: `[system.diagnostics.process]::start(`, `[ref].assembly`,
 *   `[convert]::frombase64string(` (a `[` directly followed by a dotted name and `]`; shell's `[ -f x ]` has a space);
 * - a cmdlet (`verb-noun`, an approved verb, a noun of three or more letters) followed by a `-switch`
 *   or a `$variable`: `set-mppreference -disablerealtimemonitoring $true`, `remove-item -recurse`;
 *   `set-up meeting`, `get-together`, a ChangeLog's `(test-pool):` are not;
 * - a variable assigned a .NET object, a type or a cmdlet: `$c=new-object system.net.sockets.tcpclient(`,
 *   `$x = [convert]::...`.
 */
export function powerShellAt(s: string, i: number): number {
  const n = s.length;
  const c = s.charCodeAt(i);
  if (c === 91) return dotnetMember(s, i);
  if (c === 36) {
    // `$name=` or `$name = `, then a type or a cmdlet
    let k = i + 1;
    const limit = Math.min(n, i + 33);
    while (k < limit && isNameChar(s.charCodeAt(k))) k++;
    if (k === i + 1) return -1;
    if (s.charCodeAt(k) === 32) k++;
    if (s.charCodeAt(k) !== 61 || s.charCodeAt(k + 1) === 61) return -1;
    k++;
    if (s.charCodeAt(k) === 32) k++;
    return s.charCodeAt(k) === 91 ? dotnetMember(s, k) : cmdletAt(s, k, true);
  }
  return cmdletAt(s, i, false);
}

function dotnetMember(s: string, i: number): number {
  const limit = Math.min(s.length, i + WINDOW);
  let k = i + 1;
  if (!isLetter(s.charCodeAt(k))) return -1;
  while (k < limit && (isNameChar(s.charCodeAt(k)) || s.charCodeAt(k) === 46)) k++;
  if (s.charCodeAt(k) !== 93) return -1;
  k++;
  if (s.charCodeAt(k) === 58 && s.charCodeAt(k + 1) === 58 && isLetter(s.charCodeAt(k + 2))) return k + 3;
  if (s.charCodeAt(k) === 46 && isLetter(s.charCodeAt(k + 1))) return k + 2;
  return -1;
}

/** A cmdlet name at `i` and what follows it (see {@link powerShellAt}); after an assignment any argument, `(`, a separator or the end will do. */
function cmdletAt(s: string, i: number, assigned: boolean): number {
  const n = s.length;
  const limit = Math.min(n, i + WINDOW);
  let k = i;
  while (k < limit && isLetter(s.charCodeAt(k))) k++;
  if (k === i || s.charCodeAt(k) !== 45 || k - i > 11 || !CMDLET_VERBS.has(s.slice(i, k))) return -1;
  const noun = k + 1;
  k = noun;
  while (k < limit && isLetter(s.charCodeAt(k))) k++;
  if (k - noun < 3) return -1;
  const a = s.charCodeAt(k);
  if (assigned && (k >= n || a === 59 || a === 124 || a === 38 || a === 10 || a === 40)) return k;
  if (a !== 32) return -1;
  const b = s.charCodeAt(k + 1);
  if (b === 45 && isLetter(s.charCodeAt(k + 2))) return k + 2;
  if (b === 36 && isLetter(s.charCodeAt(k + 2))) return k + 2;
  if (assigned && (isLetter(b) || b === 39 || b === 34 || b === 40)) return k + 1;
  return -1;
}

/**
 * The end of a string-built command name at `i` (`'i'+'ex'`, `"who"+"ami"`), the names joined; or
 * undefined: two or more quoted runs of letters joined by `+`, within {@link WINDOW} characters.
 */
export function joinedName(s: string, i: number): { name: string; end: number } | undefined {
  const limit = Math.min(s.length, i + WINDOW);
  let name = '';
  let k = i;
  let parts = 0;
  for (;;) {
    const q = s.charCodeAt(k);
    if (q !== 39 && q !== 34) break;
    let e = k + 1;
    while (e < limit && isLetter(s.charCodeAt(e))) e++;
    if (e === k + 1 || s.charCodeAt(e) !== q) return undefined;
    name += s.slice(k + 1, e);
    parts++;
    k = e + 1;
    if (s.charCodeAt(k) !== 43) break;
    k++;
  }
  return parts >= 2 ? { name, end: k } : undefined;
}

/** True when cmd.exe's `for` loop starts at `i`: `for /f`, `/l`, `/r`, `/d` then a space, or `for %x in`. */
export function cmdForLoopAt(s: string, i: number): boolean {
  if (!s.startsWith('for ', i)) return false;
  const a = s.charCodeAt(i + 4);
  const b = s.charCodeAt(i + 5);
  if (a === 47 && (b === 102 || b === 108 || b === 114 || b === 100) && s.charCodeAt(i + 6) === 32) return true;
  return a === 37 && isLetter(b) && s.startsWith(' in ', i + 6);
}
