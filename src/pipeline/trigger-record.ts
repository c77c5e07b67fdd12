import type { LogEvent } from '../core/log-event.js';
import type { SignalRecord } from '../core/signal.js';
import { ownCopy } from '../core/own-copy.js';

/** Characters of a record's text kept on a signal (`Signal.record.text`). */
export const RECORD_TEXT_LENGTH = 500;

/**
 * The {@link SignalRecord} of the record that raised signals: its original line when there is one,
 * else its message, cut to 500 characters (a copy); the file and line it was read from, when known;
 * its own `log.record.uid` attribute, when it has one (so every entry point links to that uid).
 */
export function triggerRecord(event: LogEvent): SignalRecord {
  const raw = event.raw ?? event.message;
  // a copy, not a slice: a slice would keep the whole input chunk it was cut from alive as long as the signal
  const record: SignalRecord = { text: ownCopy(raw.length > RECORD_TEXT_LENGTH ? raw.slice(0, RECORD_TEXT_LENGTH) : raw) };
  const src = event.source;
  if (src !== undefined) {
    record.file = src.file;
    record.line = src.line;
  }
  const uid = event.attributes['log.record.uid'];
  if (typeof uid === 'string' && uid !== '') record.uid = uid;
  return record;
}
