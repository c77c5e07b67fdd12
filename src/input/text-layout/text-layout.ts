import type { LogEvent } from '../../core/log-event.js';
import { severityFromText } from '../../core/severity.js';
import { type FieldMode, SHAPE, fieldEnd, skipDelimiter, textAt } from './line-fields.js';
import type { LineLayout } from './line-layout.js';
import type { TimeFormat, TimeRead } from './timestamp-formats.js';

/**
 * What a header field is for:
 * - `level`: the record's level (one letter `V D I W E F A`, a name such as `Info` or `warning`);
 * - `pri`: a syslog priority `<N>`, the level when the layout has no level field;
 * - `attribute`: kept under {@link HeaderField.attribute};
 * - `number`: digits (after an optional `*` or `#`), kept as a number under {@link HeaderField.attribute};
 * - `syslog-tag`: `name[pid]:` as `process.executable.name` and `process.pid`, else `name:` as the logger;
 * - `k8s`: a `kubectl logs --prefix` field `[pod/<pod>/<container>]`;
 * - `time`: a second timestamp inside the header (format {@link HeaderField.time}), not kept;
 * - `group`: fields up to a `-` delimiter (at most {@link GROUP_FIELDS}), kept as one attribute;
 * - `skip`: a delimiter or a second date, not kept.
 */
export type FieldRole = 'level' | 'pri' | 'attribute' | 'number' | 'syslog-tag' | 'k8s' | 'time' | 'group' | 'skip';

/** One header field of a layout. */
export interface HeaderField {
  role: FieldRole;
  /** Attribute name (roles `attribute`, `number`, `syslog-tag` without a pid). */
  attribute: string;
  /** Shape bit ({@link SHAPE}) every line's field must have to fit the layout, 0 for any. */
  expect: number;
  /** Role `time`: the timestamp's format. */
  time?: TimeFormat;
}

/** Fields a `group` spans at most, its `-` included. */
export const GROUP_FIELDS = 3;

/**
 * A plain-text layout inferred from an input's first lines: fields before the timestamp, the
 * timestamp's format, and the header fields between it and the message.
 */
export interface TextLayoutPlan {
  mode: FieldMode;
  prefix: HeaderField[];
  time: TimeFormat;
  /** The timestamp is inside `[...]`. */
  timeBracket: boolean;
  /** A syslog `<N>` sits right before the timestamp (RFC 3164 on the wire). */
  timePri: boolean;
  header: HeaderField[];
  /** The layout has a level field (else the level is read from the message's text). */
  hasLevel: boolean;
  /** No sample line had a tab in its first 200 characters. */
  noTabs: boolean;
}

/** Attribute names of header fields (documented in docs/text-layouts.md). */
export const HEADER_ATTRIBUTES = {
  host: 'host.name',
  pid: 'process.pid',
  tid: 'thread.id',
  thread: 'thread.name',
  executable: 'process.executable.name',
  logger: 'log.logger',
  context: 'log.context',
  file: 'log.file.name',
  iostream: 'log.iostream',
  pod: 'k8s.pod.name',
  container: 'k8s.container.name',
  codeFile: 'code.file.path',
  codeLine: 'code.line.number',
} as const;

/** The `log.header.<k>` name of a header field without a better one (k: the field's index in the layout). */
export function headerFieldName(k: number): string {
  return `log.header.${k}`;
}

const NO_ATTRIBUTES: Readonly<Record<string, unknown>> = Object.freeze({});
/** OTel severity numbers of syslog severities 0 (emerg) .. 7 (debug). */
const SYSLOG_SEVERITY = [23, 22, 21, 17, 13, 10, 9, 5];
const LETTER_SEVERITY: Record<string, number> = { V: 2, D: 5, I: 9, W: 13, E: 17, F: 21, A: 21 };

/** The OTel severity number of a syslog severity 0..7 (`PRIORITY`, the low 3 bits of `<PRI>`), 0 otherwise. */
export function severityFromSyslog(n: number): number {
  return Number.isInteger(n) && n >= 0 && n <= 7 ? SYSLOG_SEVERITY[n] : 0;
}

/** A one-letter level (`V D I W E F A`, logcat and glog) as an OTel severity number, 0 otherwise. */
export function severityFromLetter(letter: string): number {
  return LETTER_SEVERITY[letter] ?? 0;
}

/**
 * Splits lines of one {@link TextLayoutPlan} into time, level, header attributes and message: one
 * forward pass over the header, O(header length) per line, one attributes object per line (shared
 * and frozen when the header keeps none).
 */
export class TextLayout implements LineLayout {
  readonly hasLevel: boolean;
  readonly yearless: boolean;
  private readonly read: TimeRead = { time: NaN, end: 0, level: 0 };
  /** A second date in the header is read here: the record's time stays the layout's. */
  private readonly secondDate: TimeRead = { time: NaN, end: 0, level: 0 };
  private readonly keeps: boolean;
  /** Level spellings seen and their severity numbers, by length, first and last letter. */
  private readonly levels = new Map<number, { text: string; level: number }>();
  /** The spelling found last (most lines repeat the level of the line before): a Map look-up saved. */
  private lastLevelKey = -1;
  private lastLevel: { text: string; level: number } | undefined;
  /** Space-delimited fields end at the next space (the sample's headers had no tabs). */
  private readonly noTabs: boolean;

  constructor(readonly plan: TextLayoutPlan) {
    this.noTabs = plan.mode === 'space' && plan.noTabs;
    this.keeps = [...plan.prefix, ...plan.header].some((f) => f.role !== 'skip' && f.role !== 'level' && f.role !== 'pri' && f.role !== 'time');
    this.hasLevel = plan.hasLevel;
    this.yearless = plan.time.yearless === true;
  }

  /** A short description of the layout for the scan summary, e.g. `iso time, level, log.logger`. */
  describe(): string {
    const p = this.plan;
    const parts: string[] = [];
    const name = (f: HeaderField) =>
      f.role === 'level' ? 'level' : f.role === 'pri' ? 'syslog priority' : f.role === 'syslog-tag' ? 'process' : f.role === 'k8s' ? 'pod/container' : f.role === 'skip' ? '' : f.attribute;
    for (const f of p.prefix) parts.push(name(f));
    parts.push(`${p.time.name} time`);
    for (const f of p.header) parts.push(name(f));
    return `${parts.filter((x) => x !== '').join(', ')}${p.mode === 'space' ? '' : p.mode === 'pipe' ? ' (|-separated)' : ' (tab-separated)'}`;
  }

  /**
   * Reads `line` into `event` (time, severity, message, attributes) when it fits the layout and
   * returns true; returns false, leaving `event` partly written, when it does not (no timestamp of
   * the layout's format where expected, or a header field of another shape).
   */
  apply(line: string, event: LogEvent, year: number): boolean {
    const p = this.plan;
    const mode = p.mode;
    const n = line.length;
    const attrs: Record<string, unknown> | undefined = this.keeps ? {} : undefined;
    let level = 0;
    let levelText = '';
    let pri = -1;
    let i = 0;
    for (let k = 0; k < p.prefix.length; k++) {
      i = skipDelimiter(line, i, mode);
      if (i >= n) return false;
      const e = fieldEnd(line, i, mode, this.noTabs);
      const f = p.prefix[k];
      if (f.role === 'pri') pri = priority(line, i);
      else if (f.role === 'k8s') k8s(line, i, e, attrs);
      else if (f.role === 'attribute' && attrs !== undefined) attrs[f.attribute] = line.slice(i, e);
      i = e;
    }
    i = skipDelimiter(line, i, mode);
    if (p.timePri) {
      pri = priority(line, i);
      if (pri < 0) return false;
      i = line.indexOf('>', i) + 1;
    }
    if (p.timeBracket) {
      if (line.charCodeAt(i) !== 91) return false;
      i++;
    }
    const r = this.read;
    r.level = 0;
    if (!p.time.read(line, i, r, year)) return false;
    i = r.end;
    if (p.timeBracket && line.charCodeAt(i) === 93) i++;
    if (line.charCodeAt(i) === 44 /* , */) i++;
    if (r.level > 0) level = r.level;
    for (let k = 0; k < p.header.length; k++) {
      i = skipDelimiter(line, i, mode);
      if (i >= n) break; // a header and no message
      const f = p.header[k];
      let e: number;
      if (f.role === 'time') {
        if (!f.time!.read(line, i, this.secondDate, year)) return false;
        e = this.secondDate.end;
      } else if (f.role === 'group') {
        e = groupEnd(line, i, mode);
        if (e < 0) return false;
        if (attrs !== undefined && e > i) attrs[f.attribute] = line.slice(i, e).trimEnd();
        i = e + 1;
        continue;
      } else e = fieldEnd(line, i, mode, this.noTabs);
      if (f.expect !== 0 && !fits(line, i, e, f.expect)) {
        // a delimiter a field later than usual (`svchost.exe *64 -` where most lines have `chrome.exe -`):
        // the fields before it are kept as one; any other shape does not fit
        const g = f.expect === SHAPE.SEP ? groupEnd(line, i, mode) : -1;
        if (g <= i) return false;
        if (attrs !== undefined) attrs[headerFieldName(p.prefix.length + k)] = line.slice(i, g).trimEnd();
        i = g + 1;
        continue;
      }
      switch (f.role) {
        case 'level': {
          let a = i;
          let b = e;
          const last = line.charCodeAt(b - 1);
          if (b - a > 1 && (last === 58 || last === 44)) b--;
          const open = line.charCodeAt(a);
          const close = line.charCodeAt(b - 1);
          if (b - a > 2 && ((open === 91 && close === 93) || (open === 60 && close === 62) || (open === 40 && close === 41))) {
            a++;
            b--;
            // `[core:error]` (Apache 2.4): the level after the module
            for (let q = b - 1; q > a; q--) {
              if (line.charCodeAt(q) === 58) {
                a = q + 1;
                break;
              }
            }
          }
          // a spelling seen before, found by length and first and last letters, then compared
          const key = ((b - a) << 16) | (line.charCodeAt(a) << 8) | (line.charCodeAt(b - 1) & 255);
          const known = key === this.lastLevelKey ? this.lastLevel : this.levels.get(key);
          if (known !== undefined && textAt(line, a, known.text)) {
            levelText = known.text;
            level = known.level;
            this.lastLevelKey = key;
            this.lastLevel = known;
          } else {
            levelText = line.slice(a, b);
            level = b - a === 1 ? severityFromLetter(levelText) : severityFromText(levelText);
            if (level === 0) return false;
            if (known === undefined && this.levels.size < LEVEL_CACHE) this.levels.set(key, { text: levelText, level });
          }
          break;
        }
        case 'pri':
          pri = priority(line, i);
          break;
        case 'attribute':
          if (attrs !== undefined) attrs[f.attribute] = unwrap(line, i, e);
          break;
        case 'number':
          if (attrs !== undefined) attrs[f.attribute] = digitsValue(line, i, e);
          break;
        case 'syslog-tag':
          if (attrs !== undefined) syslogTag(line, i, e, attrs, f.attribute);
          break;
        default:
          break;
      }
      i = e;
    }
    const start = skipDelimiter(line, i, mode);
    event.time = r.time;
    if (level === 0 && pri >= 0) {
      level = severityFromSyslog(pri & 7);
      levelText = '';
    }
    event.severityNumber = level;
    event.severityText = levelText;
    event.message = start >= n ? '' : start === 0 ? line : line.slice(start);
    event.attributes = attrs ?? NO_ATTRIBUTES;
    return true;
  }
}

/** Level spellings remembered per layout. */
const LEVEL_CACHE = 16;

/** The number written by the digits at [a, b), after an optional `*` or `#` (the caller checked the shape). */
function digitsValue(s: string, a: number, b: number): number {
  let v = 0;
  if (s.charCodeAt(a) === 42 || s.charCodeAt(a) === 35) a++;
  for (let k = a; k < b; k++) v = v * 10 + (s.charCodeAt(k) - 48);
  return v;
}

/** Index of the `-` field that ends a group of fields starting at i (within {@link GROUP_FIELDS} fields; i itself when the group is empty), or -1. */
function groupEnd(s: string, i: number, mode: FieldMode): number {
  for (let q = 0; q < GROUP_FIELDS; q++) {
    i = skipDelimiter(s, i, mode);
    const e = fieldEnd(s, i, mode);
    if (e - i === 1 && s.charCodeAt(i) === 45) return i;
    if (e <= i) return -1;
    i = e;
  }
  return -1;
}

/** Whether field [a, b) has the cheap-to-check part of shape `expect`. */
function fits(s: string, a: number, b: number, expect: number): boolean {
  const c0 = s.charCodeAt(a);
  const last = s.charCodeAt(b - 1);
  switch (expect) {
    case SHAPE.SEP:
      return b - a <= 2 && (c0 === 45 || c0 === 58 || c0 === 124);
    case SHAPE.NUMBER:
      if (c0 === 42 || c0 === 35) a++;
      if (a >= b) return false;
      for (let k = a; k < b; k++) {
        const c = s.charCodeAt(k);
        if (c < 48 || c > 57) return false;
      }
      return true;
    case SHAPE.TAG:
      return last === 58 || last === 93;
    case SHAPE.BRACKET:
      return c0 === 91 && last === 93;
    case SHAPE.TIME:
      return c0 >= 48 && c0 <= 57;
    case SHAPE.LOGGER:
      for (let k = a; k < b; k++) if (s.charCodeAt(k) === 46) return true;
      return false;
    case SHAPE.PRI:
      return c0 === 60;
    case SHAPE.IOSTREAM:
      return b - a === 6 && (textAt(s, a, 'stdout') || textAt(s, a, 'stderr'));
    case SHAPE.LETTER:
      return b - a === 1;
    default:
      return true;
  }
}

/** A field's text without `[...]` around it or a trailing `:`. */
function unwrap(s: string, a: number, b: number): string {
  if (b - a > 1 && s.charCodeAt(b - 1) === 58) b--;
  if (b - a > 2 && s.charCodeAt(a) === 91 && s.charCodeAt(b - 1) === 93) {
    a++;
    b--;
  }
  return s.slice(a, b);
}

/** The number in `<N>` at i, or -1. */
function priority(s: string, i: number): number {
  if (s.charCodeAt(i) !== 60) return -1;
  let v = 0;
  let k = i + 1;
  for (; k < i + 5; k++) {
    const c = s.charCodeAt(k);
    if (c === 62) return k > i + 1 ? v : -1;
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return -1;
}

function allDigits(s: string, a: number, b: number): boolean {
  if (a >= b) return false;
  for (let k = a; k < b; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** `pid#tid:` (nginx) → pid and thread id; `name[pid]:` → executable and pid; `file.go:12]` → code file and line; else `name:` → `attribute`. */
function syslogTag(s: string, a: number, b: number, attrs: Record<string, unknown>, attribute: string): void {
  let e = b;
  if (s.charCodeAt(e - 1) === 58) e--;
  let hash = e;
  const c0 = s.charCodeAt(a);
  if (c0 >= 48 && c0 <= 57) for (hash = a + 1; hash < e && s.charCodeAt(hash) !== 35; hash++);
  if (hash < e && allDigits(s, a, hash) && allDigits(s, hash + 1, e)) {
    attrs[HEADER_ATTRIBUTES.pid] = digitsValue(s, a, hash);
    attrs[HEADER_ATTRIBUTES.tid] = digitsValue(s, hash + 1, e);
    return;
  }
  if (s.charCodeAt(e - 1) === 93) {
    const open = s.lastIndexOf('[', e - 1);
    if (open > a) {
      const pid = Number(s.slice(open + 1, e - 1));
      if (Number.isInteger(pid)) {
        attrs[HEADER_ATTRIBUTES.executable] = s.slice(a, open);
        attrs[HEADER_ATTRIBUTES.pid] = pid;
        return;
      }
    } else if (open < a) {
      const colon = s.lastIndexOf(':', e - 1);
      if (colon > a) {
        attrs[HEADER_ATTRIBUTES.codeFile] = s.slice(a, colon);
        attrs[HEADER_ATTRIBUTES.codeLine] = Number(s.slice(colon + 1, e - 1));
        return;
      }
    }
  }
  attrs[attribute] = s.slice(a, e);
}

/** `[pod/<pod>/<container>]` → `k8s.pod.name`, `k8s.container.name`. */
function k8s(s: string, a: number, b: number, attrs: Record<string, unknown> | undefined): void {
  if (attrs === undefined) return;
  const inner = unwrap(s, a, b);
  const parts = inner.split('/');
  if (parts.length === 3 && parts[0] === 'pod') {
    attrs[HEADER_ATTRIBUTES.pod] = parts[1];
    attrs[HEADER_ATTRIBUTES.container] = parts[2];
  } else attrs[headerFieldName(0)] = inner;
}
