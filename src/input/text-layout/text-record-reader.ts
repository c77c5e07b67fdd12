import type { LogEvent } from '../../core/log-event.js';
import { type LineLayout, inferLineLayout } from './line-layout.js';
import type { YearlessDates } from './yearless-dates.js';

/** Options of {@link TextRecordReader}; defaults in {@link TEXT_RECORD_DEFAULTS}. */
export interface TextRecordOptions {
  /** The year of dates without one (syslog, logcat, klog), shared with the fallback reader of the same input. */
  dates: YearlessDates;
  /** Non-blank lines the layout is inferred from (read first, then replayed). */
  sampleLines: number;
  /** Characters of a record: continuation lines are joined to their record up to this length. */
  maxRecordLength: number;
  /** Continuation lines joined to one record at most; later ones start records of their own. */
  maxContinuationLines: number;
  /** Lines outside the layout (in a row or not) after which the layout is inferred again. */
  reinferAfter: number;
  /** Times the layout is inferred again at most per input. */
  maxReinferences: number;
}

/** Defaults of {@link TextRecordOptions} (without the dates). */
export const TEXT_RECORD_DEFAULTS: Omit<TextRecordOptions, 'dates'> = Object.freeze({ sampleLines: 200, maxRecordLength: 8192, maxContinuationLines: 1000, reinferAfter: 20, maxReinferences: 8 });

/** Reads a line that does not fit the layout as before the inference (time NaN when it has none). */
export type LineFallback = (line: string, event: LogEvent) => void;
/** The level found in a message's text, for layouts without a level field. */
export type TextLevel = (message: string) => { number: number; text: string };

/** One line in this many is kept for a later inference (a power of 2; keeping every line costs more than reading it). */
const RECENT_EVERY = 4;

function blankEvent(): LogEvent {
  return { time: NaN, severityNumber: 0, severityText: '', message: '', attributes: {}, eventName: '', raw: undefined, source: undefined };
}

/**
 * Turns the lines of one plain-text input into records. The layout is inferred from the first
 * {@link TextRecordOptions.sampleLines} lines ({@link inferLineLayout}); then each line is split by the
 * layout into time, level (from the header's level field when the layout has one, else from the
 * message's text), header attributes and message (`event.message`; `event.raw` is the whole line,
 * `event.source` its file and 1-based line number).
 *
 * In a timed layout, a line without any timestamp (a stack frame, the rest of a multi-line message)
 * is a continuation: joined with `\n` to the record above (message and raw), within
 * `maxRecordLength` and `maxContinuationLines`. Any other line that does not fit (another layout, a
 * broken header) is read by `fallback`, as before the inference, and counted in
 * {@link outsideLayout}; after `reinferAfter` of them the layout is inferred again from the latest
 * `sampleLines / 2` lines and replaces the current one when it fits more of them (a file whose layout
 * changes, a header variant the first lines did not show). No layout found: every line goes to `fallback`. A record is emitted when
 * the next one starts (or at {@link end}); `emit` must not keep the event after it returns.
 */
export class TextRecordReader {
  /** Lines that did not fit the inferred layout and were read line by line. */
  outsideLayout = 0;
  /** Lines joined to the record above them. */
  continuationLines = 0;
  private layout: LineLayout | undefined;
  private inferred = false;
  private sample: string[] = [];
  private sampleNumbers: number[] = [];
  private held: LogEvent | undefined;
  private heldLines = 0;
  private spare: LogEvent = blankEvent();
  private other: LogEvent = blankEvent();
  private readonly options: TextRecordOptions;
  /** Every {@link RECENT_EVERY}th of the latest lines (a ring), to infer the layout again from. */
  private readonly recent: string[] = [];
  private recentNext = 0;
  private seen = 0;
  /** The lines outside the layout since it was last inferred. */
  private misfits: string[] = [];
  private reinferences = 0;
  private replaying = false;

  constructor(
    private readonly file: string,
    options: Partial<TextRecordOptions> & { dates: YearlessDates },
    private readonly fallback: LineFallback,
    private readonly textLevel: TextLevel,
    private readonly emit: (e: LogEvent) => void,
  ) {
    this.options = { ...TEXT_RECORD_DEFAULTS, ...options };
  }

  /** The inferred layout in a few words (`''` before the inference, `'unknown'` when none was found). */
  get description(): string {
    if (!this.inferred) return '';
    return this.layout === undefined ? 'unknown' : this.layout.describe();
  }

  /** Whether the input has an inferred layout (false until inferred, and when none was found). */
  get hasLayout(): boolean {
    return this.layout !== undefined;
  }

  /** The next non-blank line of the input and its 1-based line number. */
  line(text: string, lineNumber: number): void {
    if (!this.inferred) {
      this.sample.push(text);
      this.sampleNumbers.push(lineNumber);
      if (this.sample.length >= this.options.sampleLines) this.infer();
      return;
    }
    this.read(text, lineNumber);
  }

  /** End of the input: infers from a short input, emits the last record. */
  end(): void {
    if (!this.inferred) this.infer();
    this.flush();
  }

  private infer(): void {
    this.layout = inferLineLayout(this.sample, this.options.dates.year);
    this.inferred = true;
    const lines = this.sample;
    const numbers = this.sampleNumbers;
    this.sample = [];
    this.sampleNumbers = [];
    // the sample's own lines do not trigger another inference: the layout was inferred from them
    this.replaying = true;
    for (let k = 0; k < lines.length; k++) this.read(lines[k], numbers[k]);
    this.replaying = false;
  }

  private read(line: string, lineNumber: number): void {
    const e = this.spare;
    const layout = this.layout;
    if ((++this.seen & (RECENT_EVERY - 1)) === 0) this.remember(line);
    if (layout === undefined) {
      this.fallback(line, e);
      this.start(e, line, lineNumber);
      return;
    }
    if (layout.apply(line, e, this.options.dates.year)) {
      if (layout.yearless) e.time = this.options.dates.place(e.time);
      if (e.severityNumber === 0 && !layout.hasLevel) {
        const level = this.textLevel(e.message);
        e.severityNumber = level.number;
        e.severityText = level.text;
      }
      this.start(e, line, lineNumber);
      return;
    }
    this.fallback(line, e);
    const h = this.held;
    if (Number.isNaN(e.time) && h !== undefined && this.heldLines < this.options.maxContinuationLines && h.message.length + line.length < this.options.maxRecordLength) {
      h.raw = `${h.raw ?? h.message}\n${line}`;
      h.message = `${h.message}\n${line}`;
      this.heldLines++;
      this.continuationLines++;
      return;
    }
    this.outsideLayout++;
    this.start(e, line, lineNumber);
    if (!this.replaying && this.reinferences < this.options.maxReinferences) {
      this.misfits.push(line);
      if (this.misfits.length >= this.options.reinferAfter) this.reinfer(layout);
    }
  }

  /**
   * Infers the layout again, from the lines that did not fit and from the latest lines kept, and
   * keeps the candidate that fits most of those (the latest `reinferAfter` kept and the misfits)
   * when it fits more of them than the current layout does.
   */
  private reinfer(current: LineLayout): void {
    this.reinferences++;
    const misfits = this.misfits;
    this.misfits = [];
    const ring = this.recent;
    const window = Math.min(ring.length, this.options.reinferAfter);
    const latest: string[] = [...misfits];
    for (let k = window; k >= 1; k--) latest.push(ring[(this.recentNext - k + ring.length) % ring.length]);
    const year = this.options.dates.year;
    const probe = blankEvent();
    const fits = (layout: LineLayout) => latest.filter((l) => layout.apply(l, probe, year)).length;
    let best = current;
    let bestFits = fits(current);
    for (const sample of [misfits, ring]) {
      const candidate = inferLineLayout(sample, year);
      if (candidate === undefined) continue;
      const n = fits(candidate);
      if (n > bestFits) {
        best = candidate;
        bestFits = n;
      }
    }
    this.layout = best;
  }

  private remember(line: string): void {
    const ringSize = this.options.sampleLines >> 1;
    if (this.recent.length < ringSize) this.recent.push(line);
    else {
      this.recent[this.recentNext] = line;
      this.recentNext = (this.recentNext + 1) % ringSize;
    }
  }

  /** `e` (just read from `line`) starts a record: the held one is emitted, `e` is held. */
  private start(e: LogEvent, line: string, lineNumber: number): void {
    e.raw = e.message === line ? undefined : line;
    e.source = { file: this.file, line: lineNumber };
    this.flush();
    this.held = e;
    this.heldLines = 0;
    this.spare = this.other;
    this.other = e;
  }

  private flush(): void {
    const h = this.held;
    if (h === undefined) return;
    this.held = undefined;
    this.emit(h);
  }
}
