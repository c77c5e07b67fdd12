import type { LogEvent } from '../../core/log-event.js';
import { inferLayout } from './infer-layout.js';
import { LogfmtLayout } from './logfmt-layout.js';
import { TextLayout } from './text-layout.js';

/** A layout of plain-text lines that splits each line into a record. */
export interface LineLayout {
  /** The layout has a level field (else levels are read from the message's text). */
  readonly hasLevel: boolean;
  /** The time of the line it read last has no year: the reader places it in its year (`yearless-dates.ts`). */
  readonly yearless: boolean;
  /** A few words for the scan summary. */
  describe(): string;
  /** Reads `line` into `event` and returns true when it fits; false (event partly written) otherwise. */
  apply(line: string, event: LogEvent, year: number): boolean;
}

/** Share of sample lines that must be timed logfmt for the logfmt layout. */
const LOGFMT_AGREEMENT = 0.8;

/**
 * The layout of an input from a sample of its first lines: logfmt when most lines are `key=value`
 * pairs with a time, else the header layout {@link inferLayout} finds; undefined when neither.
 */
export function inferLineLayout(lines: readonly string[], year: number): LineLayout | undefined {
  if (lines.length > 0 && lines.filter((l) => LogfmtLayout.timed(l, year)).length >= lines.length * LOGFMT_AGREEMENT) return new LogfmtLayout();
  const plan = inferLayout(lines, { year });
  return plan === undefined ? undefined : new TextLayout(plan);
}
