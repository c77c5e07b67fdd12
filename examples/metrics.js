// logsignal's metrics scraped by Prometheus: the processor records them on the meter provider it is
// given (default: the global one), here the OTel SDK's with the Prometheus exporter.
// Run: `npm run build && node examples/metrics.js`
// (In a service, `new PrometheusExporter({ port: 9464 })` serves /metrics on its own; this example
// serves the exporter's handler on a free port of 127.0.0.1 so it runs anywhere.)
import { createServer } from 'node:http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { LogSignalProcessor, Rule, StatRule } from 'logsignal';

const prometheus = new PrometheusExporter({ preventServerStart: true });
const meterProvider = new MeterProvider({ readers: [prometheus] });
const server = createServer((req, res) => prometheus.getMetricsRequestHandler(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

// Records go nowhere here; in a service, an OTLPLogExporter.
const discard = { export: (_records, done) => done({ code: 0 }), shutdown: async () => {} };
const processor = new LogSignalProcessor({
  rules: ['ERROR', Rule.level('FATAL')],
  detectors: [StatRule.newTemplate({ warmupRecords: 3 })],
  templates: true,
  meterProvider,
  next: [new SimpleLogRecordProcessor({ exporter: discard })],
});
const provider = new LoggerProvider({ processors: [processor] });
const log = provider.getLogger('orders');
const t0 = Date.UTC(2026, 0, 1);
for (let i = 0; i < 20; i++) log.emit({ timestamp: t0 + i * 1000, severityNumber: 9, body: `order ${i} placed by user ${i % 4}` });
log.emit({ timestamp: t0 + 21_000, severityNumber: 17, body: 'ERROR payment gateway timeout after 3000 ms' });
log.emit({ timestamp: t0 + 22_000, severityNumber: 21, severityText: 'FATAL', body: 'database unreachable' });

const { port } = server.address();
const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
console.log(
  text
    .split('\n')
    .filter((l) => l.startsWith('logsignal_'))
    .join('\n'),
);

await provider.shutdown();
await meterProvider.shutdown();
server.close();
