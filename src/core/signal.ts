/** What kind of detector raised a signal. */
export type SignalKind = 'rule' | 'stat' | 'template' | 'security';

/**
 * How serious a signal is. `low`, `medium` and `high` are the seed's levels; `critical` is added for
 * security findings that should page someone.
 */
export type SignalSeverity = 'low' | 'medium' | 'high' | 'critical';

/** The severities in increasing order. */
export const SIGNAL_SEVERITIES: readonly SignalSeverity[] = ['low', 'medium', 'high', 'critical'];

/** A value that can explain a signal: numbers, short strings, flags, or a list of strings. */
export type EvidenceValue = string | number | boolean | readonly string[];

/**
 * One finding of one detector, with the evidence that explains it.
 *
 * `time` is the triggering record's time in epoch milliseconds (record time, not wall-clock time).
 */
export interface Signal {
  /** Id of the detector instance that raised it, unique within a watcher (e.g. `keyword_match`). */
  detector: string;
  /** The signal's name, stable across instances (the seed's names: `keyword_match`, `log_spike`, ...). */
  name: string;
  kind: SignalKind;
  severity: SignalSeverity;
  /** One line for a person. */
  message: string;
  /** Record time of the triggering event, epoch ms. */
  time: number;
  /** Group key (client address, template id, ...) where the detector groups. */
  key?: string;
  /** The numbers and strings that explain it: counts, window, baseline, z, matched keyword, ... */
  evidence: Record<string, EvidenceValue>;
  /** How many signals of the same detector and key were suppressed by the cooldown before this one. */
  suppressed?: number;
  /** The record that raised it (set by the pipeline): its text, cut, and where it was read when known. */
  record?: SignalRecord;
  /**
   * True for a repeat counted into an already signalled group (an error template's later records
   * while the template is new; an ongoing template's repeats raise nothing, see `group.ongoingAfter`):
   * the record is tagged as part of that group, but the signal is never delivered (no `onSignal`,
   * no signal record, not counted as a signal).
   */
  repeat?: boolean;
}

/** The triggering record of a signal (see {@link Signal.record}). */
export interface SignalRecord {
  /** The record's text (its raw line when there is one, else its message), cut to 500 characters. */
  text: string;
  /** The input's name (a file path, `-` for stdin), when read from an input. */
  file?: string;
  /** 1-based line number in that input. */
  line?: number;
  /** The triggering record's `log.record.uid`, when it has one (OTel records get one when they trigger). */
  uid?: string;
}

/** Numeric rank of a severity (low 0 .. critical 3). */
export function severityRank(severity: SignalSeverity): number {
  return SIGNAL_SEVERITIES.indexOf(severity);
}

/** True when `value` is one of the signal severities. */
export function isSignalSeverity(value: unknown): value is SignalSeverity {
  return typeof value === 'string' && (SIGNAL_SEVERITIES as readonly string[]).includes(value);
}
