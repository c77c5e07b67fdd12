import { bodyText, compactJson } from './body-text.js';
import { parseEventTime } from './event-time.js';
import type { LogEvent } from './log-event.js';
import { severityFromPinoLevel, severityFromText } from './severity.js';

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});
const TIME_KEYS = ['time', 'timestamp', 'ts', '@timestamp', 'date', 'datetime'];
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
 * The object is used as the attributes, read-only; it is never changed.
 */
export function eventFromObject(obj: Readonly<Record<string, unknown>>, now: number, maxLength: number): LogEvent {
  let time = NaN;
  for (const k of TIME_KEYS) {
    const v = obj[k];
    if (v !== undefined) {
      time = parseEventTime(v);
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
  const m = obj.msg ?? obj.message ?? obj.body;
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

/** The level found at the start of a text line, or `{ number: 0, text: '' }`. */
export function levelInText(line: string): { number: number; text: string } {
  const end = line.length < 120 ? line.length : 120;
  let i = 0;
  while (i < end) {
    const c = line.charCodeAt(i);
    if (!isLetter(c)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && isLetter(line.charCodeAt(j))) j++;
    const len = j - i;
    const common = commonLevel(line, i, len);
    if (common > 0) return common === 9 ? INFO_LEVEL : { number: common, text: line.slice(i, j) };
    if (len >= 3 && len <= 13) {
      const before = i > 0 ? line.charCodeAt(i - 1) : 0;
      const marked = before === 91 /* [ */ || before === 61 /* = */ || before === 60; /* < */
      if (marked || isUpperWord(line, i, j)) {
        const word = line.slice(i, j);
        // An unmarked upper-case HTTP or LOG is protocol or prose ("GET / HTTP/1.1", "LOG ROTATED"),
        // not winston's `http` / `log` level: skip it so a later ERROR still counts.
        if (marked || !NOT_LEVELS_UNMARKED.has(word)) {
          const n = severityFromText(word);
          if (n > 0) return { number: n, text: word };
        }
      }
    }
    i = j;
  }
  return NO_LEVEL;
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

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isUpperWord(s: string, i: number, j: number): boolean {
  for (let k = i; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c < 65 || c > 90) return false;
  }
  return true;
}
