import type { Signal } from '../core/signal.js';
import type { ReadWriteLogRecord } from './logs-api.js';
import { LOG_RECORD_UID, newRecordUid } from './record-uid.js';

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
 * none; none when the SDK's limit refuses it) on each `signal.record` (which the pipeline set, with
 * a short copy of the record's text).
 */
export function linkToTrigger(record: ReadWriteLogRecord, time: number, signals: readonly Signal[]): void {
  let uid = record.attributes[LOG_RECORD_UID];
  if (typeof uid !== 'string' || uid === '') {
    uid = newRecordUid(time);
    record.setAttribute(LOG_RECORD_UID, uid);
    if (record.attributes[LOG_RECORD_UID] !== uid) uid = undefined;
  }
  if (typeof uid !== 'string') return;
  for (const s of signals) if (s.record !== undefined) s.record.uid ??= uid;
}
