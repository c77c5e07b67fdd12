import type { Signal, SignalKind, SignalRecord, SignalSeverity } from '../core/signal.js';
import type { Incident } from '../incidents/incident-grouper.js';

/** Input formats `logsignal scan` reads. */
export type InputFormat = 'text' | 'jsonl' | 'otlp';

/** One input of a scan (a file, or `-` for stdin). */
export interface ScanInput {
  /** Path as given, or `'-'` for standard input. */
  name: string;
  format: InputFormat;
  /** Whether the input was gzip-compressed. */
  gzip: boolean;
  bytes: number;
  lines: number;
  /** Records analysed (a line, or one record of an OTLP export). */
  records: number;
  /** Lines that could not be read as the format (counted, reported, skipped). */
  badLines: number;
  /** Records without a timestamp of their own (their time is taken from order, see the README). */
  untimed: number;
  /** What the reader noticed without stopping (a file truncated while read). */
  warning?: string;
  /** Plain text: the layout inferred from the first lines, `'unknown'` when none (docs/text-layouts.md). */
  layout?: string;
  /** Plain text: lines that did not fit the layout, read line by line. */
  outsideLayout?: number;
  /** Plain text: continuation lines (stack frames) joined to the record above. */
  continuationLines?: number;
}

/** One bucket of the volume timeline. */
export interface TimelineBucket {
  /** Bucket start, epoch ms. */
  start: number;
  records: number;
  /** Records at ERROR or above. */
  errors: number;
  signals: number;
}

/** Signals of one detector and key, for the grouped summary. */
export interface SignalGroup {
  detector: string;
  kind: SignalKind;
  key?: string;
  /** Highest severity in the group. */
  severity: SignalSeverity;
  count: number;
  first: number;
  last: number;
  /** Message of the first signal. */
  message: string;
  /** The record behind the first signal (its text, input and line), when known. */
  record?: SignalRecord;
}

/** A log template with its count. */
export interface TemplateCount {
  id: string;
  template: string;
  count: number;
  /** Record time it was first seen, epoch ms. */
  firstSeen: number;
}

/**
 * Everything a scan found, in plain data: what the terminal summary, `--format jsonl` and the HTML
 * report (`--report`) are rendered from. Sizes are bounded whatever the input size.
 */
export interface ScanReport {
  tool: { name: 'logsignal'; version: string };
  /** When the scan ran (wall clock, ISO 8601). */
  generatedAt: string;
  /** Preset and detector ids used. */
  config: { preset: string; detectors: string[] };
  inputs: ScanInput[];
  totals: {
    lines: number;
    records: number;
    badLines: number;
    errors: number;
    signals: number;
    bySeverity: Record<SignalSeverity, number>;
    byDetector: Record<string, number>;
  };
  /** First and last record time (epoch ms), or null with no records. */
  timeSpan: { start: number; end: number } | null;
  /** Volume over time; `bucketMs` is chosen so there are at most a few hundred buckets. */
  timeline: { bucketMs: number; buckets: TimelineBucket[] };
  /** Signal groups by detector and key, most severe and most frequent first (capped). */
  groups: SignalGroup[];
  /** Signals in time order (capped; `signalsOmitted` counts the rest). */
  signals: Signal[];
  signalsOmitted: number;
  /** Template statistics when a template miner ran, else null. */
  templates: { total: number; top: TemplateCount[]; new: TemplateCount[] } | null;
  /**
   * Signals of several detectors in the same service and time told as one story (first line,
   * detectors, counts), in order (see `IncidentGrouper`); capped. Absent in reports of older versions.
   */
  incidents?: Incident[];
}
