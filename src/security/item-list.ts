/**
 * Lists of items divided by `; ` (a skills line, ingredients, family names, the rooms of a listing): `Skills: C/C++; Python;
 * SQL; Git; Docker & Kubernetes`. An item may be a word that is also a command (`git`, `python`, `wc`), but a list holds no
 * shell syntax, so a `;` in it starts no command. One pass over at most {@link MAX_LIST_CHARS} characters, no regular expressions.
 */
import { parameterNameEnd } from './parameter-name.js';
import { payloadCommandAt } from './payload-command.js';

/** A value longer than this is no list (characters). */
const MAX_LIST_CHARS = 400;

/** An item longer than this is no list item (characters). */
const MAX_ITEM_CHARS = 48;

/** Dividers a list has at least (so four items or more). */
const MIN_DIVIDERS = 3;

/** Commands that act with no argument or a number (`reboot`, `sleep 5`): an item that is one makes no list. */
const ACTION_COMMANDS: ReadonlySet<string> = new Set(['reboot', 'shutdown', 'halt', 'poweroff', 'sleep', 'ping', 'kill', 'killall', 'rm', 'del', 'format', 'id', 'whoami', 'logout', 'exit']);

/** Commands that fetch or send over the network: an item opening with one and holding an argument makes no list. */
const NETWORK_COMMANDS: ReadonlySet<string> = new Set(['wget', 'curl', 'nc', 'ncat', 'netcat', 'telnet', 'tftp', 'ftp', 'scp', 'certutil', 'bitsadmin', 'powershell', 'pwsh', 'cmd', 'bash', 'sh']);

/**
 * True when the (lower-cased) `s[from, to)` (a value or a parameter's value: {@link parameterAround}) is a list of items divided by `; `: at least {@link MIN_DIVIDERS} dividers, each `;`
 * followed by a space or the end, items of at most {@link MAX_ITEM_CHARS} characters, and no shell syntax: none of
 * `$ \` | < > = " { } \\`, a `'` only between letters (`o'brien`), no switch (`-x`) or path (`/x`, `~/x`) opening a token, no
 * item opening with an {@link ACTION_COMMANDS} word, a {@link NETWORK_COMMANDS} word with an argument (`wget x.sh`) or a payload
 * command ({@link payloadCommandAt}).
 */
export function semicolonList(s: string, from = 0, to = s.length): boolean {
  if (to - from > MAX_LIST_CHARS) return false;
  let dividers = 0;
  let itemStart = from;
  for (let k = from; k <= to; k++) {
    const c = k < to ? s.charCodeAt(k) : 59;
    if (c === 59) {
      if (k < to && k + 1 < to && s.charCodeAt(k + 1) !== 32) return false;
      if (k - itemStart > MAX_ITEM_CHARS || !plainItem(s, itemStart, k)) return false;
      if (k < to) dividers++;
      itemStart = k + 1;
      continue;
    }
    if (c === 36 || c === 96 || c === 124 || c === 60 || c === 62 || c === 61 || c === 34 || c === 123 || c === 125 || c === 92 || c === 10) return false;
    if (c === 39 && !(letter(s.charCodeAt(k - 1)) && letter(s.charCodeAt(k + 1)))) return false;
    const token = k === from || s.charCodeAt(k - 1) === 32;
    if (token && (c === 47 || c === 126 || (c === 45 && letter(s.charCodeAt(k + 1))))) return false;
  }
  return dividers >= MIN_DIVIDERS;
}

/** The item `s[from, to)` opens with no {@link ACTION_COMMANDS} word, no {@link NETWORK_COMMANDS} word with an argument and no payload command. */
function plainItem(s: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && s.charCodeAt(i) === 32) i++;
  let e = i;
  while (e < to && letter(s.charCodeAt(e))) e++;
  if (e > i && e - i <= 10 && ACTION_COMMANDS.has(s.slice(i, e))) return false;
  if (e > i && e - i <= 10 && s.charCodeAt(e) === 32 && e + 1 < to && NETWORK_COMMANDS.has(s.slice(i, e))) return false;
  return !payloadCommandAt(s, i, to);
}

/**
 * Commands with no everyday meaning that still name a thing a list holds (a language, a shell, a tool of a skills line, `wc` of a
 * listing): `Skills: Python; Bash; SSH; Nmap`. Other such commands (`env`, `ifconfig`, `hostname`, `ps`, `nslookup`, `socat`,
 * `chmod`, `sh`) are no list's item: they only probe or change the host.
 */
const LIST_NOUNS: ReadonlySet<string> = new Set([
  'python',
  'python2',
  'python3',
  'perl',
  'php',
  'ruby',
  'lua',
  'node',
  'bash',
  'zsh',
  'ksh',
  'csh',
  'tcsh',
  'dash',
  'powershell',
  'pwsh',
  'cmd',
  'ssh',
  'gcc',
  'cc',
  'awk',
  'sed',
  'grep',
  'wc',
  'route',
  'openssl',
  'rsync',
  'nmap',
  'xterm',
  'base64',
  'crontab',
]);

/**
 * True when the command word `word`, ending at `i`, may stand as an item of a {@link semicolonList}: a {@link LIST_NOUNS} word whose item
 * (to the next `;`, at most {@link MAX_ITEM_CHARS} characters) names no file or host after it (no `.` between letters, no `@`: `python x.py`,
 * `ssh evil.example`, `ssh root@host`). The caller asks only for commands with no everyday meaning; others are items whatever they are.
 */
export function listNounAt(s: string, word: string, i: number): boolean {
  if (!LIST_NOUNS.has(word)) return false;
  const end = Math.min(s.length, i + MAX_ITEM_CHARS);
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c === 59) break;
    if (c === 64 || (c === 46 && k > i && letter(s.charCodeAt(k - 1)) && letter(s.charCodeAt(k + 1)))) return false;
  }
  return true;
}

function letter(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * The parameter's value around `i` as `[from, to]`: from just past `name=` of the parameter holding `i` (a `&` followed by a
 * name and `=`, or the value's start) to the next such `&` or the end; `[0, s.length]` when the value is no list of
 * parameters. Reads at most {@link MAX_LIST_CHARS} characters each way (beyond that: `undefined`, no list).
 */
export function parameterAround(s: string, i: number): [number, number] | undefined {
  let from = -1;
  for (let k = i - 1; k >= Math.max(0, i - MAX_LIST_CHARS); k--) {
    if (s.charCodeAt(k) === 38 && parameterNameEnd(s, k + 1) > 0) {
      from = parameterNameEnd(s, k + 1);
      break;
    }
    if (k === 0) from = Math.max(0, parameterNameEnd(s, 0));
  }
  if (i === 0) from = Math.max(0, parameterNameEnd(s, 0));
  if (from < 0) return undefined;
  const limit = Math.min(s.length, i + MAX_LIST_CHARS);
  for (let k = i; k < limit; k++) if (s.charCodeAt(k) === 38 && parameterNameEnd(s, k + 1) > 0) return [from, k];
  return limit === s.length ? [from, s.length] : undefined;
}
