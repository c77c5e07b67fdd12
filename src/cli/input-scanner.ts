import { eventFromObject, levelInText } from '../core/event-from-input.js';
import { TextRecordReader } from '../input/text-layout/text-record-reader.js';
import type { LogEvent } from '../core/log-event.js';
import { type InputBytes, inputChunks } from './input-stream.js';
import { LineSplitter } from './line-splitter.js';
import { forEachOtlpRecord, isOtlpDocument } from './otlp-json.js';
import type { InputFormat, ScanInput } from './scan-report.js';
import { TextLineReader } from './text-line.js';

/** How inputs are read; defaults in {@link READ_DEFAULTS}. */
export interface ReadOptions {
  /** `'auto'` detects per input from its first non-empty line. */
  format: InputFormat | 'auto';
  /** Year for timestamps without one (syslog). */
  year: number;
  /** Characters of a line analysed; longer lines are cut (and counted). */
  maxLineLength: number;
  /** Characters of a message given to the detectors. */
  maxMessageLength: number;
  /** Untimed lines looked at before an input counts as untimed. */
  timedLookahead: number;
  /** Largest single JSON document (a pretty-printed OTLP export) read whole. */
  maxDocumentBytes: number;
}

/** Defaults of {@link ReadOptions}. */
export const READ_DEFAULTS: Omit<ReadOptions, 'year'> = Object.freeze({
  format: 'auto', maxLineLength: 64 * 1024, maxMessageLength: 8192, timedLookahead: 1000, maxDocumentBytes: 256 * 1024 * 1024,
});

/** The outcome of reading one input. */
export interface InputResult extends ScanInput {
  /** Why the input was not (fully) read: missing, unreadable, binary, too large. */
  problem?: string;
  /** Line numbers of the first bad lines (at most 5). */
  badLineNumbers: number[];
  /** Lines cut at `maxLineLength`. */
  longLines: number;
}

const MIN_TIME = Date.UTC(1971, 0, 1);
const MAX_TIME = Date.UTC(2200, 0, 1);

/**
 * Reads one input (a path, or `'-'` for stdin) as a stream and hands each record to `observe` as a
 * {@link LogEvent} with a finite time. Constant memory in the input size.
 *
 * Time: a record's own timestamp when it has one. An input is *timed* when a timestamp appears in its
 * first `timedLookahead` records: a record without one then takes the time of the record before it
 * (the first ones, of the first timed record), as continuation lines belong to their record. An
 * untimed input gets synthetic times, 1 ms per record from `untimedStart` (the end of the previous
 * input, or 1970-01-01T00:00:00Z): its time windows count records (a 10 s window is 10,000 records).
 */
export async function scanInput(name: string, options: ReadOptions, observe: (e: LogEvent) => void, untimedStart = 0, onBytes?: (bytes: number) => void): Promise<InputResult> {
  const result: InputResult = { name, format: options.format === 'auto' ? 'text' : options.format, gzip: false, bytes: 0, lines: 0, records: 0, badLines: 0, untimed: 0, badLineNumbers: [], longLines: 0 };
  const info: InputBytes = { bytes: 0, gzip: false };
  const event: LogEvent = { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '' };
  const text = new TextLineReader(options.year);
  const auto = options.format === 'auto';
  let firstSeen = false;
  let documentMode = false;
  let document: string[] = [];
  let documentBytes = 0;
  let mode: 'lookahead' | 'timed' | 'untimed' = 'lookahead';
  let pending: LogEvent[] = [];
  let lastTime = NaN;
  let synthetic = untimedStart;

  const emit = (e: LogEvent): void => {
    result.records++;
    const own = e.time >= MIN_TIME && e.time < MAX_TIME;
    if (mode === 'untimed') {
      result.untimed++;
      e.time = synthetic++;
      observe(e);
    } else if (own && mode === 'timed') {
      lastTime = e.time;
      observe(e);
    } else if (mode === 'timed') {
      result.untimed++;
      e.time = lastTime;
      observe(e);
    } else if (own) {
      mode = 'timed';
      lastTime = e.time;
      for (const p of pending) {
        p.time = e.time;
        observe(p);
      }
      result.untimed += pending.length;
      pending = [];
      observe(e);
    } else {
      pending.push({ ...e });
      if (pending.length >= options.timedLookahead) {
        mode = 'untimed';
        result.untimed += pending.length;
        for (const p of pending) {
          p.time = synthetic++;
          observe(p);
        }
        pending = [];
      }
    }
  };

  const bad = (): void => {
    result.badLines++;
    if (result.badLineNumbers.length < 5) result.badLineNumbers.push(result.lines);
  };

  const records = new TextRecordReader(name, { year: options.year, maxRecordLength: options.maxMessageLength }, (l, e) => text.read(l, e), levelInText, emit);
  const onLine = (line: string): void => {
    result.lines++;
    if (documentMode) {
      documentBytes += line.length + 1;
      if (documentBytes <= options.maxDocumentBytes) document.push(line);
      return;
    }
    if (isBlank(line)) return;
    if (!firstSeen) {
      // The first non-blank line: the format (when auto), or the start of one JSON document spread
      // over many lines (a pretty-printed OTLP export), read whole at the end.
      firstSeen = true;
      const t = line.trimStart();
      const json = t.charCodeAt(0) === 123; /* { */
      if (json && (auto || result.format !== 'text')) {
        const doc = tryParse(t);
        if (doc === undefined) {
          documentMode = true;
          documentBytes = line.length + 1;
          document.push(line);
          return;
        }
        if (auto) result.format = isOtlpDocument(doc) ? 'otlp' : 'jsonl';
      } else if (auto) {
        result.format = 'text';
      }
    }
    if (result.format === 'text') return records.line(line, result.lines);
    const doc = tryParse(line);
    if (doc === undefined || doc === null || typeof doc !== 'object' || Array.isArray(doc)) return bad();
    if (result.format === 'otlp') {
      if (!isOtlpDocument(doc)) return bad();
      forEachOtlpRecord(doc, event, options.maxMessageLength, emit);
      return;
    }
    emit(eventFromObject(doc as Record<string, unknown>, NaN, options.maxMessageLength));
  };

  const splitter = new LineSplitter(options.maxLineLength, onLine);
  try {
    let firstChunk = true;
    for await (const chunk of inputChunks(name, info)) {
      if (firstChunk) {
        firstChunk = false;
        if (looksBinary(chunk)) {
          result.problem = 'binary data (NUL bytes), not a log; skipped';
          break;
        }
      }
      splitter.push(chunk);
      onBytes?.(info.bytes);
    }
    if (result.problem === undefined) splitter.end();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    result.problem = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : `cannot be read (${(err as Error).message})`;
  }
  if (documentMode) readDocument();
  if (result.format === 'text') {
    records.end();
    Object.assign(result, { layout: records.description, outsideLayout: records.outsideLayout, continuationLines: records.continuationLines });
  }
  if (pending.length > 0) {
    result.untimed += pending.length;
    for (const p of pending) {
      p.time = synthetic++;
      observe(p);
    }
  }
  result.bytes = info.bytes;
  result.gzip = info.gzip;
  result.longLines = splitter.truncated;
  return result;

  function readDocument(): void {
    if (documentBytes > options.maxDocumentBytes) {
      result.problem = `a single JSON document larger than ${options.maxDocumentBytes} bytes; write one document per line (JSON lines)`;
      return;
    }
    const doc = tryParse(document.join('\n'));
    document = [];
    if (isOtlpDocument(doc)) {
      result.format = 'otlp';
      forEachOtlpRecord(doc, event, options.maxMessageLength, emit);
    } else if (Array.isArray(doc)) {
      result.format = 'jsonl';
      for (const o of doc) {
        if (o !== null && typeof o === 'object' && !Array.isArray(o)) emit(eventFromObject(o as Record<string, unknown>, NaN, options.maxMessageLength));
        else result.badLines++;
      }
    } else {
      result.format = 'jsonl';
      result.problem = 'not valid JSON lines, nor one JSON document';
      result.badLines++;
    }
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
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
