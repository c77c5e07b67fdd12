import { bodyText, compactJson } from '../core/body-text.js';
import { parseEventTime } from './event-time.js';
import type { YearlessDates } from './text-layout/yearless-dates.js';
import type { LogEvent } from '../core/log-event.js';
import { severityFromPinoLevel, severityFromText } from '../core/severity.js';

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'date', 'datetime', '__REALTIME_TIMESTAMP'];
const LEVEL_KEYS = ['level', 'severity', 'levelname', 'log.level', 'severity_text', 'severityText', 'loglevel'];

/**
 * A {@link LogEvent} from a plain text line. The level is read from the start of the line (the
 * first 120 characters): an upper-case level word (`ERROR`, `WARN`, `CRITICAL`), a bracketed one
 * (`[error]`), or `level=error`. Level words inside the free text in lower case (`"no errors found"`)
 * are not levels. The time is `now` (a line has no structured timestamp; the CLI parses layouts).
 */
export function eventFromString(line: string, now: number, maxLength: number): LogEvent {
  const message = line.length > maxLength ? line.slice(0, maxLength) : line;
  const level = levelInText(message);
  return { time: now, severityNumber: level.number, severityText: level.text, message, attributes: EMPTY, eventName: '' };
}

/**
 * A {@link LogEvent} from a plain object: a parsed JSON log line in pino, bunyan or winston
 * conventions. `time` / `timestamp` / `ts` / `@timestamp` as epoch (s, ms, µs, ns) or ISO 8601;
 * `level` / `severity` as a pino/bunyan number (30 info, 50 error) or a name; `severityNumber` as an
 * OTel number; `msg` / `message` as the message (else a compact JSON rendering of the object).
 * Docker's json-file lines (`log` with its trailing newline, `stream`, `time`) and journald's JSON
 * export (`MESSAGE`, `__REALTIME_TIMESTAMP` in µs, `PRIORITY` 0..7 as syslog severities) are read too.
 * A time without a year (`"Dec 10 06:55:46"`) is placed by `dates` (one per input), else against
 * `now` (see `parseEventTime`). The object is used as the attributes, read-only; it is never changed.
 */
export function eventFromObject(obj: Readonly<Record<string, unknown>>, now: number, maxLength: number, dates?: YearlessDates): LogEvent {
  let time = NaN;
  for (const k of TIME_KEYS) {
    const v = obj[k];
    if (v !== undefined) {
      time = parseEventTime(v, now, dates);
      if (!Number.isNaN(time)) break;
    }
  }
  let severityNumber = 0;
  let severityText = '';
  const sn = obj.severityNumber;
  if (typeof sn === 'number' && sn >= 1 && sn <= 24) severityNumber = Math.floor(sn);
  for (const k of LEVEL_KEYS) {
    const v = obj[k];
    if (typeof v === 'string') {
      severityText = v;
      if (severityNumber === 0) severityNumber = severityFromText(v);
      break;
    }
    if (typeof v === 'number') {
      if (severityNumber === 0) severityNumber = severityFromPinoLevel(v);
      break;
    }
  }
  if (severityNumber === 0 && typeof obj.PRIORITY === 'string') {
    const p = SYSLOG_SEVERITY[obj.PRIORITY];
    if (p !== undefined) severityNumber = p;
  }
  let m = obj.msg ?? obj.message ?? obj.body ?? obj.MESSAGE;
  if (m === undefined && typeof obj.log === 'string') m = obj.log.endsWith('\n') ? obj.log.slice(0, obj.log.endsWith('\r\n') ? -2 : -1) : obj.log;
  let message: string;
  if (m !== undefined && m !== null) message = bodyText(m, maxLength);
  else message = compactJson(obj, maxLength);
  return {
    time: Number.isNaN(time) ? now : time,
    severityNumber,
    severityText,
    message,
    attributes: obj,
    eventName: typeof obj.eventName === 'string' ? obj.eventName : '',
    traceId: typeof obj.trace_id === 'string' ? obj.trace_id : typeof obj.traceId === 'string' ? obj.traceId : undefined,
    spanId: typeof obj.span_id === 'string' ? obj.span_id : typeof obj.spanId === 'string' ? obj.spanId : undefined,
  };
}

/** journald `PRIORITY` (syslog severity 0 emerg .. 7 debug) to OTel severity numbers. */
const SYSLOG_SEVERITY: Readonly<Record<string, number>> = Object.freeze({ 0: 23, 1: 22, 2: 21, 3: 17, 4: 13, 5: 10, 6: 9, 7: 5 });

/** Characters of a line read for its level. */
const LEVEL_PREFIX = 120;

/**
 * The first three letters of a word that can be a level: an upper-case letter after a non-letter,
 * or any letter after a marker (`[`, `=`, `<`). Level words have at least three letters. Only
 * fixed-length alternatives: O(1) work per position, nothing to backtrack. `test` with the global
 * flag only moves `lastIndex` (no match array) and searches natively, which matters: per-character
 * `charCodeAt` on a concatenated (cons) string costs more than twice what it costs on a flat one.
 */
const LEVEL_WORD = /(?<![A-Za-z])[A-Z][A-Za-z]{2}|[<=[][A-Za-z]{3}/g;

/**
 * The level found at the start of a text line (its first 120 characters), or `{ number: 0, text: '' }`.
 * Words are runs of ASCII letters; the first that is a level wins: an upper-case level word
 * (`ERROR`, `WARN`, `CRITICAL`; not `HTTP` or `LOG`, which are prose there), or a level word of any
 * case right after `[`, `=` or `<` (`[error]`, `level=warn`, `<crit>`); either with at most six words
 * (runs of non-blanks) before it.
 * Cost: a native search for the words that can be levels; only those are read, and nothing is
 * allocated unless one is an upper-case or marked word of 3 to 13 letters.
 */
export function levelInText(line: string): { number: number; text: string } {
  const s = line.length > LEVEL_PREFIX ? line.slice(0, LEVEL_PREFIX) : line;
  const end = s.length;
  const re = LEVEL_WORD;
  re.lastIndex = 0;
  while (re.test(s)) {
    // the match ends with the word's first three letters (see LEVEL_WORD)
    const start = re.lastIndex - 3;
    const before = start > 0 ? s.charCodeAt(start - 1) : 0;
    const marked = before === 91 /* [ */ || before === 61 /* = */ || before === 60; /* < */
    let upper = true;
    let j = start;
    while (j < end) {
      const d = s.charCodeAt(j);
      if (!isLetter(d)) break;
      if (d > 90) upper = false;
      j++;
    }
    re.lastIndex = j;
    const len = j - start;
    if (upper) {
      const common = commonLevel(s, start, len);
      // past the header every later word is too: no level
      if (common > 0) return !inHeader(s, start) ? NO_LEVEL : common === 9 ? INFO_LEVEL : { number: common, text: s.slice(start, j) };
    }
    if (len <= 13 && (marked || upper)) {
      const word = s.slice(start, j);
      // An unmarked upper-case HTTP or LOG is protocol or prose ("GET / HTTP/1.1", "LOG ROTATED"),
      // not winston's `http` / `log` level: skip it so a later ERROR still counts.
      if (marked || !NOT_LEVELS_UNMARKED.has(word)) {
        const n = severityFromText(word);
        if (n > 0) return inHeader(s, start) ? { number: n, text: word } : NO_LEVEL;
      }
    }
  }
  return NO_LEVEL;
}

/**
 * Words before a level word at most: a logger writes its level in the line's header, after at most
 * a date, a time, a zone, a host, a program or thread and a logger name (`2024-01-01 12:00:00 [main]
 * c.e.Foo ERROR ...`, `"GET /x HTTP/1.1" 500 ERROR ...`), before the message's prose; a level word
 * later in the line is prose that names a level (`a test that cannot hide a new ERROR template`,
 * `flags <img src=x onerror=alert(1)>`).
 */
const LEVEL_MAX_WORDS_BEFORE = 6;

/** True when at most {@link LEVEL_MAX_WORDS_BEFORE} words (runs of non-spaces) come before `at` (native space search). */
function inHeader(s: string, at: number): boolean {
  let words = 0;
  let i = 0;
  while (i < at) {
    if (s.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    if (++words > LEVEL_MAX_WORDS_BEFORE) return false;
    const space = s.indexOf(' ', i);
    if (space < 0) break;
    i = space;
  }
  return true;
}

const NO_LEVEL = Object.freeze({ number: 0, text: '' });
const INFO_LEVEL = Object.freeze({ number: 9, text: 'INFO' });

/** The upper-case words most lines carry (INFO, WARN, ERROR, DEBUG, TRACE, FATAL), read without allocating; 0 otherwise. */
function commonLevel(s: string, i: number, len: number): number {
  const c = s.charCodeAt(i);
  if (len === 4) {
    if (c === 73 && s.startsWith('INFO', i)) return 9;
    if (c === 87 && s.startsWith('WARN', i)) return 13;
  } else if (len === 5) {
    if (c === 69 && s.startsWith('ERROR', i)) return 17;
    if (c === 68 && s.startsWith('DEBUG', i)) return 5;
    if (c === 84 && s.startsWith('TRACE', i)) return 1;
    if (c === 70 && s.startsWith('FATAL', i)) return 21;
  }
  return 0;
}
const NOT_LEVELS_UNMARKED = new Set(['HTTP', 'LOG']);

/** ASCII letter (NaN, past the end, is not). */
function isLetter(c: number): boolean {
  return ((c | 32) - 97) >>> 0 < 26;
}
