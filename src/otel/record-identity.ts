/**
 * Which log records logsignal created itself (signal records), known by identity rather than by
 * `eventName`: any emitter can write `eventName = 'logsignal.signal'`, and such records are analysed
 * like every other. Shared by every processor instance of this copy of logsignal, so a second
 * processor in the chain does not analyse the first one's signal records either.
 */
import { SignalLogRecord } from './signal-record.js';

const own = new WeakSet<object>();
let emittingDepth = 0;
/**
 * False until a record of another class than {@link SignalLogRecord} is marked (one emitted through a
 * logger): until then only a `SignalLogRecord` can be one of ours, and the set is not consulted for
 * the others (an application's records: a lookup saved per record once signals exist, with `next`).
 */
let anyOtherMarked = false;

/** Mark a record as one of logsignal's signal records. */
export function markSignalRecord(record: object): void {
  own.add(record);
  if (!(record instanceof SignalLogRecord)) anyOtherMarked = true;
}

/** True for records logsignal created (built with `next`, or emitted through a logger while {@link emitSignalRecord} runs). */
export function isSignalRecord(record: object): boolean {
  if (emittingDepth > 0) {
    markSignalRecord(record);
    return true;
  }
  if (record instanceof SignalLogRecord) return own.has(record);
  return anyOtherMarked && own.has(record);
}

/**
 * Run `emit` (a `logger.emit` of one signal record): the SDK hands the new record to every
 * processor synchronously inside it, and each sees it as a signal record.
 */
export function emitSignalRecord(emit: () => void): void {
  emittingDepth++;
  try {
    emit();
  } finally {
    emittingDepth--;
  }
}
