import type { Signal } from '../core/signal.js';
import type { ReadWriteLogRecord } from './logs-api.js';
import { LOG_RECORD_UID, newRecordUid } from './record-uid.js';

/** Characters of the triggering record's text copied into its signal records. */
export const RECORD_TEXT_LENGTH = 500;

/**
 * How many attributes the SDK's attribute count limit has dropped from the record so far (its
 * `droppedAttributesCount`, on both OTel lines); -1 when the record does not keep that count.
 */
export function droppedAttributeCount(record: ReadWriteLogRecord): number {
  const n = (record as { droppedAttributesCount?: unknown }).droppedAttributesCount;
  return typeof n === 'number' ? n : -1;
}

/**
 * Link the signals to their triggering record: the record's `log.record.uid` (one is set when it has
 * none; `undefined` when the SDK's limit refuses it) and a short copy of its text, on each
 * `signal.record` (kept when the pipeline already set one).
 */
export function linkToTrigger(record: ReadWriteLogRecord, text: string, time: number, signals: readonly Signal[]): void {
  let uid = record.attributes[LOG_RECORD_UID];
  if (typeof uid !== 'string' || uid === '') {
    uid = newRecordUid(time);
    record.setAttribute(LOG_RECORD_UID, uid);
    if (record.attributes[LOG_RECORD_UID] !== uid) uid = undefined;
  }
  const short = text.length > RECORD_TEXT_LENGTH ? text.slice(0, RECORD_TEXT_LENGTH) : text;
  for (const s of signals) {
    if (s.record === undefined) s.record = { text: short };
    if (typeof uid === 'string') s.record.uid ??= uid;
  }
}
