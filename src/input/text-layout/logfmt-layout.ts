import type { LogEvent } from '../../core/log-event.js';
import { severityFromText } from '../../core/severity.js';
import type { LineLayout } from './line-layout.js';
import { type TimeFormat, type TimeRead, timeFormatAt } from './timestamp-formats.js';

const TIME_KEYS = new Set(['time', 'ts', 'timestamp', 't', '@timestamp', 'date']);
const LEVEL_KEYS = new Set(['level', 'lvl', 'severity', 'loglevel']);
const MESSAGE_KEYS = new Set(['msg', 'message']);
/** Pairs read per line at most; the rest of a line is left in the message. */
const MAX_PAIRS = 32;
const NO_ATTRIBUTES: Readonly<Record<string, unknown>> = Object.freeze({});

/** One `key=value` pair of a logfmt line: [keyStart, keyEnd, valueStart, valueEnd, quoted]. */
type Pair = [number, number, number, number, boolean];

/**
 * Reads the pair at i (`key=value`, `key="quoted \" value"`, or a bare `key`); false at the end.
 * Fills `p` and returns the index after the pair.
 */
function pairAt(s: string, i: number, p: Pair): number {
  const n = s.length;
  while (i < n && s.charCodeAt(i) === 32) i++;
  if (i >= n) return -1;
  const k0 = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 61 || c === 32) break;
    i++;
  }
  p[0] = k0;
  p[1] = i;
  if (s.charCodeAt(i) !== 61) {
    p[2] = p[3] = i;
    p[4] = false;
    return i;
  }
  i++;
  if (s.charCodeAt(i) === 34) {
    const v0 = ++i;
    while (i < n && s.charCodeAt(i) !== 34) i += s.charCodeAt(i) === 92 ? 2 : 1;
    p[2] = v0;
    p[3] = Math.min(i, n);
    p[4] = true;
    return Math.min(i + 1, n);
  }
  const v0 = i;
  while (i < n && s.charCodeAt(i) !== 32) i++;
  p[2] = v0;
  p[3] = i;
  p[4] = false;
  return i;
}

function unquote(s: string, a: number, b: number, quoted: boolean): string {
  const v = s.slice(a, b);
  return quoted && v.includes('\\') ? v.replace(/\\(.)/g, '$1') : v;
}

/**
 * The logfmt layout (`time=... level=info msg="..." key=value`): the time from `time` / `ts` /
 * `timestamp`, the level from `level` / `lvl` / `severity`, the message from `msg` / `message`
 * (else the line without time and level), every other pair an attribute under its own key.
 */
export class LogfmtLayout implements LineLayout {
  readonly hasLevel = true;
  /** The time of the line read last has no year (`time="Dec 10 06:55:46"`). */
  yearless = false;
  private readonly pair: Pair = [0, 0, 0, 0, false];
  private readonly read: TimeRead = { time: NaN, end: 0, level: 0 };

  describe(): string {
    return 'logfmt (time=, level=, msg=)';
  }

  /** Whether `line` is logfmt with a readable time pair (used to infer the layout). */
  static timed(line: string, year: number): boolean {
    const p: Pair = [0, 0, 0, 0, false];
    const r: TimeRead = { time: NaN, end: 0, level: 0 };
    let i = 0;
    let pairs = 0;
    let timed = false;
    while (pairs < MAX_PAIRS && (i = pairAt(line, i, p)) >= 0) {
      if (p[1] === p[0] || p[2] === p[1]) return false; // `=x` or a bare word: not logfmt
      pairs++;
      if (TIME_KEYS.has(line.slice(p[0], p[1])) && timeFormatAt(line, p[2], r, year) !== undefined) timed = true;
      if (i >= line.length) break;
    }
    return timed && pairs >= 2;
  }

  apply(line: string, event: LogEvent, year: number): boolean {
    const p = this.pair;
    const r = this.read;
    let time = NaN;
    let level = 0;
    let levelText = '';
    let message: string | undefined;
    let attrs: Record<string, unknown> | undefined;
    let i = 0;
    let pairs = 0;
    let rest = -1;
    while ((i = pairAt(line, i, p)) >= 0) {
      if (++pairs > MAX_PAIRS) {
        rest = p[0];
        break;
      }
      const key = line.slice(p[0], p[1]);
      if (Number.isNaN(time) && TIME_KEYS.has(key)) {
        const f: TimeFormat | undefined = timeFormatAt(line, p[2], r, year);
        if (f !== undefined) {
          time = r.time;
          this.yearless = f.yearless === true;
          continue;
        }
      }
      if (level === 0 && LEVEL_KEYS.has(key)) {
        levelText = line.slice(p[2], p[3]);
        level = severityFromText(levelText);
        if (level > 0) continue;
      }
      if (message === undefined && MESSAGE_KEYS.has(key)) {
        message = unquote(line, p[2], p[3], p[4]);
        continue;
      }
      (attrs ??= {})[key] = unquote(line, p[2], p[3], p[4]);
      if (i >= line.length) break;
    }
    if (Number.isNaN(time)) return false;
    event.time = time;
    event.severityNumber = level;
    event.severityText = level > 0 ? levelText : '';
    event.message = message ?? (rest >= 0 ? line.slice(rest) : line);
    event.attributes = attrs ?? NO_ATTRIBUTES;
    return true;
  }
}
