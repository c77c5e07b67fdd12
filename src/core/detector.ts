import type { LogEvent } from './log-event.js';
import type { Signal, SignalKind } from './signal.js';

/**
 * A detector observes events in record-time order and reports zero or more signals.
 *
 * Contract:
 * - `observe` pushes the signals it raises onto `out` (no allocation when nothing fires) and must
 *   not keep `event`, which is reused by the caller.
 * - Time comes only from `event.time` (and `tick(now)`), never from the wall clock, so a replay
 *   gives the same signals as a live run.
 * - Memory is bounded whatever the number of distinct keys.
 * - Errors may be thrown; the watcher catches them, reports them through OTel `diag` and carries on.
 */
export interface Detector {
  /** Unique id within a watcher; defaults to the signal name (the watcher adds `#2`, `#3` on clashes). */
  id: string;
  /** The kind of signal it raises. */
  readonly kind: SignalKind;
  /** Inspect one event; push signals onto `out`. */
  observe(event: LogEvent, out: Signal[]): void;
  /**
   * Optional: advance time without a record (closes buckets, notices silence). `now` is epoch ms of
   * record time (the caller's clock when live).
   */
  tick?(now: number, out: Signal[]): void;
  /** Optional: learned state as JSON, to survive a restart. */
  toJSON?(): unknown;
  /** Optional: restore state produced by `toJSON()` (throws a clear error on a mismatch). */
  restore?(state: unknown): void;
}
