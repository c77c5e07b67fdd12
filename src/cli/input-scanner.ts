import { statSync } from 'node:fs';
import { eventFromObject, levelInText } from '../input/event-from-input.js';
import { TextRecordReader } from '../input/text-layout/text-record-reader.js';
import { YearlessDates } from '../input/text-layout/yearless-dates.js';
import type { LogEvent } from '../core/log-event.js';
import { type InputBytes, inputChunks } from './input-stream.js';
import { LineSplitter } from './line-splitter.js';
import { forEachOtlpRecord, isOtlpDocument } from './otlp-json.js';
import type { InputFormat, ScanInput } from './scan-report.js';
import { TextLineReader } from './text-line.js';
import { openInput, openProblem } from './input-open.js';
import { MAX_JSON_DEPTH, depthReason, nestingExceeds, parseJsonLine } from './json-line.js';

/** How inputs are read; defaults in {@link READ_DEFAULTS}. */
export interface ReadOptions {
  /** `'auto'` detects per input from its first non-blank lines (see {@link scanInput}). */
  format: InputFormat | 'auto';
  /** Year of an input's first date written without one (`--year`; syslog, logcat, klog): the clock is then not consulted. */
  year?: number;
  /** The clock year-less dates are placed against when `year` is not given (epoch ms; the scan's start or `--now`): see {@link YearlessDates}. */
  now?: number;
  /** Characters of a text line analysed; longer lines are cut (and counted). */
  maxLineLength: number;
  /** Characters of a JSON line read (OTLP exports from the collector's file exporter run to several MB); longer ones are bad lines. */
  maxJsonLineLength: number;
  /** Characters of a message given to the detectors. */
  maxMessageLength: number;
  /** Untimed lines looked at before an input counts as untimed. */
  timedLookahead: number;
  /** Largest single JSON document (a pretty-printed OTLP export) read whole. */
  maxDocumentBytes: number;
  /** Non-blank lines (at most `sampleBytes` of them) whose majority decides an input's format. */
  sampleLines: number;
  sampleBytes: number;
  /** How long a FIFO may go without a writer before it is reported and skipped. */
  fifoWaitMs: number;
}

/** Defaults of {@link ReadOptions}. */
export const READ_DEFAULTS: Omit<ReadOptions, 'year' | 'now'> = Object.freeze({
  format: 'auto',
  maxLineLength: 64 * 1024,
  maxJsonLineLength: 64 * 1024 * 1024,
  maxMessageLength: 8192,
  timedLookahead: 1000,
  maxDocumentBytes: 256 * 1024 * 1024,
  sampleLines: 16,
  sampleBytes: 1024 * 1024,
  fifoWaitMs: 10_000,
});

/** The outcome of reading one input. */
export interface InputResult extends ScanInput {
  /** Why the input was not (fully) read: missing, unreadable, binary, too large. */
  problem?: string;
  /** Line numbers of the first bad lines (at most 5). */
  badLineNumbers: number[];
  /** Why the first bad line is bad (`not valid JSON`, `nested deeper than 64 levels`, ...). */
  badReason?: string;
  /** Lines cut at `maxLineLength`. */
  longLines: number;
}

/**
 * Receives each record: the event (reused: copy what you keep) and the record's original body
 * (a text line as read, a JSON line's message field or the line, an OTLP record's body), uncut.
 */
export type ObserveRecord = (e: LogEvent, body: unknown) => void;

/** Hooks of {@link scanInput}. */
export interface ScanHooks {
  /** Bytes read so far, after each chunk (a progress bar). */
  onBytes?: (bytes: number) => void;
  /** Called after each chunk; a returned promise is awaited before the next chunk (back-pressure of `--otlp`). */
  pace?: () => Promise<void> | undefined;
}

const MIN_TIME = Date.UTC(1971, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

/**
 * Reads one input (a path, or `'-'` for stdin) as a stream and hands each record to `observe` as a
 * {@link LogEvent} with a finite time, `source` ({file, line}) and `raw` (a text line, a JSON line)
 * set. Constant memory in the input size (a pretty-printed JSON document excepted, read whole up to
 * `maxDocumentBytes`).
 *
 * Format (`auto`): JSON lines when at least half of the first `sampleLines` non-blank lines are JSON
 * objects (OTLP JSON when most of those are OTLP exports), a single pretty-printed JSON document
 * when the first line opens one and none of them parses, else text. In JSON lines, a line that is
 * not a JSON object, or is nested deeper than 64 levels, is a bad line: counted and skipped.
 *
 * Time: a record's own timestamp when it has one. An input is *timed* when a timestamp appears in its
 * first `timedLookahead` records: a record without one then takes the time of the record before it
 * (the first ones, of the first timed record), as continuation lines belong to their record. An
 * untimed input gets synthetic times, 1 ms per record from `untimedStart` (the end of the previous
 * input, or 1970-01-01T00:00:00Z): its time windows count records (a 10 s window is 10,000 records).
 */
export async function scanInput(name: string, options: ReadOptions, observe: ObserveRecord, untimedStart = 0, hooks: ScanHooks = {}): Promise<InputResult> {
  const result: InputResult = {
    name,
    format: options.format === 'auto' ? 'text' : options.format,
    gzip: false,
    bytes: 0,
    lines: 0,
    records: 0,
    badLines: 0,
    untimed: 0,
    badLineNumbers: [],
    longLines: 0,
  };
  const info: InputBytes = { bytes: 0, gzip: false };
  const event: LogEvent = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
  // one year for the input's year-less dates, shared by its layout, its line-by-line reader and its JSON times
  const dates = new YearlessDates({ year: options.year, now: options.now });
  const text = new TextLineReader(dates);
  const auto = options.format === 'auto';
  let sample: Array<{ line: string; n: number }> | undefined = options.format === 'text' ? undefined : [];
  let sampleBytes = 0;
  let documentMode = false;
  let documentLine = 0;
  let document: string[] = [];
  let documentNumbers: number[] = [];
  let documentBytes = 0;
  let mode: 'lookahead' | 'timed' | 'untimed' = 'lookahead';
  let pending: Array<{ e: LogEvent; body: unknown }> = [];
  let lastTime = NaN;
  let synthetic = untimedStart;

  const emit = (e: LogEvent, body: unknown): void => {
    result.records++;
    const own = e.time >= MIN_TIME && e.time < MAX_TIME;
    if (mode === 'untimed') {
      result.untimed++;
      e.time = synthetic++;
      observe(e, body);
    } else if (own && mode === 'timed') {
      lastTime = e.time;
      observe(e, body);
    } else if (mode === 'timed') {
      result.untimed++;
      e.time = lastTime;
      observe(e, body);
    } else if (own) {
      mode = 'timed';
      lastTime = e.time;
      for (const p of pending) {
        p.e.time = e.time;
        observe(p.e, p.body);
      }
      result.untimed += pending.length;
      pending = [];
      observe(e, body);
    } else {
      pending.push({ e: { ...e }, body });
      if (pending.length >= options.timedLookahead) {
        mode = 'untimed';
        result.untimed += pending.length;
        for (const p of pending) {
          p.e.time = synthetic++;
          observe(p.e, p.body);
        }
        pending = [];
      }
    }
  };

  const bad = (n: number, reason: string): void => {
    result.badLines++;
    result.badReason ??= reason;
    if (result.badLineNumbers.length < 5) result.badLineNumbers.push(n);
  };

  // Text: the layout inferred from the first lines splits each into time, level, header and message
  // (event.source and event.raw set; a multi-line record's body is its lines joined)
  const records = new TextRecordReader(
    name,
    { dates, maxRecordLength: options.maxMessageLength },
    (l, e) => text.read(l, e),
    levelInText,
    (e) => emit(e, e.raw ?? e.message),
  );
  const textLine = (line: string, n: number): void => {
    if (line.length > options.maxLineLength) {
      line = line.slice(0, options.maxLineLength);
      result.longLines++;
    }
    records.line(line, n);
  };

  const jsonLine = (line: string, n: number): void => {
    if (line.length >= options.maxJsonLineLength) return bad(n, `longer than ${options.maxJsonLineLength} characters`);
    // OTLP exports are read by depth-bounded code and may nest deeply; other lines are limited
    const parsed = parseJsonLine(line, Number.POSITIVE_INFINITY);
    if (!parsed.ok) return bad(n, parsed.reason);
    const doc = parsed.value;
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return bad(n, 'not a JSON object');
    if (isOtlpDocument(doc)) {
      forEachOtlpRecord(doc, event, options.maxMessageLength, (e, body) => {
        e.source = { file: name, line: n };
        e.raw = undefined;
        emit(e, body);
      });
      return;
    }
    if (result.format === 'otlp') return bad(n, 'not an OTLP logs export');
    if (nestingExceeds(line, MAX_JSON_DEPTH)) return bad(n, depthReason());
    const e = eventFromObject(doc as Record<string, unknown>, NaN, options.maxMessageLength, dates);
    e.source = { file: name, line: n };
    e.raw = line;
    emit(e, originalBody(doc as Record<string, unknown>, line));
  };

  const record = (line: string, n: number): void => {
    try {
      if (result.format === 'text') textLine(line, n);
      else jsonLine(line, n);
    } catch (err) {
      // a value nested too deeply for code after the parser: this line is lost, not the file
      if (!(err instanceof RangeError)) throw err;
      bad(n, 'nested too deeply');
    }
  };

  // The first non-blank lines decide the format (auto), or whether a JSON input is one document
  // spread over many lines (a pretty-printed OTLP export, read whole at the end).
  const decide = (): void => {
    const lines = sample ?? [];
    sample = undefined;
    let json = 0;
    let otlp = 0;
    for (const { line } of lines) {
      const t = line.trimStart();
      if (t.charCodeAt(0) !== 123 /* { */) continue;
      const p = parseJsonLine(t, Number.POSITIVE_INFINITY);
      if (!p.ok || p.value === null || typeof p.value !== 'object' || Array.isArray(p.value)) continue;
      json++;
      if (isOtlpDocument(p.value)) otlp++;
    }
    const opensDocument = lines.length > 0 && json === 0 && lines[0].line.trimStart().charCodeAt(0) === 123;
    if (opensDocument) {
      documentMode = true;
      documentLine = lines[0].n;
      for (const { line, n } of lines) {
        documentBytes += line.length + 1;
        document.push(line);
        documentNumbers.push(n);
      }
      return;
    }
    if (auto) result.format = json > 0 && json * 2 >= lines.length ? (otlp * 2 > json ? 'otlp' : 'jsonl') : 'text';
    if (result.format === 'text') splitter.maxLineLength = options.maxLineLength;
    for (const { line, n } of lines) record(line, n);
  };

  const leaveDocument = (): void => {
    documentMode = false;
    if (result.format === 'text') result.format = 'jsonl';
    const lines = document;
    const numbers = documentNumbers;
    document = [];
    documentNumbers = [];
    for (let k = 0; k < lines.length; k++) if (!isBlank(lines[k])) record(lines[k], numbers[k]);
  };

  const onLine = (line: string): void => {
    const n = ++result.lines;
    if (documentMode) {
      // A second line opening an object at column 0 starts another top-level value: not one
      // pretty-printed document but JSON lines whose first lines are bad; read them as such.
      if (line.charCodeAt(0) === 123 /* { */ && documentBytes <= options.maxDocumentBytes) {
        leaveDocument();
      } else {
        documentBytes += line.length + 1;
        if (documentBytes <= options.maxDocumentBytes) {
          document.push(line);
          documentNumbers.push(n);
        }
        return;
      }
    }
    if (isBlank(line)) return;
    if (sample !== undefined) {
      sample.push({ line, n });
      sampleBytes += line.length;
      if (sample.length >= options.sampleLines || sampleBytes >= options.sampleBytes) decide();
      return;
    }
    record(line, n);
  };

  const splitter = new LineSplitter(options.format === 'text' ? options.maxLineLength : options.maxJsonLineLength, onLine);
  const opened = await openInput(name, options.fifoWaitMs);
  if (!opened.ok) {
    result.problem = opened.problem;
    return result;
  }
  try {
    let firstChunk = true;
    for await (const chunk of inputChunks(name, info, opened.handle)) {
      if (firstChunk) {
        firstChunk = false;
        if (looksBinary(chunk)) {
          result.problem = 'binary data (NUL bytes), not a log; skipped';
          break;
        }
      }
      splitter.push(chunk);
      hooks.onBytes?.(info.bytes);
      const wait = hooks.pace?.();
      if (wait !== undefined) await wait;
    }
    if (result.problem === undefined) {
      splitter.end();
      if (sample !== undefined) decide();
    }
  } catch (err) {
    result.problem = openProblem(err);
  }
  if (documentMode) readDocument();
  if (result.format === 'text') {
    records.end();
    Object.assign(result, { layout: records.description, outsideLayout: records.outsideLayout, continuationLines: records.continuationLines });
  }
  if (pending.length > 0) {
    result.untimed += pending.length;
    for (const p of pending) {
      p.e.time = synthetic++;
      observe(p.e, p.body);
    }
  }
  result.bytes = info.bytes;
  result.gzip = info.gzip;
  result.longLines += splitter.truncated;
  if (opened.kind === 'file' && result.problem === undefined) {
    const now = sizeNow(name);
    if (now < opened.size || info.bytes < opened.size) {
      result.warning = `truncated while read (${opened.size} bytes at the start, ${now < 0 ? 'gone' : `${now}`} at the end, ${info.bytes} read): records after the cut were not read`;
    }
  }
  return result;

  function readDocument(): void {
    if (documentBytes > options.maxDocumentBytes) {
      result.problem = `a single JSON document larger than ${options.maxDocumentBytes} bytes; write one document per line (JSON lines)`;
      return;
    }
    const text = document.join('\n');
    const parsed = parseJsonLine(text, Number.POSITIVE_INFINITY);
    const lines = document;
    const numbers = documentNumbers;
    document = [];
    documentNumbers = [];
    const doc = parsed.ok ? parsed.value : undefined;
    const at = (e: LogEvent): void => {
      e.source = { file: name, line: documentLine };
      e.raw = undefined;
    };
    if (isOtlpDocument(doc)) {
      result.format = 'otlp';
      forEachOtlpRecord(doc, event, options.maxMessageLength, (e, body) => {
        at(e);
        emit(e, body);
      });
    } else if (Array.isArray(doc) && nestingExceeds(text, MAX_JSON_DEPTH + 1)) {
      result.format = 'jsonl';
      result.problem = `a JSON document ${depthReason(MAX_JSON_DEPTH + 1)}`;
    } else if (Array.isArray(doc)) {
      result.format = 'jsonl';
      for (const o of doc) {
        if (o !== null && typeof o === 'object' && !Array.isArray(o)) {
          const e = eventFromObject(o as Record<string, unknown>, NaN, options.maxMessageLength, dates);
          at(e);
          emit(e, originalBody(o as Record<string, unknown>, undefined));
        } else {
          result.badLines++;
        }
      }
    } else if (auto) {
      // not JSON after all (text whose first line starts with '{'): read the lines as text
      result.format = 'text';
      for (let k = 0; k < lines.length; k++) if (!isBlank(lines[k])) record(lines[k], numbers[k]);
    } else {
      result.format = 'jsonl';
      result.problem = parsed.ok ? 'not valid JSON lines, nor one JSON document' : `not valid JSON lines, nor one JSON document (${parsed.reason})`;
      result.badLines++;
    }
  }
}

/** A JSON line's body as forwarded: its message field as is (uncut), else the line. */
function originalBody(obj: Record<string, unknown>, line: string | undefined): unknown {
  const m = obj.msg ?? obj.message ?? obj.body;
  if (m !== undefined && m !== null) return m;
  return line ?? JSON.stringify(obj);
}

function sizeNow(name: string): number {
  try {
    return statSync(name).size;
  } catch {
    return -1;
  }
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** NUL bytes in the first 8 KiB: a binary file, not a log. */
function looksBinary(chunk: Buffer): boolean {
  const n = Math.min(chunk.length, 8192);
  return chunk.subarray(0, n).indexOf(0) >= 0;
}
