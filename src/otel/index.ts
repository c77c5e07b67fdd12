export { LogSignalProcessor, type LogSignalProcessorOptions, type SignalMode, type LoggerSource } from './log-signal-processor.js';
export { ATTR, SIGNAL_EVENT_NAME } from './attribute-names.js';
export { SignalLogRecord, SIGNAL_SCOPE, signalAttributes } from './signal-record.js';
export { METRIC } from './processor-metrics.js';
