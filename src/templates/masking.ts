import { ConfigError } from '../core/config-error.js';
import { checkBoolean, checkOptions, checkString } from '../core/validate.js';
import { SmallIntSet } from './small-int-set.js';

/** A user-supplied mask rule: a token that fully matches `pattern` becomes a parameter (`<*>`). */
export interface MaskRule {
  /** Regular expression (or its source) tested against one token of at most 256 characters; anchored to the whole token. */
  pattern: RegExp | string;
}

/**
 * What the miner replaces by `<*>` before matching. Every rule works on one whitespace-separated
 * token, scanned once by hand (no regex on the message). Defaults: everything on.
 */
export interface MaskingOptions {
  /** Numeric-looking tokens: integers, decimals, times, dates, `0x` hex, UUIDs, IPv4/IPv6 with ports. Default true. */
  numbers?: boolean;
  /**
   * Any other token holding a digit (`blk_-123`, `dn228`, `LOGIN(uid=0)`): `'runs'` masks each run of
   * digits inside the token, with a leading minus sign (`blk_<*>`, `dn<*>`, `LOGIN(uid=<*>)`), and a
   * repeated such token counts once (`blk_1 blk_2 blk_3` is `blk_<*>`); `'token'` masks the whole
   * token; `false` leaves it. Default `'runs'`.
   */
  digits?: 'runs' | 'token' | false;
  /** Long hexadecimal runs without a digit (8+ hex letters, e.g. `deadbeef`). Default true. */
  hex?: boolean;
  /**
   * Host names, maybe bracketed, maybe with a port: dotted labels of letters, digits and `-` ending in a
   * common top-level domain (`com`, `net`, `org`, ...) or, with 3+ labels, any two-letter one
   * (`ns.example.com`, `proxy.cs.example.hk:5070`). Default true.
   */
  hostnames?: boolean;
  /** Day and month names next to a masked number belong to it (`Fri Jun 17 07:07:00 2005` is one `<*>`). Default true. */
  dates?: boolean;
  /** Empty brackets or quotes (`()`, `[]`, `""`) are an empty parameter. Default true. */
  empty?: boolean;
  /** E-mail addresses (`name@host.tld`). Default true. */
  email?: boolean;
  /** URLs (`scheme://...`). Default true. */
  url?: boolean;
  /** Paths used as parameters: absolute with 2+ separators (`/var/log/x`), `./x`, `~/x`, `C:\x`. Default true. */
  path?: boolean;
  /** Quoted values at the start of a token (`'...'`, `"..."`, up to 256 characters, may hold spaces). Default true. */
  quoted?: boolean;
  /**
   * The value of `key=value` tokens: `'variable'` masks values that look like parameters (holding a
   * digit, quoted, a path, URL, e-mail or host name: `uid=0` becomes `uid=<*>`) and keeps word values
   * (`status=failed`, `user=root`), which are generalised like any word when they vary; `'all'`
   * masks every non-empty value; `false` leaves them. An empty value (`ruser=`) always stays.
   * Default `'variable'`.
   */
  keyValue?: 'variable' | 'all' | false;
  /** A size or duration unit after a masked number is part of it (`1.2 KB`, `3 ms`, `<1 sec`). Default true. */
  units?: boolean;
  /** Consecutive masked tokens become one `<*>` (variable-length parameters such as `(1.13 KB)`). Default true. */
  collapse?: boolean;
  /** Extra user rules, tried on tokens no built-in rule masked. Default none. */
  rules?: readonly MaskRule[];
}

/** Default masking: every built-in rule on, no user rules. */
export const DEFAULT_MASKING: Readonly<Required<Omit<MaskingOptions, 'rules'>>> = Object.freeze({
  numbers: true,
  digits: 'runs',
  hostnames: true,
  dates: true,
  empty: true,
  hex: true,
  email: true,
  url: true,
  path: true,
  quoted: true,
  keyValue: 'variable',
  units: true,
  collapse: true,
});

const MASKING_KEYS = [...Object.keys(DEFAULT_MASKING), 'rules'];

/** Longest token a user rule is tested on; longer tokens are not tested. */
export const MAX_RULE_TOKEN_LENGTH = 256;

/** Units absorbed into a preceding masked number (compared lower-case). */
const UNITS = [
  'b',
  'byte',
  'bytes',
  'kb',
  'kib',
  'mb',
  'mib',
  'gb',
  'gib',
  'tb',
  'tib',
  'ns',
  'us',
  'µs',
  'ms',
  's',
  'sec',
  'secs',
  'second',
  'seconds',
  'min',
  'mins',
  'minute',
  'minutes',
  'h',
  'hr',
  'hrs',
  'hour',
  'hours',
  'd',
  'day',
  'days',
];

const DATE_WORDS = [
  'mon',
  'tue',
  'wed',
  'thu',
  'fri',
  'sat',
  'sun',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'january',
  'february',
  'march',
  'april',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'am',
  'pm',
  'utc',
  'gmt',
];

/** Their first two letters (lower case, `a` = 0): 1 at `26 * first + second` for each day and month name, so most words are told apart by two reads. */
const DATE_PAIRS = new Uint8Array(26 * 26);
for (const w of DATE_WORDS) DATE_PAIRS[26 * (w.charCodeAt(0) - 97) + w.charCodeAt(1) - 97] = 1;

/** Top-level domains (besides any two-letter one) that make a dotted lower-case word a host name. */
const TOP_LEVEL_DOMAINS = ['com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'arpa', 'local', 'lan', 'internal', 'localdomain', 'cloud', 'dev', 'app'];

/** The top-level domains by {@link unitHash} (of lower-case letters: the text itself), so a look-up needs no substring. */
const TOP_LEVEL_DOMAIN_BY_HASH = new Map(TOP_LEVEL_DOMAINS.map((d) => [unitHash(d, 0, d.length), d]));

/** Token kinds produced by the tokenizer. */
export const CONSTANT = 0;
export const MASKED = 1;
export const KEY_VALUE = 2;
/** A token whose digit runs are parameters (`dn<*>`, `blk_-<*>`). */
export const DIGIT_RUNS = 3;

/** Masking compiled once at construction. */
export class Masking {
  readonly numbers: boolean;
  readonly digits: 'runs' | 'token' | false;
  readonly hostnames: boolean;
  readonly dates: boolean;
  readonly empty: boolean;
  readonly hex: boolean;
  readonly email: boolean;
  readonly url: boolean;
  readonly path: boolean;
  readonly quoted: boolean;
  readonly keyValue: 'variable' | 'all' | false;
  readonly units: boolean;
  readonly collapse: boolean;
  readonly rules: readonly RegExp[];
  /** Hashes (see {@link unitHash}) of the unit words. */
  readonly unitHashes: SmallIntSet;
  /** Hashes of day and month names. */
  readonly dateHashes: SmallIntSet;

  constructor(options: MaskingOptions | undefined, path: string) {
    const o = checkOptions(options, path, MASKING_KEYS);
    const flag = (k: Exclude<keyof typeof DEFAULT_MASKING, 'digits' | 'keyValue'>): boolean => (o[k] === undefined ? DEFAULT_MASKING[k] : checkBoolean(o[k], `${path}.${k}`));
    this.numbers = flag('numbers');
    const digits = o.digits === undefined ? DEFAULT_MASKING.digits : o.digits;
    if (digits !== 'runs' && digits !== 'token' && digits !== false) throw new ConfigError(`${path}.digits`, "'runs', 'token' or false", digits);
    this.digits = digits;
    this.hostnames = flag('hostnames');
    this.dates = flag('dates');
    this.empty = flag('empty');
    this.hex = flag('hex');
    this.email = flag('email');
    this.url = flag('url');
    this.path = flag('path');
    this.quoted = flag('quoted');
    const keyValue = o.keyValue === undefined ? DEFAULT_MASKING.keyValue : o.keyValue;
    if (keyValue !== 'variable' && keyValue !== 'all' && keyValue !== false) throw new ConfigError(`${path}.keyValue`, "'variable', 'all' or false", keyValue);
    this.keyValue = keyValue;
    this.units = flag('units');
    this.collapse = flag('collapse');
    const rules: RegExp[] = [];
    if (o.rules !== undefined) {
      if (!Array.isArray(o.rules)) throw new ConfigError(`${path}.rules`, 'an array of { pattern }', o.rules);
      o.rules.forEach((r, i) => rules.push(compileRule(r, `${path}.rules[${i}]`)));
    }
    this.rules = rules;
    this.unitHashes = new SmallIntSet(UNITS.map((u) => unitHash(u, 0, u.length)));
    this.dateHashes = new SmallIntSet(DATE_WORDS.map((u) => unitHash(u, 0, u.length)));
  }
}

function compileRule(rule: unknown, path: string): RegExp {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) throw new ConfigError(path, 'an object { pattern }', rule);
  checkOptions(rule as MaskRule, path, ['pattern']);
  const p = (rule as MaskRule).pattern;
  let source: string;
  let flags = '';
  if (p instanceof RegExp) {
    source = p.source;
    flags = p.flags.replace(/[gy]/g, '');
  } else source = checkString(p, `${path}.pattern`);
  try {
    return new RegExp(`^(?:${source})$`, flags);
  } catch {
    throw new ConfigError(`${path}.pattern`, 'a valid regular expression', source);
  }
}

/**
 * Statistics of one token, filled by the tokenizer in the same pass that hashes it (reused object,
 * no allocation per token; every field is written before each use).
 */
export class TokenStats {
  digits = 0;
  letters = 0;
  /** Characters that are not ASCII letters, digits or simple punctuation (units test). */
  nonWord = 0;
  /** Characters other than letters, digits, `.`, `-`, `:` and brackets (host name test). */
  nonHost = 0;
  slashes = 0;
  backslashes = 0;
  dots = 0;
  /** Index of the first `=`, -1 when none. */
  eq = -1;
  /** Index of the first `@`, -1 when none. */
  at = -1;
  /** Index of `://`, -1 when none. */
  scheme = -1;
  /**
   * What the character loop knows of the numeric test for the range classified: 1 numeric (digits and
   * numeric punctuation only), 0 not (a character no number holds), 2 numeric unless a letter is not
   * hexadecimal or `x` (only the letters are checked), -1 unknown (the range is rescanned).
   */
  numeric = -1;
}

/** FNV-style hash of the lower-cased letters of `text[start, end)` (for the unit and date word tests). */
export function unitHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 0xb5) h = Math.imul(h ^ (c | 32), 0x01000193);
  }
  return h & 0x3fffffff; // a small integer: set look-ups need no boxing
}

/**
 * The kind of token `text[start, end)` given its statistics: {@link MASKED}, {@link KEY_VALUE} or
 * {@link CONSTANT}. Order: numbers, URL, e-mail, path, key=value, digits, hex, user rules.
 */
export function classifyToken(text: string, start: number, end: number, s: TokenStats, m: Masking): number {
  const len = end - start;
  if (s.digits > 0 && m.numbers && (s.numeric === 1 || (s.numeric === 2 ? numericLetters(text, start, end) : s.numeric < 0 && isNumeric(text, start, end)))) return MASKED;
  if (s.scheme > start && m.url) return MASKED;
  if (s.at > start && m.email && s.dots > 0 && text.lastIndexOf('.', end - 1) > s.at + 1 && s.eq < 0) return MASKED;
  if (m.path && (s.slashes > 0 || s.backslashes > 0) && isPath(text, start, end, s)) return MASKED;
  if (s.eq > start && s.eq < end - 1 && m.keyValue !== false && isKey(text, start, s.eq) && (m.keyValue === 'all' || isVariableValue(text, s.eq + 1, end))) return KEY_VALUE;
  if (m.hostnames && s.dots > 0 && s.nonHost === 0 && isHostName(text, start, end)) return MASKED;
  if (s.digits > 0 && m.digits !== false) return m.digits === 'runs' ? DIGIT_RUNS : MASKED;
  if (m.empty && len === 2 && isEmptyPair(text.charCodeAt(start), text.charCodeAt(start + 1))) return MASKED;
  if (m.hex && s.digits === 0 && s.letters >= 8 && isHexRun(text, start, end)) return MASKED;
  if (len === 3 && text.charCodeAt(start) === 60 && text.charCodeAt(start + 1) === 42 && text.charCodeAt(start + 2) === 62) return MASKED; // a literal <*>
  if (m.rules.length > 0 && len <= MAX_RULE_TOKEN_LENGTH) {
    const token = text.slice(start, end);
    for (const r of m.rules) if (r.test(token)) return MASKED;
  }
  return CONSTANT;
}

/**
 * {@link classifyToken} for a token with no `=`, `@`, `://`, `/`, `\\` or `.` (so neither URL, e-mail,
 * path, key=value nor host name), when there are no user rules: the same answer from what the
 * character loop counted (`nonNumeric`: characters no numeric token holds), without the statistics.
 */
export function classifyPlainToken(text: string, start: number, end: number, letters: number, digits: number, nonNumeric: number, m: Masking): number {
  if (digits > 0) {
    if (m.numbers && nonNumeric === 0 && (letters === 0 || numericLetters(text, start, end))) return MASKED;
    if (m.digits !== false) return m.digits === 'runs' ? DIGIT_RUNS : MASKED;
  }
  const len = end - start;
  if (m.empty && len === 2 && isEmptyPair(text.charCodeAt(start), text.charCodeAt(start + 1))) return MASKED;
  if (m.hex && digits === 0 && letters >= 8 && isHexRun(text, start, end)) return MASKED;
  if (len === 3 && text.charCodeAt(start) === 60 && text.charCodeAt(start + 1) === 42 && text.charCodeAt(start + 2) === 62) return MASKED; // a literal <*>
  return CONSTANT;
}

/**
 * True when the word-like token `text[start, end)` (letters, maybe brackets) is a unit (`KB`, `ms`,
 * `sec)`) to fold into the number before it.
 */
export function isUnit(text: string, start: number, end: number, letters: number, m: Masking): boolean {
  return letters <= 7 && m.unitHashes.has(unitHash(text, start, end));
}

/** False when the token at `start` (2 characters or more) can be no day or month name: its first two letters say so for most words (a quick test before {@link isDateWord}). */
export function mayBeDateWord(text: string, start: number): boolean {
  const a = (text.charCodeAt(start) | 32) - 97;
  const b = (text.charCodeAt(start + 1) | 32) - 97;
  return a >= 0 && a < 26 && b >= 0 && b < 26 && DATE_PAIRS[26 * a + b] === 1;
}

/** True when the token `text[start, end)` is a day or month name (`Fri`, `Jun`, `PM`), maybe with a trailing `,`. */
export function isDateWord(text: string, start: number, end: number, m: Masking): boolean {
  if (end > start && text.charCodeAt(end - 1) === 44) end--;
  const len = end - start;
  if (len < 2 || len > 9 || !mayBeDateWord(text, start)) return false;
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 32;
    if (c < 97 || c > 122) return false;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return m.dateHashes.has(h & 0x3fffffff);
}

/** A `key=value` value that looks like a parameter: a digit, a quote, `/ @ \\ :`, or a host name. */
function isVariableValue(text: string, start: number, end: number): boolean {
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 34 || c === 39 || c === 47 || c === 64 || c === 92 || c === 58) return true;
    if (c === 46) dots++;
  }
  return dots > 0 && isHostName(text, start, end);
}

/**
 * A numeric-looking token: hex digits, `x`, and `. : - _ / + , % #` or brackets and quotes only
 * (numbers, times, dates, `0x` hex, UUIDs, IPv4/IPv6 with ports).
 */
function isNumeric(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    const l = c | 32;
    if ((l >= 97 && l <= 102) || l === 120) continue;
    switch (c) {
      case 46:
      case 58:
      case 45:
      case 95:
      case 47:
      case 43:
      case 44:
      case 37:
      case 35:
      case 40:
      case 41:
      case 91:
      case 93:
      case 60:
      case 62:
      case 123:
      case 125:
      case 34:
      case 39:
      case 59:
        continue;
      default:
        return false;
    }
  }
  return true;
}

/**
 * {@link isNumeric} for a range known to hold only digits, letters and the punctuation a number may
 * hold: true when every letter is a hexadecimal digit or `x`. (`c | 32` maps none of that
 * punctuation into `g`..`z`.)
 */
function numericLetters(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const l = text.charCodeAt(i) | 32;
    if (l > 102 && l <= 122 && l !== 120) return false;
  }
  return true;
}

/** True when `text[start, end)` is only hexadecimal digits (`deadbeef`). */
export function isHexRun(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    const l = c | 32;
    if (!((c >= 48 && c <= 57) || (l >= 97 && l <= 102))) return false;
  }
  return true;
}

function isEmptyPair(a: number, b: number): boolean {
  return (a === 40 && b === 41) || (a === 91 && b === 93) || (a === 123 && b === 125) || (a === 34 && b === 34) || (a === 39 && b === 39);
}

/**
 * A host name, maybe bracketed and with a port: labels of letters, digits and `-`, the last one a
 * lower-case common top-level domain, or any two letters when there are 3+ labels (`proxy.cse.cuhk.edu.hk`).
 */
function isHostName(text: string, start: number, end: number): boolean {
  while (start < end && isOpening(text.charCodeAt(start))) start++;
  while (end > start && isClosing(text.charCodeAt(end - 1))) end--;
  let dots = 0;
  let dot = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (i === dot + 1 || i === start) return false;
      dots++;
      dot = i;
    } else if (c === 58) {
      // the first `:` of the token: a port of digits ends the name
      for (let j = i + 1; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d < 48 || d > 57) return false;
      }
      end = i;
      break;
    } else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  const tld = end - dot - 1;
  if (dots === 0 || tld < 2 || tld > 11) return false;
  let h = 0x811c9dc5 | 0;
  for (let i = dot + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 97 || c > 122) return false;
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (tld === 2) return dots >= 2;
  const known = TOP_LEVEL_DOMAIN_BY_HASH.get(h & 0x3fffffff);
  return known !== undefined && known.length === tld && text.startsWith(known, dot + 1);
}

function isOpening(c: number): boolean {
  return c === 40 || c === 91 || c === 60 || c === 34 || c === 39;
}

function isClosing(c: number): boolean {
  return c === 41 || c === 93 || c === 62 || c === 34 || c === 39 || c === 44 || c === 59 || c === 46 || c === 58;
}

function isPath(text: string, start: number, end: number, s: TokenStats): boolean {
  const c0 = text.charCodeAt(start);
  if (c0 === 47 /* / */) return s.slashes >= 2 && end - start > 2;
  const c1 = end - start > 2 ? text.charCodeAt(start + 1) : 0;
  if ((c0 === 46 /* . */ || c0 === 126) /* ~ */ && c1 === 47) return true;
  // C:\dir
  return c1 === 58 && end - start > 3 && text.charCodeAt(start + 2) === 92 && ((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122));
}

function isKey(text: string, start: number, eq: number): boolean {
  for (let i = start; i < eq; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
    if (!ok) return false;
  }
  return true;
}
