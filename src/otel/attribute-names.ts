/** `eventName` of the log records that carry signals. */
export const SIGNAL_EVENT_NAME = 'logsignal.signal';

/** Attribute names written by the processor (see the README's attribute table). */
export const ATTR = {
  /** On a flagged record: `true`. */
  anomaly: 'logsignal.anomaly',
  /** On a flagged record: ids of the detectors that fired (string[]). */
  detectors: 'logsignal.detectors',
  /** On a flagged record: the highest signal severity (`low`..`critical`). */
  severity: 'logsignal.severity',
  /** On a flagged record: the message of the most severe signal. */
  message: 'logsignal.message',
  /** On a flagged record: kinds of the signals (string[]: rule, stat, template, security). */
  kinds: 'logsignal.kinds',
  /** On a signal record: detector id. */
  detector: 'logsignal.detector',
  /** On a signal record: signal name (`keyword_match`, `log_spike`, ...). */
  name: 'logsignal.name',
  /** On a signal record: `rule`, `stat`, `template` or `security`. */
  kind: 'logsignal.kind',
  /** On a signal record: group key, when the detector groups. */
  key: 'logsignal.key',
  /** On a signal record: repeats suppressed by the cooldown before it. */
  suppressed: 'logsignal.suppressed',
  /** On a signal record: signal records dropped by the storm limit before it. */
  dropped: 'logsignal.dropped',
  /** Prefix of the evidence attributes on a signal record (`logsignal.evidence.count`, ...). */
  evidencePrefix: 'logsignal.evidence.',
  /** Template id of the record's message, when template attributes are on. */
  templateId: 'logsignal.template.id',
  /** Template text of the record's message, when template attributes are on (the default name; see `templateAttribute`). */
  template: 'logsignal.template',
  /** On a signal record: the triggering record's text, cut to 500 characters. */
  recordText: 'logsignal.record.text',
  /** On a signal record: the triggering record's `log.record.uid` (set on it when it had none). */
  recordUid: 'logsignal.record.uid',
} as const;
