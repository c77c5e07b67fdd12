import type { EventTemplate, LogEvent } from './log-event.js';
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
 * - Errors may be thrown; the pipeline catches them, reports them through OTel `diag` and carries on.
 * - Facts shared between detectors are computed once per record by the pipeline's enrichment stage
 *   and read from the event: `event.template` (declare `miner`), `event.request` (declare `readsRequest`).
 */
export interface Detector {
  /** Unique id within a pipeline; defaults to the signal name (the pipeline adds `#2`, `#3` on clashes). */
  id: string;
  /** The kind of signal it raises. */
  readonly kind: SignalKind;
  /** Inspect one event; push signals onto `out`. A pipeline reads this method once, when the detector is added, and calls it on the detector. */
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
  /**
   * Optional, for detectors that read `event.template`: the miner they were built with. A pipeline
   * mines each message once, with one miner shared by all its template detectors (the pipeline's
   * own, else the first one given explicitly, else the first detector's) and hands it to the others
   * through `useMiner`.
   */
  readonly miner?: TemplateSource;
  /** Optional: take the pipeline's shared miner; throws a ConfigError when the detector was configured with another. */
  useMiner?(miner: TemplateSource): void;
  /** Optional: true when the detector reads `event.request` (the message's access-log line). */
  readonly readsRequest?: boolean;
  /** Optional, for detectors that read `event.template`: true when its `toJSON()` holds its miner's state (it made the miner). */
  readonly savesMiner?: boolean;
  /**
   * Optional: the only severity numbers the detector acts on (`min` to `max`, inclusive), fixed at
   * construction. A pipeline does not call `observe` for a record whose `severityNumber` is outside
   * them (so the detector must ignore such records entirely: no state, no signal). Default: every record.
   */
  readonly severities?: { readonly min: number; readonly max: number };
}

/** What the pipeline mines templates with (a `TemplateMiner`). */
export interface TemplateSource {
  /** Learn one message; its template. */
  add(message: string): EventTemplate;
  /** Templates held. */
  readonly size: number;
}
