import { severityFromText } from '../../core/severity.js';
import { type FieldMode, SHAPE, fieldEnd, fieldShape, skipDelimiter } from './line-fields.js';
import { GROUP_FIELDS, HEADER_ATTRIBUTES, type HeaderField, type TextLayoutPlan, headerFieldName } from './text-layout.js';
import { type TimeFormat, type TimeRead, timeFormatAt } from './timestamp-formats.js';

/** Options of {@link inferLayout}; defaults in {@link INFER_DEFAULTS}. */
export interface InferOptions {
  /** Year for timestamps without one. */
  year: number;
  /** Fields from the line start where a timestamp is looked for. */
  maxTimeField: number;
  /** Header fields after the timestamp considered at most. */
  maxHeaderFields: number;
  /** Share of sample lines a field's shape must hold on to be a header field. */
  fieldAgreement: number;
  /** Share of sample lines that must carry the timestamp for the input to count as timed. */
  minTimed: number;
  /** Low-cardinality or id-like fields allowed in a row between two structural header fields. */
  maxWeakRun: number;
}

/** Defaults of {@link InferOptions} (without the year). */
export const INFER_DEFAULTS: Omit<InferOptions, 'year'> = Object.freeze({ maxTimeField: 6, maxHeaderFields: 10, fieldAgreement: 0.9, minTimed: 0.1, maxWeakRun: 3 });

/** Words that read as levels elsewhere but are not plausible level fields in a header. */
const NOT_HEADER_LEVELS = new Set(['log', 'http', 'LOG', 'HTTP', 'Log', 'Http', 'silly', 'fine', 'finer', 'finest']);
const isLevelWord = (w: string): boolean => !NOT_HEADER_LEVELS.has(w) && severityFromText(w) > 0;
const LEVEL_LETTERS = 'VDIWEFA';
const MAX_VALUE = 64;
/** Sample lines needed before a field's low cardinality counts (a host column). */
const MIN_FOR_CARDINALITY = 10;

/** One sample line whose timestamp was found where the layout has it. */
interface TimedLine {
  line: string;
  /** [start, end) of each field before the timestamp. */
  prefix: number[];
  /** [start, end) of each field after the timestamp (at most maxHeaderFields); a timestamp inside the header is one field. */
  after: number[];
  /** The format of each field of `after` that is a timestamp (a second date in the header). */
  times: (TimeFormat | undefined)[];
}

interface TimeSpot {
  field: number;
  format: TimeFormat;
  bracket: boolean;
  pri: boolean;
}

/**
 * Infers the layout of a plain-text input from a sample of its first lines (a few hundred): the
 * field that holds the timestamp and its format (the position and format that most lines agree on),
 * then, field by field after it, which fields are a header. A header field is one whose shape most
 * lines agree on ({@link InferOptions.fieldAgreement}): a level, a `name:` tag, `[...]`, a
 * delimiter (`-`, `|`), digits, a dotted logger name, a padded column; or a low-cardinality or
 * id-like word (a host) followed by such a field. The header ends at a `name:` tag or before the
 * first field without agreement. Generic: no per-data-set expressions. Undefined when too few lines
 * carry a timestamp (the input is read line by line, as before).
 */
export function inferLayout(lines: readonly string[], options: Partial<InferOptions> & { year: number }): TextLayoutPlan | undefined {
  const o: InferOptions = { ...INFER_DEFAULTS, ...options };
  if (lines.length === 0) return undefined;
  const modes: FieldMode[] = ['space'];
  const head = (l: string) => l.slice(0, 200);
  if (lines.filter((l) => head(l).includes('|')).length >= lines.length * o.fieldAgreement) modes.push('pipe');
  if (lines.filter((l) => head(l).includes('\t')).length >= lines.length * o.fieldAgreement) modes.push('tab');
  let best: TextLayoutPlan | undefined;
  let bestScore = -1;
  for (const mode of modes) {
    const r = inferIn(lines, o, mode);
    if (r !== undefined && r.score > bestScore) {
      best = r.plan;
      bestScore = r.score;
    }
  }
  return best;
}

function inferIn(lines: readonly string[], o: InferOptions, mode: FieldMode): { plan: TextLayoutPlan; score: number } | undefined {
  const out: TimeRead = { time: NaN, end: 0, level: 0 };
  const spots = new Map<string, { spot: TimeSpot; lines: TimedLine[] }>();
  for (const line of lines) {
    const n = line.length;
    const prefix: number[] = [];
    let i = 0;
    for (let f = 0; f < o.maxTimeField; f++) {
      i = skipDelimiter(line, i, mode);
      if (i >= n) break;
      const spot = timeAt(line, i, f, out, o.year);
      if (spot !== undefined) {
        let end = out.end;
        if (spot.bracket && line.charCodeAt(end) === 93) end++;
        if (line.charCodeAt(end) === 44) end++;
        const key = `${f}|${spot.format.name}|${spot.bracket}|${spot.pri}`;
        let s = spots.get(key);
        if (s === undefined) spots.set(key, (s = { spot, lines: [] }));
        const times: (TimeFormat | undefined)[] = [];
        s.lines.push({ line, prefix: prefix.slice(), after: fieldsFrom(line, end, mode, o.maxHeaderFields, o.year, times), times });
        break;
      }
      const e = fieldEnd(line, i, mode);
      prefix.push(i, e);
      i = e;
    }
  }
  let chosen: { spot: TimeSpot; lines: TimedLine[] } | undefined;
  for (const s of spots.values()) if (chosen === undefined || s.lines.length > chosen.lines.length) chosen = s;
  if (chosen === undefined || chosen.lines.length < Math.max(1, lines.length * o.minTimed)) return undefined;
  const { spot, lines: timed } = chosen;
  const used = new Set<string>();
  const prefix = prefixFields(timed, spot.field, used);
  const { header, hasLevel } = headerFields(timed, o, mode, prefix.length, used, spot.format.name === 'klog');
  const plan: TextLayoutPlan = {
    mode,
    prefix,
    time: spot.format,
    timeBracket: spot.bracket,
    timePri: spot.pri,
    header,
    hasLevel: hasLevel || spot.format.name === 'klog',
    noTabs: !lines.some((l) => l.slice(0, 200).includes('\t')),
  };
  return { plan, score: timed.length * 100 + header.length };
}

/** A timestamp at field start i: bare, inside `[`, or after a syslog `<N>`. */
function timeAt(line: string, i: number, field: number, out: TimeRead, year: number): TimeSpot | undefined {
  let format = timeFormatAt(line, i, out, year);
  if (format !== undefined) return { field, format, bracket: false, pri: false };
  const c = line.charCodeAt(i);
  if (c === 91) {
    format = timeFormatAt(line, i + 1, out, year);
    if (format !== undefined) return { field, format, bracket: true, pri: false };
  } else if (c === 60) {
    const gt = line.indexOf('>', i);
    if (gt > i + 1 && gt < i + 5) {
      format = timeFormatAt(line, gt + 1, out, year);
      if (format !== undefined) return { field, format, bracket: false, pri: true };
    }
  }
  return undefined;
}

/** [start, end) pairs of the first `max` fields from i; a timestamp spanning fields is one (its format in `times`). */
function fieldsFrom(line: string, i: number, mode: FieldMode, max: number, year: number, times: (TimeFormat | undefined)[]): number[] {
  const r: number[] = [];
  const out: TimeRead = { time: NaN, end: 0, level: 0 };
  for (let k = 0; k < max; k++) {
    i = skipDelimiter(line, i, mode);
    if (i >= line.length) break;
    const f = embeddedTimeAt(line, i, out, year);
    const e = f !== undefined ? out.end : fieldEnd(line, i, mode);
    times.push(f);
    r.push(i, e);
    i = e;
  }
  return r;
}

/** A date-and-time inside the header (syslog's in Thunderbird's), spanning several fields; not a bare number or time of day. */
export function embeddedTimeAt(line: string, i: number, out: TimeRead, year: number): TimeFormat | undefined {
  const c = line.charCodeAt(i);
  if (c < 48 || (c > 57 && c < 65) || c > 90) return undefined;
  const f = timeFormatAt(line, i, out, year);
  return f === undefined || f.name === 'epoch' || f.name === 'hh:mm:ss' || f.name === 'klog' ? undefined : f;
}

/** Fields before the timestamp: all header; named by their shape. */
function prefixFields(timed: readonly TimedLine[], count: number, used: Set<string>): HeaderField[] {
  const fields: HeaderField[] = [];
  for (let q = 0; q < count; q++) {
    let pod = 0;
    let pri = 0;
    let file = 0;
    let sep = 0;
    for (const t of timed) {
      const a = t.prefix[2 * q];
      const b = t.prefix[2 * q + 1];
      const shape = fieldShape(t.line, a, b, isLevelWord);
      if (t.line.startsWith('[pod/', a)) pod++;
      if (shape & SHAPE.PRI) pri++;
      if (shape & SHAPE.SEP) sep++;
      if (shape & SHAPE.LOGGER || t.line.slice(a, b).includes('.log')) file++;
    }
    const most = timed.length * 0.9;
    if (pod >= most) fields.push({ role: 'k8s', attribute: '', expect: 0 });
    else if (pri >= most) fields.push({ role: 'pri', attribute: '', expect: 0 });
    else if (sep >= most) fields.push({ role: 'skip', attribute: '', expect: 0 });
    else if (file >= most && !used.has(HEADER_ATTRIBUTES.file)) {
      used.add(HEADER_ATTRIBUTES.file);
      fields.push({ role: 'attribute', attribute: HEADER_ATTRIBUTES.file, expect: 0 });
    } else fields.push({ role: 'attribute', attribute: headerFieldName(q), expect: 0 });
  }
  return fields;
}

/** The structural shapes a header field can agree on, in the order they are preferred. */
const STRONG = [SHAPE.PRI, SHAPE.TAG, SHAPE.BRACKET, SHAPE.SEP, SHAPE.NUMBER, SHAPE.TIME, SHAPE.IOSTREAM, SHAPE.LOGGER, SHAPE.LETTER];

/** What a header position turned out to be, before it is named. */
type Kind = { kind: 'level'; letter: boolean } | { kind: 'shape'; bit: number } | { kind: 'time'; format: TimeFormat } | { kind: 'group' } | { kind: 'column' };

function headerFields(timed: readonly TimedLine[], o: InferOptions, mode: FieldMode, offset: number, used: Set<string>, klog: boolean): { header: HeaderField[]; hasLevel: boolean } {
  const header: HeaderField[] = [];
  let pendingWeak: number[] = [];
  let hasLevel = false;
  let afterTag = false;
  let numbers = 0;
  /** Positions of header fields kept as low-cardinality or id-like words. */
  const weak = new Set<number>();
  const nameOnce = (name: string, k: number): string => {
    if (used.has(name)) return headerFieldName(k);
    used.add(name);
    return name;
  };
  for (let p = 0; p < o.maxHeaderFields; p++) {
    const present = timed.filter((t) => t.after.length > 2 * p);
    if (present.length < timed.length * 0.5) break;
    const need = present.length * o.fieldAgreement;
    const count = new Map<number, number>();
    const values = new Set<string>();
    const letters = new Set<string>();
    const times = new Map<TimeFormat, number>();
    for (const t of present) {
      const a = t.after[2 * p];
      const b = t.after[2 * p + 1];
      const f = t.times[p];
      if (f !== undefined) times.set(f, (times.get(f) ?? 0) + 1);
      const shape = f !== undefined ? SHAPE.TIME : fieldShape(t.line, a, b, isLevelWord);
      for (let bit = 1; bit <= SHAPE.IDLIKE; bit <<= 1) if (shape & bit) count.set(bit, (count.get(bit) ?? 0) + 1);
      if (values.size <= 64) values.add(t.line.slice(a, Math.min(b, a + MAX_VALUE)));
      if (shape & SHAPE.LETTER) letters.add(t.line[a]);
    }
    const has = (bit: number) => (count.get(bit) ?? 0) >= need;
    let kind: Kind | undefined;
    const time = [...times].find(([, n]) => n >= need);
    if (time !== undefined) kind = { kind: 'time', format: time[0] };
    else if (!hasLevel && has(SHAPE.LEVEL)) kind = { kind: 'level', letter: false };
    else if (!hasLevel && has(SHAPE.LETTER) && [...letters].every((l) => LEVEL_LETTERS.includes(l)) && ![...letters].every((l) => l === 'F')) kind = { kind: 'level', letter: true };
    else {
      const bit = STRONG.find(has);
      if (bit !== undefined) kind = { kind: 'shape', bit };
      else if (sepWithin(present, p, need)) kind = { kind: 'group' };
      else if (isColumn(present, p, need)) kind = { kind: 'column' };
      else if (mode !== 'space' && present.filter((t) => t.after.length > 2 * p + 2).length >= need) kind = { kind: 'column' };
    }
    if (afterTag && !(kind?.kind === 'shape' && kind.bit === SHAPE.NUMBER)) break;
    if (kind === undefined) {
      const lowCardinality = present.length >= MIN_FOR_CARDINALITY && values.size <= Math.max(2, present.length * 0.05);
      if ((has(SHAPE.IDLIKE) || lowCardinality) && pendingWeak.length < o.maxWeakRun) {
        pendingWeak.push(p);
        continue;
      }
      break;
    }
    for (const w of pendingWeak) {
      const host = !hasLevel && !used.has(HEADER_ATTRIBUTES.logger) && !used.has(HEADER_ATTRIBUTES.host);
      header.push({ role: 'attribute', attribute: host ? nameOnce(HEADER_ATTRIBUTES.host, offset + w) : headerFieldName(offset + w), expect: 0 });
      weak.add(header.length - 1);
    }
    pendingWeak = [];
    const k = offset + p;
    if (kind.kind === 'level') {
      hasLevel = true;
      header.push({ role: 'level', attribute: '', expect: kind.letter ? SHAPE.LETTER : 0 });
    } else if (kind.kind === 'time') header.push({ role: 'time', attribute: '', expect: 0, time: kind.format });
    else if (kind.kind === 'group') {
      header.push({ role: 'group', attribute: nameOnce(HEADER_ATTRIBUTES.logger, k), expect: 0 });
      break; // the fields after a group are counted from a varying position: stop here
    } else if (kind.kind === 'column') header.push({ role: 'attribute', attribute: nameOnce(HEADER_ATTRIBUTES.logger, k), expect: 0 });
    else {
      header.push(strongField(kind.bit, k));
      // a `name:` tag ends the header, but for counters right after it (nginx's `31#31: *4`)
      if (kind.bit === SHAPE.TAG) afterTag = true;
    }
  }
  // A run of low-cardinality words not closed by a structural field: its last word is still a header
  // column (a component, a host) when the message's first word is independent of it.
  if (!afterTag && pendingWeak.length > 0 && independentOfNext(timed, pendingWeak[pendingWeak.length - 1])) {
    for (const w of pendingWeak)
      header.push({
        role: 'attribute',
        attribute: nameOnce(header.some((f) => f.role === 'level') || used.has(HEADER_ATTRIBUTES.host) ? HEADER_ATTRIBUTES.logger : HEADER_ATTRIBUTES.host, offset + w),
        expect: 0,
      });
  }
  // A header leaves a message in most lines: `ERROR boom 17` is a level and a message, not a
  // level, a word column and a pid. Trailing fields go (weak words with the field they preceded)
  // until at least half of the lines have text after the header.
  const withMessage = () => timed.filter((t) => t.after.length > 2 * header.length).length;
  while (header.length > 0 && header[header.length - 1].role !== 'group' && withMessage() < timed.length * 0.5) {
    header.pop();
    while (header.length > 0 && weak.has(header.length - 1)) header.pop();
  }
  if (!header.some((f) => f.role === 'level')) hasLevel = false;
  return { header, hasLevel };

  function strongField(bit: number, k: number): HeaderField {
    switch (bit) {
      case SHAPE.PRI:
        return { role: 'pri', attribute: '', expect: bit };
      case SHAPE.TAG:
        // the tag may carry the pid and a thread id (`sshd[42]:`, nginx's `31#31:`)
        used.add(HEADER_ATTRIBUTES.pid);
        used.add(HEADER_ATTRIBUTES.tid);
        return { role: 'syslog-tag', attribute: nameOnce(HEADER_ATTRIBUTES.logger, k), expect: bit };
      case SHAPE.BRACKET:
        return { role: 'attribute', attribute: used.has(HEADER_ATTRIBUTES.thread) ? nameOnce(HEADER_ATTRIBUTES.context, k) : nameOnce(HEADER_ATTRIBUTES.thread, k), expect: bit };
      case SHAPE.NUMBER: {
        const name = numbers++ === 0 && !klog ? HEADER_ATTRIBUTES.pid : HEADER_ATTRIBUTES.tid;
        return { role: 'number', attribute: nameOnce(name, k), expect: bit };
      }
      case SHAPE.IOSTREAM:
        return { role: 'attribute', attribute: nameOnce(HEADER_ATTRIBUTES.iostream, k), expect: bit };
      case SHAPE.LOGGER:
        return { role: 'attribute', attribute: nameOnce(HEADER_ATTRIBUTES.logger, k), expect: bit };
      case SHAPE.LETTER:
        return { role: 'attribute', attribute: headerFieldName(k), expect: bit };
      default:
        return { role: 'skip', attribute: '', expect: bit }; // SEP, TIME
    }
  }
}

/**
 * Most lines have a delimiter field (`-`) at position p or within the {@link GROUP_FIELDS} after it,
 * at a position that varies (`chrome.exe -`, `svchost.exe *64 -`); a delimiter at one position is
 * found field by field instead.
 */
function sepWithin(present: readonly TimedLine[], p: number, need: number): boolean {
  let n = 0;
  const at = new Array<number>(GROUP_FIELDS).fill(0);
  for (const t of present) {
    for (let q = p; q < p + GROUP_FIELDS && 2 * q < t.after.length; q++) {
      const a = t.after[2 * q];
      if (t.after[2 * q + 1] - a === 1 && t.line.charCodeAt(a) === 45) {
        n++;
        at[q - p]++;
        break;
      }
    }
  }
  return n >= need && Math.max(...at) < need;
}

/** Distinct values of a field looked at by {@link independentOfNext}. */
const MAX_DISTINCT = 64;

/**
 * Whether field w's values and field w+1's are independent: a header column (`api`, `billing`)
 * combines with every first word of the message, while a message's first word fixes the next
 * one (`worker 7 started`). Compares the distinct pairs seen with those expected under
 * independence; undecided (false) when that cannot tell (a constant field, too few lines, more
 * than {@link MAX_DISTINCT} values).
 */
function independentOfNext(timed: readonly TimedLine[], w: number): boolean {
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  const pairs = new Set<string>();
  let n = 0;
  for (const t of timed) {
    if (t.after.length <= 2 * w + 2) continue;
    const x = t.line.slice(t.after[2 * w], Math.min(t.after[2 * w + 1], t.after[2 * w] + MAX_VALUE));
    const y = t.line.slice(t.after[2 * w + 2], Math.min(t.after[2 * w + 3], t.after[2 * w + 2] + MAX_VALUE));
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
    if (a.size > MAX_DISTINCT || b.size > MAX_DISTINCT) return false;
    pairs.add(`${x}\u0000${y}`);
    n++;
  }
  if (a.size < 2 || b.size < 2) return false;
  let expected = 0;
  for (const ca of a.values()) for (const cb of b.values()) expected += 1 - (1 - (ca / n) * (cb / n)) ** n;
  // the test needs room: independence must predict clearly more pairs than dependence allows
  if (expected < 1.5 * Math.max(a.size, b.size)) return false;
  return pairs.size >= 0.8 * expected;
}

/** A padded column: the next field starts at the same distance in most lines, with 2+ spaces in some. */
function isColumn(present: readonly TimedLine[], p: number, need: number): boolean {
  const distances = new Map<number, number>();
  let padded = 0;
  for (const t of present) {
    if (t.after.length <= 2 * p + 2) continue;
    const d = t.after[2 * p + 2] - t.after[2 * p];
    distances.set(d, (distances.get(d) ?? 0) + 1);
    if (t.after[2 * p + 2] - t.after[2 * p + 1] >= 2) padded++;
  }
  const top = Math.max(0, ...distances.values());
  return top >= need && padded >= present.length * 0.2;
}
