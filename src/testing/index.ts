export { startOtlpReceiver, anyValue, type OtlpReceiver, type ReceivedLogRecord } from './otlp-receiver.js';
