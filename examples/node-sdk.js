// logsignal with the OpenTelemetry Node SDK: pass it in `logRecordProcessors`, wrapping the
// exporting processor. Run: `npm run build && node examples/node-sdk.js`
// (Set OTEL_EXPORTER_OTLP_LOGS_ENDPOINT, or pass `url`, to point the exporter at your collector;
// this example starts a local receiver so it runs on its own.)
import * as api from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { LogSignalProcessor, Rule } from 'logsignal';
import { startOtlpReceiver } from 'logsignal/testing';

// The Logs API: in @opentelemetry/api from 1.10 (the 3.x line), in @opentelemetry/api-logs before.
const { logs } = api.logs ? api : await import('@opentelemetry/api-logs');

const receiver = await startOtlpReceiver();
const sdk = new NodeSDK({
  serviceName: 'orders',
  traceExporter: undefined,
  metricReaders: [],
  instrumentations: [],
  logRecordProcessors: [
    new LogSignalProcessor({
      rules: [Rule.level('ERROR'), Rule.spike({ threshold: 3, window: '10s', level: 'WARN' })],
      next: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: receiver.url }) })],
    }),
  ],
});
sdk.start();

const logger = logs.getLogger('orders');
for (let i = 0; i < 3; i++) logger.emit({ severityNumber: 13, severityText: 'WARN', body: `inventory low for sku ${i}` });
logger.emit({ severityNumber: 17, severityText: 'ERROR', body: 'order 42 failed: card declined' });

await sdk.shutdown();
await receiver.close();
for (const r of receiver.records) {
  const tag = r.eventName === 'logsignal.signal' ? `signal ${r.attributes['logsignal.detector']}` : r.attributes['logsignal.anomaly'] ? 'tagged' : 'record';
  console.log(`${tag.padEnd(22)} ${r.severityText.padEnd(5)} ${r.body}`);
}
